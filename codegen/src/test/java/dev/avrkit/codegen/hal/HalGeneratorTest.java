package dev.avrkit.codegen.hal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the generated HAL crate contains, for the two boards' chips and for every supported part. */
class HalGeneratorTest {
  private static DeviceCatalog catalog;

  static synchronized DeviceCatalog catalog() {
    if (catalog == null) catalog = DeviceCatalog.fromEnvironment();
    return catalog;
  }

  @Test
  void nanoEveryPinsUseTheVportsAndTheHeaderMap() {
    Device d = catalog().device("ATmega4809");
    Map<String, String> f = HalGenerator.generate(d, Optional.of("nano-every"), 16_000_000);
    String port = f.get("src/port.rs");
    // VPORTE at 0x0010: DIR, OUT, IN at 0x10..0x12; PORTE.PIN0CTRL at 0x0490, PULLUPEN = bit 3
    assertThat(port).contains("const PORTE: PortRegs = PortRegs {\n    dir: 0x0010,\n    out: 0x0011,\n    input: 0x0012,\n"
        + "    pinctrl: 0x0490,\n    pullup: 0x08,\n    intflags: 0x0013,\n};");
    assertThat(port).contains("pub struct PE2;\nimpl PinId for PE2 {\n    const PORT: PortRegs = PORTE;\n    const BIT: u8 = 2;\n}");
    // the 48-pin 4809 has PORTF pins 0..6 only (the model's DIR mask)
    assertThat(port).contains("pub struct PF6;").doesNotContain("pub struct PF7;");
    String board = f.get("src/board.rs");
    assertThat(board).contains("pub d13: Pin<Input<Floating>, port::PE2>,", "d0: p.pc5,", "usb_tx: p.pb4,",
        "/// D5 (PB2), PWM from TCA0 WO2", "$crate::board::Pins::new($crate::port::Pins::new($dp.PORTA, $dp.PORTB,");
    assertThat(f.get("src/lib.rs")).contains("pub const F_CPU: u32 = 16_000_000;", "pub mod board;");
    assertThat(f.get("Cargo.toml")).contains("name = \"avr-atmega4809-hal\"", "pac = { package = \"avr-atmega4809\", path = \"../pac\" }");
  }

  @Test
  void embeddedHalDependenciesOnlyWhenAsked() {
    Device d = catalog().device("ATmega4809");
    // by default the trait crates are comments: an optional crates.io dependency would still be
    // resolved into Cargo.lock and break offline builds; the cfg is declared for check-cfg
    String off = HalGenerator.generate(d, Optional.of("nano-every"), 16_000_000).get("Cargo.toml");
    assertThat(off).contains("# embedded-hal = { version = \"1.0\", optional = true }", "# [features]",
        "check-cfg = ['cfg(feature, values(\"embedded-hal\"))']");
    assertThat(off.lines().filter(l -> !l.startsWith("#")).filter(l -> l.contains("embedded-io") || l.startsWith("[features]")))
        .isEmpty();
    String on = HalGenerator.generate(d, Optional.of("nano-every"), 16_000_000, true).get("Cargo.toml");
    assertThat(on).contains("\nembedded-hal = { version = \"1.0\", optional = true }\nembedded-io = { version = \"0.6\", optional = true }\n",
        "\n[features]\nembedded-hal = [\"dep:embedded-hal\", \"dep:embedded-io\"]\n");
    assertThat(HalGenerator.dependency(d, true)).isEqualTo(
        "hal = { package = \"avr-atmega4809-hal\", path = \"hal\", features = [\"embedded-hal\"] }");
    // the impls are in the files either way, behind the cfg
    Map<String, String> f = HalGenerator.generate(d, Optional.of("nano-every"), 16_000_000);
    assertThat(f.get("src/gpio.rs")).contains("#[cfg(feature = \"embedded-hal\")]", "impl<P: PinOps> StatefulOutputPin for Pin<Output, P>");
    assertThat(f.get("src/delay.rs")).contains("impl embedded_hal::delay::DelayNs for Delay");
    assertThat(f.get("src/pwm.rs")).contains("embedded_hal::pwm::SetDutyCycle for PwmPin<T, P>");
    assertThat(f.get("src/serial.rs")).contains("impl<U: Instance, P> embedded_io::Read for Serial<U, P>",
        "impl<U: Instance, P> embedded_io::WriteReady for Serial<U, P>");
  }

  @Test
  void unoPinsUseDdrPortPinInIoSpace() {
    Device d = catalog().device("ATmega328P");
    Map<String, String> f = HalGenerator.generate(d, Optional.of("uno"), 16_000_000);
    // PINB 0x23, DDRB 0x24, PORTB 0x25 (data addresses of I/O 0x03..0x05); the pull-up is PORTB
    assertThat(f.get("src/port.rs")).contains("const PORTB: PortRegs = PortRegs {\n    dir: 0x0024,\n    out: 0x0025,\n"
        + "    input: 0x0023,\n    pinctrl: 0,\n").contains("pub struct PC6;").doesNotContain("pub struct PC7;");
    assertThat(f.get("src/board.rs")).contains("pub d13: Pin<Input<Floating>, port::PB5>,", "pub a5: Pin<Input<Floating>, port::PC5>,");
  }

  @Test
  void bareDeviceGetsPortPinsAndItsOwnPinsMacro() {
    Device d = catalog().device("ATtiny3217");
    Map<String, String> f = HalGenerator.generate(d, Optional.empty(), 20_000_000);
    assertThat(f).doesNotContainKey("src/board.rs");
    assertThat(f.get("src/port.rs")).contains("macro_rules! pins", "$crate::port::Pins::new($dp.PORTA, $dp.PORTB, $dp.PORTC)");
  }

  @Test
  void supportedPartsAndClocks() {
    assertThat(HalGenerator.supports(catalog().device("ATmega4809"), 16_000_000)).isTrue();
    assertThat(HalGenerator.supports(catalog().device("ATmega328P"), 16_000_000)).isTrue();
    assertThat(HalGenerator.supports(catalog().device("AVR128DA48"), 4_000_000)).isTrue();
    // AVRrc has no sbiw for the delays; XMEGA ports are not supported; the delays need whole MHz >= 4
    assertThat(HalGenerator.supports(catalog().device("ATtiny10"), 8_000_000)).isFalse();
    assertThat(HalGenerator.supports(catalog().device("ATxmega128A1U"), 32_000_000)).isFalse();
    assertThat(HalGenerator.supports(catalog().device("ATmega328P"), 1_000_000)).isFalse();
    assertThat(HalGenerator.supports(catalog().device("ATmega328P"), 14_745_600)).isFalse();
  }

  /** Every part the HAL supports generates (no missing register or field breaks the generator). */
  @Test
  void everySupportedPartGenerates() {
    int n = 0;
    for (DeviceCatalog.DeviceSummary sum : catalog().devices()) {
      String name = sum.name();
      if (sum.architecture() != dev.avrkit.device.Architecture.AVR8X && sum.architecture() != dev.avrkit.device.Architecture.AVR8) continue;
      Device d = catalog().device(name);
      if (!HalGenerator.supports(d, 16_000_000)) continue;
      Map<String, String> f = HalGenerator.generate(d, Optional.empty(), 16_000_000);
      assertThat(f.get("src/port.rs")).as(name).contains("pub struct Pins {");
      // a module is generated only with everything it needs, and then listed in lib.rs
      for (String mod : List.of("serial", "time", "exti", "pwm")) {
        assertThat(f.get("src/lib.rs").contains("pub mod " + mod + ";")).as(name + " " + mod).isEqualTo(f.containsKey("src/" + mod + ".rs"));
      }
      n++;
    }
    assertThat(n).isGreaterThan(150);
  }
}
