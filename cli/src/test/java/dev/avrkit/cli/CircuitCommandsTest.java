package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * avrkit test and avrkit sim --diagram on a project made by avrkit new (its circuits/ files as
 * generated), with the blink and hello programs built by avr-gcc standing in for the Rust build.
 */
class CircuitCommandsTest {
  @TempDir Path tmp;

  private Path gcc(String source, String... defs) throws Exception {
    Path src = tmp.resolve(source);
    try (InputStream in = getClass().getResourceAsStream("/circuit/" + source)) {
      Files.copy(in, src);
    }
    Path elf = tmp.resolve(source.replace(".c", ".elf"));
    List<String> cmd = new java.util.ArrayList<>(List.of("avr-gcc", "-mmcu=atmega328p", "-Os", "-DF_CPU=16000000UL"));
    cmd.addAll(List.of(defs));
    cmd.addAll(List.of("-o", elf.toString(), src.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    return elf;
  }

  @Test
  void newProjectsCircuitTestsPassAndAFailingOneIsReported() throws Exception {
    Path dir = tmp.resolve("uno-project");
    CliRun n = CliRun.run(ProjectCommandsTest.cache(), "new", dir.toString(), "--board", "uno");
    assertThat(n.exit()).as(n.err()).isZero();
    assertThat(dir.resolve("circuits/main/diagram.json")).exists();
    assertThat(dir.resolve("circuits/main/blink.test.yaml")).exists();
    String hello = Files.readString(dir.resolve("circuits/hello/hello.test.yaml")).replaceAll("(?s).*wait-serial: \"(.*?)\".*", "$1");
    // the circuit tests only: the on-target Rust tests (tests/*.rs) need a Rust build, covered elsewhere
    try (var files = Files.list(dir.resolve("tests"))) {
      for (Path f : files.toList()) Files.delete(f);
    }
    // (and the library's: without the harness crate avrkit test does not look for them)
    Files.delete(dir.resolve("avrkit-test/Cargo.toml"));
    // and only the blink's and hello's, for which C stand-ins exist (ExamplesTest runs them all with Rust)
    try (var w = Files.walk(dir.resolve("circuits"))) {
      for (Path f : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Path rel = dir.resolve("circuits").relativize(f);
        if (!rel.toString().isEmpty() && !rel.getName(0).toString().matches("main|hello")) Files.delete(f);
      }
    }
    Path blink = gcc("blink.c");
    Path helloElf = gcc("hello.c", "-DHELLO=\"" + hello + "\"");
    CliRun t = CliRun.run(ProjectCommandsTest.cache(), "test", "-C", dir.toString(),
        "--firmware", "main=" + blink, "--firmware", "hello=" + helloElf);
    assertThat(t.exit()).as(t.out() + t.err()).isZero();
    assertThat(t.out()).containsPattern("PASS hello +circuits/hello/hello.test.yaml \\(0\\.\\d+ s simulated\\)")
        .containsPattern("PASS main +circuits/main/blink.test.yaml \\(1\\.25\\d s simulated\\)")
        // (with a toolchain that builds, avrkit test may also run the project's on-target tests)
        .containsPattern("ok: \\d+ passed, 0 failed");
    // a scenario that expects the LED off at 250 ms fails with the step, expected and seen
    Files.writeString(dir.resolve("circuits/main/off.test.yaml"), """
        name: off at first
        version: 1
        steps:
          - delay: 250ms
          - expect-pin: { part-id: led1, pin: A, value: 0 }
        """);
    CliRun f = CliRun.run(ProjectCommandsTest.cache(), "test", "-C", dir.toString(), "--firmware", "main=" + blink,
        "--firmware", "hello=" + helloElf);
    assertThat(f.exit()).isEqualTo(1);
    assertThat(f.out()).contains("FAIL main       circuits/main/off.test.yaml")
        .contains("failed at step 2 (expect-pin led1:A = 0")
        .contains("expected led1:A = 0, saw 1 (last changed at 0.000")
        .containsPattern("FAILED: \\d+ passed, 1 failed");
  }

  @Test
  void simWithDiagramExitCodesAndNothingWrittenOnAMistake() throws Exception {
    Path blink = gcc("blink.c");
    Path diagram = tmp.resolve("diagram.json");
    Files.writeString(diagram, """
        { "version": 1, "parts": [ { "type": "wokwi-arduino-uno", "id": "uno" }, { "type": "wokwi-led", "id": "led1" } ],
          "connections": [ [ "uno:13", "led1:A", "green", [] ], [ "led1:C", "uno:GND.1", "black", [] ] ] }
        """);
    Path ok = tmp.resolve("ok.test.yaml");
    Files.writeString(ok, "name: on\nversion: 1\nsteps:\n  - delay: 100ms\n  - expect-pin: { part-id: led1, pin: A, value: 1 }\n");
    Path wave = tmp.resolve("blink.svg");
    CliRun r = CliRun.run(ProjectCommandsTest.cache(), "sim", blink.toString(), "--diagram", diagram.toString(),
        "--scenario", ok.toString(), "--wave", wave.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("led1 on", "scenario \"on\" passed at 0.100");
    assertThat(Files.readString(wave)).startsWith("<svg").contains("13 (PB5)");
    Path bad = tmp.resolve("bad.test.yaml");
    Files.writeString(bad, "name: off\nversion: 1\nsteps:\n  - delay: 100ms\n  - expect-pin: { part-id: led1, pin: A, value: 0 }\n");
    CliRun f = CliRun.run(ProjectCommandsTest.cache(), "sim", blink.toString(), "--diagram", diagram.toString(), "--scenario", bad.toString());
    assertThat(f.exit()).isEqualTo(1);
    assertThat(f.err()).contains("failed at step 2", "expected led1:A = 0, saw 1");
    // a mistake: exit 2, one line, no picture written
    Files.writeString(bad, "name: off\nversion: 1\nsteps:\n  - take-screenshot: { part-id: led1, save-to: x.png }\n");
    Path shot = tmp.resolve("shot.png");
    CliRun m = CliRun.run(ProjectCommandsTest.cache(), "sim", blink.toString(), "--diagram", diagram.toString(),
        "--scenario", bad.toString(), "--screenshot", "led1=" + shot, "--wave", tmp.resolve("w2.svg").toString());
    assertThat(m.exit()).isEqualTo(2);
    assertThat(m.err()).startsWith("error: " + bad + ":4:22: take-screenshot: part led1 has no display");
    assertThat(shot).doesNotExist();
    assertThat(tmp.resolve("x.png")).doesNotExist();
    assertThat(tmp.resolve("w2.svg")).doesNotExist();
  }
}
