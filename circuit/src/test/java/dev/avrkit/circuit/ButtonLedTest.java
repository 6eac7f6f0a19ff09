package dev.avrkit.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.circuit.parts.Led;
import dev.avrkit.circuit.parts.PushButton;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Wokwi's button example (button to GND with the pin's pull-up, LED through a resistor) on both boards. */
class ButtonLedTest {
  @TempDir Path dir;

  private CircuitRun.Prepared prepare(String board, Path scenario, ByteArrayOutputStream out) throws Exception {
    Path elf = Firmware.build(dir, "button/button.c", board);
    Path diagram = Firmware.resource(dir, board.equals("uno") ? "button/diagram.json" : "button/diagram-every.json");
    return CircuitRun.prepare(new CircuitRun.Options(elf, diagram, scenario, null, null, null, null, null, null, null, true),
        null, new PrintStream(out));
  }

  @ParameterizedTest
  @ValueSource(strings = {"uno", "every"})
  void scenarioPassesOnBothBoards(String board) throws Exception {
    Path scenario = Firmware.resource(dir, "button/button.test.yaml");
    if (board.equals("every")) Files.writeString(scenario, Files.readString(scenario).replace("part-id: uno", "part-id: every"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CircuitRun.Prepared p = prepare(board, scenario, out);
    List<String> events = new ArrayList<>();
    p.circuit().addListener(e -> events.add(e.part() + " " + e.what()));
    ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), 10, null, null).run(p.scenario(), null);
    assertThat(o.passed()).as(o.report()).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ready\n").containsPattern("pressed \\(\\d+ bounces\\)");
    assertThat(events).containsSubsequence("btn1 pressed", "led1 on", "btn1 released", "led1 off");
    assertThat(((Led) p.circuit().part("led1").orElseThrow()).lit()).isFalse();
  }

  @Test
  void bouncingButtonBounces() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CircuitRun.Prepared p = prepare("uno", null, out);
    ScenarioRunner r = new ScenarioRunner(p.circuit(), p.serial(), 5, null, null);
    assertThat(r.runUntil(1, () -> p.serial().seen("ready"), "ready")).isNull();
    List<Double> edges = new ArrayList<>();
    p.machine().addPinListener((port, bit, level, cycle) -> {
      if (port.equals("PORTD") && bit == 2) edges.add(p.machine().seconds());
    });
    double t0 = p.machine().seconds();
    ((PushButton) p.circuit().part("btn1").orElseThrow()).press(true);
    assertThat(r.runUntil(t0 + 0.1, () -> false, null)).isNull();
    // several changes within about a millisecond, ending pressed (low)
    assertThat(edges.size()).isGreaterThanOrEqualTo(5).isOdd();
    assertThat(edges.get(edges.size() - 1) - t0).isLessThan(0.002);
    assertThat(p.machine().pins().pin("PD2").level()).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("pressed \\(([1-9]\\d*) bounces\\)");
  }

  @Test
  void bounceOffGivesOneEdge() throws Exception {
    Path d = Firmware.resource(dir, "button/diagram.json");
    Files.writeString(d, Files.readString(d).replace("{ \"color\": \"green\" }", "{ \"color\": \"green\", \"bounce\": \"0\" }"));
    Path elf = Firmware.build(dir, "button/button.c", "uno");
    CircuitRun.Prepared p = CircuitRun.prepare(new CircuitRun.Options(elf, d, null, null, null, null, null, null, null, null, true),
        null, new PrintStream(new ByteArrayOutputStream()));
    ScenarioRunner r = new ScenarioRunner(p.circuit(), p.serial(), 5, null, null);
    r.runUntil(0.01, () -> false, null);
    List<Integer> edges = new ArrayList<>();
    p.machine().addPinListener((port, bit, level, cycle) -> {
      if (port.equals("PORTD") && bit == 2) edges.add(level);
    });
    ((PushButton) p.circuit().part("btn1").orElseThrow()).press(true);
    r.runUntil(0.05, () -> false, null);
    assertThat(edges).containsExactly(0);
    assertThat(p.serial().text()).contains("pressed (0 bounces)");
  }

  @Test
  void failingStepReportsExpectedAndSeen() throws Exception {
    Path scenario = dir.resolve("bad.test.yaml");
    Files.writeString(scenario, """
        name: LED on without a press
        version: 1
        steps:
          - wait-serial: ready
          - delay: 20ms
          - expect-pin: { part-id: led1, pin: A, value: 1 }
        """);
    CircuitRun.Prepared p = prepare("uno", scenario, new ByteArrayOutputStream());
    ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), 10, null, null).run(p.scenario(), null);
    assertThat(o.passed()).isFalse();
    assertThat(o.report())
        .contains("failed at step 3 (expect-pin led1:A = 1")
        .contains("bad.test.yaml:6:")
        .contains("expected led1:A = 1, saw 0")
        .contains("last serial lines:")
        .contains("| ready");
  }

  /** avrkit's reset control on the board part: the firmware starts again ("ready" twice); a wrong control is refused before the run. */
  @Test
  void boardResetControlRestartsTheFirmware() throws Exception {
    Path scenario = dir.resolve("reset.test.yaml");
    Files.writeString(scenario, """
        name: reset
        version: 1
        steps:
          - wait-serial: ready
          - set-control: { part-id: uno, control: reset, value: 1 }
          - wait-serial: ready
        """);
    CircuitRun.Prepared p = prepare("uno", scenario, new ByteArrayOutputStream());
    ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), 1, null, null).run(p.scenario(), null);
    assertThat(o.passed()).as(o.report()).isTrue();
    assertThat(p.serial().text()).isEqualTo("ready\nready\n");
    assertThat(p.machine().lastResetCause()).isEqualTo(dev.avrkit.sim.Machine.ResetCause.EXTERNAL);
    // without the reset the second "ready" never comes
    Files.writeString(scenario, Files.readString(scenario).replaceAll("(?m)^.*set-control.*\n", ""));
    CircuitRun.Prepared q = prepare("uno", scenario, new ByteArrayOutputStream());
    assertThat(new ScenarioRunner(q.circuit(), q.serial(), 0.2, null, null).run(q.scenario(), null).passed()).isFalse();
    Files.writeString(scenario, Files.readString(scenario).replace("steps:\n", "steps:\n  - set-control: { part-id: uno, control: power, value: 1 }\n"));
    assertThatThrownBy(() -> prepare("uno", scenario, new ByteArrayOutputStream()))
        .hasMessageContaining("reset.test.yaml:4:").hasMessageContaining("the board uno has one control, \"reset\"");
  }
}
