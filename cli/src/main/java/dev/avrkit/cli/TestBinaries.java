package dev.avrkit.cli;

import dev.avrkit.circuit.TestRig;
import dev.avrkit.device.Device;
import dev.avrkit.sim.test.TestFirmware;
import dev.avrkit.sim.test.TestSession;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs test binaries (the avrkit_test harness) on the simulated board: for avrkit run and avrkit test. */
final class TestBinaries {
  private TestBinaries() {}

  /** The default time-out of a test: 10 s of simulated time at the board's clock. */
  static long defaultTimeout(long clockHz) {
    return 10 * clockHz;
  }

  /**
   * The circuit of a test binary: the diagram beside the source its tests come from, named after
   * the binary ({@code tests/NAME.rs}: {@code tests/NAME.diagram.json}; the library's tests, binary
   * named after the library ({@code board}): {@code src/board.diagram.json}).
   */
  static Optional<Path> diagramFor(Path elf, Path projectDir) {
    if (projectDir == null) return Optional.empty();
    String stem = elf.getFileName().toString().replaceFirst("\\.elf$", "").replaceFirst("-[0-9a-f]{16}$", "");
    for (Path p : List.of(projectDir.resolve("tests").resolve(stem + ".diagram.json"),
        projectDir.resolve("src").resolve(stem + ".diagram.json"))) {
      if (Files.isRegularFile(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** Loads a test binary, with the circuit its tests read and drive when it has one. */
  static TestFirmware load(Path elf, Device d, long clockHz, Map<String, Integer> fuses, Optional<Path> diagram) {
    TestFirmware fw = TestFirmware.load(elf, d, clockHz, fuses);
    diagram.ifPresent(p -> fw.rig(TestRig.attach(p, fw.machine())));
    return fw;
  }

  /** {@code avrkit run TEST-ELF [libtest args]} (cargo test): libtest's report; 0 or 101. */
  static int runOne(Path elf, Device d, long clockHz, Map<String, Integer> fuses, Optional<Path> diagram, List<String> args,
      PrintStream out) {
    TestSession.Options o = TestSession.Options.parse(args, defaultTimeout(clockHz));
    TestFirmware fw = load(elf, d, clockHz, fuses, diagram);
    TestSession.Summary s = TestSession.run(fw, o, out);
    return s.ok() ? 0 : TestSession.FAILED_EXIT;
  }
}
