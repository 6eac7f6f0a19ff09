package dev.avrkit.sim.test;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.TestPort;
import dev.avrkit.image.ElfFile;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test binary made with the generated harness ({@code avrkit_test::tests!}), loaded once into one
 * simulated machine. {@link #tests()} asks the firmware for its test list (one run); {@link
 * #run(TestCase)} resets the machine (fresh RAM, registers, peripherals and EEPROM, the same
 * decoded and translated code) and runs one test until it reports, crashes or reaches its time-out.
 */
public final class TestFirmware {
  /** The symbol the harness's entry function is exported as (protocol version 1). */
  public static final String HARNESS_SYMBOL = "avrkit_test_harness_v1";

  /** One test of the binary. {@code timeoutCycles} 0: the runner's default. */
  public record TestCase(int index, String name, boolean ignored, boolean shouldPanic, String expected, long timeoutCycles) {}

  /** What a test did. */
  public enum Status { PASSED, PANICKED, TIMED_OUT, STOPPED, CRASHED }

  /**
   * How one run ended.
   *
   * @param status what happened
   * @param message the panic message, or what stopped or crashed the test
   * @param location "file:line:column" of a panic, or empty
   * @param cycles simulated cycles the run took
   * @param output what the firmware sent on its USARTs
   */
  public record Outcome(Status status, String message, String location, long cycles, String output) {}

  /**
   * The parts around the chip that tests read and drive (a circuit from a diagram). The request
   * ops: {@code p} press, {@code r} release, {@code c} set a control, {@code l} a pin's level,
   * {@code v} its millivolts, {@code s} a part's state.
   */
  public interface Rig {
    /** After each reset of the chip, before the test runs: the parts start afresh. */
    void reset();

    /**
     * Does a test's request; returns the answer's bytes.
     *
     * @throws AvrkitException with the message the test panics with (no such part, pin, control)
     */
    byte[] request(char op, String part, String name, float value);

    /** Names the rig in messages ("tests/buttons.diagram.json"). */
    String describe();
  }

  private final Path file;
  private Rig rig;
  private final Machine machine;
  private final TestChannel channel;
  private final byte[] eeprom;
  private final long clockHz;
  private final ByteArrayOutputStream uart;
  private List<TestCase> tests;
  private Symbols symbols = Symbols.none();

  private TestFirmware(Path file, Machine machine, TestChannel channel, Capture capture) {
    this.file = file;
    this.uart = capture.out;
    this.machine = machine;
    this.channel = channel;
    this.eeprom = machine.eeprom().clone();
    this.clockHz = machine.clockHz();
    channel.onRequest(this::request);
  }

  /** The circuit the tests read and drive; null: none (their part requests fail). */
  public void rig(Rig r) {
    rig = r;
  }

  /** A request: op, two NUL-ended strings, a 4-byte value; the answer: status (0 ok, 1 failed), 16-bit length, bytes. */
  private byte[] request(byte[] req) {
    byte[] answer;
    int status = 0;
    String what = "a request";
    try {
      int z1 = indexOf(req, 1), z2 = z1 < 0 ? -1 : indexOf(req, z1 + 1);
      if (req.length < 1 || z1 < 0 || z2 < 0 || req.length != z2 + 5) {
        throw new AvrkitException("a malformed request (" + req.length + " bytes); rebuild the test with this avrkit's avrkit_test");
      }
      char op = (char) req[0];
      String a = new String(req, 1, z1 - 1, StandardCharsets.UTF_8);
      String b = new String(req, z1 + 1, z2 - z1 - 1, StandardCharsets.UTF_8);
      float v = Float.intBitsToFloat((int) u32(req, z2 + 1));
      what = switch (op) {
        case 'p' -> "part::press(\"" + a + "\")";
        case 'r' -> "part::release(\"" + a + "\")";
        case 'c' -> "part::set_control(\"" + a + "\", \"" + b + "\", " + v + ")";
        case 'l' -> "part::read_pin(\"" + a + "\", \"" + b + "\")";
        case 'v' -> "part::millivolts(\"" + a + "\", \"" + b + "\")";
        case 's' -> "part::state(\"" + a + "\")";
        case 'w' -> "serial::seen(\"" + a + "\")";
        default -> throw new AvrkitException("an unknown request '" + printable(String.valueOf(op))
            + "'; rebuild the test with this avrkit's avrkit_test");
      };
      if (op == 'w') {
        answer = new byte[] {(byte) (uart.toString(StandardCharsets.UTF_8).contains(a) ? 1 : 0)};
      } else if (rig == null) {
        throw new AvrkitException("no circuit: this test binary has no diagram (put it beside the test's source, tests/NAME.diagram.json"
            + " for tests/NAME.rs, src/lib.diagram.json for the library's tests, or give avrkit run --diagram FILE)");
      } else {
        answer = rig.request(op, a, b, v);
      }
    } catch (AvrkitException e) {
      status = 1;
      answer = printable(what + ": " + e.getMessage()).getBytes(StandardCharsets.US_ASCII);
    }
    int n = Math.min(answer.length, 0xFFFF);
    byte[] out = new byte[3 + n];
    out[0] = (byte) status;
    out[1] = (byte) n;
    out[2] = (byte) (n >> 8);
    System.arraycopy(answer, 0, out, 3, n);
    return out;
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) if (b[i] == 0) return i;
    return -1;
  }

  /** Whether an ELF was built with the test harness. */
  public static boolean isTestBinary(ElfFile elf) {
    return elf.symbol(HARNESS_SYMBOL).isPresent();
  }

  /** Loads a test binary for {@code d} at {@code clockHz} with the given fuse values. */
  public static TestFirmware load(Path elfFile, Device d, long clockHz, Map<String, Integer> fuses) {
    ElfFile elf = ElfFile.read(elfFile);
    if (!isTestBinary(elf)) {
      throw new AvrkitException(elfFile + " is not a test binary (no " + HARNESS_SYMBOL
          + " symbol): build it with the avrkit_test::tests! harness (cargo test does)");
    }
    TestPort port = TestPort.of(d).orElseThrow(() -> new AvrkitException(
        "the " + d.name() + " has no two free I/O addresses for the test channel: on-target tests cannot run on it"));
    Capture capture = new Capture();
    Machine.Builder b = Machine.builder(d).clockHz(clockHz).console(capture);
    fuses.forEach(b::fuse);
    Machine m = b.build();
    m.load(FirmwareImage.fromElf(elf));
    TestFirmware fw = attach(m, port, elfFile, capture);
    fw.symbols = Symbols.of(elf);
    return fw;
  }

  /**
   * Test firmware already loaded into {@code m}: hooks the test channel at {@code port}.
   *
   * @param source names the firmware in error messages
   * @param capture the machine's console, whose output each outcome reports; null: none
   */
  public static TestFirmware attach(Machine m, TestPort port, Path source, Capture capture) {
    return new TestFirmware(source, m, TestChannel.attach(m, port), capture == null ? new Capture() : capture);
  }

  /** A console that keeps what the firmware sends (a test's output) and never receives. */
  public static final class Capture implements UartConsole {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void transmit(String uart, int b) {
      out.write(b);
    }

    @Override
    public int receive(String uart) {
      return EOF;
    }
  }

  /** The machine (for benchmarks and tests of the runner). */
  public Machine machine() {
    return machine;
  }

  /** The tests in the binary, in source order (asked from the firmware once). */
  public List<TestCase> tests() {
    if (tests != null) return tests;
    RunResult r = start(new byte[] {'L'}, 100L * clockHz);
    if (!channel.done() || channel.error() != null) throw malformed(r, "listing its tests");
    List<TestChannel.Field> f = channel.fields();
    List<TestCase> list = new ArrayList<>();
    int i = 0;
    while (i < f.size() && f.get(i).tag() == 'T') {
      list.add(testCase(list.size(), new String(f.get(i).bytes(), StandardCharsets.UTF_8)));
      i++;
    }
    if (i != f.size() - 1 || f.get(i).tag() != 'E' || f.get(i).bytes().length != 0) {
      throw bad("a '" + (i < f.size() ? printable(String.valueOf(f.get(i).tag())) : "") + "' field in the test list");
    }
    tests = List.copyOf(list);
    return tests;
  }

  /** A test entry: the name, then attributes after NULs (i, p, e + text, t + cycles). */
  private TestCase testCase(int index, String info) {
    String[] parts = info.split("\0", -1);
    String name = parts[0];
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*")) {
      throw bad("a test name that is not a Rust path: \"" + printable(name) + "\"");
    }
    // suite! names its tests by module path: without the crate's name, as libtest does (tests::adds)
    if (name.contains("::")) name = name.substring(name.indexOf("::") + 2);
    boolean ignored = false, shouldPanic = false;
    String expected = "";
    long timeout = 0;
    for (int k = 1; k < parts.length; k++) {
      String a = parts[k];
      if (a.equals("i")) ignored = true;
      else if (a.equals("p")) shouldPanic = true;
      else if (a.startsWith("e")) expected = a.substring(1);
      else if (a.startsWith("t") && a.substring(1).replace("_", "").matches("[0-9]{1,18}")) {
        timeout = Long.parseLong(a.substring(1).replace("_", ""));
      } else {
        throw bad("an unknown attribute \"" + printable(a) + "\" of test " + name);
      }
    }
    return new TestCase(index, name, ignored, shouldPanic, expected, timeout);
  }

  /** Runs one test from reset with its time-out ({@code defaultTimeout} cycles when it has none). */
  public Outcome run(TestCase t, long defaultTimeout) {
    long limit = t.timeoutCycles() > 0 ? t.timeoutCycles() : defaultTimeout;
    RunResult r = start(new byte[] {'R', (byte) t.index(), (byte) (t.index() >> 8)}, limit);
    String out = uart.toString(StandardCharsets.UTF_8);
    if (channel.error() != null) throw malformed(r, "running " + t.name());
    if (channel.done()) {
      List<TestChannel.Field> f = channel.fields();
      char last = f.get(f.size() - 1).tag();
      if (last == 'O' && f.size() == 1) return new Outcome(Status.PASSED, "", "", r.cycles(), out);
      if (last == 'D') return panic(f, r, out);
      if (last == '?') throw bad("that it has no test number " + t.index() + " (" + t.name() + "): was it rebuilt while running?");
      throw bad("a '" + last + "' report after " + f.size() + " field(s) for " + t.name());
    }
    String at = String.format("at 0x%04x", r.pcByteAddress()) + symbols.in(r.pcByteAddress())
        + (r.reason() == StopReason.PC_OUT_OF_FLASH ? calledFrom() : "");
    return switch (r.reason()) {
      case CYCLE_LIMIT -> new Outcome(Status.TIMED_OUT, "timed out after " + limit + " cycles ("
          + seconds(limit) + " simulated) " + at, "", r.cycles(), out);
      case HALTED -> new Outcome(Status.STOPPED, "hung in an endless loop with interrupts disabled " + at, "", r.cycles(), out);
      case SLEEP_INTERRUPTS_OFF, SLEEP_FOREVER -> new Outcome(Status.STOPPED, "hung: " + r.reason().text() + " " + at, "",
          r.cycles(), out);
      case BREAK -> new Outcome(Status.STOPPED, "stopped at a break instruction " + at, "", r.cycles(), out);
      default -> new Outcome(Status.CRASHED, "crashed: " + r.reason().text()
          + (r.detail() == null || r.detail().isEmpty() ? "" : " (" + r.detail() + ")") + " " + at, "", r.cycles(), out);
    };
  }

  /** Names the firmware's functions in crash reports (load does it from the ELF's symbols). */
  public void symbols(Symbols s) {
    symbols = s;
  }

  /**
   * After a jump outside flash: when the top of the stack holds a return address just after a
   * call instruction (an indirect call through a bad function pointer), where that call was.
   */
  private String calledFrom() {
    int sp = machine.cpu().sp();
    int words = machine.flash().length / 2;
    boolean three = machine.flash().length > 0x20000;
    int ret = three
        ? machine.bus().peek(sp + 1) << 16 | machine.bus().peek(sp + 2) << 8 | machine.bus().peek(sp + 3)
        : machine.bus().peek(sp + 1) << 8 | machine.bus().peek(sp + 2);
    if (ret < 1 || ret >= words) return "";
    int w1 = word(ret - 1);
    int at;
    if (w1 == 0x9509 || w1 == 0x9519 || (w1 & 0xF000) == 0xD000) at = ret - 1; // ICALL, EICALL, RCALL
    else if (ret >= 2 && (word(ret - 2) & 0xFE0E) == 0x940E) at = ret - 2; // CALL
    else return "";
    return String.format(", called from 0x%04x", at * 2) + symbols.in(at * 2L);
  }

  private int word(int w) {
    byte[] f = machine.flash();
    return (f[2 * w] & 0xFF) | (f[2 * w + 1] & 0xFF) << 8;
  }

  private RunResult start(byte[] command, long limit) {
    machine.reset(Machine.ResetCause.POWER_ON);
    System.arraycopy(eeprom, 0, machine.eeprom(), 0, eeprom.length);
    if (machine.clockHz() != clockHz) machine.setClockHz(clockHz);
    uart.reset();
    channel.start(command);
    if (rig != null) rig.reset();
    return machine.run(limit);
  }

  private Outcome panic(List<TestChannel.Field> f, RunResult r, String out) {
    if (f.get(0).tag() != 'P') throw bad("a panic report that starts with '" + f.get(0).tag() + "'");
    String msg = new String(f.get(0).bytes(), StandardCharsets.UTF_8);
    if (unreadable(msg)) {
      msg = "(the panic message is unreadable: " + f.get(0).bytes().length + " bytes of memory instead of text. rustc's core::fmt "
          + "on the AVR needs a formatted panic's argument list at an even address and the AVR backend does not align stack "
          + "variables (llvm/llvm-project#169190); a panic with a plain message, or one from another function, reads fine)";
    }
    String loc = "";
    int i = 1;
    if (i < f.size() && f.get(i).tag() == 'F') {
      if (i + 1 >= f.size() || f.get(i + 1).tag() != 'L' || f.get(i + 1).bytes().length != 8) {
        throw bad("a panic location without its 8-byte line and column");
      }
      String file = new String(f.get(i).bytes(), StandardCharsets.UTF_8);
      byte[] l = f.get(i + 1).bytes();
      long line = u32(l, 0);
      long column = u32(l, 4);
      // -Zlocation-detail leaves parts out (builds for chips whose constants live in RAM)
      if (!file.equals("<redacted>")) loc = file + ":" + line + ":" + column;
      else if (line > 0) loc = "line " + line;
      i += 2;
    }
    if (i != f.size() - 1) throw bad("a '" + f.get(i).tag() + "' field inside a panic report");
    return new Outcome(Status.PANICKED, msg, loc, r.cycles(), out);
  }

  /** Binary bytes (control characters, invalid UTF-8) where a message should be. */
  private static boolean unreadable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\uFFFD' || (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f) return true;
    }
    return false;
  }

  private String seconds(long cycles) {
    double s = (double) cycles / clockHz;
    return s >= 1 ? String.format(java.util.Locale.ROOT, "%.3f s", s) : String.format(java.util.Locale.ROOT, "%.3f ms", s * 1e3);
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    return b.toString();
  }

  private AvrkitException malformed(RunResult r, String doing) {
    String why = channel.error() != null ? channel.error()
        : "it stopped (" + r.reason().text() + String.format(" at 0x%04x", r.pcByteAddress()) + ") before its report ended";
    return new AvrkitException(file + ": the test firmware broke the test-channel protocol while " + doing + ": " + why
        + "; rebuild it with the avrkit_test harness of this avrkit version (avrkit new writes it)");
  }

  private AvrkitException bad(String what) {
    return new AvrkitException(file + ": the test firmware sent " + what
        + "; rebuild it with the avrkit_test harness of this avrkit version (avrkit new writes it)");
  }

}
