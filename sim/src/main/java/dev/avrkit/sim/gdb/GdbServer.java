package dev.avrkit.sim.gdb;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.sim.Cpu;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A GDB remote-protocol server for avr-gdb on one {@link Machine}. avr-gdb's view: registers
 * r0..r31 (1 byte each), SREG (1), SP (2) and PC (4, byte address); memory with offsets: flash
 * at 0, data space at 0x800000, EEPROM at 0x810000. Supports g/G/p/P, m/M, c/s (with an
 * optional address), Z0/Z1 breakpoints, Z2/Z3/Z4 watchpoints on data, Ctrl-C, {@code monitor
 * reset}, D (detach: the simulation goes on without the debugger) and k (kill).
 *
 * <p>Single-threaded: {@link #serve} accepts one connection and runs the machine on the calling
 * thread, in chunks, reading Ctrl-C from the socket between chunks. Binds to 127.0.0.1 unless
 * another address is given.
 */
public final class GdbServer implements Closeable {
  private static final long CHUNK = 200_000;
  private static final int FLASH = 0, DATA = 0x800000, EEPROM = 0x810000;

  private final Machine m;
  private final ServerSocket server;
  private final long maxCycles;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final List<Watch> watches = new ArrayList<>();
  private final List<Integer> breakpoints = new ArrayList<>();
  private String watchHit;
  private RunResult last;
  private DataBus.AccessObserver chained;

  private record Watch(int type, int from, int len) {}

  private GdbServer(Machine m, ServerSocket server, long maxCycles) {
    this.m = m;
    this.server = server;
    this.maxCycles = maxCycles;
  }

  /**
   * Listens on {@code host:port} (host null = 127.0.0.1; port 0 = any free port). {@code
   * maxCycles} bounds the whole debugging session's simulated cycles.
   */
  public static GdbServer bind(Machine m, InetAddress host, int port, long maxCycles) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host == null ? InetAddress.getLoopbackAddress() : host, port), 1);
      return new GdbServer(m, s, maxCycles);
    } catch (IOException e) {
      throw new AvrkitException("--gdb " + port + ": cannot listen on "
          + (host == null ? "127.0.0.1" : host.getHostAddress()) + ":" + port + " (" + e.getMessage()
          + "); choose another port");
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /**
   * Waits for avr-gdb, then serves it until it detaches, kills or disconnects. Returns how the
   * last run ended (null if the program never ran), and whether the debugger detached (the
   * caller may then run the rest of the program) in {@link Session#detached()}.
   */
  public Session serve(PrintStream log) throws IOException {
    if (log != null) log.println("avrkit sim: waiting for avr-gdb on " + server.getInetAddress().getHostAddress() + ":" + port()
        + " (target remote :" + port() + ")");
    socket = server.accept();
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    m.bus().setObserver(this::observe);
    boolean detached = false;
    try {
      while (true) {
        String p = readPacket();
        if (p == null) break;
        String reply;
        try {
          reply = handle(p);
        } catch (BadPacket e) {
          reply = "E01"; // a malformed request: gdb's error reply, and the session goes on
        }
        if (reply == null) continue;
        if (reply.equals("\u0000detach")) {
          send("OK");
          detached = true;
          break;
        }
        if (reply.equals("\u0000kill")) break;
        send(reply);
      }
    } finally {
      m.bus().setObserver(chained);
      for (int b : breakpoints) m.cpu().setBreakpoint(b, false);
      breakpoints.clear();
      watches.clear();
      socket.close();
    }
    return new Session(last, detached);
  }

  /** How a debugging session ended. */
  public record Session(RunResult lastRun, boolean detached) {}

  /**
   * Lets another observer (VCD register tracing) see accesses while the debugger is attached; it
   * is the bus observer again when the session ends. Call before {@link #serve}.
   */
  public void chain(DataBus.AccessObserver o) {
    this.chained = o;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  // ------------------------------------------------------------------ packets

  private String readPacket() throws IOException {
    while (true) {
      int c = in.read();
      if (c < 0) return null;
      if (c == 0x03) {
        // Ctrl-C while stopped: nothing runs; gdb still wants a stop reply
        send("S02");
        continue;
      }
      if (c != '$') continue; // '+' / '-' acks
      StringBuilder sb = new StringBuilder();
      int sum = 0;
      while ((c = in.read()) != '#') {
        if (c < 0) return null;
        if (c == '}') {
          int n = in.read();
          sum += c + n;
          sb.append((char) (n ^ 0x20));
          continue;
        }
        sum += c;
        sb.append((char) c);
      }
      int h1 = in.read(), h2 = in.read();
      if (h1 < 0 || h2 < 0) return null;
      int want = Character.digit(h1, 16) << 4 | Character.digit(h2, 16);
      if (Character.digit(h1, 16) < 0 || Character.digit(h2, 16) < 0 || (sum & 0xFF) != want) {
        out.write('-');
        out.flush();
        continue;
      }
      out.write('+');
      out.flush();
      return sb.toString();
    }
  }

  private void send(String data) throws IOException {
    int sum = 0;
    StringBuilder sb = new StringBuilder("$");
    for (char ch : data.toCharArray()) {
      if (ch == '#' || ch == '$' || ch == '}' || ch == '*') {
        sb.append('}');
        sum += '}';
        ch ^= 0x20;
      }
      sb.append(ch);
      sum += ch;
    }
    sb.append('#').append(String.format("%02x", sum & 0xFF));
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private String handle(String p) throws IOException {
    if (p.isEmpty()) return "";
    char cmd = p.charAt(0);
    String a = p.substring(1);
    Cpu cpu = m.cpu();
    switch (cmd) {
      case '?':
        return "S05";
      case 'g': {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) hex(sb, cpu.reg(i), 1);
        hex(sb, cpu.sreg(), 1);
        hex(sb, cpu.sp(), 2);
        hex(sb, cpu.pc() * 2, 4);
        return sb.toString();
      }
      case 'G': {
        byte[] b = unhex(a);
        for (int i = 0; i < 32 && i < b.length; i++) cpu.setReg(i, b[i]);
        if (b.length > 32) cpu.setSreg(b[32] & 0xFF);
        if (b.length > 34) cpu.setSp((b[33] & 0xFF) | (b[34] & 0xFF) << 8);
        if (b.length > 38 && (le(b, 35, 4) & 0xFFFFFFFFL) < m.flash().length) cpu.setPc(le(b, 35, 4) / 2);
        return "OK";
      }
      case 'p': {
        int n = hexInt(a);
        StringBuilder sb = new StringBuilder();
        if (n < 32) hex(sb, cpu.reg(n), 1);
        else if (n == 32) hex(sb, cpu.sreg(), 1);
        else if (n == 33) hex(sb, cpu.sp(), 2);
        else if (n == 34) hex(sb, cpu.pc() * 2, 4);
        else return "E00";
        return sb.toString();
      }
      case 'P': {
        int eq = a.indexOf('=');
        if (eq < 0) throw new BadPacket();
        int n = hexInt(a.substring(0, eq));
        byte[] b = unhex(a.substring(eq + 1));
        int v = le(b, 0, Math.min(4, b.length));
        if (n < 32) cpu.setReg(n, v);
        else if (n == 32) cpu.setSreg(v & 0xFF);
        else if (n == 33) cpu.setSp(v);
        else if (n == 34) {
          if ((v & 0xFFFFFFFFL) >= m.flash().length) return "E01";
          cpu.setPc(v / 2);
        } else return "E00";
        return "OK";
      }
      case 'm': {
        int comma = a.indexOf(',');
        if (comma < 0) throw new BadPacket();
        long addr = hexLong(a.substring(0, comma));
        int len = hexInt(a.substring(comma + 1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
          int v = peek(addr + i);
          if (v < 0) return i == 0 ? "E01" : sb.toString();
          hex(sb, v, 1);
        }
        return sb.toString();
      }
      case 'M': {
        int comma = a.indexOf(','), colon = a.indexOf(':');
        if (comma < 0 || colon < comma) throw new BadPacket();
        long addr = hexLong(a.substring(0, comma));
        byte[] b = unhex(a.substring(colon + 1));
        for (int i = 0; i < b.length; i++) if (!poke(addr + i, b[i] & 0xFF)) return "E01";
        return "OK";
      }
      case 'c':
      case 's': {
        if (!a.isEmpty()) {
          long to = hexLong(a);
          if (to >= m.flash().length) return "E01";
          cpu.setPc((int) (to / 2));
        }
        return resume(cmd == 's');
      }
      case 'Z':
      case 'z':
        return point(cmd == 'Z', a);
      case 'H':
        return "OK";
      case 'k':
        return "\u0000kill";
      case 'D':
        return "\u0000detach";
      case 'q':
        if (a.startsWith("Supported")) return "PacketSize=1000";
        if (a.equals("Attached")) return "1";
        if (a.equals("C")) return "QC1";
        if (a.equals("fThreadInfo")) return "m1";
        if (a.equals("sThreadInfo")) return "l";
        if (a.startsWith("Symbol")) return "OK";
        if (a.startsWith("Rcmd,")) return monitor(new String(unhex(a.substring(5)), StandardCharsets.ISO_8859_1));
        return "";
      default:
        return "";
    }
  }

  private String monitor(String command) throws IOException {
    String c = command.trim();
    if (c.equals("reset")) {
      m.reset(Machine.ResetCause.POWER_ON);
      return "OK";
    }
    if (c.equals("cycles")) {
      String text = "cycles " + m.cpu().cycle() + ", instructions " + m.cpu().instructions() + "\n";
      StringBuilder sb = new StringBuilder("O");
      for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) hex(sb, b & 0xFF, 1);
      send(sb.toString());
      return "OK";
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : ("monitor commands: reset, cycles\n").getBytes(StandardCharsets.ISO_8859_1)) hex(sb, b & 0xFF, 1);
    return sb.toString();
  }

  private String point(boolean set, String a) {
    String[] f = a.split(",");
    if (f.length < 3) throw new BadPacket();
    int type = hexInt(f[0]);
    long addr = hexLong(f[1]);
    int len = hexInt(f[2].split(";")[0]);
    if (type == 0 || type == 1) {
      if (addr >= DATA) return "E01";
      int w = (int) (addr / 2);
      m.cpu().setBreakpoint(w, set);
      if (set) {
        if (!breakpoints.contains(w)) breakpoints.add(w);
      } else breakpoints.remove((Integer) w);
      return "OK";
    }
    if (type >= 2 && type <= 4) {
      if (addr < DATA || addr >= EEPROM) return "E01";
      Watch w = new Watch(type, (int) (addr - DATA), Math.max(1, len));
      if (set) watches.add(w);
      else watches.remove(w);
      return "OK";
    }
    return "";
  }

  private void observe(int address, int value, boolean write) {
    if (chained != null) chained.access(address, value, write);
    if (watches.isEmpty() || watchHit != null) return;
    for (Watch w : watches) {
      if (address < w.from || address >= w.from + w.len) continue;
      boolean hit = w.type == 2 ? write : w.type == 3 ? !write : true;
      if (hit) {
        String kind = w.type == 2 ? "watch" : w.type == 3 ? "rwatch" : "awatch";
        watchHit = kind + ":" + Integer.toHexString(DATA + address) + ";";
        m.cpu().stop(StopReason.BREAKPOINT, "watchpoint");
        return;
      }
    }
  }

  /** Runs (or steps) until something stops it; returns the stop reply. */
  private String resume(boolean step) throws IOException {
    Cpu cpu = m.cpu();
    watchHit = null;
    long start = cpu.cycle();
    int at = cpu.pc();
    boolean onBreakpoint = breakpoints.contains(at);
    RunResult r;
    if (onBreakpoint) {
      cpu.resumeOverBreakpoint();
      r = m.step();
      if (step || !steppedNormally(r)) return stopReply(r);
    } else if (step) {
      r = m.step();
      return stopReply(r);
    }
    while (true) {
      long left = maxCycles - (cpu.cycle() - start);
      if (left <= 0) return stopReply(last);
      r = m.run(Math.min(CHUNK, left));
      last = r;
      if (r.reason() != StopReason.CYCLE_LIMIT) return stopReply(r);
      if (in.available() > 0) {
        int c = in.read();
        if (c == 0x03) return "S02";
      }
    }
  }

  private boolean steppedNormally(RunResult r) {
    last = r;
    return r.reason() == StopReason.REQUESTED && watchHit == null;
  }

  private String stopReply(RunResult r) {
    last = r;
    if (watchHit != null) return "T05" + watchHit;
    if (r == null) return "S05";
    return switch (r.reason()) {
      case HALTED, SLEEP_INTERRUPTS_OFF -> "W00";
      case ILLEGAL_OPCODE -> "S04";
      case STACK, PC_OUT_OF_FLASH -> "S0b";
      case REQUESTED -> "S05";
      default -> "S05";
    };
  }

  // ------------------------------------------------------------------ memory

  private int peek(long addr) {
    if (addr >= EEPROM) {
      long o = addr - EEPROM;
      return o < m.eeprom().length ? m.eeprom()[(int) o] & 0xFF : -1;
    }
    if (addr >= DATA) {
      long o = addr - DATA;
      return o < m.bus().size() ? m.bus().peek((int) o) : -1;
    }
    return addr < m.flash().length ? m.flash()[(int) addr] & 0xFF : -1;
  }

  private boolean poke(long addr, int v) {
    if (addr >= EEPROM) {
      long o = addr - EEPROM;
      if (o >= m.eeprom().length) return false;
      m.eeprom()[(int) o] = (byte) v;
      return true;
    }
    if (addr >= DATA) {
      long o = addr - DATA;
      if (o >= m.bus().size()) return false;
      m.bus().poke((int) o, v);
      return true;
    }
    if (addr >= m.flash().length) return false;
    m.flash()[(int) addr] = (byte) v;
    m.flashWritten((int) addr, 1);
    for (int b : breakpoints) m.cpu().setBreakpoint(b, true);
    return true;
  }

  private static void hex(StringBuilder sb, int v, int bytes) {
    for (int i = 0; i < bytes; i++) sb.append(String.format("%02x", (v >> (8 * i)) & 0xFF));
  }

  private static int le(byte[] b, int off, int n) {
    int v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[off + i] & 0xFF);
    return v;
  }

  private static byte[] unhex(String s) {
    if (s.length() % 2 != 0) throw new BadPacket();
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) b[i] = (byte) (digit(s.charAt(2 * i)) << 4 | digit(s.charAt(2 * i + 1)));
    return b;
  }

  private static int digit(char c) {
    int d = Character.digit(c, 16);
    if (d < 0) throw new BadPacket();
    return d;
  }

  /** A hex number of a request (1 to 8 digits, 0..0x7FFFFFFF), else {@link BadPacket}. */
  private static int hexInt(String s) {
    long v = hexLong(s);
    if (v > Integer.MAX_VALUE) throw new BadPacket();
    return (int) v;
  }

  /** A hex number of a request (1 to 15 digits), else {@link BadPacket}. */
  private static long hexLong(String s) {
    if (s.isEmpty() || s.length() > 15) throw new BadPacket();
    long v = 0;
    for (int i = 0; i < s.length(); i++) v = v << 4 | digit(s.charAt(i));
    return v;
  }

  /** A request gdb would never send (bad hex, missing fields); answered with {@code E01}. */
  private static final class BadPacket extends RuntimeException {
    BadPacket() {
      super(null, null, false, false);
    }
  }
}
