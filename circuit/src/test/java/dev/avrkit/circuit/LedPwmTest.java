package dev.avrkit.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.avrkit.circuit.parts.Led;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An LED on a PWM pin (Timer0 fast PWM, duty 64/256): its brightness is the duty, reported once. */
class LedPwmTest {
  @TempDir Path dir;

  @Test
  void brightnessFollowsTheDuty() throws Exception {
    Path elf = Firmware.build(dir, "fade/pwm.c", "uno");
    CircuitRun.Prepared p = CircuitRun.prepare(new CircuitRun.Options(elf, Firmware.resource(dir, "fade/diagram.json"), null, null,
        null, null, null, null, null, null, true), null, new PrintStream(new ByteArrayOutputStream()));
    List<String> events = new ArrayList<>();
    p.circuit().addListener(e -> events.add(e.what()));
    new ScenarioRunner(p.circuit(), p.serial(), 1, null, null).runUntil(0.2, () -> false, null);
    Led led = (Led) p.circuit().part("led1").orElseThrow();
    assertThat(led.brightness()).isCloseTo(0.25, within(0.01));
    assertThat(led.state()).isEqualTo("brightness 25%");
    // "on" at the first edge, then the brightness per frame when it moves (the first frame also
    // holds the time before the PWM started); no event per PWM edge
    assertThat(events).startsWith("on").endsWith("brightness 25%").hasSizeLessThanOrEqualTo(3);
  }
}
