package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Architecture;
import dev.avrkit.sim.PeripheralRegistry;

/**
 * The AVR8X peripherals (ATmega4809 and the other megaAVR 0 parts; tinyAVR 0/1/2 and AVR-Dx
 * where their modules match), registered by the model's module names: CPU (CCP), CLKCTRL, PORT
 * (with its VPORT), CPUINT (the interrupt controller), USART, TCA, TCB, RTC (with PIT), SLPCTRL,
 * WDT, RSTCTRL, NVMCTRL (megaAVR 0 / tinyAVR page-buffer flavour), SIGROW, FUSE, LOCKBIT,
 * VREF, AC, ADC (the STCONV kind: megaAVR 0, tinyAVR 0/1, AVR-Dx), TWI, SPI, EVSYS and CCL.
 * PORTMUX and the other registers without behaviour are plain memory with their reset values.
 */
public final class Avr8xPeripherals {
  private Avr8xPeripherals() {}

  /** Adds the AVR8X peripherals and CPUINT to a registry. */
  public static void register(PeripheralRegistry.Builder b) {
    Architecture a = Architecture.AVR8X;
    b.interruptController(a, Cpuint::new);
    b.add(a, "CPU", Ccp::new);
    b.add(a, "CLKCTRL", Clkctrl::new);
    b.add(a, "PORT", Port::new);
    b.add(a, "USART", Usart::new);
    b.add(a, "TCA", Tca::new);
    b.add(a, "TCB", Tcb::new);
    b.add(a, "RTC", Rtc::new);
    b.add(a, "SLPCTRL", Slpctrl::new);
    b.add(a, "WDT", Wdt::new);
    b.add(a, "RSTCTRL", Rstctrl::new);
    b.add(a, "NVMCTRL", (m, p) -> pageBufferNvm(p) ? new Nvmctrl(m, p) : Nvmctrl.readOnly(m, p));
    b.add(a, "SIGROW", SignatureRow::new);
    b.add(a, "VREF", Vref::new);
    b.add(a, "AC", (m, p) -> p.register("STATUS").isPresent() ? new Ac(m, p) : null);
    b.add(a, "ADC", (m, p) -> Adc.fits(p) ? new Adc(m, p) : null);
    b.add(a, "TWI", (m, p) -> p.register("MCTRLA").isPresent() ? new Twi(m, p) : null);
    b.add(a, "SPI", Spi::new);
    b.add(a, "EVSYS", (m, p) -> p.register("CHANNEL0").isPresent() ? new Evsys(m, p) : null);
    b.add(a, "CCL", (m, p) -> p.register("LUT0CTRLA").isPresent() ? new Ccl(m, p) : null);
    b.add(a, "FUSE", SignatureRow::new);
    b.add(a, "LOCKBIT", SignatureRow::new);
  }

  /** Whether NVMCTRL is the page-buffer flavour (3-bit CTRLA.CMD), not AVR-Dx's. */
  private static boolean pageBufferNvm(dev.avrkit.device.Peripheral p) {
    return p.register("CTRLA")
        .flatMap(r -> r.register().field("CMD"))
        .map(f -> f.mask() == 7)
        .orElse(false);
  }
}
