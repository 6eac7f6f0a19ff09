package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.avrkit.codegen.project.NewProject;
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
 * The main job, end to end: {@code avrkit new} for a board, a build with Debian's rustc 1.63 +
 * rust-src (core built from source, offline), then the firmware on the simulated board: the blink
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

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void newBuildAndRunOnTheSimulatedBoard(String boardName, @TempDir Path tmp) throws Exception {
    Board b = Boards.named(boardName);
    Device d = catalog.device(b.device());
    Path dir = tmp.resolve("blinky");
    NewProject.Created c = NewProject.create(dir, ProjectTarget.of(b, d));
    for (String f : List.of("Cargo.toml", "rust-toolchain.toml", ".cargo/config.toml", "src/main.rs", "src/board.rs",
        "examples/hello.rs", "examples/millis.rs", "pac/Cargo.toml", "pac/src/lib.rs")) {
      assertThat(dir.resolve(f)).as(f).isRegularFile();
    }
    assertThat(Files.readString(dir.resolve(".cargo/config.toml")))
        .contains("runner = \"avrkit run --board " + boardName + "\"", "build-std = [\"core\"]", "target-cpu=" + d.name().toLowerCase());
    assertThat(c.examples()).containsExactly("hello", "millis");

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ProjectBuild.Result r;
    try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      r = ProjectBuild.build(Project.find(dir), d,
          new ProjectBuild.Options(true, null, ProjectBuild.ToolchainChoice.SYSTEM, cache), ps);
    } catch (RuntimeException e) {
      throw new AssertionError("build failed:\n" + log, e);
    }
    System.out.println(log);
    assertThat(r.toolchain()).contains("rustc 1.63");
    Map<String, SizeReport> byName = new java.util.HashMap<>();
    for (SizeReport s : r.sizes()) byName.put(s.elf().getFileName().toString(), s);
    assertThat(byName).containsOnlyKeys("blinky.elf", "hello.elf", "millis.elf");
    SizeReport blink = byName.get("blinky.elf");
    System.out.println("BLINK SIZE " + boardName + ": " + blink.line());
    assertThat(blink.flashUsed()).isBetween(200L, 1023L);
    assertThat(blink.fits()).isTrue();

    // a limit below the firmware's size is a clear failure
    SizeReport tooSmall = SizeReport.of(blink.elf(), 256, blink.ramLimit());
    assertThat(tooSmall.fits()).isFalse();
    assertThat(tooSmall.problem()).contains("blinky.elf does not fit", "256 B available");

    // blink: the LED toggles with a 1 s period (500 ms on, 500 ms off)
    SimResult s = simulate(b, d, blink.elf(), 3.6);
    assertThat(s.rising()).as("rising edges of the LED pin " + b.led()).hasSizeGreaterThanOrEqualTo(3);
    for (int i = 1; i < s.rising().size(); i++) {
      assertThat(s.rising().get(i) - s.rising().get(i - 1)).as("blink period").isCloseTo(1.0, within(0.01));
    }

    // hello: prints its line, then stops normally
    SimResult h = simulate(b, d, byName.get("hello.elf").elf(), 1.0);
    assertThat(h.console()).isEqualTo(c.helloLine() + "\r\n");
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
      assertThat(hr.out()).isEqualTo(c.helloLine() + "\r\n");
      CliRun mr = CliRun.run(ProjectCommandsTest.cache(), "run", byName.get("millis.elf").elf().toString(),
          "--board", boardName, "--port", link.toString(), "--seconds", "5");
      assertThat(mr.exit()).as(mr.err()).isZero();
      assertThat(mr.out()).startsWith("millis: 1000\r\nmillis: 2000\r\nmillis: 3000\r\n");
    }
  }
}
