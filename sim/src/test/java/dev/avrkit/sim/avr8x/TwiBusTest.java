package dev.avrkit.sim.avr8x;

import static dev.avrkit.sim.avr8x.Avr8xTestSupport.idle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.bus.I2cBus;
import dev.avrkit.sim.bus.I2cDevice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TWI0 master bus states against the data sheet, driven through the data bus on an idling
 * ATmega4809 (20 MHz / 6): arbitration lost, a bus error at STOP and one from a STOP inside a
 * byte, a START waiting for a held bus,
 * clock stretching, the inactive-bus time-out and the pins following PORTMUX.
 */
class TwiBusTest {
  static final int TWI0 = 0x8A0, MCTRLA = TWI0 + 3, MCTRLB = TWI0 + 4, MSTATUS = TWI0 + 5, MBAUD = TWI0 + 6,
      MADDR = TWI0 + 7, MDATA = TWI0 + 8, TWISPIROUTEA = 0x5E3;
  static final int WIF = 0x40, CLKHOLD = 0x20, RXACK = 0x10, ARBLOST = 0x08, BUSERR = 0x04;

  private Machine m;
  private DataBus b;
  private I2cBus i2c;
  private final List<String> seen = new ArrayList<>();

  /** A device at 0x50 that acknowledges everything and runs {@code onWrite} per data byte. */
  private Runnable onWrite = () -> {};

  private void setUp() {
    m = idle();
    b = m.bus();
    i2c = m.i2cBus("TWI0");
    i2c.attach(new I2cDevice() {
      @Override
      public boolean start(int address, boolean read) {
        return address == 0x50;
      }

      @Override
      public boolean write(int data) {
        onWrite.run();
        return true;
      }

      @Override
      public int read(boolean ack) {
        return 0;
      }

      @Override
      public void stop() {}
    });
    i2c.addListener((k, v, ack, c) -> seen.add(k + (k == dev.avrkit.sim.bus.I2cListener.Kind.ADDRESS ? " " + Integer.toHexString(v) : "")));
    b.write(MBAUD, 20);
    b.write(MCTRLA, 1);
    b.write(MSTATUS, 1); // IDLE
  }

  private void at(long delay, Runnable r) {
    m.scheduler().scheduleIn(new Scheduler.Event() {
      @Override
      protected void fire(long when) {
        r.run();
      }
    }, delay);
  }

  private int status() {
    return b.read(MSTATUS);
  }

  @Test
  void sdaHeldLowDuringTheAddressLosesArbitration() {
    setUp();
    b.write(MADDR, 0x7F << 1); // address bits 1: the first one after the hold loses
    at(200, () -> i2c.holdSdaLow(true));
    m.run(3000);
    assertThat(status() & (ARBLOST | WIF)).isEqualTo(ARBLOST | WIF);
    assertThat(status() & 3).as("BUSY").isEqualTo(3);
    assertThat(seen).containsExactly(); // no address byte completed on the bus
    assertThat(m.pins().pin("PA3").level()).as("SCL released").isEqualTo(1);
  }

  @Test
  void startWaitsWhileSdaIsHeldThenGoesOn() {
    setUp();
    i2c.holdSdaLow(true);
    b.write(MADDR, 0x50 << 1);
    m.run(5000);
    assertThat(status() & 3).as("BUSY while held").isEqualTo(3);
    assertThat(seen).isEmpty();
    i2c.holdSdaLow(false);
    m.run(5000);
    assertThat(seen).containsExactly("START", "ADDRESS a0");
    assertThat(status() & (WIF | CLKHOLD | RXACK | 3)).isEqualTo(WIF | CLKHOLD | 2);
  }

  @Test
  void sclHeldLowStretchesTheByte() {
    setUp();
    b.write(MADDR, 0x50 << 1);
    m.run(2000);
    assertThat(status() & WIF).isEqualTo(WIF);
    long t0 = m.cpu().cycle();
    onWrite = () -> {
      i2c.holdSclLow(true);
      at(3000, () -> i2c.holdSclLow(false));
    };
    b.write(MDATA, 0x12);
    // 9 SCL periods of 10 + 2 x 20 = 50 cycles without stretching; 3000 more with it
    m.run(450 + 1000);
    assertThat(status() & WIF).as("still stretched").isZero();
    assertThat(m.pins().pin("PA3").level()).isZero();
    m.run(3000);
    assertThat(status() & (WIF | RXACK)).isEqualTo(WIF);
    assertThat(m.cpu().cycle() - t0).isGreaterThan(3000);
  }

  @Test
  void sdaStuckLowAtStopIsABusError() {
    setUp();
    b.write(MADDR, 0x50 << 1);
    m.run(2000);
    onWrite = () -> i2c.holdSdaLow(true);
    b.write(MDATA, 0x12);
    m.run(2000);
    b.write(MCTRLB, 3); // STOP
    m.run(2000);
    assertThat(status() & (BUSERR | WIF)).isEqualTo(BUSERR | WIF);
    assertThat(status() & 3).as("UNKNOWN").isZero();
    assertThat(seen).doesNotContain("STOP");
  }

  /** A STOP inside a data byte: BUSERR + WIF, the lines released, the bus IDLE; MADDR starts again. */
  @Test
  void misplacedStopInsideAByteIsABusError() {
    setUp();
    b.write(MADDR, 0x50 << 1);
    m.run(2000);
    assertThat(status() & (WIF | BUSERR)).isEqualTo(WIF);
    b.write(MDATA, 0x12);
    at(150, () -> i2c.misplacedStop()); // 9 bits take 450 cycles: in the middle of the byte
    m.run(2000);
    assertThat(status() & (BUSERR | WIF | CLKHOLD | 3)).as("BUSERR, WIF, IDLE").isEqualTo(BUSERR | WIF | 1);
    assertThat(m.pins().pin("PA3").level()).as("SCL released").isEqualTo(1);
    assertThat(m.pins().pin("PA2").level()).as("SDA released").isEqualTo(1);
    assertThat(seen).containsExactly("START", "ADDRESS a0", "STOP"); // the byte never completed
    // from the device's answer to a byte: the same, and the next START works
    onWrite = () -> i2c.misplacedStop();
    b.write(MADDR, 0x50 << 1);
    m.run(2000);
    assertThat(status() & (BUSERR | WIF | 3)).as("MADDR clears BUSERR").isEqualTo(WIF | 2);
    b.write(MDATA, 0x34);
    m.run(2000);
    assertThat(status() & (BUSERR | WIF | 3)).isEqualTo(BUSERR | WIF | 1);
    assertThat(m.pins().pin("PA2").level()).as("SDA released after the device's acknowledge").isEqualTo(1);
    onWrite = () -> {};
    b.write(MADDR, 0x50 << 1);
    m.run(2000);
    b.write(MDATA, 0x56);
    m.run(2000);
    assertThat(status() & (BUSERR | WIF | RXACK | 3)).isEqualTo(WIF | 2);
  }

  /** MADDR written while the STOP is still on the wire: the START follows once the bus is idle. */
  @Test
  void startWrittenDuringAStopGoesOutAfterIt() {
    setUp();
    b.write(MADDR, 0x50 << 1);
    m.run(2000);
    b.write(MCTRLB, 3); // STOP
    b.write(MADDR, (0x50 << 1) | 1);
    m.run(3000);
    assertThat(seen).containsExactly("START", "ADDRESS a0", "STOP", "START", "ADDRESS a1", "READ");
    assertThat(status() & 3).as("OWNER").isEqualTo(2);
  }

  @Test
  void inactiveBusTimeoutMakesTheBusIdle() {
    m = idle();
    b = m.bus();
    b.write(MCTRLA, 1 | (1 << 2)); // ENABLE, TIMEOUT 50 us
    assertThat(status() & 3).isZero();
    long cycles = m.clockHz() * 50 / 1_000_000;
    m.run(cycles - 10);
    assertThat(status() & 3).isZero();
    m.run(20);
    assertThat(status() & 3).isEqualTo(1);
  }

  @Test
  void pinsFollowPortmux() {
    setUp();
    assertThat(i2c.sclPin()).isEqualTo("PA3");
    b.write(MCTRLA, 0);
    b.write(TWISPIROUTEA, 2 << 4); // ALT2: PC2/PC3
    b.write(MCTRLA, 1);
    assertThat(i2c.sdaPin()).isEqualTo("PC2");
    assertThat(i2c.sclPin()).isEqualTo("PC3");
    b.write(MSTATUS, 1);
    b.write(MADDR, 0x50 << 1);
    List<String> edges = new ArrayList<>();
    m.addPinListener((port, bit, level, cycle) -> edges.add(port + bit));
    m.run(2000);
    assertThat(edges).contains("PORTC3", "PORTC2").doesNotContain("PORTA3");
  }
}
