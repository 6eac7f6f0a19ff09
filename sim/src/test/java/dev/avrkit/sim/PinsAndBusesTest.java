package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.sim.bus.I2cBus;
import dev.avrkit.sim.bus.I2cDevice;
import dev.avrkit.sim.bus.I2cListener;
import dev.avrkit.sim.bus.SpiBus;
import dev.avrkit.sim.bus.SpiDevice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outside world's API: pins by name on both port families, and the byte-level buses. */
class PinsAndBusesTest {

  @Test
  void classicPinsReadWhatIsDrivenAndReportTheChipsOwnDrive() {
    Machine m = Machine.builder(Tools.device("ATmega328P")).build();
    DataBus b = m.bus();
    int pinb = 0x23, ddrb = 0x24, portb = 0x25; // ATmega328P data addresses
    Pins.Pin pb0 = m.pins().pin("pb0");
    assertThat(pb0.name()).isEqualTo("PB0");
    assertThat(pb0.level()).isEqualTo(PinListener.FLOATING);
    pb0.drive(1);
    assertThat(b.read(pinb) & 1).isEqualTo(1);
    pb0.drive(PinListener.FLOATING);
    b.write(portb, 1); // pull-up
    assertThat(pb0.pullUp()).isTrue();
    assertThat(pb0.voltage()).isEqualTo(5.0);
    pb0.setVoltage(1.2); // below half the supply: reads 0, ADC sees 1.2 V
    assertThat(b.read(pinb) & 1).isZero();
    assertThat(pb0.voltage()).isEqualTo(1.2);
    b.write(ddrb, 1); // now the chip drives it high
    assertThat(pb0.isOutput()).isTrue();
    assertThat(pb0.voltage()).isEqualTo(5.0);
    assertThat(m.pins().find("PE0")).isEmpty(); // the 328P has no PORTE
    assertThatThrownBy(() -> m.pins().pin("PZ9")).isInstanceOf(AvrkitException.class).hasMessageContaining("[B, C, D]");
  }

  @Test
  void avr8xPinsReadWhatIsDriven() {
    Machine m = Machine.builder(Tools.device("ATmega4809")).build();
    Pins.Pin pa0 = m.pins().pin("PA0");
    pa0.setVoltage(4.0);
    assertThat(m.bus().read(0x408) & 1).isEqualTo(1); // PORTA.IN
    assertThat(pa0.voltage()).isEqualTo(4.0);
    m.bus().write(0x401, 1); // DIRSET
    m.bus().write(0x406, 1); // OUTCLR
    assertThat(pa0.level()).isZero();
    assertThat(pa0.voltage()).isZero();
    assertThat(m.pins().ports()).extracting(PortPins::name).contains("PORTA", "PORTF");
  }

  @Test
  void i2cBusAddressesOneDeviceAndReportsEvents() {
    Machine m = Machine.builder(Tools.device("ATmega328P")).build();
    I2cBus bus = m.i2cBus("twi");
    assertThat(m.i2cBus("TWI")).isSameAs(bus);
    List<Integer> written = new ArrayList<>();
    bus.attach(
        new I2cDevice() {
          int next = 0x40;

          @Override
          public boolean start(int address, boolean read) {
            return address == 0x50;
          }

          @Override
          public boolean write(int data) {
            written.add(data);
            return data != 0xEE;
          }

          @Override
          public int read(boolean ack) {
            return next++;
          }

          @Override
          public void stop() {}
        });
    List<String> events = new ArrayList<>();
    bus.addListener((k, v, ack, c) -> events.add(k + ":" + Integer.toHexString(v) + (ack ? "+" : "-")));
    assertThat(bus.start(0x51, false)).isFalse();
    assertThat(bus.write(1)).isFalse(); // nobody addressed
    assertThat(bus.start(0x50, false)).isTrue();
    assertThat(bus.write(7)).isTrue();
    assertThat(bus.write(0xEE)).isFalse();
    assertThat(bus.start(0x50, true)).isTrue();
    assertThat(bus.read(true)).isEqualTo(0x40);
    assertThat(bus.read(false)).isEqualTo(0x41);
    bus.stop();
    assertThat(written).containsExactly(7, 0xEE);
    assertThat(events)
        .containsExactly(
            "START:0-", "ADDRESS:a2-", "WRITE:1-", "START:0-", "ADDRESS:a0+", "WRITE:7+", "WRITE:ee-",
            "START:0-", "ADDRESS:a1+", "READ:40+", "READ:41-", "STOP:0-");
    assertThat(I2cListener.Kind.values()).hasSize(5);
  }

  @Test
  void spiBusAndsTheSelectedDevicesAnswers() {
    Machine m = Machine.builder(Tools.device("ATmega4809")).build();
    SpiBus bus = m.spiBus("SPI0");
    boolean[] sel = {false};
    bus.attach(
        new SpiDevice() {
          @Override
          public boolean selected() {
            return sel[0];
          }

          @Override
          public int transfer(int mosi) {
            return mosi ^ 0xFF;
          }
        });
    assertThat(bus.transfer(0x0F)).isEqualTo(0xFF);
    sel[0] = true;
    assertThat(bus.transfer(0x0F)).isEqualTo(0xF0);
  }
}
