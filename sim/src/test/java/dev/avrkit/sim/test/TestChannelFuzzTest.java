package dev.avrkit.sim.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.TestPort;
import dev.avrkit.sim.Machine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner's side of the test channel against firmware that writes anything: programs of random
 * and mutated channel accesses (STS to the control and data addresses, LDS from the data address)
 * on the simulated ATmega4809. Every run ends in a listed test, an outcome, or a one-line
 * {@link AvrkitException} naming the firmware; never another exception.
 */
class TestChannelFuzzTest {
  private static Device atmega4809;
  private static TestPort port;
  private static Machine machine;

  @BeforeAll
  static void device() {
    atmega4809 = DeviceCatalog.fromEnvironment().device("ATmega4809");
    port = TestPort.of(atmega4809).orElseThrow();
  }

  /** One channel access: write control, write data, or read data. */
  private record Op(char kind, int value) {}

  private static List<Op> validList(Random r) {
    List<Op> ops = new ArrayList<>();
    int n = r.nextInt(3);
    String[] attrs = {"", "\0i", "\0p", "\0p\0eboom", "\0t100_000", "\0i\0t5"};
    for (int i = 0; i < n; i++) {
      ops.add(new Op('c', 'T'));
      for (byte b : ("t" + i + attrs[r.nextInt(attrs.length)]).getBytes(StandardCharsets.US_ASCII)) ops.add(new Op('d', b));
    }
    ops.add(new Op('c', 'E'));
    return ops;
  }

  private static List<Op> validPanic(Random r) {
    List<Op> ops = new ArrayList<>();
    ops.add(new Op('r', 0));
    ops.add(new Op('r', 0));
    if (r.nextInt(4) == 0) return new ArrayList<>(List.of(ops.get(0), ops.get(1), new Op('c', 'O')));
    ops.add(new Op('c', 'P'));
    for (byte b : "boom".getBytes(StandardCharsets.US_ASCII)) ops.add(new Op('d', b));
    ops.add(new Op('c', 'F'));
    for (byte b : "tests/a.rs".getBytes(StandardCharsets.US_ASCII)) ops.add(new Op('d', b));
    ops.add(new Op('c', 'L'));
    for (int k = 0; k < 8; k++) ops.add(new Op('d', r.nextInt(256)));
    ops.add(new Op('c', 'D'));
    return ops;
  }

  private static Op randomOp(Random r) {
    String tags = TestChannel.TAGS;
    return switch (r.nextInt(4)) {
      case 0 -> new Op('c', r.nextBoolean() ? tags.charAt(r.nextInt(tags.length())) : r.nextInt(256));
      case 1 -> new Op('r', 0);
      default -> new Op('d', r.nextInt(256));
    };
  }

  private static List<Op> mutate(List<Op> ops, Random r) {
    List<Op> m = new ArrayList<>(ops);
    int edits = 1 + r.nextInt(4);
    for (int i = 0; i < edits; i++) {
      int at = r.nextInt(m.size() + 1);
      switch (r.nextInt(3)) {
        case 0 -> m.add(at, randomOp(r));
        case 1 -> { if (at < m.size()) m.remove(at); }
        default -> { if (at < m.size()) m.set(at, randomOp(r)); }
      }
    }
    return m;
  }

  /**
   * Loads a program that reads the runner's command and answers an {@code L} with {@code list},
   * anything else with {@code run}: LDI r16 + STS for writes, LDS r16 for reads, CLI; RJMP . at the end.
   */
  private static Machine program(List<Op> list, List<Op> run) {
    if (machine == null) machine = Machine.builder(atmega4809).build();
    Machine m = machine;
    java.util.Arrays.fill(m.flash(), (byte) 0xFF);
    List<Integer> w = new ArrayList<>();
    w.add(0x9000 | 16 << 4); // lds r16, DATA
    w.add(port.data());
    w.add(0x3000 | ('L' & 0xF0) << 4 | (16 - 16) << 4 | ('L' & 0x0F)); // cpi r16, 'L'
    w.add(0xF401 | 1 << 3); // brne .+2 (skip the rjmp)
    int rjmpAt = w.size();
    w.add(0); // rjmp list, patched below
    emit(w, run);
    int listAt = w.size();
    w.set(rjmpAt, 0xC000 | ((listAt - rjmpAt - 1) & 0xFFF));
    emit(w, list);
    byte[] f = m.flash();
    for (int i = 0; i < w.size(); i++) {
      f[2 * i] = (byte) (int) w.get(i);
      f[2 * i + 1] = (byte) (w.get(i) >> 8);
    }
    m.flashWritten(0, f.length);
    m.reset(Machine.ResetCause.POWER_ON);
    return m;
  }

  private static Machine program(List<Op> list) {
    return program(list, List.of());
  }

  private static void emit(List<Integer> w, List<Op> ops) {
    for (Op o : ops) {
      if (o.kind() == 'r') {
        w.add(0x9000 | 16 << 4); // lds r16, k
        w.add(port.data());
      } else {
        int v = o.value() & 0xFF;
        w.add(0xE000 | (v & 0xF0) << 4 | (16 - 16) << 4 | (v & 0x0F)); // ldi r16, v
        w.add(0x9200 | 16 << 4); // sts k, r16
        w.add(o.kind() == 'c' ? port.control() : port.data());
      }
    }
    w.add(0x94F8); // cli
    w.add(0xCFFF); // rjmp .
  }

  @Test
  void anyReportEndsInAResultOrAOneLineError() {
    Random r = new Random(0x7e57_c4a1L);
    int listed = 0, outcomes = 0, errors = 0;
    for (int i = 0; i < 400; i++) {
      List<Op> list = i % 3 == 0 ? mutate(validList(r), r) : validList(r);
      List<Op> run = switch (i % 4) {
        case 0, 1 -> mutate(validPanic(r), r);
        case 2 -> validPanic(r);
        default -> {
          List<Op> l = new ArrayList<>();
          int n = r.nextInt(30);
          for (int k = 0; k < n; k++) l.add(randomOp(r));
          yield l;
        }
      };
      TestFirmware fw = TestFirmware.attach(program(list, run), port, Path.of("fuzz-" + i + ".elf"), null);
      try {
        List<TestFirmware.TestCase> tests = fw.tests();
        listed++;
        for (TestFirmware.TestCase t : tests) {
          try {
            TestFirmware.Outcome o = fw.run(t, 10_000);
            assertThat(o.status()).isNotNull();
            outcomes++;
          } catch (AvrkitException e) {
            assertClean(e, i);
            errors++;
          }
        }
      } catch (AvrkitException e) {
        assertClean(e, i);
        errors++;
      }
    }
    System.out.println("fuzz: " + listed + " lists, " + outcomes + " outcomes, " + errors + " clean errors");
    // the seed reaches every kind of ending
    assertThat(listed).isGreaterThan(50);
    assertThat(errors).isGreaterThan(100);
    assertThat(outcomes).isGreaterThan(50);
  }

  private static void assertClean(AvrkitException e, int i) {
    assertThat(e.getMessage()).startsWith("fuzz-" + i + ".elf: the test firmware ").doesNotContain("\n")
        .contains("rebuild it with the avrkit_test harness");
  }

  @Test
  void aValidListIsRead() {
    List<Op> ops = new ArrayList<>(List.of(new Op('c', 'T')));
    for (byte b : "adds\0i\0p\0eboom\0t1_000_000".getBytes(StandardCharsets.US_ASCII)) ops.add(new Op('d', b));
    ops.add(new Op('c', 'E'));
    TestFirmware fw = TestFirmware.attach(program(ops), port, Path.of("list.elf"), null);
    assertThat(fw.tests()).containsExactly(new TestFirmware.TestCase(0, "adds", true, true, "boom", 1_000_000));
  }

  @Test
  void readingPastTheCommandIsAProtocolError() {
    List<Op> ops = List.of(new Op('r', 0), new Op('c', 'E'));
    TestFirmware fw = TestFirmware.attach(program(ops), port, Path.of("x.elf"), null);
    org.assertj.core.api.Assertions.assertThatThrownBy(fw::tests).isInstanceOf(AvrkitException.class)
        .hasMessage("x.elf: the test firmware broke the test-channel protocol while listing its tests: it read 1 byte(s) "
            + "past the runner's 1-byte command; rebuild it with the avrkit_test harness of this avrkit version (avrkit new writes it)");
  }

  private static final List<Op> LIST = List.of(new Op('c', 'E'));

  /** A request during a test: Q, op, two NUL-ended strings, a 32-bit value, G; then the answer is read. */
  private static List<Op> request(char op, String a, String b, float v, int answerBytes) {
    List<Op> ops = new ArrayList<>(List.of(new Op('r', 0), new Op('r', 0), new Op('c', 'Q'), new Op('d', op)));
    for (byte x : (a + "\0" + b + "\0").getBytes(StandardCharsets.US_ASCII)) ops.add(new Op('d', x));
    int bits = Float.floatToIntBits(v);
    for (int k = 0; k < 4; k++) ops.add(new Op('d', (bits >> (8 * k)) & 0xFF));
    ops.add(new Op('c', 'G'));
    for (int k = 0; k < answerBytes; k++) ops.add(new Op('r', 0));
    ops.add(new Op('c', 'O'));
    return ops;
  }

  @Test
  void requestsGoToTheRigAndTheAnswerIsReadBack() {
    List<String> calls = new ArrayList<>();
    TestFirmware.Rig rig = new TestFirmware.Rig() {
      @Override
      public void reset() {
        calls.add("reset");
      }

      @Override
      public byte[] request(char op, String part, String name, float value) {
        calls.add(op + " " + part + " " + name + " " + value);
        return new byte[] {1};
      }

      @Override
      public String describe() {
        return "fake";
      }
    };
    TestFirmware.TestCase t = new TestFirmware.TestCase(0, "t", false, false, "", 0);
    // status, 2 length bytes, the level: exactly the answer's 4 bytes; the test then returns
    TestFirmware fw = TestFirmware.attach(program(LIST, request('c', "pot1", "position", 0.25f, 4)), port, Path.of("q.elf"), null);
    fw.rig(rig);
    assertThat(fw.run(t, 1_000_000).status()).isEqualTo(TestFirmware.Status.PASSED);
    assertThat(calls).containsExactly("reset", "c pot1 position 0.25");
    // one byte more than the answer is reading past it
    TestFirmware over = TestFirmware.attach(program(LIST, request('l', "led1", "A", 0, 5)), port, Path.of("q.elf"), null);
    over.rig(rig);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> over.run(t, 1_000_000)).isInstanceOf(AvrkitException.class)
        .hasMessageContaining("it read 1 byte(s) past the runner's 4-byte command");
    // without a rig a part request is refused (status 1 and a message), a serial one is answered
    TestFirmware none = TestFirmware.attach(program(LIST, request('w', "hello", "", 0, 4)), port, Path.of("q.elf"), null);
    assertThat(none.run(t, 1_000_000).status()).isEqualTo(TestFirmware.Status.PASSED);
  }
}
