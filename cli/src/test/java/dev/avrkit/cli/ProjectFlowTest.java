package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.avrkit.codegen.AvrCore;
import dev.avrkit.codegen.project.Project;
import dev.avrkit.codegen.project.ProjectBuild;
import dev.avrkit.codegen.project.ProjectTarget;
import dev.avrkit.codegen.project.SizeReport;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.UartConsole;
import dev.avrkit.vboard.VirtualBoard;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The main job, end to end: {@code avrkit new} for a board, then plain {@code cargo build} and
 * {@code cargo run} with Debian's cargo/rustc 1.96 (rustc-web) + rust-src: the built-in avr-none
 * target with the chip as target-cpu, core built from source into the sysroot cache, offline, {@code avrkit build}, then the firmware on the simulated board: the blink
 * toggles the LED pin with a 1 s period, hello prints its line, millis keeps time through its
 * timer interrupt; then avrkit flashes hello and millis to the virtual board (a pty running the
 * firmware in the simulator) and the same lines come out of its port.
 */
class ProjectFlowTest {
  static Path cache;
  static DeviceCatalog catalog;

  @BeforeAll
  static void setUp() throws Exception {
    cache = ProjectCommandsTest.cache().resolve("rust-sysroot");
    Files.createDirectories(cache);
    catalog = DeviceCatalog.of(List.of(CliRun.packs()));
  }

  /** One simulated run: console text with the simulated time of each line end, LED edges, stop. */
  record SimResult(String console, List<Double> lineTimes, List<Double> rising, RunResult result) {}

  static SimResult simulate(Board b, Device d, Path elf, double seconds) {
    StringBuilder text = new StringBuilder();
    List<Double> lineTimes = new ArrayList<>();
    List<Double> rising = new ArrayList<>();
    Machine[] mm = new Machine[1];
    UartConsole console = new UartConsole() {
      @Override
      public void transmit(String uart, int c) {
        assertThat(uart).isEqualTo(b.console().usart());
        text.append((char) c);
        if (c == '\n') lineTimes.add(mm[0].seconds());
      }

      @Override
      public int receive(String uart) {
        return EOF;
      }
    };
    Machine.Builder mb = Machine.builder(d).console(console).clockHz(b.clockHz());
    b.fuses().forEach(mb::fuse);
    Machine m = mb.build();
    mm[0] = m;
    int[] last = {-1};
    m.addPinListener((port, bit, level, cycle) -> {
      if (port.equals(b.led().portName()) && bit == b.led().bit()) {
        if (level == 1 && last[0] == 0) rising.add(m.seconds());
        last[0] = level;
      }
    });
    m.load(FirmwareImage.load(elf));
    RunResult r;
    do {
      long left = (long) Math.ceil((seconds - m.seconds()) * m.clockHz());
      r = m.run(Math.max(1, Math.min(left, m.clockHz() / 100)));
    } while (r.reason() == dev.avrkit.sim.StopReason.CYCLE_LIMIT && m.seconds() < seconds);
    return new SimResult(text.toString(), lineTimes, rising, r);
  }

  /** A finished process: exit code and what it printed. */
  record Proc(int exit, String out, String err) {}

  /**
   * A folder with an {@code avrkit} command (this build's classes, the test packs and sysroot
   * cache), for cargo's runner.
   */
  static Path avrkitBin(Path tmp) throws Exception {
    Path bin = tmp.resolve("bin");
    Files.createDirectories(bin);
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path script = bin.resolve("avrkit");
    Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 '-Davrkit.cacheDir="
        + ProjectCommandsTest.cache() + "' -cp '" + cp + "' dev.avrkit.cli.Main \"$@\"\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();
    return bin;
  }

  /** Debian's cargo run directly in {@code dir}, with {@code bin} and /usr/bin first on PATH. */
  static Proc cargo(Path dir, Path bin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/cargo"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir.getParent(), "cargo", ".out");
    Path err = Files.createTempFile(dir.getParent(), "cargo", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("PATH", bin + ":/usr/bin:" + System.getenv("PATH"));
    pb.environment().put("AVRKIT_PACKS", CliRun.packs().toString());
    Process p = pb.start();
    if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("cargo " + String.join(" ", args) + " did not finish in 300 s");
    }
    return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** avr-size's text + data of an ELF: what goes into flash. */
  static long avrSizeFlash(Path elf) throws Exception {
    Process p = new ProcessBuilder("avr-size", "--format=berkeley", elf.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    String[] f = out.lines().skip(1).findFirst().orElseThrow().trim().split("\\s+");
    return Long.parseLong(f[0]) + Long.parseLong(f[1]);
  }

  /**
   * The size goal: the project's blink built with {@code cargo build --release} (LTO) against the
   * same blink in C (test resources size/blink.c + start.S: avr-gcc -Os, its own start-up and
   * vector table, libgcc's copy loops only when needed), built now with the register addresses
   * and values from the device model: Rust at most 1.1 times C. Both blink on the simulated board.
   */
  static void releaseBlinkNearC(Path dir, Path bin, Board b, Device d, Path tmp) throws Exception {
    Proc rel = cargo(dir, bin, "build", "--offline", "--release", "--bin", "blinky");
    assertThat(rel.exit()).as(rel.err()).isZero();
    assertThat(rel.err()).doesNotContain("warning");
    Path rustElf = dir.resolve("target/avr-none/release/blinky.elf");
    Path c = tmp.resolve("c-blink");
    Files.createDirectories(c);
    for (String f : List.of("blink.c", "start.S")) {
      try (var in = ProjectFlowTest.class.getResourceAsStream("/size/" + f)) {
        Files.copy(in, c.resolve(f));
      }
    }
    var clk = d.peripheral("CLKCTRL").orElseThrow().register("MCLKCTRLB").orElseThrow();
    long pen = clk.register().fields().stream().filter(f -> f.name().equals("PEN")).findFirst().orElseThrow().mask();
    var port = d.peripheral(b.led().portName()).orElseThrow();
    long ramEnd = d.memory().ramStart() + d.memory().ramSize() - 1;
    List<String> cmd = new ArrayList<>(List.of("avr-gcc", "-mmcu=" + AvrCore.of(d).gccArch(), "-nostartfiles", "-Os",
        "-DVECTORS=" + d.vectorCount(), "-DRAMEND=0x" + Long.toHexString(ramEnd),
        "-DCCP=0x" + Long.toHexString(d.peripheral("CPU").orElseThrow().register("CCP").orElseThrow().address()),
        "-DMCLKCTRLB=0x" + Long.toHexString(clk.address()),
        "-DMCLKCTRLB_VALUE=0x" + Long.toHexString(clk.register().initialValue().orElse(0L) & ~pen),
        "-DLED_DIRSET=0x" + Long.toHexString(port.register("DIRSET").orElseThrow().address()),
        "-DLED_OUTTGL=0x" + Long.toHexString(port.register("OUTTGL").orElseThrow().address()),
        "-DLED_MASK=" + (1 << b.led().bit()), "-DLOOPS_PER_MS=" + b.clockHz() / 4000));
    cmd.addAll(dev.avrkit.codegen.LinkerArgs.of(d).args().stream().filter(a -> a.startsWith("-Wl,--defsym")).toList());
    cmd.addAll(List.of("start.S", "blink.c", "-o", "blink-c.elf"));
    Process p = new ProcessBuilder(cmd).directory(c.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
    Path cElf = c.resolve("blink-c.elf");
    long rust = avrSizeFlash(rustElf);
    long cSize = avrSizeFlash(cElf);
    System.out.printf("[size] %s blink, flash: Rust (cargo build --release) %d B, C (avr-gcc -Os, own start-up) %d B: %.2fx%n",
        b.name(), rust, cSize, (double) rust / cSize);
    for (Path elf : List.of(rustElf, cElf)) {
      SimResult s = simulate(b, d, elf, 2.6);
      assertThat(s.rising()).as("LED edges of " + elf.getFileName()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(s.rising().get(1) - s.rising().get(0)).as("blink period of " + elf).isCloseTo(1.0, within(0.01));
    }
    assertThat((double) rust).as("Rust %d B vs C %d B", rust, cSize).isLessThanOrEqualTo(1.1 * cSize);
  }

  /**
   * {@code avrkit new}, then plain {@code cargo build} and {@code cargo run} with Debian's cargo
   * 1.96 in the project (no avrkit in between but the runner), then avrkit build and the
   * firmware on the simulated and the virtual board.
   */
  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void newThenCargoBuildAndRunOnTheSimulatedBoard(String boardName, @TempDir Path tmp) throws Exception {
    Board b = Boards.named(boardName);
    Device d = catalog.device(b.device());
    String helloLine = "Hello from the " + ProjectTarget.of(b, d).title() + "!";
    Path dir = tmp.resolve("blinky");
    CliRun n = CliRun.run(ProjectCommandsTest.cache(), "new", dir.toString(), "--board", boardName);
    assertThat(n.exit()).as(n.err()).isZero();
    String cpu = d.name().toLowerCase(java.util.Locale.ROOT);
    String arch = AvrCore.of(d).gccArch();
    for (String f : List.of("Cargo.toml", "rust-toolchain.toml", ".cargo/config.toml",
        "src/main.rs", "src/board.rs", "examples/hello.rs", "examples/millis.rs", "pac/Cargo.toml", "pac/src/lib.rs")) {
      assertThat(dir.resolve(f)).as(f).isRegularFile();
    }
    assertThat(n.out()).contains("cargo config for rustc 1.96", "target avr-none -C target-cpu=" + cpu,
        "next: cd " + dir + " && cargo build && cargo run");
    String config = Files.readString(dir.resolve(".cargo/config.toml"));
    assertThat(config).contains("runner = \"avrkit run --board " + boardName + "\"", "target = \"avr-none\"",
        "\"target-cpu=" + cpu + "\"", "rustc = \"/usr/bin/rustc\"", "\"--sysroot\", \"" + cache, "\"link-arg=-lc\"",
        "RUSTC_BOOTSTRAP = \"1\"").doesNotContain("[unstable]", "build-std", "link-arg=-mmcu");
    assertThat(Files.readString(dir.resolve("rust-toolchain.toml"))).contains("path = \"/usr\"").doesNotContain("nightly");

    // plain cargo build: the blink
    Path bin = avrkitBin(tmp);
    Proc cb = cargo(dir, bin, "build", "--offline");
    assertThat(cb.exit()).as(cb.err()).isZero();
    assertThat(cb.err()).doesNotContain("warning");
    Path elf = dir.resolve("target/avr-none/debug/blinky.elf");
    assertThat(elf).isRegularFile();
    byte[] hdr = Files.readAllBytes(elf);
    assertThat(new String(hdr, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
    assertThat((hdr[18] & 0xFF) | (hdr[19] & 0xFF) << 8).as("e_machine").isEqualTo(83);
    // e_flags' low 7 bits: the avr-gcc architecture the linker was given (avrxmega3 = 103, avr5 = 5)
    assertThat(hdr[36] & 0x7F).as("e_flags arch").isEqualTo(arch.equals("avrxmega3") ? 103 : 5);
    assertThat(arch).isIn("avrxmega3", "avr5");

    // plain cargo run: the runner (avrkit run) finds no board and runs hello on the simulated one
    Proc cr = cargo(dir, bin, "run", "--offline", "--example", "hello");
    assertThat(cr.exit()).as(cr.err()).isZero();
    assertThat(cr.err()).contains("Running `avrkit run --board " + boardName + " target/avr-none/debug/examples/hello.elf`",
        "running hello.elf on the simulated " + boardName);
    assertThat(cr.out()).isEqualTo(helloLine + "\r\n");

    // avrkit build runs the same cargo in the project: same ELFs, plus the size report
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ProjectBuild.Result r;
    try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      r = ProjectBuild.build(Project.find(dir), d, ProjectBuild.Options.defaults(), ps);
    } catch (RuntimeException e) {
      throw new AssertionError("build failed:\n" + log, e);
    }
    System.out.println(log);
    assertThat(r.toolchain()).contains("rustc 1.96", "avr-none -C target-cpu=" + cpu);
    Map<String, SizeReport> byName = new java.util.HashMap<>();
    for (SizeReport s : r.sizes()) byName.put(s.elf().getFileName().toString(), s);
    assertThat(byName).containsKeys("blinky.elf", "hello.elf", "millis.elf", "serial.elf", "button.elf", "pwm.elf");
    SizeReport blink = byName.get("blinky.elf");
    assertThat(r.firmware()).isEqualTo(elf);
    assertThat(blink.flashUsed()).as("flash use against avr-size").isEqualTo(avrSizeFlash(elf));
    System.out.println("BLINK SIZE " + boardName + ": " + blink.line());
    assertThat(blink.flashUsed()).isBetween(100L, 1023L);
    assertThat(blink.fits()).isTrue();

    if (boardName.equals("nano-every")) releaseBlinkNearC(dir, bin, b, d, tmp);

    // a limit below the firmware's size is a clear failure
    long limit = blink.flashUsed() - 1;
    SizeReport tooSmall = SizeReport.of(blink.elf(), limit, blink.ramLimit());
    assertThat(tooSmall.fits()).isFalse();
    assertThat(tooSmall.problem()).contains("blinky.elf does not fit", limit + " B available");

    // blink: the LED toggles with a 1 s period (500 ms on, 500 ms off)
    SimResult s = simulate(b, d, blink.elf(), 3.6);
    assertThat(s.rising()).as("rising edges of the LED pin " + b.led()).hasSizeGreaterThanOrEqualTo(3);
    for (int i = 1; i < s.rising().size(); i++) {
      assertThat(s.rising().get(i) - s.rising().get(i - 1)).as("blink period").isCloseTo(1.0, within(0.01));
    }

    // hello: prints its line, then stops normally
    SimResult h = simulate(b, d, byName.get("hello.elf").elf(), 1.0);
    assertThat(h.console()).isEqualTo(helloLine + "\r\n");
    assertThat(h.result().reason().normal()).as(h.result().summary()).isTrue();

    // millis: the TCB0 / TIMER0 interrupt counts milliseconds; a line every second
    SimResult mi = simulate(b, d, byName.get("millis.elf").elf(), 3.5);
    assertThat(mi.console()).isEqualTo("millis: 1000\r\nmillis: 2000\r\nmillis: 3000\r\n");
    for (int i = 0; i < 3; i++) {
      // the line ends ~14 characters after the second is reached: 1.2 ms at 115200 baud
      assertThat(mi.lineTimes().get(i)).as("end of line " + (i + 1)).isCloseTo(i + 1.0, within(0.01));
    }

    // the same firmware flashed by avrkit to the virtual board (pty), its output read on the port
    Path link = tmp.resolve("port");
    try (VirtualBoard vb = VirtualBoard.start(boardName, catalog, VirtualBoard.Options.at(link))) {
      CliRun hr = CliRun.run(ProjectCommandsTest.cache(), "run", byName.get("hello.elf").elf().toString(),
          "--board", boardName, "--port", link.toString(), "--seconds", "1.5");
      assertThat(hr.exit()).as(hr.err()).isZero();
      assertThat(hr.err()).contains("flashing hello.elf to " + boardName, "flash: " + byName.get("hello.elf").flashUsed() + " bytes verified");
      assertThat(hr.out()).isEqualTo(helloLine + "\r\n");
      CliRun mr = CliRun.run(ProjectCommandsTest.cache(), "run", byName.get("millis.elf").elf().toString(),
          "--board", boardName, "--port", link.toString(), "--seconds", "5");
      assertThat(mr.exit()).as(mr.err()).isZero();
      assertThat(mr.out()).startsWith("millis: 1000\r\nmillis: 2000\r\nmillis: 3000\r\n");
    }
  }
}
