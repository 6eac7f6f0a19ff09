package dev.avrkit.cli;

import dev.avrkit.codegen.project.Project;
import dev.avrkit.codegen.project.ProjectBuild;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.image.ElfFile;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.program.Connection;
import dev.avrkit.program.FlashPipeline;
import dev.avrkit.program.Progress;
import dev.avrkit.program.SerialPorts;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.SimRun;
import dev.avrkit.sim.UartConsole;
import dev.avrkit.sim.test.TestFirmware;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code avrkit run}: the cargo runner; flashes a connected board, else runs the simulated one. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs firmware: flashes the board when one is connected (found by USB ID, or --port) and " +
        "shows its console; otherwise, or with --sim, runs it on the simulated board and shows the " +
        "LED changes (stderr) and console output (stdout). Without FIRMWARE it builds the project " +
        "in the current folder first (like cargo run). It is the projects' cargo runner. A test " +
        "binary (cargo test) runs its tests on the simulated board, one reset each, and takes " +
        "libtest's arguments after it: NAME filters, --exact, --ignored, --include-ignored, --list, " +
        "--nocapture, --timeout-cycles N.")
public final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "FIRMWARE", description = "ELF to run (cargo passes it); default: build the project here")
  Path firmware;

  @Option(names = "--board", paramLabel = "BOARD", description = "nano-every, uno or nano (default: the project's)")
  String board;

  @Option(names = "--device", paramLabel = "DEVICE", description = "a bare device (simulation only)")
  String device;

  @Option(names = "--sim", description = "simulate even when a board is connected")
  boolean sim;

  @Option(names = {"-P", "--port"}, paramLabel = "PORT", description = "the board's serial port (default: found by USB ID)")
  String port;

  @Option(names = "--example", paramLabel = "NAME", description = "build and run this example of the project")
  String example;

  @Option(names = "--release", description = "build with the release profile")
  boolean release;

  @Option(names = "--seconds", paramLabel = "S", description = "stop after S seconds of (simulated) time; default: until Ctrl-C or the firmware stops")
  Double seconds;

  @Option(names = "--fast", description = "simulate as fast as possible instead of in real time")
  boolean fast;

  @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1",
      description = "simulated seconds per wall-clock second: 1 = real time (default), 0.1 = slow motion, 10 = fast-forward")
  double speed;

  @Option(names = "--diagram", paramLabel = "diagram.json",
      description = "the circuit around the simulated board (default: the project's circuits/PROGRAM/diagram.json,"
          + " else its diagram.json); parts' events (LED on/off, display updated) go to stderr")
  Path diagram;

  @Option(names = "--force", description = "simulate an image whose architecture does not suit the device"
      + " (refused by default, as avrkit flash refuses it)")
  boolean force;

  /** After a test binary: libtest's arguments (cargo test passes NAME filters and what follows --). */
  @Unmatched
  List<String> testArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new AvrkitException("--speed " + speed + ": give a factor above 0 (1 = real time, 0.1 = slow motion,"
          + " 10 = fast-forward), or --fast to simulate as fast as it goes");
    }
    if (seconds != null && (!(seconds > 0) || Double.isInfinite(seconds))) {
      throw new AvrkitException("--seconds " + seconds + ": give a time above 0 in seconds (--seconds 2.5), or leave"
          + " it out to run until Ctrl-C");
    }
    DeviceCatalog cat = DeviceCatalog.fromEnvironment();
    Optional<Project> project = Optional.empty();
    if (firmware == null || (board == null && device == null)) {
      try {
        project = Optional.of(Project.find(Path.of(".")));
      } catch (AvrkitException e) {
        if (firmware == null) throw e;
      }
    }
    final Optional<Project> proj = project;
    String boardName = board != null ? board : device != null ? null : project.flatMap(Project::board).orElse(null);
    Optional<Board> b = Optional.ofNullable(boardName).map(Boards::named);
    String devName = device != null ? device : b.map(Board::device).or(() -> proj.map(Project::device))
        .orElseThrow(() -> new AvrkitException("say which board or device: --board nano-every, --board uno or --device NAME"));
    Device d = cat.device(devName);
    if (b.isPresent() && !b.get().device().equalsIgnoreCase(d.name())) {
      throw new AvrkitException("--board " + b.get().name() + " carries a " + b.get().device() + ", not a " + d.name());
    }
    if (firmware == null) {
      ProjectBuild.Result r = ProjectBuild.build(project.orElseThrow(), d,
          new ProjectBuild.Options(release, example), System.err);
      firmware = r.firmware();
    } else if (!Files.isRegularFile(firmware)) {
      throw new AvrkitException(firmware + ": no such file; give the firmware ELF (cargo run passes it)");
    }
    if (isTestBinary(firmware)) {
      if (proj.isEmpty() && diagram == null) {
        // the circuit of the tests comes from the project (cargo test runs them in its folder)
        try {
          project = Optional.of(Project.find(Path.of(".")));
        } catch (AvrkitException e) {
          // a test binary outside a project: no circuit
        }
      }
      ImageArchitecture.check(firmware, d, force);
      long clock = b.map(Board::clockHz).orElse(16_000_000L);
      Path projectDir = project.map(Project::dir).orElse(null);
      Optional<Path> dg = diagram != null ? Optional.of(diagram) : TestBinaries.diagramFor(firmware, projectDir)
          .map(p -> Path.of("").toAbsolutePath().relativize(p));
      return TestBinaries.runOne(firmware, d, clock, b.map(Board::fuses).orElse(java.util.Map.of()), dg, testArgs,
          System.out);
    }
    if (!testArgs.isEmpty()) {
      throw new AvrkitException("unknown argument(s) " + String.join(" ", testArgs) + " for " + firmware.getFileName()
          + " (only test binaries take more arguments); see avrkit run --help");
    }
    if (!sim && b.isPresent()) {
      Optional<String> p = Optional.ofNullable(port).or(() -> connected(b.get()));
      if (p.isPresent()) return flashAndMonitor(d, b.get(), p.get());
      System.err.println("avrkit: no " + b.get().name() + " connected (USB " + b.get().usbIds().stream().map(Object::toString)
          .reduce((x, y) -> x + ", " + y).orElse("-") + "): running on the simulated board");
    }
    ImageArchitecture.check(firmware, d, force);
    return simulate(d, b, proj.isPresent() || diagram != null ? proj : projectAround(firmware));
  }

  /** A path below the current folder relative to it (shorter messages), else as it is. */
  private static Path relative(Path p) {
    Path here = Path.of("").toAbsolutePath();
    Path a = p.toAbsolutePath().normalize();
    return a.startsWith(here) ? here.relativize(a) : p;
  }

  /**
   * The project in the current folder when the firmware was built in it (cargo run passes the ELF
   * and --board), so that the program's circuit is used as with avrkit run alone.
   */
  private static Optional<Project> projectAround(Path elf) {
    try {
      Project p = Project.find(Path.of("."));
      return elf.toAbsolutePath().normalize().startsWith(p.dir().toAbsolutePath().normalize()) ? Optional.of(p) : Optional.empty();
    } catch (AvrkitException e) {
      return Optional.empty();
    }
  }

  /**
   * The program an ELF is, for its circuit: the example NAME for cargo's target/.../examples/NAME.elf
   * (or NAME-HASH.elf, whose name has _ for -), else null (the package's binary, circuits/main).
   */
  static String programOf(Path elf, Path projectDir) {
    Path parent = elf.toAbsolutePath().getParent();
    if (parent == null || parent.getFileName() == null || !parent.getFileName().toString().equals("examples")) return null;
    String name = elf.getFileName().toString().replaceFirst("\\.elf$", "").replaceFirst("-[0-9a-f]{16}$", "");
    if (!Files.isDirectory(projectDir.resolve("circuits").resolve(name)) && Files.isDirectory(projectDir.resolve("circuits")
        .resolve(name.replace('_', '-')))) {
      return name.replace('_', '-');
    }
    return name;
  }

  private static boolean isTestBinary(Path f) {
    try {
      byte[] head = new byte[4];
      try (var in = Files.newInputStream(f)) {
        if (in.readNBytes(head, 0, 4) < 4 || !ElfFile.isElf(head)) return false;
      }
      return TestFirmware.isTestBinary(ElfFile.read(f));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static Optional<String> connected(Board b) {
    try {
      return Optional.of(SerialPorts.find(b));
    } catch (AvrkitException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      return Optional.empty();
    }
  }

  private int flashAndMonitor(Device d, Board b, String p) throws Exception {
    FirmwareImage image = FirmwareImage.load(firmware);
    Connection c = Connection.resolve(Optional.of(b), Optional.of(d),
        Optional.empty(), Optional.of(p), 0);
    System.err.println("avrkit: flashing " + firmware.getFileName() + " to " + c.describe());
    FlashPipeline fp = new FlashPipeline(d, c.effectiveTarget(), c.open(), Progress.silent());
    FlashPipeline.Result r = fp.run(new FlashPipeline.Plan(image, true, c.boardFuses(), Optional.empty(), false));
    for (String line : r.lines()) System.err.println("avrkit: " + line);
    return MonitorCommand.monitor(p, b.console().baud(), b.resetOnOpen(), seconds, System.out, System.err);
  }

  private int simulate(Device d, Optional<Board> b, Optional<Project> proj) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    Path diagramFile = diagram != null ? diagram
        : proj.map(p -> dev.avrkit.circuit.LiveRun.projectDiagram(p.dir(), example != null ? example : programOf(firmware, p.dir())))
            .map(RunCommand::relative).orElse(null);
    dev.avrkit.circuit.Diagram dg = diagramFile == null ? null : dev.avrkit.circuit.Diagram.read(diagramFile);
    if (dg != null) {
      dev.avrkit.circuit.BoardParts.Board bp = dev.avrkit.circuit.Circuit.boardOf(dg);
      if (b.isPresent() && !b.get().name().equals(bp.boardName())) {
        throw new AvrkitException(diagramFile + " has a " + bp.type() + " (board " + bp.boardName() + "), but this run is for the "
            + b.get().name() + "; change the diagram's board part or give --board " + bp.boardName());
      }
    }
    Machine.Builder mb = Machine.builder(d).console(UartConsole.of(out, null));
    long clock = b.map(Board::clockHz).orElse(16_000_000L);
    mb.clockHz(clock);
    b.ifPresent(x -> x.fuses().forEach(mb::fuse));
    Machine m = mb.build();
    m.load(FirmwareImage.load(firmware));
    dev.avrkit.circuit.Circuit circuit = dg == null ? null : dev.avrkit.circuit.Circuit.build(dg, m);
    double factor = fast ? 0 : speed;
    err.println("avrkit: running " + firmware.getFileName() + " on the simulated "
        + b.map(x -> x.name() + " (" + d.name() + ")").orElse(d.name())
        + (circuit != null ? " in the circuit " + diagramFile : "")
        + (factor == 0 ? " as fast as it goes" : factor == 1 ? " in real time" : " at " + factor + "x real time")
        + (seconds == null ? "; Ctrl-C stops" : " for " + seconds + " s"));
    RunResult r = dev.avrkit.circuit.LiveRun.run(m, circuit, b.map(x -> x.led().toString()).orElse(null),
        new dev.avrkit.circuit.LiveRun.Options(seconds, factor), out, err);
    err.println();
    err.println("avrkit: " + r.summary());
    if (seconds != null && r.reason() == dev.avrkit.sim.StopReason.CYCLE_LIMIT) return 0;
    return SimRun.exitCode(r.reason());
  }
}
