package dev.avrkit.program;

import com.fazecast.jSerialComm.SerialPort;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Serial ports on this machine (jSerialComm), their USB IDs and the board each looks like; the
 * 1200-baud touch; waiting for a port to come back.
 */
public final class SerialPorts {
  private SerialPorts() {}

  /** One serial port. vid/pid are -1 when the port is not a USB device. */
  public record PortInfo(String path, String description, int vid, int pid, String serial,
      Optional<Board> board) {
    public String usbId() { return vid < 0 ? "-" : String.format("%04X:%04X", vid, pid); }
  }

  /** The serial ports the system lists, sorted by path. */
  public static List<PortInfo> list() {
    List<PortInfo> out = new ArrayList<>();
    for (SerialPort p : SerialPort.getCommPorts()) {
      int vid = p.getVendorID();
      int pid = p.getProductID();
      String serial = p.getSerialNumber();
      out.add(new PortInfo(p.getSystemPortPath(), p.getPortDescription(), vid, pid,
          serial == null ? "" : serial, vid < 0 ? Optional.empty() : Boards.byUsb(vid, pid)));
    }
    out.sort(Comparator.comparing(PortInfo::path));
    return out;
  }

  /** The one port whose USB ID belongs to the board; {@link AvrkitException} for none or many. */
  public static String find(Board board) {
    List<PortInfo> hits = list().stream()
        .filter(p -> board.usbIds().contains(new Board.UsbId(p.vid(), p.pid()))).toList();
    if (hits.isEmpty()) {
      throw new AvrkitException("no " + board.name() + " found (USB " + board.usbIds().stream()
          .map(Board.UsbId::toString).collect(Collectors.joining(", "))
          + "): plug it in, or name the port with --port (see `avrkit ports`)");
    }
    if (hits.size() > 1) {
      throw new AvrkitException("several ports look like a " + board.name() + ": "
          + hits.stream().map(PortInfo::path).collect(Collectors.joining(", "))
          + "; pick one with --port");
    }
    return hits.get(0).path();
  }

  /**
   * The 1200-baud touch: opens the port at 1200 baud, drops DTR, closes it; then waits until the
   * port is there again (boards that re-enumerate) and {@code settleMillis} more.
   */
  public static void touch1200(String port, long settleMillis) {
    Transport t = SerialTransport.open(port, 1200);
    try {
      t.setDtr(false);
      sleep(100); // let the bridge see 1200 baud (USB CDC: SET_LINE_CODING) before the close
    } finally {
      t.close();
    }
    sleep(Math.min(settleMillis, 100));
    waitFor(port, 10_000);
    sleep(Math.max(0, settleMillis - 100));
  }

  /** Waits until a port path exists (up to {@code millis}); {@link LinkException} if it does not. */
  public static void waitFor(String port, long millis) {
    Path p = Path.of(port);
    long deadline = System.currentTimeMillis() + millis;
    while (!Files.exists(p)) {
      if (System.currentTimeMillis() > deadline) {
        throw new LinkException(port + " did not come back within " + millis / 1000
            + " s after the 1200-baud touch; check `avrkit ports`");
      }
      sleep(50);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
