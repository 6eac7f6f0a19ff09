package dev.avrkit.sim.avr8x;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.PinListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the analog, serial and event peripherals: random register writes and reads
 * (ADC0, AC0, VREF, TWI0, SPI0, EVSYS, TCBn, PORTMUX), random pin voltages and drives, held I2C
 * lines and short runs in between, on an idling ATmega4809. Whatever the firmware or the outside
 * world does, the simulator must keep going: no exception, time moves forward.
 */
class PeripheralFuzzTest {
  @Test
  void randomRegisterTrafficNeverBreaksTheSimulator() {
    List<int[]> ranges = new ArrayList<>();
    for (String n : List.of("ADC0", "AC0", "VREF", "TWI0", "SPI0", "EVSYS", "TCB0", "TCB1", "TCB2", "PORTMUX", "PORTA", "PORTE")) {
      Peripheral p = Avr8xTestSupport.atmega4809().peripheral(n).orElseThrow();
      long lo = p.registers().stream().mapToLong(r -> r.address()).min().orElseThrow();
      long hi = p.registers().stream().mapToLong(r -> r.address() + r.size() - 1).max().orElseThrow();
      ranges.add(new int[] {(int) lo, (int) hi});
    }
    String[] pins = {"PA1", "PA2", "PA3", "PD2", "PD3", "PE1", "PE3", "PF2"};
    for (int seed = 1; seed <= 40; seed++) {
      Random rnd = new Random(seed);
      Machine m = Avr8xTestSupport.idle();
      DataBus b = m.bus();
      var i2c = m.i2cBus("TWI0");
      var spi = m.spiBus("SPI0");
      long before = m.cpu().cycle();
      try {
        for (int i = 0; i < 1500; i++) {
          int[] r = ranges.get(rnd.nextInt(ranges.size()));
          int a = r[0] + rnd.nextInt(r[1] - r[0] + 1);
          switch (rnd.nextInt(8)) {
            case 0, 1, 2 -> b.write(a, rnd.nextInt(256));
            case 3 -> b.read(a);
            case 4 -> m.pins().pin(pins[rnd.nextInt(pins.length)]).setVoltage(rnd.nextDouble() * 5);
            case 5 -> m.pins().pin(pins[rnd.nextInt(pins.length)]).drive(rnd.nextInt(3) == 2 ? PinListener.FLOATING : rnd.nextInt(2));
            case 6 -> {
              if (rnd.nextBoolean()) i2c.holdSdaLow(rnd.nextInt(4) == 0);
              else i2c.holdSclLow(rnd.nextInt(4) == 0);
              spi.transfer(rnd.nextInt(256));
            }
            default -> m.run(rnd.nextInt(3000));
          }
        }
        i2c.holdSdaLow(false);
        i2c.holdSclLow(false);
        m.run(100_000);
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + e, e);
      }
      assertThat(m.cpu().cycle()).as("seed %d", seed).isGreaterThan(before);
    }
  }
}
