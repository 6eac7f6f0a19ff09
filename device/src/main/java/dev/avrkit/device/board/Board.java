package dev.avrkit.device.board;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A board avrkit knows (Arduino Nano Every, Uno, Nano): the chip on it, its clock, the fuses an
 * upload writes, the built-in LED, the console USART and how to upload. Loaded from the data file
 * {@code dev/avrkit/boards/boards.properties} by {@link Boards}. Immutable.
 *
 * @param name the board's avrkit name ({@code nano-every})
 * @param description one line for listings
 * @param device the chip name as in the device packs ({@code ATmega4809})
 * @param clockHz the CPU clock the board runs at
 * @param fuses fuse name (as the device model names them) to value, written with every upload, in
 *     file order
 * @param led the built-in LED pin
 * @param console the USB serial console
 * @param upload how firmware gets onto the board
 * @param usbIds the USB IDs of the board's serial port (the first is the board's own)
 * @param resetOnOpen true when opening the serial port resets the chip (DTR)
 */
public record Board(
    String name,
    String description,
    String device,
    long clockHz,
    Map<String, Integer> fuses,
    Pin led,
    Console console,
    Upload upload,
    List<UsbId> usbIds,
    boolean resetOnOpen) {

  public Board {
    fuses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fuses));
    usbIds = List.copyOf(usbIds);
  }

  /** A port pin: {@code port} letter and {@code bit} (PE2 = E, 2). */
  public record Pin(char port, int bit) {
    /** Parses {@code PE2}. */
    public static Pin parse(String s) {
      String t = s.trim().toUpperCase(java.util.Locale.ROOT);
      if (!t.matches("P[A-Z][0-7]")) throw new IllegalArgumentException("not a pin name (like PE2): " + s);
      return new Pin(t.charAt(1), t.charAt(2) - '0');
    }

    /** The PORT instance name: {@code PORTE}. */
    public String portName() {
      return "PORT" + port;
    }

    /** The bit mask: {@code 1 << bit}. */
    public int mask() {
      return 1 << bit;
    }

    @Override
    public String toString() {
      return "P" + port + bit;
    }
  }

  /**
   * The console: a USART, the PORTMUX route that puts it on the board's USB serial pins, the pins
   * and the baud rate the project templates use.
   *
   * @param usart the USART instance ({@code USART3})
   * @param portmux the route, if the device needs one
   * @param tx transmit pin
   * @param rx receive pin
   * @param baud baud rate
   */
  public record Console(String usart, Optional<PortmuxRoute> portmux, Pin tx, Pin rx, int baud) {}

  /**
   * A PORTMUX setting: {@code register} (USARTROUTEA), {@code field} (USART3) and the value name
   * ({@code ALT1}) from the device model's value group.
   */
  public record PortmuxRoute(String register, String field, String value) {
    /** Parses {@code USARTROUTEA:USART3=ALT1}. */
    public static PortmuxRoute parse(String s) {
      int c = s.indexOf(':');
      int e = s.indexOf('=');
      if (c <= 0 || e <= c + 1 || e == s.length() - 1) {
        throw new IllegalArgumentException("not a PORTMUX route (REGISTER:FIELD=VALUE): " + s);
      }
      return new PortmuxRoute(s.substring(0, c).trim(), s.substring(c + 1, e).trim(), s.substring(e + 1).trim());
    }

    @Override
    public String toString() {
      return register + ":" + field + "=" + value;
    }
  }

  /**
   * How uploads work.
   *
   * @param protocol {@code jtag2updi}, {@code serialupdi} or {@code arduino} (STK500v1)
   * @param baud the programmer's baud rate
   * @param touch1200 true when the port must first be opened at 1200 baud (MuxTO bridge)
   * @param maxFlash flash bytes a program may use (below a bootloader), 0 = all of it
   */
  public record Upload(String protocol, int baud, boolean touch1200, long maxFlash) {}

  /** A USB vendor and product ID. */
  public record UsbId(int vid, int pid) {
    /** Parses {@code 2341:0058}. */
    public static UsbId parse(String s) {
      String[] p = s.trim().split(":");
      if (p.length != 2) throw new IllegalArgumentException("not a USB ID (VID:PID): " + s);
      return new UsbId(Integer.parseInt(p[0], 16), Integer.parseInt(p[1], 16));
    }

    @Override
    public String toString() {
      return String.format("%04X:%04X", vid, pid);
    }
  }
}
