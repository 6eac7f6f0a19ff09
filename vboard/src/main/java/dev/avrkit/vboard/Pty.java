package dev.avrkit.vboard;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A pseudo-terminal opened from Java (Linux, through JNA): the master side belongs to this object,
 * the slave side ({@link #slavePath()}, e.g. {@code /dev/pts/7}) is what a host program such as
 * avrdude opens as its "serial port". An optional symlink ({@code --link PATH}) points at the
 * slave so tests and users have a stable name.
 *
 * <p>What the host does to the port is observable here: {@link #settings()} reads the slave's
 * termios through the master (Linux shares one termios per pty pair), so baud/parity/stop-bit
 * changes show; {@link #peerOpen()} tells whether any process has the slave open (the master
 * polls as hung up while nobody has). A pty has no DTR/RTS lines: boards that react to DTR on real
 * hardware react to opening the port or setting a baud rate instead.
 *
 * <p>Thread safety: one reader thread and one writer thread may use an instance concurrently.
 */
public final class Pty implements AutoCloseable {

  private interface Libc extends Library {
    Libc C = Native.load("c", Libc.class);

    int posix_openpt(int flags) throws LastErrorException;

    int grantpt(int fd) throws LastErrorException;

    int unlockpt(int fd) throws LastErrorException;

    int ptsname_r(int fd, byte[] buf, NativeLong len);

    NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int poll(Pointer fds, NativeLong nfds, int timeoutMs) throws LastErrorException;

    int tcgetattr(int fd, Pointer termios) throws LastErrorException;

    int tcsetattr(int fd, int action, Pointer termios) throws LastErrorException;

    void cfmakeraw(Pointer termios);

    int cfgetospeed(Pointer termios);

    int cfsetspeed(Pointer termios, int speed) throws LastErrorException;

    int tcflush(int fd, int queue) throws LastErrorException;
  }

  private static final int O_RDWR = 2;
  private static final int O_NOCTTY = 0400;
  private static final int O_NONBLOCK = 04000;
  private static final short POLLIN = 0x1;
  private static final short POLLOUT = 0x4;
  private static final short POLLHUP = 0x10;
  private static final int EAGAIN = 11;
  private static final int EIO = 5;
  private static final int EINTR = 4;
  private static final int TCSANOW = 0;
  // struct termios (glibc, Linux): c_iflag, c_oflag, c_cflag, c_lflag, c_line, c_cc[32], speeds.
  private static final int TERMIOS_SIZE = 256;
  private static final int C_CFLAG = 8;
  private static final int CSIZE = 060;
  private static final int CSTOPB = 0100;
  private static final int PARENB = 0400;
  private static final int PARODD = 01000;
  private static final int[][] SPEEDS = {
    {0, 0}, {1, 50}, {2, 75}, {3, 110}, {4, 134}, {5, 150}, {6, 200}, {7, 300}, {8, 600},
    {9, 1200}, {10, 1800}, {11, 2400}, {12, 4800}, {13, 9600}, {14, 19200}, {15, 38400},
    {4097, 57600}, {4098, 115200}, {4099, 230400}, {4100, 460800}, {4101, 500000},
    {4102, 576000}, {4103, 921600}, {4104, 1000000}, {4105, 1152000}, {4106, 1500000},
    {4107, 2000000}, {4108, 2500000}, {4109, 3000000}, {4110, 3500000}, {4111, 4000000}
  };

  private final int fd;
  private final Path slave;
  private final Optional<Path> link;
  private volatile boolean closed;

  private Pty(int fd, Path slave, Optional<Path> link) {
    this.fd = fd;
    this.slave = slave;
    this.link = link;
  }

  /**
   * Opens a new pseudo-terminal in raw mode (8N1, 9600 baud until the host changes it). When
   * {@code link} is given, a symlink there points at the slave (an existing symlink is replaced;
   * an existing regular file or directory is refused).
   */
  public static Pty open(Optional<Path> link) throws IOException {
    int fd;
    try {
      fd = Libc.C.posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
      Libc.C.grantpt(fd);
      Libc.C.unlockpt(fd);
    } catch (LastErrorException e) {
      throw new IOException("cannot open a pseudo-terminal: " + e.getMessage(), e);
    }
    byte[] name = new byte[128];
    if (Libc.C.ptsname_r(fd, name, new NativeLong(name.length)) != 0) {
      Libc.C.close(fd);
      throw new IOException("ptsname_r failed for a new pseudo-terminal");
    }
    int n = 0;
    while (n < name.length && name[n] != 0) n++;
    Path slave = Path.of(new String(name, 0, n, StandardCharsets.US_ASCII));
    Pty pty = new Pty(fd, slave, link);
    try (Memory t = new Memory(TERMIOS_SIZE)) {
      t.clear();
      Libc.C.tcgetattr(fd, t);
      Libc.C.cfmakeraw(t);
      Libc.C.cfsetspeed(t, 13);
      Libc.C.tcsetattr(fd, TCSANOW, t);
      // A slave nobody ever opened does not poll as hung up; open and close it once so that
      // peerOpen() tells the truth from the start.
      Libc.C.close(Libc.C.open(slave.toString(), O_RDWR | O_NOCTTY | O_NONBLOCK));
    } catch (LastErrorException e) {
      pty.close();
      throw new IOException("cannot set raw mode on " + slave + ": " + e.getMessage(), e);
    }
    if (link.isPresent()) {
      try {
        placeLink(link.get(), slave);
      } catch (IOException e) {
        pty.close();
        throw e;
      }
    }
    return pty;
  }

  private static void placeLink(Path link, Path target) throws IOException {
    Path abs = link.toAbsolutePath();
    if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(abs)) {
      throw new IOException(abs + " exists and is not a symlink; choose another --link path");
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, target);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The slave device, e.g. {@code /dev/pts/7}. */
  public Path slavePath() {
    return slave;
  }

  /** The symlink to the slave, if one was asked for. */
  public Optional<Path> link() {
    return link;
  }

  /** The path a host program should open: the link if there is one, else the slave. */
  public Path portPath() {
    return link.orElse(slave);
  }

  /** The line settings the host last set (they persist after the host closes the port). */
  public LineSettings settings() {
    try (Memory t = new Memory(TERMIOS_SIZE)) {
      t.clear();
      Libc.C.tcgetattr(fd, t);
      int code = Libc.C.cfgetospeed(t);
      int baud = 0;
      for (int[] s : SPEEDS) if (s[0] == code) baud = s[1];
      int cflag = t.getInt(C_CFLAG);
      int bits = 5 + ((cflag & CSIZE) >> 4);
      char parity = (cflag & PARENB) == 0 ? 'N' : (cflag & PARODD) != 0 ? 'O' : 'E';
      return new LineSettings(baud, bits, parity, (cflag & CSTOPB) != 0 ? 2 : 1);
    } catch (LastErrorException e) {
      return new LineSettings(0, 8, 'N', 1);
    }
  }

  /**
   * Sets the baud rate the slave reports (a board does this to re-arm detection of a host's next
   * baud change, e.g. after a 1200-baud touch). Has no effect on data flow.
   */
  public void setBaud(int baud) {
    int code = -1;
    for (int[] s : SPEEDS) if (s[1] == baud) code = s[0];
    if (code < 0) throw new IllegalArgumentException("not a standard baud rate: " + baud);
    try (Memory t = new Memory(TERMIOS_SIZE)) {
      t.clear();
      Libc.C.tcgetattr(fd, t);
      Libc.C.cfsetspeed(t, code);
      Libc.C.tcsetattr(fd, TCSANOW, t);
    } catch (LastErrorException e) {
      // the pty is going away; nothing to re-arm
    }
  }

  /** Whether some process has the slave side open right now. */
  public boolean peerOpen() {
    return (pollEvents(POLLIN, 0) & POLLHUP) == 0;
  }

  private int pollEvents(short events, int timeoutMs) {
    if (closed) return POLLHUP;
    try (Memory p = new Memory(8)) {
      p.setInt(0, fd);
      p.setShort(4, events);
      p.setShort(6, (short) 0);
      try {
        int r = Libc.C.poll(p, new NativeLong(1), timeoutMs);
        return r <= 0 ? 0 : p.getShort(6) & 0xFFFF;
      } catch (LastErrorException e) {
        return 0;
      }
    }
  }

  /**
   * Reads what the host sent, waiting at most {@code timeoutMs} for the first byte. Returns the
   * count (0 on timeout, also when no process has the port open; waits then too).
   */
  public int read(byte[] buf, int off, int len, int timeoutMs) throws IOException {
    if (closed) throw new IOException("pseudo-terminal closed");
    int ev = pollEvents(POLLIN, timeoutMs);
    if ((ev & POLLIN) == 0) {
      if ((ev & POLLHUP) != 0) sleepMs(Math.min(timeoutMs, 2));
      return 0;
    }
    byte[] tmp = off == 0 ? buf : new byte[len];
    try {
      long n = Libc.C.read(fd, tmp, new NativeLong(len)).longValue();
      if (n > 0 && tmp != buf) System.arraycopy(tmp, 0, buf, off, (int) n);
      return (int) Math.max(n, 0);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EIO || e.getErrorCode() == EINTR) {
        return 0;
      }
      throw new IOException("read from " + slave + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Sends bytes to the host. When nobody has the port open they are dropped (as a USB serial
   * bridge drops them); when the host does not read for {@code 2 s} the rest is dropped too.
   * Returns the number of bytes delivered.
   */
  public int write(byte[] data, int off, int len) throws IOException {
    return write(data, off, len, 2000);
  }

  /**
   * Like {@link #write(byte[], int, int)} but gives up after {@code maxWaitMs} when the host does
   * not read (0: never wait; what does not fit now is dropped).
   */
  public int write(byte[] data, int off, int len, int maxWaitMs) throws IOException {
    if (closed) throw new IOException("pseudo-terminal closed");
    int done = 0;
    long deadline = System.nanoTime() + maxWaitMs * 1_000_000L;
    while (done < len) {
      if (!peerOpen()) return done;
      byte[] chunk = new byte[len - done];
      System.arraycopy(data, off + done, chunk, 0, chunk.length);
      try {
        long n = Libc.C.write(fd, chunk, new NativeLong(chunk.length)).longValue();
        if (n > 0) done += (int) n;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EAGAIN && e.getErrorCode() != EINTR && e.getErrorCode() != EIO) {
          throw new IOException("write to " + slave + " failed: " + e.getMessage(), e);
        }
        if (System.nanoTime() >= deadline) return done;
        pollEvents(POLLOUT, 5);
      }
    }
    return done;
  }

  /** Discards bytes the host sent that were not read yet. */
  public void discardInput() {
    try {
      Libc.C.tcflush(fd, 0);
    } catch (LastErrorException e) {
      // nothing to discard
    }
  }

  private static void sleepMs(int ms) {
    try {
      Thread.sleep(Math.max(ms, 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the master (the host sees a hang-up, like an unplugged USB device) and the link. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      Libc.C.close(fd);
    } catch (LastErrorException e) {
      // already gone
    }
    link.ifPresent(
        l -> {
          try {
            if (Files.isSymbolicLink(l) && Files.readSymbolicLink(l).equals(slave)) {
              Files.delete(l);
            }
          } catch (IOException e) {
            // leave it; the next open replaces it
          }
        });
  }
}
