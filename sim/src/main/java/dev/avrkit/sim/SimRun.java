package dev.avrkit.sim;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What {@code avrkit sim} does: resolve the device (or board), load the firmware, run it with the
 * console on stdout/stdin (or a file) and report why it stopped.
 *
 * <p>Exit codes ({@link #exitCode}): 0 normal stop (sleep or endless loop with interrupts off,
 * BREAK), 1 abnormal stop (illegal opcode, stack outside RAM, watchdog reset, PC outside flash,
 * sleep without wake-up source), 3 cycle limit reached, 130 stopped by Ctrl-C.
 */
public final class SimRun {

  /** Options of one run. {@code uart} null or "-" = stdout. */
  public record Options(
      Path firmware,
      String device,
      String board,
      Long maxCycles,
      String uart,
      Map<String, Integer> fuses,
      Long clockHz,
      boolean watchdogResets) {
    public Options {
      fuses = fuses == null ? Map.of() : Map.copyOf(fuses);
    }
  }

  private SimRun() {}

  /** Parses "NAME=VALUE" fuse settings (VALUE decimal or 0x hex). */
  public static Map<String, Integer> parseFuses(Iterable<String> settings) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (settings == null) return out;
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new AvrkitException("--fuse '" + s + "': expected NAME=VALUE, e.g. --fuse OSCCFG=0x01");
      }
      String name = s.substring(0, eq).trim();
      String v = s.substring(eq + 1).trim();
      try {
        int value = Integer.decode(v);
        if (value < 0 || value > 0xFF) throw new NumberFormatException();
        out.put(name, value);
      } catch (NumberFormatException e) {
        throw new AvrkitException("--fuse " + name + ": '" + v + "' is not a byte value (0..255 or 0x00..0xFF)");
      }
    }
    return out;
  }

  /** Builds the machine for the options (device from the catalog, board defaults, fuses). */
  public static Machine machine(Options o, UartConsole console) {
    if ((o.device() == null) == (o.board() == null)) {
      throw new AvrkitException("give exactly one of --device NAME or --board NAME (boards: "
          + String.join(", ", Board.all().stream().map(Board::name).toList()) + ")");
    }
    Board board = null;
    String deviceName = o.device();
    if (o.board() != null) {
      board = Board.find(o.board()).orElseThrow(() -> new AvrkitException(
          "unknown board '" + o.board() + "'; known boards: "
              + String.join(", ", Board.all().stream().map(Board::name).toList())));
      deviceName = board.device();
    }
    Device device = DeviceCatalog.fromEnvironment().device(deviceName);
    if (o.clockHz() != null) checkClockOption(device, o.clockHz());
    Machine.Builder b = Machine.builder(device).console(console);
    long clock = o.clockHz() != null ? o.clockHz() : board != null ? board.clockHz() : 16_000_000;
    b.clockHz(clock);
    b.watchdogStops(!o.watchdogResets());
    if (board != null) board.fuses().forEach(b::fuse);
    o.fuses().forEach(b::fuse);
    return b.build();
  }

  /**
   * {@code --clock} sets the crystal/external clock of classic parts (CLKPR still divides it). On
   * parts with CLKCTRL (AVR8X) the CPU clock is the internal oscillator chosen by fuse OSCCFG (or,
   * on AVR-Dx, by the firmware in CLKCTRL.OSCHFCTRLA), divided by MCLKCTRLB: a --clock value would
   * be overridden at reset, so it is refused with a pointer to the fuse.
   */
  static void checkClockOption(Device device, long hz) {
    if (hz <= 0) throw new AvrkitException("--clock must be a positive frequency in Hz, got " + hz);
    if (device.peripheral("CLKCTRL").isPresent()) {
      String fix = device.fuse("OSCCFG").isPresent()
          ? "use --fuse OSCCFG=0x01 (16 MHz oscillator) or --fuse OSCCFG=0x02 (20 MHz); the firmware's"
              + " CLKCTRL.MCLKCTRLB prescaler divides it (divide by 6 after reset)"
          : "the firmware selects it in CLKCTRL (OSCHFCTRLA, MCLKCTRLA/B)";
      throw new AvrkitException("--clock does not apply to the " + device.name()
          + ": the clock comes from fuse OSCCFG and CLKCTRL; " + fix);
    }
  }

  /**
   * Runs a ready machine for {@link #run(Options, InputStream, PrintStream, PrintStream, Runner)}:
   * the firmware is loaded, the console attached and Ctrl-C asks the machine to stop. Returns the
   * last run's result, or null when the program never ran (the runner says why on stderr).
   */
  @FunctionalInterface
  public interface Runner {
    RunResult run(Machine m, long maxCycles) throws IOException;

    /** Finishes what the runner writes (also after a failure or Ctrl-C, before the JVM may exit). */
    default void finish() throws IOException {}
  }

  /** Runs the firmware as {@code avrkit sim} does; returns the exit code. */
  public static int run(Options o, InputStream stdin, PrintStream stdout, PrintStream stderr) {
    return run(o, stdin, stdout, stderr, Machine::run);
  }

  /**
   * Like {@link #run(Options, InputStream, PrintStream, PrintStream)}, with {@code runner} running
   * the machine once it is ready (a debugger or trace attached first); prints the stop summary and
   * returns its exit code (0 when the program never ran).
   */
  public static int run(Options o, InputStream stdin, PrintStream stdout, PrintStream stderr, Runner runner) {
    if (!Files.isRegularFile(o.firmware())) {
      throw new AvrkitException(o.firmware() + ": no such file; give the firmware ELF (or HEX) to simulate");
    }
    long max = o.maxCycles() == null ? Long.MAX_VALUE : o.maxCycles();
    if (max <= 0) throw new AvrkitException("--max-cycles must be positive, got " + max);
    FirmwareImage image = FirmwareImage.load(o.firmware());
    OutputStream out = stdout;
    boolean toFile = o.uart() != null && !o.uart().equals("-");
    try {
      if (toFile) out = Files.newOutputStream(Path.of(o.uart()));
    } catch (IOException e) {
      throw new AvrkitException("--uart " + o.uart() + ": cannot write (" + e.getMessage() + ")");
    }
    try {
      UartConsole console = UartConsole.of(out, stdin);
      Machine m = machine(o, console);
      m.load(image);
      // Ctrl-C: stop the run so that traces are finished and the summary printed
      CountDownLatch done = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        m.requestStop();
        try {
          done.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Runtime.getRuntime().addShutdownHook(hook);
      RunResult r;
      try {
        r = runner.run(m, max);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        console.flush();
        stderr.println();
        try {
          runner.finish();
        } catch (IOException e) {
          stderr.println("avrkit sim: could not finish writing: " + e.getMessage());
        }
        done.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already
        }
      }
      if (r == null) return 0;
      stderr.println("avrkit sim: " + m.device().name() + " @ " + m.clockHz() / 1e6 + " MHz: " + r.summary());
      return exitCode(r.reason());
    } finally {
      if (toFile) {
        try {
          out.close();
        } catch (IOException e) {
          stderr.println("avrkit sim: could not finish writing " + o.uart() + ": " + e.getMessage());
        }
      }
    }
  }

  /** The CLI exit code of a stop reason. */
  public static int exitCode(StopReason r) {
    if (r.normal()) return 0;
    return switch (r) {
      case CYCLE_LIMIT -> 3;
      case REQUESTED -> 130;
      default -> 1;
    };
  }
}
