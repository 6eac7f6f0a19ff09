package dev.avrkit.sim.avr8x;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.sim.Machine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every AVR8X device of the packs (megaAVR 0, tinyAVR 0/1/2, AVR-Dx/Ex/Du) gets a machine with
 * CPUINT and the peripheral families this package simulates, and the clock at reset the
 * datasheets give: the 16/20 MHz oscillator divided by 6, or AVR-Dx's 4 MHz high-frequency
 * oscillator undivided; EEPROM reads in data space.
 */
class FamiliesTest {
  @Test
  void everyAvr8xDeviceBuildsWithItsResetClock() {
    DeviceCatalog catalog = DeviceCatalog.fromEnvironment();
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (var s : catalog.devices()) {
      if (s.architecture() != Architecture.AVR8X) continue;
      n++;
      try {
        Device d = catalog.device(s.name());
        Machine m = Machine.builder(d).build();
        assertThat(m.interrupts()).isInstanceOf(Cpuint.class);
        assertThat(m.peripheral("CPU")).isPresent();
        boolean hf = d.peripheral("CLKCTRL").flatMap(p -> p.register("OSCHFCTRLA")).isPresent();
        if (d.peripheral("CLKCTRL").flatMap(p -> p.register("MCLKCTRLB")).isPresent()) {
          long expected = hf ? 4_000_000 : (m.fuse("OSCCFG").orElse(2) & 3) == 1 ? 16_000_000 / 6 : 20_000_000 / 6;
          if (m.clockHz() != expected) failures.add(s.name() + ": clock " + m.clockHz() + " Hz, expected " + expected);
        }
        int ee = m.layout().eepromDataAddress();
        if (ee >= 0 && m.eeprom().length > 3) {
          m.eeprom()[3] = 0x5A;
          if (m.bus().read(ee + 3) != 0x5A) failures.add(s.name() + ": EEPROM not readable in data space");
        }
        if (d.peripherals().stream().anyMatch(p -> p.module().name().equals("USART"))
            && m.peripherals().stream().noneMatch(p -> p instanceof Usart)) {
          failures.add(s.name() + ": no USART simulated");
        }
      } catch (RuntimeException e) {
        failures.add(s.name() + ": " + e);
      }
    }
    assertThat(n).isGreaterThan(50);
    assertThat(failures).isEmpty();
  }
}
