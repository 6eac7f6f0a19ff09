package dev.avrkit.codegen.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example catalog filled for each board: every example is there with its circuit and scenarios,
 * no placeholder is left, board pins are spelled as the board part names them. (Building and running
 * them is cli's ExamplesTest.)
 */
class ExamplesTest {
  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno", "nano"})
  void everyExampleOfTheCatalogWithItsCircuit(String boardName) {
    Board b = Boards.named(boardName);
    Device d = DeviceCatalog.fromEnvironment().device(b.device());
    Map<String, String> f = new Templates("p", ProjectTarget.of(b, d)).files();
    for (Examples.Example e : Examples.CATALOG) {
      assertThat(f).as(e.name()).containsKey(e.target()).containsKey("circuits/" + e.circuitDir() + "/diagram.json");
      for (String s : e.scenarios()) assertThat(f).containsKey("circuits/" + e.circuitDir() + "/" + s);
    }
    f.forEach((k, v) -> assertThat(v).as(k).doesNotContain("{{"));
    String blink = f.get("circuits/main/diagram.json");
    if (boardName.equals("nano-every")) {
      assertThat(blink).contains("\"avrkit-nano-every\"", "\"board:D13\"", "\"board:GND\"");
    } else {
      assertThat(blink).contains("\"wokwi-arduino-" + boardName + "\"", "\"board:13\"", "\"board:GND.1\"");
    }
    assertThat(f.get("src/main.rs")).contains("pins.d13.into_output()", "hal::entry!(main);");
    assertThat(f.get("circuits/hello/hello.test.yaml")).contains("wait-serial: \"Hello from the ");
  }

  @org.junit.jupiter.api.Test
  void boardPinsByPartType() {
    assertThat(Examples.boardPin("wokwi-arduino-uno", "D2")).isEqualTo("2");
    assertThat(Examples.boardPin("wokwi-arduino-uno", "A4")).isEqualTo("A4");
    assertThat(Examples.boardPin("wokwi-arduino-nano", "GND")).isEqualTo("GND.1");
    assertThat(Examples.boardPin("avrkit-nano-every", "D2")).isEqualTo("D2");
    assertThat(Examples.boardPin("avrkit-nano-every", "GND")).isEqualTo("GND");
  }
}
