package dev.avrkit.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.sim.Machine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The I2C parts with avr-gcc firmware on the Uno (and the DS1307 on the Nano Every), through the simulated TWI at 400 kHz. */
class I2cFirmwareTest {
  @TempDir Path dir;

  private CircuitRun.Prepared prepare(String source, String diagram, String scenario) throws Exception {
    Firmware.resource(dir, "i2c/twi.h");
    Path elf = Firmware.build(dir, "i2c/" + source, "uno");
    return CircuitRun.prepare(new CircuitRun.Options(elf, Firmware.resource(dir, "i2c/" + diagram),
        scenario == null ? null : Firmware.resource(dir, "i2c/" + scenario), null, null, null, null, null, null, null, true),
        null, new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void ssd1306ScreenshotEqualsTheExpectedPng() throws Exception {
    BufferedImage expected = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) for (int x = 0; x < 128; x++) expected.setRGB(x, y, I2cPartsTest.expectedPixel(x, y) ? 0xFFFFFF : 0);
    Png.write(expected, dir.resolve("expected.png"));
    CircuitRun.Prepared p = prepare("oled.c", "oled.json", "oled.test.yaml");
    ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), 10, null, null).run(p.scenario(), null);
    assertThat(o.passed()).as(o.report()).isTrue();
    assertThat(Files.readAllBytes(dir.resolve("shot.png"))).isNotEmpty();
    // a picture that differs in one pixel fails the step, naming the pixel
    expected.setRGB(64, 40, 0xFFFFFF);
    Png.write(expected, dir.resolve("expected.png"));
    CircuitRun.Prepared q = prepare("oled.c", "oled.json", "oled.test.yaml");
    ScenarioRunner.Outcome bad = new ScenarioRunner(q.circuit(), q.serial(), 10, null, null).run(q.scenario(), null);
    assertThat(bad.passed()).isFalse();
    assertThat(bad.report()).contains("1 pixels differ from").contains("the first at x=64 y=40");
  }

  @Test
  void ds1307KeepsTimeForTheFirmware() throws Exception {
    CircuitRun.Prepared p = prepare("rtc.c", "rtc.json", "rtc.test.yaml");
    ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), 12, null, null).run(p.scenario(), null);
    assertThat(o.passed()).as(o.report()).isTrue();
    assertThat(p.machine().seconds()).isBetween(10.0, 10.2);
  }

  @Test
  void ds1307KeepsTimeForTheNanoEverysFirmware() throws Exception {
    // the same firmware through the ATmega4809's TWI0 (twi.h); the diagram only changes the board
    // part: the DS1307 stays on the header's A4/A5, which the board joins to TWI0's PA2/PA3
    Firmware.resource(dir, "i2c/twi.h");
    Path elf = Firmware.build(dir, "i2c/rtc.c", "every");
    Path diagram = Firmware.resource(dir, "i2c/rtc.json");
    Files.writeString(diagram, Files.readString(diagram).replace("wokwi-arduino-uno", "avrkit-nano-every")
        .replace("\"uno:GND.1\"", "\"uno:GND\""));
    CircuitRun.Prepared p = CircuitRun.prepare(new CircuitRun.Options(elf, diagram,
        Firmware.resource(dir, "i2c/rtc.test.yaml"), null, null, null, null, null, null, null, true),
        null, new PrintStream(new ByteArrayOutputStream()));
    assertThat(p.machine().device().name()).isEqualTo("ATmega4809");
    ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), 12, null, null).run(p.scenario(), null);
    assertThat(o.passed()).as(o.report()).isTrue();
    assertThat(p.machine().seconds()).isBetween(10.0, 10.2);
  }

  @Test
  void eepromKeepsDataAcrossAReset() throws Exception {
    CircuitRun.Prepared p = prepare("eeprom.c", "eeprom.json", null);
    ScenarioRunner r = new ScenarioRunner(p.circuit(), p.serial(), 1, null, null);
    assertThat(r.runUntil(0.1, () -> p.serial().seen("written"), "written")).isNull();
    assertThat(p.serial().text()).startsWith("boot 0\n").containsPattern("written after [1-9]\\d* polls");
    p.machine().reset(Machine.ResetCause.POWER_ON);
    assertThat(r.runUntil(p.circuit().time() + 0.1, () -> p.serial().seen("boot 1\n"), "boot 1")).isNull();
  }
}
