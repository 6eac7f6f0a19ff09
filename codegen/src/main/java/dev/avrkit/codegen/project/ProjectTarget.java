package dev.avrkit.codegen.project;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Signal;
import dev.avrkit.device.board.Board;
import java.util.Locale;
import java.util.List;
import java.util.Optional;

/**
 * What a new project is generated for: the device, the board it sits on (if any), its clock, the
 * LED pin and the console. For a board every fact comes from the board data file; for a bare
 * {@code --device} the defaults are derived from the device model. Immutable.
 *
 * @param device the device model
 * @param board the board, empty for a bare device
 * @param clockHz the CPU clock the firmware sets up and assumes
 * @param led the LED pin the blink toggles
 * @param console the console USART and pins, empty when the device has no usable USART
 */
public record ProjectTarget(
    Device device, Optional<Board> board, long clockHz, Board.Pin led, Optional<Board.Console> console) {

  /** The target for a board (its chip from {@code device}, which must be the board's device). */
  public static ProjectTarget of(Board b, Device device) {
    if (!device.name().equalsIgnoreCase(b.device())) {
      throw new IllegalArgumentException(b.name() + " carries a " + b.device() + ", not a " + device.name());
    }
    return new ProjectTarget(device, Optional.of(b), b.clockHz(), b.led(), Optional.of(b.console()));
  }

  /**
   * The target for a bare device: {@code clockHz} (0 = the default: 16 MHz for classic parts, 20
   * MHz for megaAVR 0 / tinyAVR, 4 MHz for AVR-Dx) and {@code led} (null = {@link #defaultLed}).
   */
  public static ProjectTarget ofDevice(Device d, long clockHz, Board.Pin led) {
    boolean avr8x = isAvr8x(d);
    long clock = clockHz > 0 ? clockHz
        : !avr8x ? 16_000_000L
        : d.name().toUpperCase(Locale.ROOT).matches("AVR\\d+D[A-Z]\\d+.*") ? 4_000_000L : 20_000_000L;
    Board.Pin pin = led != null ? led : defaultLed(d);
    if (d.peripheral(pin.portName()).isEmpty()) {
      throw new AvrkitException("the " + d.name() + " has no " + pin.portName() + " for the LED " + pin
          + "; choose another pin with --led (e.g. --led " + defaultLed(d) + ")");
    }
    if (!hasPin(d, pin)) {
      throw new AvrkitException("the " + d.name() + "'s " + pin.portName() + " has no pin " + pin.bit()
          + " for the LED " + pin + "; choose another pin with --led (e.g. --led " + defaultLed(d) + ")");
    }
    Optional<Board.Console> console = Optional.empty();
    Optional<Peripheral> usart = d.peripheral("USART0");
    if (usart.isPresent()) {
      Optional<Board.Pin> tx = pad(usart.get(), "TXD");
      Optional<Board.Pin> rx = pad(usart.get(), "RXD");
      if (tx.isPresent() && rx.isPresent()) {
        console = Optional.of(new Board.Console("USART0", Optional.empty(), tx.get(), rx.get(), 115200));
      }
    }
    return new ProjectTarget(d, Optional.empty(), clock, pin, console);
  }

  /**
   * The LED pin of a bare device: PB5 (as on Arduino boards) when the chip has it, else PA2, else
   * the first pin of its first port.
   */
  static Board.Pin defaultLed(Device d) {
    for (Board.Pin p : List.of(new Board.Pin('B', 5), new Board.Pin('A', 2))) {
      if (d.peripheral(p.portName()).isPresent() && hasPin(d, p)) return p;
    }
    for (char port = 'A'; port <= 'Z'; port++) {
      for (int bit = 0; bit < 8; bit++) {
        Board.Pin p = new Board.Pin(port, bit);
        if (d.peripheral(p.portName()).isPresent() && hasPin(d, p)) return p;
      }
    }
    throw new AvrkitException("the " + d.name() + " has no I/O port for an LED");
  }

  /**
   * Whether the port has that pin, by the mask of its direction register (DDRx on classic parts,
   * DIR on AVR8X); a register without a mask has all eight.
   */
  static boolean hasPin(Device d, Board.Pin p) {
    Optional<Peripheral> port = d.peripheral(p.portName());
    if (port.isEmpty()) return false;
    Optional<ResolvedRegister> dir = port.get().register("DDR" + p.port())
        .or(() -> port.get().register("DIR"));
    long mask = dir.flatMap(r -> r.register().mask()).orElse(0xFFL);
    return (mask & (1L << p.bit())) != 0;
  }

  private static Optional<Board.Pin> pad(Peripheral p, String group) {
    return p.signals().stream()
        .filter(s -> s.group().equalsIgnoreCase(group))
        // the default route: function DEFAULT or the instance's name, not ALTn / USART0_ALT
        .sorted(java.util.Comparator.comparing((Signal s) -> s.function().toUpperCase(Locale.ROOT).contains("ALT")))
        .map(Signal::pad)
        .filter(x -> x.toUpperCase(Locale.ROOT).matches("P[A-Z][0-7]"))
        .map(Board.Pin::parse)
        .findFirst();
  }

  /** True for AVR8X parts (megaAVR 0, tinyAVR 0/1/2, AVR-Dx). */
  static boolean isAvr8x(Device d) {
    return d.architecture() == Architecture.AVR8X;
  }

  /** "Arduino Nano Every (ATmega4809)" or "ATtiny3217". */
  public String title() {
    return board.map(b -> b.description().replaceAll(" \\(.*", "") + " (" + device.name() + ")").orElse(device.name());
  }
}
