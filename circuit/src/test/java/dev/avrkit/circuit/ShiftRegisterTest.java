package dev.avrkit.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.circuit.parts.ShiftRegister595;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Wokwi's 74HC595 + eight LEDs example, bit-banged by avr-gcc firmware, on both boards. */
class ShiftRegisterTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"uno", "every"})
  void shiftOutDrivesTheLeds(String board) throws Exception {
    Path elf = Firmware.build(dir, "shift595/shift595.c", board);
    Path diagram = Firmware.resource(dir, "shift595/diagram.json");
    if (board.equals("every")) {
      Files.writeString(diagram, Files.readString(diagram).replace("wokwi-arduino-uno", "avrkit-nano-every")
          .replace("uno:GND.1", "uno:GND").replace("uno:GND.2", "uno:GND.1"));
    }
    Path scenario = Firmware.resource(dir, "shift595/shift595.test.yaml");
    CircuitRun.Prepared p = CircuitRun.prepare(new CircuitRun.Options(elf, diagram, scenario, null, null, null, null, null, null, null, true),
        null, new PrintStream(new ByteArrayOutputStream()));
    List<String> events = new ArrayList<>();
    p.circuit().addListener(e -> events.add(e.part() + " " + e.what()));
    ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), 5, null, null).run(p.scenario(), null);
    assertThat(o.passed()).as(o.report()).isTrue();
    assertThat(((ShiftRegister595) p.circuit().part("sr1").orElseThrow()).outputs()).isEqualTo(0xAA);
    assertThat(events).containsSubsequence("sr1 outputs 01010101", "led0 on", "sr1 outputs 10101010", "led0 off", "led1 on");
  }
}
