package dev.avrkit.sim.mega;

import dev.avrkit.device.Architecture;
import dev.avrkit.sim.PeripheralRegistry;

/**
 * The classic (AVRe+, ATDF "AVR8") peripherals, registered by the model's module names: CPU,
 * PORT, USART, TC8 (Timer0), TC16 (Timer1), TC8_ASYNC (Timer2), EXINT, EEPROM, WDT, ADC, AC, TWI, SPI.
 */
public final class MegaPeripherals {
  private MegaPeripherals() {}

  /** Adds the classic peripherals to a registry. */
  public static void register(PeripheralRegistry.Builder b) {
    Architecture a = Architecture.AVR8;
    b.add(a, "CPU", MegaCpu::new);
    b.add(a, "PORT", MegaPort::new);
    b.add(a, "USART", MegaUsart::new);
    b.add(a, "TC8", (m, p) -> new MegaTimer(m, p, false, false));
    b.add(a, "TC16", (m, p) -> new MegaTimer(m, p, true, false));
    b.add(a, "TC8_ASYNC", (m, p) -> new MegaTimer(m, p, false, true));
    b.add(a, "EXINT", MegaExtInt::new);
    b.add(a, "EEPROM", MegaEeprom::new);
    b.add(a, "WDT", MegaWatchdog::new);
    b.add(a, "ADC", MegaAdc::new);
    b.add(a, "AC", MegaAc::new);
    b.add(a, "TWI", MegaTwi::new);
    b.add(a, "SPI", MegaSpi::new);
  }
}
