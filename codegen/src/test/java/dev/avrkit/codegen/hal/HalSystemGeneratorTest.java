package dev.avrkit.codegen.hal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Device;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The generated watchdog, sleep, pin-change, receive-interrupt and TCB PWM code against the two
 * boards' device models (addresses, bits and values as the ATDF files give them).
 */
class HalSystemGeneratorTest {
  static Map<String, String> hal(String device, String board) {
    Device d = HalGeneratorTest.catalog().device(device);
    return HalGenerator.generate(d, Optional.of(board), 16_000_000);
  }

  @Test
  void atmega4809() {
    Map<String, String> f = hal("ATmega4809", "nano-every");
    String wdt = f.get("src/wdt.rs");
    // WDT at 0x0100, STATUS.SYNCBUSY bit 0, CPU.CCP at 0x34 with IOREG = 0xD8, RSTCTRL.RSTFR at 0x0040
    assertThat(wdt).contains("const CLASSIC: bool = false;", "const CONTROL: usize = 0x0100;", "const STATUS: usize = 0x0101;",
        "const SYNCBUSY: u8 = 0x01;", "const CCP: usize = 0x0034;", "const IOREG_KEY: u8 = 0xD8;", "const RESET_FLAGS: usize = 0x0040;",
        "(ResetCause::Watchdog, 0x08),\n    (ResetCause::Software, 0x10),\n    (ResetCause::Updi, 0x20),",
        "const ALL_FLAGS: u8 = 0x3F;");
    // PERIOD values 1 (8CLK) .. 0x0B (8KCLK), 8 cycles of 1.024 kHz = 7812 µs
    assertThat(wdt).contains("Period::Ms8 => 0x01,", "Period::S8 => 0x0B,", "Period::Ms8 => 7_812,", "Period::S8 => 8_000_000,");
    String sleep = f.get("src/sleep.rs");
    assertThat(sleep).contains("const CONTROL: usize = 0x0050;", "const ENABLE: u8 = 0x01;", "const MODE_MASK: u8 = 0x06;",
        "Idle = 0x00,", "Standby = 0x02,", "PowerDown = 0x04,");
    // USART3 CTRLA.RXCIE
    assertThat(f.get("src/serial.rs")).contains("rx_interrupt: (0x0865, 0x80),");
    String pwm = f.get("src/pwm.rs");
    // TCB1 at 0x0A90: PWM8 = 7, CLKTCA = 2 << 1, CCMP at 0x0A9C; D3 = PF5 on TCBROUTEA (0x05E5) bit 1 = ALT1
    assertThat(pwm).contains("wr(0x0A91, 0x07); // CTRLB: CNTMODE = PWM8", "wr(0x0A90, 0x04 | 0x01);",
        "impl Channel<Tcb1> for crate::port::PF5 {\n    const DUTY: usize = 0x0A9D;\n    const ENABLE: (usize, u8) = (0x0A91, 0x10);\n"
            + "    const ROUTE: Option<(usize, u8, u8)> = Some((0x05E5, 0x02, 0x02));",
        "impl Channel<Tcb0> for crate::port::PF4 {");
    assertThat(f.get("src/board.rs")).contains("/// D3 (PF5), PWM from TCB1 WO0", "/// D6 (PF4), PWM from TCB0 WO0");
  }

  @Test
  void atmega328p() {
    Map<String, String> f = hal("ATmega328P", "uno");
    String wdt = f.get("src/wdt.rs");
    // WDTCSR 0x60: WDCE 0x10 | WDE 0x08; WDP's split mask 0x27; MCUSR at 0x54
    assertThat(wdt).contains("const CLASSIC: bool = true;", "const CONTROL: usize = 0x0060;", "const CHANGE_ENABLE: u8 = 0x18;",
        "const RUNNING: u8 = 0x08;", "const RESET_FLAGS: usize = 0x0054;", "const ALL_FLAGS: u8 = 0x0F;");
    // 2K cycles (WDP 0) with WDE = 0x08, 1024K cycles (WDP 9 = bits 0 and 5) = 0x29
    assertThat(wdt).contains("Period::Ms16 => 0x08,", "Period::S8 => 0x29,", "Period::Ms16 => 16_000,", "Period::S8 => 8_192_000,")
        .doesNotContain("Ms8 =>");
    assertThat(f.get("src/sleep.rs")).contains("const CONTROL: usize = 0x0053;", "const MODE_MASK: u8 = 0x0E;", "PowerDown = 0x04,",
        "AdcNoiseReduction = 0x02,", "ExtendedStandby = 0x0E,");
    String exti = f.get("src/exti.rs");
    // PCICR 0x68, PCIFR 0x3B; PD4 = PCINT20: group 2, PCMSK2 at 0x6D, bit 4; PB0 = PCINT0
    assertThat(exti).contains("const PCICR: usize = 0x0068;", "const PCIFR: usize = 0x003B;",
        "impl PinChange for crate::port::PD4 {\n    const GROUP: u8 = 2;\n    const MASK: usize = 0x006D;\n    const BIT_IN_MASK: u8 = 4;",
        "impl PinChange for crate::port::PB0 {\n    const GROUP: u8 = 0;\n    const MASK: usize = 0x006B;");
    assertThat(HalGenerator.pinChangeVector(HalGeneratorTest.catalog().device("ATmega328P"), "PD4")).contains("PCINT2");
    // UCSR0B.RXCIE0
    assertThat(f.get("src/serial.rs")).contains("rx_interrupt: (0x00C1, 0x80),");
  }
}
