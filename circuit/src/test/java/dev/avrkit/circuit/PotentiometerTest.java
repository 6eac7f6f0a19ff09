package dev.avrkit.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Wokwi's potentiometer example: the wiper's voltage reaches the chip's ADC (avr-gcc firmware). */
class PotentiometerTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"uno", "every"})
  void knobMovesTheAdcReading(String board) throws Exception {
    Path elf = Firmware.build(dir, "pot/pot.c", board);
    Path diagram = Firmware.resource(dir, "pot/diagram.json");
    if (board.equals("every")) {
      Files.writeString(diagram, Files.readString(diagram).replace("wokwi-arduino-uno", "avrkit-nano-every").replace("uno:GND.1", "uno:GND"));
    }
    Path scenario = Firmware.resource(dir, "pot/pot.test.yaml");
    CircuitRun.Prepared p = CircuitRun.prepare(new CircuitRun.Options(elf, diagram, scenario, null, null, null, null, null, null, null, true),
        null, new PrintStream(new ByteArrayOutputStream()));
    ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), 5, null, null).run(p.scenario(), null);
    assertThat(o.passed()).as(o.report()).isTrue();
  }
}
