package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples of a new project on both boards, as a user runs them: {@code avrkit new}, then
 * {@code avrkit test --release} in the project builds every example once and runs every circuit
 * scenario (and the on-target tests); all pass. A scenario that must fail fails (a screenshot one
 * pixel off, a boot count without the reset). No example links core's panic machinery unless its
 * source calls unwrap/expect (checked on the ELFs' symbols with avr-nm, and shown to catch an
 * unwrap). The flash size of every example is reported. One project per board, shared by the tests.
 */
class ExamplesTest {
  @TempDir static Path tmp;
  static Path bin;
  private static final Map<String, Built> built = new LinkedHashMap<>();

  /** A new project for the board after {@code avrkit test --release}: its folder, output and exit code. */
  record Built(Path dir, String out, String err, int exit) {}

  static synchronized Built project(String board) throws Exception {
    Built b = built.get(board);
    if (b != null) return b;
    if (bin == null) bin = ProjectFlowTest.avrkitBin(tmp);
    Path dir = tmp.resolve(board);
    CliRun n = CliRun.run(ProjectCommandsTest.cache(), "new", dir.toString(), "--board", board);
    // needs a Rust toolchain avrkit new can set up for avr-none (ProjectFlowTest fails when there is none)
    Assumptions.assumeTrue(n.exit() == 0 && Files.readString(dir.resolve(".cargo/config.toml")).contains("target = \"avr-none\""),
        "avrkit new did not set up rustc's avr-none target: " + n.out() + n.err());
    ProjectFlowTest.Proc t = avrkit(dir, "test", "--release", "-C", dir.toString());
    b = new Built(dir, t.out(), t.err(), t.exit());
    built.put(board, b);
    return b;
  }

  /** The avrkit command of this build, run in {@code dir} with cargo from /usr/bin on PATH, as a user would. */
  static ProjectFlowTest.Proc avrkit(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(bin.resolve("avrkit").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "avrkit", ".out");
    Path err = Files.createTempFile(tmp, "avrkit", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("PATH", bin + ":/usr/bin:" + System.getenv("PATH"));
    pb.environment().put("AVRKIT_PACKS", CliRun.packs().toString());
    Process p = pb.start();
    if (!p.waitFor(900, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("avrkit " + String.join(" ", args) + " did not finish in 900 s");
    }
    return new ProjectFlowTest.Proc(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Program name (main or an example) to its release ELF. */
  static Map<String, Path> elves(Path dir) throws Exception {
    Map<String, Path> m = new LinkedHashMap<>();
    String pkg = Files.readString(dir.resolve("Cargo.toml")).replaceAll("(?s).*?\\nname = \"([^\"]+)\".*", "$1");
    m.put("main", dir.resolve("target/avr-none/release/" + pkg + ".elf"));
    try (Stream<Path> s = Files.list(dir.resolve("examples"))) {
      for (Path f : s.sorted().toList()) {
        String name = f.getFileName().toString().replace(".rs", "");
        m.put(name, dir.resolve("target/avr-none/release/examples/" + name + ".elf"));
      }
    }
    return m;
  }

  /** Where the program's source is. */
  static Path source(Path dir, String program) {
    return program.equals("main") ? dir.resolve("src/main.rs") : dir.resolve("examples/" + program + ".rs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void avrkitTestRunsEveryExamplesScenarioAndAllPass(String board) throws Exception {
    Built b = project(board);
    assertThat(b.exit()).as(b.out() + b.err()).isZero();
    List<String> programs = new ArrayList<>();
    int scenarios = 0;
    try (Stream<Path> dirs = Files.list(b.dir().resolve("circuits"))) {
      for (Path d : dirs.sorted().toList()) {
        programs.add(d.getFileName().toString());
        try (Stream<Path> f = Files.list(d)) {
          for (Path s : f.filter(x -> x.toString().endsWith(".test.yaml")).toList()) {
            scenarios++;
            assertThat(b.out()).as(b.out()).containsPattern("PASS " + d.getFileName() + " +circuits/" + d.getFileName() + "/"
                + s.getFileName().toString().replace(".", "\\.") + " ");
          }
        }
      }
    }
    // every example of the project has a circuit
    assertThat(programs).containsAll(List.of("main", "hello", "millis", "serial", "button", "pwm", "adc", "i2c-scan", "i2c-rtc",
        "spi", "eeprom", "oled", "watchdog", "sleep"));
    assertThat(programs).containsExactlyInAnyOrderElementsOf(elves(b.dir()).keySet());
    assertThat(b.out()).doesNotContain("FAIL").containsPattern("ok: \\d+ passed, 0 failed");
    assertThat(b.out().lines().filter(l -> l.startsWith("PASS ") && l.contains("circuits/")).count()).isEqualTo(scenarios);
    // the examples build without warnings
    assertThat(b.err()).doesNotContain("warning:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void scenariosThatMustFailFail(String board) throws Exception {
    Built b = project(board);
    Assumptions.assumeTrue(b.exit() == 0, "the examples did not build and pass");
    Map<String, Path> elf = elves(b.dir());
    // the OLED's screenshot with one pixel changed
    Path circuit = b.dir().resolve("circuits/oled");
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(circuit.resolve("oled.png").toFile());
    png.setRGB(0, 0, png.getRGB(0, 0) ^ 0xFFFFFF);
    Path wrong = tmp.resolve(board + "-wrong.png");
    javax.imageio.ImageIO.write(png, "png", wrong.toFile());
    Path scenario = tmp.resolve(board + "-oled-wrong.test.yaml");
    Files.writeString(scenario, Files.readString(circuit.resolve("oled.test.yaml")).replace("oled.png", wrong.toString()));
    CliRun r = CliRun.run(ProjectCommandsTest.cache(), "sim", elf.get("oled").toString(), "--diagram",
        circuit.resolve("diagram.json").toString(), "--scenario", scenario.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.err()).contains("failed at step 2 (take-screenshot oled1", "1 pixels differ from " + wrong + ", the first at x=0 y=0");
    // the boot counter without the reset never reaches 2 (it ends after printing: the run stops)
    Path eeprom = b.dir().resolve("circuits/eeprom");
    Path noReset = tmp.resolve(board + "-no-reset.test.yaml");
    Files.writeString(noReset, Files.readString(eeprom.resolve("eeprom.test.yaml")).replaceAll("(?m)^.*set-control.*\\n", ""));
    CliRun n = CliRun.run(ProjectCommandsTest.cache(), "sim", elf.get("eeprom").toString(), "--diagram",
        eeprom.resolve("diagram.json").toString(), "--scenario", noReset.toString(), "--timeout", "500");
    assertThat(n.exit()).as(n.out() + n.err()).isEqualTo(1);
    assertThat(n.err()).contains("failed at step 2 (wait-serial \"boot count: 2\"", "| boot count: 1");
  }

  /** cargo run (avrkit run with the ELF and --board) uses the program's circuit, as avrkit run alone does. */
  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void cargoRunUsesTheExamplesCircuit(String board) throws Exception {
    Built b = project(board);
    Assumptions.assumeTrue(b.exit() == 0, "the examples did not build and pass");
    ProjectFlowTest.Proc rtc = ProjectFlowTest.cargo(b.dir(), bin, "run", "--offline", "--release", "--example", "i2c-rtc", "--",
        "--seconds", "2.5", "--fast");
    assertThat(rtc.exit()).as(rtc.err()).isZero();
    assertThat(rtc.err()).contains("in the circuit circuits/i2c-rtc/diagram.json");
    assertThat(rtc.out()).isEqualTo("2026-12-02 12:34:56\r\n2026-12-02 12:34:57\r\n2026-12-02 12:34:58\r\n");
    ProjectFlowTest.Proc blink = ProjectFlowTest.cargo(b.dir(), bin, "run", "--offline", "--release", "--", "--seconds", "1.2", "--fast");
    assertThat(blink.exit()).as(blink.err()).isZero();
    // the LED through its resistor: on, off, on (a 1 Hz blink is no PWM)
    assertThat(blink.err().lines().filter(l -> l.contains("] led1 ")).map(l -> l.replaceAll("^\\[ *[0-9.]+ s\\] ", "")).toList())
        .containsExactly("led1 on", "led1 off", "led1 on");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void noExampleLinksThePanicMachineryUnlessItUnwraps(String board) throws Exception {
    Built b = project(board);
    Assumptions.assumeTrue(b.exit() == 0, "the examples did not build and pass");
    StringBuilder sizes = new StringBuilder("[size] " + board + " release flash:");
    for (var e : elves(b.dir()).entrySet()) {
      String src = Files.readString(source(b.dir(), e.getKey()));
      assertThat(src).as(e.getKey()).doesNotContain(".unwrap()", ".expect(");
      assertThat(panicking(e.getValue())).as("core::panicking symbols in " + e.getKey()).isEmpty();
      sizes.append(' ').append(e.getKey()).append('=').append(ProjectFlowTest.avrSizeFlash(e.getValue()));
    }
    System.out.println(sizes);
    // the check finds them when a program unwraps: the eeprom example with one unwrap
    Path dir = b.dir();
    String eeprom = Files.readString(source(dir, "eeprom"));
    String unwrapping = eeprom.replace("let boots = ", "let boots = core::num::NonZeroU16::new(stored).unwrap().get() + 0 * ");
    assertThat(unwrapping).isNotEqualTo(eeprom);
    Files.writeString(dir.resolve("examples/unwraps.rs"), unwrapping);
    try {
      ProjectFlowTest.Proc c = ProjectFlowTest.cargo(dir, bin, "build", "--offline", "--release", "--example", "unwraps");
      assertThat(c.exit()).as(c.err()).isZero();
      assertThat(panicking(dir.resolve("target/avr-none/release/examples/unwraps.elf"))).isNotEmpty();
    } finally {
      Files.delete(dir.resolve("examples/unwraps.rs"));
    }
  }

  /** The symbols of core::panicking in an ELF (avr-nm; Rust's mangled names keep the path). */
  static List<String> panicking(Path elf) throws Exception {
    Process p = new ProcessBuilder("avr-nm", elf.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).as("symbols of " + elf).contains("4main"); // (the file has its symbols)
    return out.lines().filter(l -> l.contains("panicking")).toList();
  }

  /**
   * C equivalents of adc and i2c-rtc (test resources examples-c/, avr-gcc -Os; on the ATmega4809
   * with the register addresses from the device model and avrkit's crt4809.S start-up) pass the
   * same scenarios; their flash sizes beside the Rust examples' are reported.
   */
  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void cEquivalentsOfAdcAndI2cRtcPassTheSameScenarios(String board) throws Exception {
    Built b = project(board);
    Assumptions.assumeTrue(b.exit() == 0, "the examples did not build and pass");
    dev.avrkit.device.board.Board bd = dev.avrkit.device.board.Boards.named(board);
    dev.avrkit.device.Device d = dev.avrkit.device.DeviceCatalog.fromEnvironment().device(bd.device());
    Path c = tmp.resolve(board + "-c");
    Files.createDirectories(c);
    for (String f : List.of("console.h", "adc.c", "i2c_rtc.c")) {
      try (var in = ExamplesTest.class.getResourceAsStream("/examples-c/" + f)) {
        Files.copy(in, c.resolve(f));
      }
    }
    List<String> base = new ArrayList<>(List.of("avr-gcc", "-Os", "-DF_CPU=" + bd.clockHz() + "UL"));
    if (d.architecture() == dev.avrkit.device.Architecture.AVR8X) {
      base.addAll(List.of("-mmcu=" + dev.avrkit.codegen.AvrCore.of(d).gccArch(), "-nostartfiles"));
      for (String r : List.of("CPU.CCP", "CLKCTRL.MCLKCTRLB", "PORTMUX.USARTROUTEA", "PORTB.DIRSET", "USART3.BAUD", "USART3.CTRLB",
          "USART3.STATUS", "USART3.TXDATAL", "PORTD.PIN3CTRL", "ADC0.CTRLA", "ADC0.CTRLC", "ADC0.MUXPOS", "ADC0.COMMAND",
          "ADC0.INTFLAGS", "ADC0.RES", "TWI0.MCTRLA", "TWI0.MCTRLB", "TWI0.MSTATUS", "TWI0.MBAUD", "TWI0.MADDR", "TWI0.MDATA")) {
        String[] pr = r.split("\\.");
        long a = d.peripheral(pr[0]).orElseThrow().register(pr[1]).orElseThrow().address();
        base.add("-D" + pr[0] + "_" + pr[1] + "=0x" + Long.toHexString(a));
      }
      var clk = d.peripheral("CLKCTRL").orElseThrow().register("MCLKCTRLB").orElseThrow();
      long pen = clk.register().fields().stream().filter(f -> f.name().equals("PEN")).findFirst().orElseThrow().mask();
      base.add("-DCLKCTRL_MCLKCTRLB_VALUE=0x" + Long.toHexString(clk.register().initialValue().orElse(0L) & ~pen));
      var mux = d.peripheral("PORTMUX").orElseThrow().register("USARTROUTEA").orElseThrow().register().fields().stream()
          .filter(f -> f.name().equals("USART3")).findFirst().orElseThrow();
      long alt1 = mux.values().orElseThrow().byName("ALT1").orElseThrow().value();
      base.add("-DUSART3_ROUTE=0x" + Long.toHexString((alt1 << mux.shift()) & mux.mask()));
      base.addAll(dev.avrkit.codegen.LinkerArgs.of(d).args().stream().filter(a -> a.startsWith("-Wl,--defsym")).toList());
      base.add("-Wl,--defsym=__stack=0x" + Long.toHexString(0x800000L + d.memory().ramStart() + d.memory().ramSize() - 1));
      base.add(Path.of(System.getProperty("avrkit.repo", ".")).resolve("sim/src/main/resources/dev/avrkit/sim/bench/crt4809.S")
          .toAbsolutePath().normalize().toString());
    } else {
      base.add("-mmcu=" + d.name().toLowerCase(java.util.Locale.ROOT));
    }
    Map<String, Path> rust = elves(b.dir());
    StringBuilder sizes = new StringBuilder("[size] " + board + " C (avr-gcc -Os) vs Rust (release):");
    for (String ex : List.of("adc", "i2c-rtc")) {
      Path elf = c.resolve(ex + ".elf");
      List<String> cmd = new ArrayList<>(base);
      cmd.addAll(List.of("-o", elf.toString(), c.resolve(ex.replace('-', '_') + ".c").toString()));
      Process p = new ProcessBuilder(cmd).directory(c.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
      Path circuit = b.dir().resolve("circuits/" + ex);
      CliRun r = CliRun.run(ProjectCommandsTest.cache(), "sim", elf.toString(), "--diagram", circuit.resolve("diagram.json").toString(),
          "--scenario", circuit.resolve(ex + ".test.yaml").toString());
      assertThat(r.exit()).as("the C " + ex + " in the example's scenario: " + r.out() + r.err()).isZero();
      long cs = ProjectFlowTest.avrSizeFlash(elf), rs = ProjectFlowTest.avrSizeFlash(rust.get(ex));
      sizes.append(String.format(java.util.Locale.ROOT, " %s C %d B, Rust %d B (%.2fx);", ex, cs, rs, (double) rs / cs));
      // loosely: the HAL's bounded waits, error values and Out trait cost something, not a multiple
      assertThat((double) rs).as("%s: Rust %d B vs C %d B", ex, rs, cs).isLessThanOrEqualTo(2.0 * cs);
    }
    System.out.println(sizes);
  }
}
