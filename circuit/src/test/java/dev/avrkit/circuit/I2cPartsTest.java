package dev.avrkit.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.circuit.parts.Ds1307;
import dev.avrkit.circuit.parts.Eeprom24c;
import dev.avrkit.circuit.parts.Lcd1602;
import dev.avrkit.circuit.parts.Ssd1306;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.bus.I2cBus;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The I2C parts driven through the machine's I2C bus with the byte sequences their usual drivers
 * send (the TWI simulation is the master in firmware runs), on both boards: the Uno's A4/A5 and
 * the Nano Every's A4/A5 reach the TWI pins (PC4/PC5, PA2/PA3).
 */
class I2cPartsTest {
  @TempDir Path dir;

  /** A board running "sei; rjmp ." with the diagram's parts; board "uno" or "every". */
  private Circuit circuit(String board, String parts) throws Exception {
    String type = board.equals("uno") ? "wokwi-arduino-uno" : "avrkit-nano-every";
    String gnd = board.equals("uno") ? "GND.1" : "GND";
    Path f = dir.resolve("diagram.json");
    StringBuilder conns = new StringBuilder();
    for (String id : parts.split(",")) {
      String[] kv = id.split("=");
      if (conns.length() > 0) conns.append(", ");
      conns.append(String.format("[\"%1$s:SDA\", \"b:A4\", \"blue\", []], [\"%1$s:SCL\", \"b:A5\", \"gold\", []], [\"%1$s:GND\", \"b:%2$s\", \"black\", []]", kv[0], gnd));
    }
    StringBuilder decls = new StringBuilder();
    for (String id : parts.split(",")) {
      String[] kv = id.split("=", 2);
      decls.append(", { \"type\": \"").append(kv[1].replaceAll("\\{.*", "")).append("\", \"id\": \"").append(kv[0]).append("\"")
          .append(kv[1].contains("{") ? ", \"attrs\": " + kv[1].substring(kv[1].indexOf('{')) : "").append(" }");
    }
    Files.writeString(f, "{ \"version\": 1, \"parts\": [ { \"type\": \"" + type + "\", \"id\": \"b\" }" + decls + " ], \"connections\": [ " + conns + " ] }");
    Diagram d = Diagram.read(f);
    Machine m = Machine.builder(DeviceCatalog.fromEnvironment().device(Circuit.boardOf(d).device())).clockHz(16_000_000).build();
    byte[] flash = m.flash();
    flash[0] = (byte) 0x78;
    flash[1] = (byte) 0x94; // sei
    flash[2] = (byte) 0xFF;
    flash[3] = (byte) 0xCF; // rjmp .
    m.flashWritten(0, 4);
    m.reset(Machine.ResetCause.POWER_ON);
    return Circuit.build(d, m);
  }

  private static I2cBus bus(Circuit c) {
    return c.machine().i2cBus(c.machine().device().peripheral("TWI0").isPresent() ? "TWI0" : "TWI");
  }

  private static void send(I2cBus bus, int addr, int... bytes) {
    assertThat(bus.start(addr, false)).as("ACK of 0x%02X", addr).isTrue();
    for (int b : bytes) assertThat(bus.write(b)).isTrue();
    bus.stop();
  }

  private static void runFor(Machine m, double seconds) {
    long cycles = (long) (seconds * m.clockHz());
    assertThat(m.run(cycles).reason()).isEqualTo(StopReason.CYCLE_LIMIT);
  }

  // ------------------------------------------------------------------ SSD1306

  /** Adafruit_SSD1306's begin() for 128x64, then a frame in horizontal mode. */
  static final int[] INIT = {0xAE, 0xD5, 0x80, 0xA8, 0x3F, 0xD3, 0x00, 0x40, 0x8D, 0x14, 0x20, 0x00, 0xA1, 0xC8,
    0xDA, 0x12, 0x81, 0xCF, 0xD9, 0xF1, 0xDB, 0x40, 0xA4, 0xA6, 0x2E, 0xAF};

  /** The test picture: a frame around the glass, a filled box at (20..39, 10..29), a diagonal. */
  static boolean expectedPixel(int x, int y) {
    if (x == 0 || y == 0 || x == 127 || y == 63) return true;
    if (x >= 20 && x < 40 && y >= 10 && y < 30) return true;
    return x >= 60 && x < 110 && y == x - 50;
  }

  static byte[] frame() {
    byte[] ram = new byte[1024];
    for (int y = 0; y < 64; y++) for (int x = 0; x < 128; x++) if (expectedPixel(x, y)) ram[(y / 8) * 128 + x] |= (byte) (1 << (y % 8));
    return ram;
  }

  @ParameterizedTest
  @ValueSource(strings = {"uno", "every"})
  void ssd1306ScreenshotEqualsTheExpectedPicturePixelForPixel(String board) throws Exception {
    Circuit c = circuit(board, "oled1=board-ssd1306");
    I2cBus bus = bus(c);
    int[] init = new int[INIT.length + 1];
    System.arraycopy(INIT, 0, init, 1, INIT.length);
    send(bus, 0x3C, init); // control 0x00: a stream of commands
    send(bus, 0x3C, 0x00, 0x21, 0, 127, 0x22, 0, 7);
    byte[] ram = frame();
    // sent as Adafruit does: 0x40 then chunks of the buffer
    for (int i = 0; i < ram.length; i += 32) {
      int[] chunk = new int[33];
      chunk[0] = 0x40;
      for (int j = 0; j < 32; j++) chunk[j + 1] = ram[i + j] & 0xFF;
      send(bus, 0x3C, chunk);
    }
    BufferedImage expected = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) for (int x = 0; x < 128; x++) expected.setRGB(x, y, expectedPixel(x, y) ? 0xFFFFFF : 0);
    // A1 (segment remap) and C8 (COM scan from 63), as every driver sets the module up: upright
    Path png = dir.resolve("expected.png");
    Png.write(expected, png);
    Ssd1306 oled = (Ssd1306) c.part("oled1").orElseThrow();
    BufferedImage shot = oled.screenshot().orElseThrow();
    assertThat(Png.compare(shot, Png.read(png)).count()).isZero();
    // and without remap/flip the picture is turned by 180 degrees, as on a real module
    send(bus, 0x3C, 0x00, 0xA0, 0xC0);
    for (int y = 0; y < 64; y++) for (int x = 0; x < 128; x++) expected.setRGB(x, y, expectedPixel(127 - x, 63 - y) ? 0xFFFFFF : 0);
    assertThat(Png.compare(oled.screenshot().orElseThrow(), expected).count()).isZero();
    // inverse, then off
    send(bus, 0x3C, 0x80, 0xA7);
    assertThat(oled.pixel(5, 5)).isTrue();
    assertThat(oled.pixel(0, 0)).isFalse();
    send(bus, 0x3C, 0x80, 0xAE);
    assertThat(oled.pixelsOn()).isZero();
  }

  @Test
  void ssd1306PageModeAndAddress() throws Exception {
    Circuit c = circuit("uno", "oled1=board-ssd1306{\"i2cAddress\": \"0x3d\"}");
    I2cBus bus = bus(c);
    assertThat(bus.start(0x3C, false)).isFalse();
    bus.stop();
    send(bus, 0x3D, 0x00, 0xAF, 0xA1, 0xC8, 0x20, 0x02, 0xB3, 0x05, 0x12); // upright; page 3, column 0x25
    send(bus, 0x3D, 0x40, 0x81, 0xFF);
    Ssd1306 oled = (Ssd1306) c.part("oled1").orElseThrow();
    assertThat(oled.pixel(0x25, 24)).isTrue();
    assertThat(oled.pixel(0x25, 31)).isTrue();
    assertThat(oled.pixel(0x25, 25)).isFalse();
    assertThat(oled.pixel(0x26, 24)).isTrue();
    assertThat(oled.pixelsOn()).isEqualTo(2 + 8);
  }

  // ------------------------------------------------------------------ DS1307

  private static int[] readRtc(I2cBus bus, int from, int n) {
    send(bus, 0x68, from);
    assertThat(bus.start(0x68, true)).isTrue();
    int[] out = new int[n];
    for (int i = 0; i < n; i++) out[i] = bus.read(i < n - 1);
    bus.stop();
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"uno", "every"})
  void ds1307KeepsSimulatedTimeOverTenSeconds(String board) throws Exception {
    Circuit c = circuit(board, "rtc1=wokwi-ds1307{\"initTime\": \"2024-02-28T23:59:55Z\"}");
    I2cBus bus = bus(c);
    assertThat(readRtc(bus, 0, 7)).containsExactly(0x55, 0x59, 0x23, 4, 0x28, 0x02, 0x24);
    runFor(c.machine(), 10.0);
    // a leap year: 2024-02-29 00:00:05, the day of week moved on by one
    assertThat(readRtc(bus, 0, 7)).containsExactly(0x05, 0x00, 0x00, 5, 0x29, 0x02, 0x24);
    Ds1307 rtc = (Ds1307) c.part("rtc1").orElseThrow();
    assertThat(rtc.now().withNano(0)).isEqualTo(LocalDateTime.of(2024, 2, 29, 0, 0, 5));
  }

  @Test
  void ds1307SetTimeHaltAndRam() throws Exception {
    Circuit c = circuit("uno", "rtc1=wokwi-ds1307{\"initTime\": \"0\"}");
    I2cBus bus = bus(c);
    // RTClib adjust(): pointer 0, then seconds..year; 12:34:56 on Sunday 2030-12-31
    send(bus, 0x68, 0x00, 0x56, 0x34, 0x12, 0x01, 0x31, 0x12, 0x30);
    runFor(c.machine(), 4.0);
    assertThat(readRtc(bus, 0, 3)).containsExactly(0x00, 0x35, 0x12);
    // clock halt: time stands still
    send(bus, 0x68, 0x00, 0x80);
    runFor(c.machine(), 3.0);
    assertThat(readRtc(bus, 0, 1)).containsExactly(0x80);
    // RAM at 0x08..0x3F, pointer wraps to 0 after 0x3F
    send(bus, 0x68, 0x3E, 0xAA, 0xBB);
    assertThat(readRtc(bus, 0x3E, 3)).containsExactly(0xAA, 0xBB, 0x80);
  }

  @Test
  void ds1307BadInitTime() {
    assertThatThrownBy(() -> circuit("uno", "rtc1=wokwi-ds1307{\"initTime\": \"yesterday\"}"))
        .isInstanceOf(CircuitException.class)
        .hasMessageContaining("part rtc1 (wokwi-ds1307): initTime \"yesterday\" is not");
  }

  // ------------------------------------------------------------------ 24C256

  @Test
  void eepromPageWritesWriteCycleAndReset() throws Exception {
    Circuit c = circuit("uno", "ee=avrkit-24c256");
    I2cBus bus = bus(c);
    Eeprom24c ee = (Eeprom24c) c.part("ee").orElseThrow();
    // a page write starting 2 bytes before the end of page 1 wraps within the page
    send(bus, 0x50, 0x00, 0x7E, 1, 2, 3, 4);
    assertThat(ee.memory()[0x7E]).isEqualTo((byte) 1);
    assertThat(ee.memory()[0x7F]).isEqualTo((byte) 2);
    assertThat(ee.memory()[0x40]).isEqualTo((byte) 3);
    assertThat(ee.memory()[0x41]).isEqualTo((byte) 4);
    assertThat(ee.memory()[0x80]).isEqualTo((byte) 0xFF);
    // busy for t_WR = 5 ms: no ACK (acknowledge polling)
    assertThat(bus.start(0x50, false)).isFalse();
    bus.stop();
    runFor(c.machine(), 0.004);
    assertThat(bus.start(0x50, false)).isFalse();
    bus.stop();
    runFor(c.machine(), 0.0015);
    // random read: address, repeated start, read on
    assertThat(bus.start(0x50, false)).isTrue();
    bus.write(0x00);
    bus.write(0x7F);
    assertThat(bus.start(0x50, true)).isTrue();
    assertThat(bus.read(true)).isEqualTo(2);
    assertThat(bus.read(false)).isEqualTo(0xFF); // sequential reads cross the page
    bus.stop();
    // the memory is outside the chip: a reset of the chip keeps it
    c.machine().reset(Machine.ResetCause.POWER_ON);
    assertThat(bus.start(0x50, false)).isTrue();
    bus.write(0x00);
    bus.write(0x40);
    bus.start(0x50, true);
    assertThat(bus.read(true)).isEqualTo(3);
    assertThat(bus.read(false)).isEqualTo(4);
    bus.stop();
    assertThat(ee.pageWrites()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ LCD1602 (PCF8574)

  /** What LiquidCrystal_I2C sends for one nibble: data with E high, then E low (backlight on). */
  static void nibble(I2cBus bus, int n, boolean rs) {
    int v = (n << 4) | 0x08 | (rs ? 1 : 0);
    send(bus, 0x27, v | 0x04, v);
  }

  static void lcdByte(I2cBus bus, int b, boolean rs) {
    nibble(bus, b >> 4, rs);
    nibble(bus, b & 0x0F, rs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"uno", "every"})
  void lcd1602OverPcf8574(String board) throws Exception {
    Circuit c = circuit(board, "lcd1=wokwi-lcd1602{\"pins\": \"i2c\"}");
    I2cBus bus = bus(c);
    // LiquidCrystal_I2C begin(): 0x3, 0x3, 0x3, 0x2 as single nibbles, then 4-bit instructions
    nibble(bus, 0x3, false);
    nibble(bus, 0x3, false);
    nibble(bus, 0x3, false);
    nibble(bus, 0x2, false);
    lcdByte(bus, 0x28, false); // 4-bit, 2 lines
    lcdByte(bus, 0x0C, false); // display on
    lcdByte(bus, 0x01, false); // clear
    lcdByte(bus, 0x06, false); // increment
    for (char ch : "Hello,".toCharArray()) lcdByte(bus, ch, true);
    lcdByte(bus, 0xC0 | 0x02, false); // line 2, column 2
    for (char ch : "avrkit".toCharArray()) lcdByte(bus, ch, true);
    Lcd1602 lcd = (Lcd1602) c.part("lcd1").orElseThrow();
    assertThat(lcd.line(0)).isEqualTo("Hello,          ");
    assertThat(lcd.line(1)).isEqualTo("  avrkit        ");
    assertThat(lcd.backlight()).isTrue();
  }

  @Test
  void i2cPartOnTheWrongPinsNamesTheRightOnes() {
    assertThatThrownBy(() -> {
      Path f = dir.resolve("d.json");
      Files.writeString(f, "{ \"parts\": [ { \"type\": \"wokwi-arduino-uno\", \"id\": \"uno\" }, { \"type\": \"board-ssd1306\", \"id\": \"oled1\" } ],"
          + " \"connections\": [ [\"oled1:SDA\", \"uno:A2\"], [\"oled1:SCL\", \"uno:A3\"] ] }");
      Diagram d = Diagram.read(f);
      Circuit.build(d, Machine.builder(DeviceCatalog.fromEnvironment().device("ATmega328P")).build());
    }).isInstanceOf(CircuitException.class)
        .hasMessageContaining("part oled1 (board-ssd1306): its SDA/SCL wires do not reach the I2C pins of the ATmega328P (SCL A5 = PC5, SDA A4 = PC4); SDA is on A2 (PC2), SCL on A3 (PC3)");
  }
}
