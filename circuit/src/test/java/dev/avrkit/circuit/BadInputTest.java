package dev.avrkit.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.sim.Machine;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mistakes in diagrams and scenarios: one line naming file:line:column (or part) and the fix. */
class BadInputTest {
  @TempDir Path dir;

  static final String UNO = "{ \"type\": \"wokwi-arduino-uno\", \"id\": \"uno\" }";

  private String diagramError(String json) throws Exception {
    Path f = dir.resolve("diagram.json");
    Files.writeString(f, json);
    try {
      Diagram d = Diagram.read(f);
      Circuit.build(d, Machine.builder(DeviceCatalog.fromEnvironment().device(Circuit.boardOf(d).device())).build());
    } catch (CircuitException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.getMessage();
    }
    throw new AssertionError("no error for " + json);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{ \"parts\": [ " + UNO + ", ] } | diagram.json:1:60: malformed JSON",
    "{ \"parts\": [ " + UNO + " ], \"wires\": [] } | diagram.json:1:71: unknown key \"wires\" in the diagram",
    "{ \"parts\": [ " + UNO + ", { \"type\": \"wokwi-led\", \"id\": 7, \"top\": \"up\" } ] } | diagram.json:1:99: \"top\" must be a number",
    "{ \"parts\": \"uno\" } | diagram.json:1:12: \"parts\" must be a list, not the string \"uno\"",
    "{ \"version\": 2, \"parts\": [] } | diagram.json:1:14: \"version\" must be 1",
    "{ \"parts\": [ " + UNO + ", { \"type\": \"wokwi-lde\", \"id\": \"l\" } ] } | unknown part type \"wokwi-lde\"; known types: wokwi-led",
    "{ \"parts\": [ { \"type\": \"wokwi-led\", \"id\": \"l\" } ] } | no board part; add one of wokwi-arduino-uno",
    "{ \"parts\": [ " + UNO + ", { \"type\": \"wokwi-led\", \"id\": \"l\" } ], \"connections\": [ [\"l:A\", \"uno:13\"] ] } | part l (wokwi-led): pin C is not connected",
    "{ \"parts\": [ " + UNO + ", { \"type\": \"wokwi-led\", \"id\": \"l\" } ], \"connections\": [ [\"l:X\", \"uno:13\"] ] } | wire end \"l:X\": a wokwi-led has no pin \"X\"; pins: A C",
    "{ \"parts\": [ " + UNO + " ], \"connections\": [ [\"led9:A\", \"uno:13\"] ] } | no part with id \"led9\"; parts: uno",
    "{ \"parts\": [ " + UNO + " ], \"connections\": [ [\"uno:14\", \"uno:13\"] ] } | the wokwi-arduino-uno has no pin \"14\"",
    "{ \"parts\": [ " + UNO + " ], \"connections\": [ [\"uno:GND.1\", \"uno:5V\"] ] } | GND and 5V are wired together",
    "{ \"parts\": [ " + UNO + ", " + UNO + " ] } | two parts have the id \"uno\"",
    "{ \"parts\": [ " + UNO + ", { \"type\": \"wokwi-led\", \"id\": \"l\", \"attrs\": { \"fps\": \"fast\" } } ], \"connections\": [ [\"l:A\", \"uno:13\"], [\"l:C\", \"uno:GND.2\"] ] } | attribute fps \"fast\" is not a number",
    "{ \"parts\": [ " + UNO + " ], \"connections\": [ [\"uno13\", \"uno:12\"] ] } | \"uno13\" is not \"part:pin\"",
    "| diagram.json:1:1: empty file",
  })
  void diagramMistakes(String json, String expected) throws Exception {
    assertThat(diagramError(json == null ? "" : json)).contains(expected.trim());
  }

  private String scenarioError(String yaml) throws Exception {
    Path f = dir.resolve("test.yaml");
    Files.writeString(f, yaml);
    try {
      Scenario.read(f);
    } catch (CircuitException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.getMessage();
    }
    throw new AssertionError("no error for " + yaml);
  }

  @Test
  void scenarioMistakes() throws Exception {
    assertThat(scenarioError("name: x\nversion: 1\nsteps:\n  - delay: [1\n")).startsWith(dir.resolve("test.yaml") + ":5:1: malformed YAML");
    assertThat(scenarioError("name: x\nversion: 1\nsteps:\n  - dealy: 1s\n")).contains("test.yaml:4:12: unknown key \"dealy\" in a step");
    assertThat(scenarioError("name: x\nversion: 1\nsteps:\n  - delay: 1s\n    wait-serial: a\n")).contains("test.yaml:4:5: a step has exactly one of");
    assertThat(scenarioError("name: x\nsteps: []\n")).contains("test.yaml:1:1: the scenario has no \"version\"");
    assertThat(scenarioError("name: x\nversion: 1\nsteps: 3\n")).contains("test.yaml:3:8: \"steps\" must be a list, not the number 3");
    assertThat(scenarioError("name: x\nversion: 1\nsteps:\n  - expect-pin: { part-id: l, pin: A, value: high }\n"))
        .contains("test.yaml:4:46: expect-pin \"value\" must be a number, not the string \"high\"");
    assertThat(scenarioError("name: x\nversion: 1\nsteps:\n  - write-serial: [1, 300]\n")).contains("test.yaml:4:23: a write-serial byte must be 0..255");
    assertThat(scenarioError("name: x\nversion: 1\nsteps:\n  - take-screenshot: { part-id: oled1 }\n")).contains("needs \"save-to\" and/or \"compare-with\"");
    assertThat(scenarioError("name: x\nversion: 1\nsteps:\n  - delay: 5 parsecs\n")).contains("needs a number and a unit");
    assertThat(scenarioError("name: x\nname: y\nversion: 1\nsteps: []\n")).contains("test.yaml:2:1: key \"name\" given twice");
  }

  @Test
  void stepsAreCheckedAgainstTheCircuitBeforeTheRun() throws Exception {
    Path d = dir.resolve("diagram.json");
    Files.writeString(d, "{ \"parts\": [ " + UNO + ", { \"type\": \"wokwi-pushbutton\", \"id\": \"b\" } ], \"connections\": [[\"b:1.l\", \"uno:2\"], [\"b:2.l\", \"uno:GND.1\"]] }");
    Diagram diagram = Diagram.read(d);
    Circuit c = Circuit.build(diagram, Machine.builder(DeviceCatalog.fromEnvironment().device("ATmega328P")).build());
    Path s = dir.resolve("t.yaml");
    Files.writeString(s, "name: x\nversion: 1\nsteps:\n  - set-control: { part-id: b, control: position, value: 1 }\n");
    assertThatThrownBy(() -> ScenarioRunner.check(Scenario.read(s), c)).hasMessageContaining("t.yaml:4:18: set-control: part b has no control \"position\"; controls: pressed");
    Files.writeString(s, "name: x\nversion: 1\nsteps:\n  - expect-pin: { part-id: led1, pin: A, value: 1 }\n");
    assertThatThrownBy(() -> ScenarioRunner.check(Scenario.read(s), c)).hasMessageContaining("expect-pin: no part \"led1\"; parts: uno, b");
    Files.writeString(s, "name: x\nversion: 1\nsteps:\n  - take-screenshot: { part-id: b, save-to: b.png }\n");
    assertThatThrownBy(() -> ScenarioRunner.check(Scenario.read(s), c)).hasMessageContaining("part b has no display");
    assertThat(dir.resolve("b.png")).doesNotExist();
  }

  @Test
  void durations() {
    Tree at = Tree.yaml("x.yaml", "a: 1");
    assertThat(Scenario.duration(at, "500ms")).isEqualTo(0.5);
    assertThat(Scenario.duration(at, "2s")).isEqualTo(2);
    assertThat(Scenario.duration(at, "1.5s")).isEqualTo(1.5);
    assertThat(Scenario.duration(at, "250us")).isEqualTo(250e-6);
    assertThat(Scenario.duration(at, "1m")).isEqualTo(60);
  }

  static BufferedImage blank(int w, int h) {
    return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
