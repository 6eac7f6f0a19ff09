package dev.avrkit.cli;

import dev.avrkit.circuit.CircuitRun;
import dev.avrkit.circuit.ProjectTests;
import dev.avrkit.codegen.project.Project;
import dev.avrkit.codegen.project.ProjectBuild;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code avrkit test}: the project's circuit scenarios and on-target tests on the simulated board. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Builds each program of the project that has a circuit and runs its scenarios on the simulated board,"
          + " one line per scenario (PASS/FAIL), exit 1 when any fails.",
      "Layout: circuits/main/diagram.json + circuits/main/*.test.yaml for src/main.rs,"
          + " circuits/EXAMPLE/diagram.json + *.test.yaml for examples/EXAMPLE.rs (Wokwi's diagram and scenario formats).",
      "Then builds the on-target tests (tests/*.rs with avrkit_test::tests!, as cargo test does) and runs each on the"
          + " simulated board from reset, one line per test (PASS/FAIL/SKIP)."
    })
public final class TestCommand implements Callable<Integer> {

  @Option(names = {"-C", "--project"}, paramLabel = "DIR", description = "the project (default: the current folder or a parent)")
  Path projectDir = Path.of(".");

  @Option(names = "--release", description = "build with the release profile")
  boolean release;

  @Option(names = "--timeout", paramLabel = "MS", description = "simulated milliseconds each scenario may take (default 30000)")
  Double timeoutMs;

  @Option(names = {"-v", "--verbose"}, description = "also show the firmware's serial output")
  boolean verbose;

  @Option(names = "--firmware", paramLabel = "PROGRAM=ELF",
      description = "use this firmware for PROGRAM (main or an example) instead of building it (repeatable)")
  List<String> firmware;

  @Override
  public Integer call() throws Exception {
    Project p = Project.find(projectDir);
    Path dir = p.dir();
    List<ProjectTests.Case> cases = ProjectTests.find(dir);
    boolean onTarget = OnTargetTests.present(dir);
    if (cases.isEmpty() && !onTarget) {
      System.err.println("avrkit test: no circuit tests in " + dir.resolve("circuits")
          + " (a test is circuits/PROGRAM/diagram.json with one or more *.test.yaml scenarios; PROGRAM is main or an example)"
          + " and no on-target tests (tests/NAME.rs with avrkit_test::tests!, as avrkit new writes)");
      return 0;
    }
    if (timeoutMs != null && !(timeoutMs > 0)) throw new AvrkitException("--timeout must be positive (milliseconds of simulated time)");
    double timeout = timeoutMs == null ? CircuitRun.DEFAULT_TIMEOUT : timeoutMs / 1000;
    Optional<Board> b = p.board().map(Boards::named);
    Device d = DeviceCatalog.fromEnvironment().device(b.map(Board::device).orElse(p.device()));
    Map<String, Integer> fuses = b.map(Board::fuses).orElse(Map.of());
    Map<String, Path> built = new LinkedHashMap<>();
    if (firmware != null) {
      for (String f : firmware) {
        int eq = f.indexOf('=');
        if (eq <= 0 || eq == f.length() - 1) throw new AvrkitException("--firmware '" + f + "': expected PROGRAM=ELF, e.g. --firmware main=blink.elf");
        Path elf = Path.of(f.substring(eq + 1));
        if (!java.nio.file.Files.isRegularFile(elf)) throw new AvrkitException("--firmware " + f + ": no such file");
        built.put(f.substring(0, eq), elf);
      }
    }
    int failed = 0;
    int passed = 0;
    for (ProjectTests.Case c : cases) {
      Path elf = built.get(c.program());
      if (elf == null) {
        String example = c.program().equals(ProjectTests.MAIN) ? null : c.program();
        elf = ProjectBuild.build(p, d, new ProjectBuild.Options(release, example), System.err).firmware();
        built.put(c.program(), elf);
      }
      ProjectTests.Result r = ProjectTests.run(c, elf, fuses, timeout, verbose ? System.err : null);
      System.out.println(r.summary(dir));
      if (!r.passed()) {
        failed++;
        for (String line : r.report().split("\n")) System.out.println("    " + line);
      } else {
        passed++;
      }
    }
    int ignored = 0;
    if (onTarget) {
      OnTargetTests.Counts c = OnTargetTests.run(OnTargetTests.build(dir, release, System.err), dir, d, b, System.out);
      passed += c.passed();
      failed += c.failed();
      ignored = c.ignored();
    }
    System.out.println((failed == 0 ? "ok: " : "FAILED: ") + passed + " passed, " + failed + " failed"
        + (ignored > 0 ? ", " + ignored + " ignored" : ""));
    return failed == 0 ? 0 : 1;
  }
}
