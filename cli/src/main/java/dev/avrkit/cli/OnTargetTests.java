package dev.avrkit.cli;

import dev.avrkit.device.Device;
import dev.avrkit.device.board.Board;
import dev.avrkit.sim.test.TestFirmware;
import dev.avrkit.sim.test.TestSession;
import dev.avrkit.device.AvrkitException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The on-target tests of a project for {@code avrkit test}: every test of every test binary (built
 * by {@code cargo test --no-run}) on the simulated board, one summary line each ({@code PASS},
 * {@code FAIL} with its report indented below, {@code SKIP} for ignored tests).
 */
final class OnTargetTests {
  private OnTargetTests() {}

  /** One test binary: its target name (tests/NAME.rs) and ELF. */
  record Binary(String name, Path elf) {}

  /** Counts of a run. */
  record Counts(int passed, int failed, int ignored) {
    Counts plus(Counts o) {
      return new Counts(passed + o.passed, failed + o.failed, ignored + o.ignored);
    }
  }

  /**
   * Whether the project has on-target tests: the harness crate and a test file, or a library whose
   * crate root lists its tests ({@code avrkit_test::main!} in a {@code src/*.rs}).
   */
  static boolean present(Path projectDir) {
    if (!Files.isRegularFile(projectDir.resolve("avrkit-test/Cargo.toml"))) return false;
    return any(projectDir.resolve("tests"), f -> true) || any(projectDir.resolve("src"), f -> {
      try {
        return Files.readString(f).contains("avrkit_test::main!");
      } catch (IOException | java.io.UncheckedIOException e) {
        return false;
      }
    });
  }

  private static boolean any(Path dir, java.util.function.Predicate<Path> test) {
    if (!Files.isDirectory(dir)) return false;
    try (var s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".rs") && Files.isRegularFile(f)).anyMatch(test);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Builds the test binaries as {@code cargo test} does ({@code cargo test --no-run} with the cargo on
   * PATH in the project: the toolchain its rust-toolchain.toml and .cargo/config.toml name); cargo's
   * messages go to {@code log}.
   */
  static List<Binary> build(Path projectDir, boolean release, PrintStream log) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("cargo", "test", "--no-run", "--message-format=json-render-diagnostics"));
    if (release) cmd.add("--release");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectDir.toFile());
    for (String v : List.of("RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "CARGO_BUILD_TARGET", "CARGO_BUILD_RUSTC", "RUSTC")) {
      pb.environment().remove(v);
    }
    log.println("avrkit: building the on-target tests (cargo test --no-run)");
    Process proc;
    try {
      proc = pb.start();
    } catch (IOException e) {
      throw new AvrkitException("cannot run cargo in " + projectDir + " (" + e.getMessage() + "); install Rust's cargo "
          + "(avrkit doctor says how) or put it on PATH");
    }
    Thread err = new Thread(() -> {
      try {
        proc.getErrorStream().transferTo(log);
      } catch (IOException e) {
        // cargo ended
      }
    }, "cargo-stderr");
    err.setDaemon(true);
    err.start();
    List<Binary> out = new ArrayList<>();
    Pattern test = Pattern.compile("\"kind\":\\[\"(?:test|lib|rlib)\"\\],.*?\"name\":\"([^\"]+)\".*\"executable\":\"([^\"]+)\"");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        Matcher m = test.matcher(line);
        if (m.find()) out.add(new Binary(m.group(1), Path.of(m.group(2))));
      }
    }
    int rc = proc.waitFor();
    err.join();
    if (rc != 0) {
      throw new AvrkitException("cargo test --no-run failed in " + projectDir + " (exit " + rc + "); the compiler's messages are above");
    }
    out.sort(java.util.Comparator.comparing(Binary::name));
    return out;
  }

  /** Runs the tests of each binary; prints one line per test to {@code out}. */
  static Counts run(List<Binary> binaries, Path projectDir, Device d, Optional<Board> b, PrintStream out) {
    long clock = b.map(Board::clockHz).orElse(16_000_000L);
    Map<String, Integer> fuses = b.map(Board::fuses).orElse(Map.of());
    long timeout = TestBinaries.defaultTimeout(clock);
    Counts all = new Counts(0, 0, 0);
    for (Binary bin : binaries) {
      TestFirmware fw = TestBinaries.load(bin.elf(), d, clock, fuses, TestBinaries.diagramFor(bin.elf(), projectDir));
      int passed = 0, failed = 0, ignored = 0;
      for (TestFirmware.TestCase t : fw.tests()) {
        String label = String.format(Locale.ROOT, "%-10s %s", bin.name(), t.name());
        if (t.ignored()) {
          out.println("SKIP " + label + " (ignored)");
          ignored++;
          continue;
        }
        TestFirmware.Outcome o = fw.run(t, timeout);
        String failure = TestSession.judge(t, o);
        if (failure.isEmpty()) {
          out.printf(Locale.ROOT, "PASS %s (%d cycles)%n", label, o.cycles());
          passed++;
        } else {
          out.println("FAIL " + label);
          if (!o.output().isEmpty()) for (String l : o.output().replace("\r\n", "\n").split("\n")) out.println("    | " + l);
          for (String l : failure.split("\n")) out.println("    " + l);
          failed++;
        }
      }
      all = all.plus(new Counts(passed, failed, ignored));
    }
    return all;
  }
}
