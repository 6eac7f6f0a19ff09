package dev.avrkit.circuit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The circuit tests of a project, for {@code avrkit test}. Layout:
 *
 * <pre>
 * circuits/main/diagram.json        the circuit of the package's binary (src/main.rs)
 * circuits/main/*.test.yaml         its scenarios
 * circuits/EXAMPLE/diagram.json     the circuit of examples/EXAMPLE.rs
 * circuits/EXAMPLE/*.test.yaml
 * </pre>
 *
 * A folder without a diagram or without a scenario is not a test. The caller builds each
 * program ({@link Case#program()}: "main" or an example's name) and hands the ELF to {@link #run}.
 */
public final class ProjectTests {
  /** The folder name of the package's binary. */
  public static final String MAIN = "main";

  /** One scenario of one program. */
  public record Case(String program, Path diagram, Path scenario) {
    /** "blink.test.yaml" relative to the project, for summaries. */
    public String label(Path projectDir) {
      return projectDir.toAbsolutePath().relativize(scenario.toAbsolutePath()).toString();
    }
  }

  /** How one case went: its one summary line and, when it failed, the report. */
  public record Result(Case testCase, boolean passed, double seconds, String report) {
    public String summary(Path projectDir) {
      return String.format(Locale.ROOT, "%s %-10s %s (%.3f s simulated)", passed ? "PASS" : "FAIL",
          testCase.program(), testCase.label(projectDir), seconds);
    }
  }

  private ProjectTests() {}

  /** The cases of a project, sorted by program then scenario file. */
  public static List<Case> find(Path projectDir) {
    Path root = projectDir.resolve("circuits");
    List<Case> out = new ArrayList<>();
    if (!Files.isDirectory(root)) return out;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        Path diagram = d.resolve("diagram.json");
        if (!Files.isRegularFile(diagram)) continue;
        try (Stream<Path> files = Files.list(d)) {
          for (Path s : files.filter(f -> f.getFileName().toString().endsWith(".test.yaml")).sorted().toList()) {
            out.add(new Case(d.getFileName().toString(), diagram, s));
          }
        }
      }
    } catch (IOException e) {
      throw new CircuitException(root + ": cannot list (" + e.getMessage() + ")");
    }
    return out;
  }

  /**
   * Runs one case on its built firmware; a mistake in its files is a failed case whose report is
   * the one-line error (so one bad scenario does not hide the others).
   *
   * @param serialLog where the firmware's serial output goes (null: nowhere)
   */
  public static Result run(Case c, Path firmware, Map<String, Integer> fuses, double timeoutSeconds, OutputStream serialLog) {
    PrintStream sink = new PrintStream(serialLog == null ? OutputStream.nullOutputStream() : serialLog, true);
    try {
      CircuitRun.Prepared p = CircuitRun.prepare(new CircuitRun.Options(firmware, c.diagram(), c.scenario(), timeoutSeconds,
          null, null, null, null, null, fuses, true), null, sink);
      ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), timeoutSeconds, null, null).run(p.scenario(), null);
      p.circuit().finish();
      return new Result(c, o.passed(), p.machine().seconds(), o.report());
    } catch (CircuitException e) {
      return new Result(c, false, 0, "error: " + e.getMessage());
    } catch (dev.avrkit.device.AvrkitException e) {
      return new Result(c, false, 0, "error: " + e.getMessage());
    }
  }
}
