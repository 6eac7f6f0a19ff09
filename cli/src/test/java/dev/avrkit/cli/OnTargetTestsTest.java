package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On-target tests, end to end with real builds: {@code avrkit new} for the Nano Every, a test file
 * with every kind of ending (a passing test, a failing assert, a panic with a formatted message, an
 * expected and a wrong panic, a hang stopped at its time-out, an endless loop with interrupts off,
 * an illegal opcode, a stack overflow, a watchdog reset, an ignored test) built by Debian's cargo,
 * then run by the runner ({@code avrkit run}, as cargo calls it) on the simulated board: each
 * report is compared whole (code addresses and the wall time masked) with its exit code; then
 * plain {@code cargo test} in the project, with a filter, and the sample tests avrkit new writes.
 */
class OnTargetTestsTest {
  @TempDir static Path tmp;
  static Path dir;
  static Path bin;
  static Path elf;
  static List<String> source;

  @BeforeAll
  static void build() throws Exception {
    dir = tmp.resolve("tested");
    CliRun n = CliRun.run(ProjectCommandsTest.cache(), "new", dir.toString(), "--board", "nano-every");
    // needs a Rust toolchain avrkit new can set up for avr-none (ProjectFlowTest fails when there is none)
    Assumptions.assumeTrue(n.exit() == 0 && Files.readString(dir.resolve(".cargo/config.toml")).contains("target = \"avr-none\""),
        "avrkit new did not set up rustc's avr-none target: " + n.out() + n.err());
    assertThat(n.out()).contains("tests/on_chip.rs", "avrkit-test/src/lib.rs");
    String rs = new String(OnTargetTestsTest.class.getResourceAsStream("/ontarget/runner.rs").readAllBytes(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("tests/runner.rs"), rs);
    source = rs.lines().toList();
    // a test binary with a circuit: tests/parts.rs reads and drives tests/parts.diagram.json
    for (String f : List.of("parts.rs", "parts.diagram.json")) {
      Files.write(dir.resolve("tests").resolve(f), OnTargetTestsTest.class.getResourceAsStream("/ontarget/" + f).readAllBytes());
    }
    // host tests as the README says: logic without registers in a plain crate (logic/), a path
    // dependency of the firmware (so the build below also builds it for the AVR)
    Files.createDirectories(dir.resolve("logic/src"));
    Files.writeString(dir.resolve("logic/Cargo.toml"), "[package]\nname = \"logic\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    Files.writeString(dir.resolve("logic/src/lib.rs"), """
        #![no_std]

        /// Averages two readings without overflowing.
        pub fn average(a: u16, b: u16) -> u16 {
            a / 2 + b / 2 + (a & b & 1)
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn averages_without_overflow() {
                assert_eq!(super::average(u16::MAX, u16::MAX - 2), u16::MAX - 1);
            }
        }
        """);
    String toml = Files.readString(dir.resolve("Cargo.toml")).replace("[dependencies]\n", "[dependencies]\nlogic = { path = \"logic\" }\n");
    Files.writeString(dir.resolve("Cargo.toml"), toml
        + "\n[[test]]\nname = \"runner\"\nharness = false\n\n[[test]]\nname = \"parts\"\nharness = false\n");
    bin = ProjectFlowTest.avrkitBin(tmp);
    ProjectFlowTest.Proc b = ProjectFlowTest.cargo(dir, bin, "test", "--offline", "--no-run", "--message-format=json");
    assertThat(b.exit()).as(b.err()).isZero();
    assertThat(b.err()).doesNotContain("warning");
    Matcher m = Pattern.compile("\"name\":\"runner\".*?\"executable\":\"([^\"]+)\"").matcher(b.out());
    assertThat(m.find()).as(b.out()).isTrue();
    elf = Path.of(m.group(1));
  }

  /** "tests/runner.rs:LINE:COLUMN" of the first line containing {@code code}. */
  static String at(String code) {
    for (int i = 0; i < source.size(); i++) {
      int c = source.get(i).indexOf(code);
      if (c >= 0) return "tests/runner.rs:" + (i + 1) + ":" + (c + 1);
    }
    throw new AssertionError("no " + code + " in runner.rs");
  }

  static CliRun runner(String... args) {
    String[] a = new String[args.length + 4];
    a[0] = "run";
    a[1] = "--board";
    a[2] = "nano-every";
    a[3] = elf.toString();
    System.arraycopy(args, 0, a, 4, args.length);
    return CliRun.run(ProjectCommandsTest.cache(), a);
  }

  /** The report with code addresses and the run's wall time masked. */
  static String masked(String out) {
    return out.replaceAll("(at|from|push to) 0x[0-9a-f]{4}", "$1 0x....").replaceAll("finished in [0-9.]+s", "finished in ...s");
  }

  @Test
  void everyKindOfEndingHasItsReportAndTheRunFails() {
    CliRun r = runner();
    assertThat(r.exit()).as(r.err()).isEqualTo(101);
    assertThat(masked(r.out())).isEqualTo("""

        running 13 tests
        test adds ... ok
        test failing_assert ... FAILED
        test formatted_panic ... FAILED
        test formatted_panic_deeper ... FAILED
        test expected_panic - should panic ... ok
        test wrong_panic - should panic ... FAILED
        test hangs ... FAILED
        test spins_with_interrupts_off ... FAILED
        test illegal_opcode ... FAILED
        test stack_overflow ... FAILED
        test watchdog_fires ... FAILED
        test jumps_outside_flash ... FAILED
        test ignored ... ignored

        failures:

        ---- failing_assert stdout ----
        panicked at %s:
        assertion `left == right` failed: x was 3
          left: 4
         right: 5

        ---- formatted_panic stdout ----
        panicked at %s:
        sensor read 1234 (0x04d2), wanted below 1000

        ---- formatted_panic_deeper stdout ----
        panicked at %s:
        read 1 with 1 byte(s) more on the stack

        ---- wrong_panic stdout ----
        panicked at %s:
        something else
        note: panic did not contain expected string
              panic message: "something else"
         expected substring: "out of range"

        ---- hangs stdout ----
        timed out after 200000 cycles (75.000 ms simulated) at 0x.... in runner::hangs

        ---- spins_with_interrupts_off stdout ----
        hung in an endless loop with interrupts disabled at 0x.... in runner::spins_with_interrupts_off

        ---- illegal_opcode stdout ----
        crashed: illegal opcode (opcode 0x0001) at 0x.... in runner::illegal_opcode

        ---- stack_overflow stdout ----
        crashed: stack left RAM (push to 0x...., RAM is 0x2800-0x3fff) at 0x.... in runner::deep

        ---- watchdog_fires stdout ----
        crashed: watchdog reset at 0x.... in runner::watchdog_fires

        ---- jumps_outside_flash stdout ----
        crashed: program counter outside flash (PC 0xFFE0, flash ends at 0xBFFF) at 0x...., called from 0x.... in runner::jumps_outside_flash

        failures:
            failing_assert
            formatted_panic
            formatted_panic_deeper
            wrong_panic
            hangs
            spins_with_interrupts_off
            illegal_opcode
            stack_overflow
            watchdog_fires
            jumps_outside_flash

        test result: FAILED. 2 passed; 10 failed; 1 ignored; 0 measured; 0 filtered out; finished in ...s

        """.formatted(at("assert_eq!(x + 1, 5"), at("panic!(\"sensor read"), at("panic!(\"read {}"), at("panic!(\"something else")));
  }

  @Test
  void aFilterRunsTheTestsWhoseNameContainsIt() {
    CliRun r = runner("panic");
    assertThat(r.exit()).isEqualTo(101);
    assertThat(masked(r.out())).startsWith("""

        running 4 tests
        test formatted_panic ... FAILED
        test formatted_panic_deeper ... FAILED
        test expected_panic - should panic ... ok
        test wrong_panic - should panic ... FAILED
        """).endsWith("""
        test result: FAILED. 1 passed; 3 failed; 0 ignored; 0 measured; 9 filtered out; finished in ...s

        """);
    CliRun ok = runner("adds", "--exact");
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(masked(ok.out())).isEqualTo("""

        running 1 test
        test adds ... ok

        test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 12 filtered out; finished in ...s

        """);
  }

  @Test
  void ignoredTestsRunOnRequest() {
    CliRun r = runner("--ignored");
    assertThat(r.exit()).isEqualTo(101);
    assertThat(masked(r.out())).isEqualTo("""

        running 1 test
        test ignored ... FAILED

        failures:

        ---- ignored stdout ----
        panicked at %s:
        ran an ignored test

        failures:
            ignored

        test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 12 filtered out; finished in ...s

        """.formatted(at("panic!(\"ran an ignored")));
    CliRun all = runner("--include-ignored", "ignored");
    assertThat(all.out()).contains("test ignored ... FAILED", "0 passed; 1 failed; 0 ignored; 0 measured; 12 filtered out");
  }

  @Test
  void listAndBadArguments() {
    CliRun l = runner("--list", "ha");
    assertThat(l.exit()).isZero();
    assertThat(l.out()).isEqualTo("hangs: test\n\n1 test, 0 benchmarks\n");
    CliRun bad = runner("--bogus");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("error: unknown test option --bogus; on-target tests take NAME filters, --exact, "
        + "--ignored, --include-ignored, --list, --nocapture, --show-output and --timeout-cycles N\n");
    CliRun t = runner("--timeout-cycles", "0");
    assertThat(t.exit()).isEqualTo(2);
    assertThat(t.err()).startsWith("error: --timeout-cycles 0: give a positive number of simulated cycles");
  }

  @Test
  void cargoTestRunsThemThroughTheRunner() throws Exception {
    ProjectFlowTest.Proc f = ProjectFlowTest.cargo(dir, bin, "test", "--offline", "--test", "runner", "adds");
    assertThat(f.exit()).as(f.err()).isZero();
    assertThat(f.out()).contains("running 1 test\ntest adds ... ok\n",
        "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 12 filtered out;");
    ProjectFlowTest.Proc s = ProjectFlowTest.cargo(dir, bin, "test", "--offline", "--test", "on_chip");
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(masked(s.out())).isEqualTo("""

        running 3 tests
        test arithmetic_on_the_chip ... ok
        test led_pin_is_an_output ... ok
        test peripherals_can_be_taken_once - should panic ... ok

        test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in ...s

        """);
    // the library's #[cfg(test)] module (avrkit_test::suite! in src/board.rs, as avrkit new writes it)
    ProjectFlowTest.Proc lib = ProjectFlowTest.cargo(dir, bin, "test", "--offline", "--lib");
    assertThat(lib.exit()).as(lib.err()).isZero();
    assertThat(masked(lib.out())).isEqualTo("""

        running 2 tests
        test tests::led_toggle_flips_the_pin ... ok
        test tests::console_sends_a_line ... ok

        test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in ...s

        """);
    assertThat(lib.err()).contains("Running unittests src/board.rs");
    ProjectFlowTest.Proc all = ProjectFlowTest.cargo(dir, bin, "test", "--offline");
    assertThat(all.exit()).isEqualTo(101);
    // cargo stops at the first test binary that fails (parts, then runner)
    assertThat(all.err()).contains("error: test failed, to rerun pass `--test parts`");
  }

  @Test
  void testsReadAndDriveThePartsOfTheirCircuit() throws Exception {
    // cargo runs the runner in the project: it finds tests/parts.diagram.json beside tests/parts.rs
    ProjectFlowTest.Proc r = ProjectFlowTest.cargo(dir, bin, "test", "--offline", "--test", "parts");
    assertThat(r.exit()).as(r.err()).isEqualTo(101);
    String file = "tests/parts.diagram.json";
    assertThat(masked(r.out())).isEqualTo("""

        running 9 tests
        test led_shows_the_pin ... ok
        test button_press_lights_the_led ... ok
        test parts_start_afresh_in_each_test ... ok
        test potentiometer_on_the_adc ... ok
        test serial_output ... ok
        test unknown_part ... FAILED
        test not_a_button ... FAILED
        test unknown_state ... FAILED
        test unknown_pin ... FAILED

        failures:

        ---- unknown_part stdout ----
        panicked at %1$s:
        part::press("btn9"): no part "btn9" in %5$s; parts: nano, led1, r1, btn1, pot1

        ---- not_a_button stdout ----
        panicked at %2$s:
        part::press("led1"): part led1 cannot be pressed (it is a wokwi-led)

        ---- unknown_state stdout ----
        panicked at %3$s:
        part::state("lcd1"): no part "lcd1" in %5$s; parts: nano, led1, r1, btn1, pot1

        ---- unknown_pin stdout ----
        panicked at %4$s:
        part::read_pin("led1", "X"): a wokwi-led has no pin "X"; pins: A C

        failures:
            unknown_part
            not_a_button
            unknown_state
            unknown_pin

        test result: FAILED. 5 passed; 4 failed; 0 ignored; 0 measured; 0 filtered out; finished in ...s

        """.formatted(partsAt("press(\"btn9"), partsAt("press(\"led1"), partsAt("state(\"lcd1"), partsAt("read_pin(\"led1\", \"X"),
        file));
    // without its diagram the same test binary has no circuit: the part calls fail and say where it goes
    Path moved = dir.resolve("parts.diagram.json.off");
    Files.move(dir.resolve(file), moved);
    try {
      ProjectFlowTest.Proc n = ProjectFlowTest.cargo(dir, bin, "test", "--offline", "--test", "parts", "led_shows", "--", "--exact",
          "led_shows_the_pin");
      assertThat(n.exit()).isEqualTo(101);
      assertThat(n.out()).contains("""
          ---- led_shows_the_pin stdout ----
          panicked at tests/parts.rs:13:20:
          part::read_pin("led1", "A"): no circuit: this test binary has no diagram (put it beside the test's source, \
          tests/NAME.diagram.json for tests/NAME.rs, src/lib.diagram.json for the library's tests, or give avrkit run --diagram FILE)
          """);
    } finally {
      Files.move(moved, dir.resolve(file));
    }
  }

  @Test
  void hostTestsRunInAPlainCrateOfTheProject() throws Exception {
    // the README's command, in the crate's folder: the project's AVR target, rustflags and runner stay out of it
    ProjectFlowTest.Proc h = ProjectFlowTest.cargo(dir.resolve("logic"), bin, "test", "--offline", "--target", "x86_64-unknown-linux-gnu");
    assertThat(h.exit()).as(h.err()).isZero();
    assertThat(h.out()).contains("test tests::averages_without_overflow ... ok");
    assertThat(h.err()).contains("Running unittests src/lib.rs (target/x86_64-unknown-linux-gnu/debug/deps/logic-");
  }

  /** "tests/parts.rs:LINE:COLUMN" of the part call containing {@code code}. */
  static String partsAt(String code) throws java.io.IOException {
    List<String> src = Files.readAllLines(dir.resolve("tests/parts.rs"));
    for (int i = 0; i < src.size(); i++) {
      int c = src.get(i).indexOf("part::" + code);
      if (c >= 0) return "tests/parts.rs:" + (i + 1) + ":" + (c + 1);
    }
    throw new AssertionError("no " + code + " in parts.rs");
  }

  @Test
  void avrkitTestPrintsOneLinePerTest() throws Exception {
    // avrkit test runs cargo from PATH in the project, as a user would
    ProcessBuilder pb = new ProcessBuilder(bin.resolve("avrkit").toString(), "test", "-C", dir.toString())
        .redirectErrorStream(false);
    pb.environment().put("PATH", bin + ":/usr/bin:" + System.getenv("PATH"));
    pb.environment().put("AVRKIT_PACKS", CliRun.packs().toString());
    Process p = pb.start();
    p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isEqualTo(1);
    List<String> lines = out.lines().filter(l -> !l.startsWith("    ")).map(l -> l.replaceAll(" \\(\\d+ cycles\\)$", "")).toList();
    assertThat(lines).contains(
        "PASS on_chip    arithmetic_on_the_chip",
        "PASS board      tests::led_toggle_flips_the_pin",
        "PASS parts      button_press_lights_the_led",
        "FAIL parts      unknown_part",
        "PASS runner     adds",
        "FAIL runner     failing_assert",
        "PASS runner     expected_panic",
        "FAIL runner     hangs",
        "FAIL runner     watchdog_fires",
        "SKIP runner     ignored (ignored)");
    assertThat(out).contains("    crashed: watchdog reset at 0x", "    assertion `left == right` failed: x was 3\n");
    // (the circuit scenarios avrkit new ships for the board run first and count too)
    assertThat(lines.get(lines.size() - 1)).startsWith("FAILED: ").endsWith(" failed, 1 ignored");
  }
}
