package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Architecture;
import dev.avrkit.image.ElfFile;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HAL's analog and bus peripherals (issue 14) built with the real rustc and run on the
 * simulated chip of both boards: the ADC reads the voltages set on the pins through every
 * reference and resolution, accumulation sums samples; the I2C master talks to a memory device
 * (write, write-read, scan, a generic driver written only against embedded-hal 1.0's {@code I2c})
 * and returns each error: a missing device, a refused byte, a device holding SDA low (within the
 * time-out), a bus error (a STOP inside a byte; on the 4809 also SDA held low at the STOP), after
 * which the next transfer works. The HAL is built with its embedded-hal feature against ../shared/rust-crates.
 */
class HalPeripheralsTest {

  static HalBuild build(String boardName) throws Exception {
    return HalBuild.shared(boardName);
  }

  static boolean avr8x(HalBuild h) {
    return h.device.architecture() == Architecture.AVR8X;
  }

  /** The clock set-up the firmware needs: the Nano Every runs the 16 MHz oscillator undivided. */
  static String clockInit(HalBuild h) {
    return avr8x(h) ? "dp.CLKCTRL.mclkctrlb.write_protected(|w| w.pen().clear_bit());" : "";
  }

  /** A machine for the board with {@code setup} applied, the firmware run until it writes the done marker. */
  static Machine run(HalBuild h, Path elf, Consumer<Machine> setup, double maxSeconds) {
    Machine.Builder mb = Machine.builder(h.device).clockHz(h.board.clockHz());
    h.board.fuses().forEach(mb::fuse);
    Machine m = mb.build();
    setup.accept(m);
    m.load(FirmwareImage.load(elf));
    long done = symbol(elf, "DONE");
    RunResult r;
    do {
      r = m.run(m.clockHz() / 1000);
    } while (r.reason() == StopReason.CYCLE_LIMIT && m.seconds() < maxSeconds && m.bus().peek((int) done) != 0xA5);
    assertThat(m.bus().peek((int) done)).as("the firmware finished (%s at %.3f s)", r.reason(), m.seconds()).isEqualTo(0xA5);
    return m;
  }

  static long symbol(Path elf, String name) {
    return ElfFile.read(elf).symbol(name).orElseThrow().value() - 0x800000L;
  }

  /** The {@code i}th u16 of the firmware's {@code RESULTS}. */
  static int result(Machine m, Path elf, int i) {
    int a = (int) symbol(elf, "RESULTS") + 2 * i;
    return m.bus().peek(a) | m.bus().peek(a + 1) << 8;
  }

  static final String PRELUDE = """
      #![no_std]
      #![no_main]

      use hal::pac;

      pac::entry!(main);

      #[no_mangle]
      static mut RESULTS: [u16; 16] = [0; 16];
      #[no_mangle]
      static mut DONE: u8 = 0;

      fn put(i: usize, v: u16) {
          unsafe { core::ptr::write_volatile((&raw mut RESULTS).cast::<u16>().add(i), v) }
      }

      fn done() -> ! {
          unsafe { core::ptr::write_volatile(&raw mut DONE, 0xA5) };
          loop {}
      }

      #[panic_handler]
      fn panic(_: &core::panic::PanicInfo) -> ! {
          loop {}
      }
      """;

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void adcReadsThePinVoltages(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    String instance = x ? "ADC0" : "ADC";
    Path elf = h.firmware("adc", PRELUDE + """
        use hal::adc::{channel, Adc, Config, Reference, Resolution, Samples};

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let pins = hal::pins!(dp);
            let mut adc = Adc::new(dp.%s, Config::default());
            let a0 = pins.a0.into_analog_input(&mut adc);
            let a1 = pins.a1.into_analog_input(&mut adc);
            put(0, adc.read_blocking(&a0));
            put(1, adc.read_blocking(&a1));
            put(2, adc.read_blocking(&channel::Gnd));
            let mut adc = Adc::new(adc.free(), Config { reference: Reference::Internal1V1, ..Config::default() });
            put(3, adc.read_blocking(&a1));
            let mut adc = Adc::new(adc.free(), Config { resolution: Resolution::Bits8, ..Config::default() });
            put(4, adc.read_blocking(&a0));
            let mut adc = Adc::new(adc.free(), Config { samples: Samples::%s, ..Config::default() });
            put(5, adc.read_blocking(&a0));
            // non-blocking: start, then poll
            adc.start(&a1);
            let mut polls: u16 = 0;
            let v = loop {
                if let Some(v) = adc.result() {
                    break v;
                }
                polls += 1;
            };
            put(6, v);
            put(7, polls);
            let _a0 = a0.into_digital();
            done()
        }
        """.formatted(clockInit(h), instance, x ? "Acc4" : "Acc1"));
    String a0 = x ? "PD3" : "PC0", a1 = x ? "PD2" : "PC1";
    Machine m = run(h, elf, mm -> {
      mm.pins().pin(a0).setVoltage(2.5);
      mm.pins().pin(a1).setVoltage(1.0);
    }, 1.0);
    int full = 1024;
    assertThat(result(m, elf, 0)).as("A0 at 2.5 V of 5 V").isBetween(full / 2 - 1, full / 2 + 1);
    assertThat(result(m, elf, 1)).as("A1 at 1.0 V of 5 V").isBetween(203, 206);
    assertThat(result(m, elf, 2)).as("GND").isZero();
    assertThat(result(m, elf, 3)).as("A1 at 1.0 V of the internal 1.1 V").isBetween(929, 932);
    assertThat(result(m, elf, 4)).as("A0 at 8 bits").isBetween(127, 129);
    assertThat(result(m, elf, 5)).as("A0, accumulated").isBetween((x ? 4 : 1) * (full / 2 - 1), (x ? 4 : 1) * (full / 2 + 1));
    assertThat(result(m, elf, 6)).as("A1 read by polling (still accumulated)").isBetween((x ? 4 : 1) * 203, (x ? 4 : 1) * 206);
    assertThat(result(m, elf, 7)).as("polls while converting").isPositive();
    // the digital input buffer of an analog pin is off (A1), on again after into_digital (A0):
    // PORTD.PINnCTRL.ISC = INPUT_DISABLE on the 4809, DIDR0.ADCnD on the 328P
    if (x) {
      int pin2ctrl = (int) h.device.peripheral("PORTD").orElseThrow().register("PIN2CTRL").orElseThrow().address();
      int pin3ctrl = (int) h.device.peripheral("PORTD").orElseThrow().register("PIN3CTRL").orElseThrow().address();
      assertThat(m.bus().peek(pin2ctrl) & 0x07).as("PORTD.PIN2CTRL.ISC").isEqualTo(4);
      assertThat(m.bus().peek(pin3ctrl) & 0x07).as("PORTD.PIN3CTRL.ISC").isZero();
    } else {
      int didr0 = (int) h.device.peripheral("ADC").orElseThrow().register("DIDR0").orElseThrow().address();
      assertThat(m.bus().peek(didr0) & 0x03).as("DIDR0.ADC1D, ADC0D").isEqualTo(2);
    }
  }

  /** A 24C256-like memory at {@code address}: two address bytes, then data; reads continue from there. */
  static class Memory implements dev.avrkit.sim.bus.I2cDevice {
    final int address;
    final byte[] mem = new byte[32768];
    int ptr, received;
    boolean refuseData;

    Memory(int address) {
      this.address = address;
    }

    @Override
    public boolean start(int a, boolean read) {
      received = 0;
      return a == address;
    }

    @Override
    public boolean write(int data) {
      if (refuseData) return false;
      if (received == 0) ptr = (data & 0x7F) << 8;
      else if (received == 1) ptr |= data;
      else mem[ptr++ & 0x7FFF] = (byte) data;
      received++;
      return true;
    }

    @Override
    public int read(boolean ack) {
      return mem[ptr++ & 0x7FFF] & 0xFF;
    }

    @Override
    public void stop() {}
  }

  static final String I2C_ERRORS = """
      use hal::i2c::{Error, I2c, Route};

      fn code(r: Result<(), Error>) -> u16 {
          match r {
              Ok(()) => 0,
              Err(Error::AddressNack) => 1,
              Err(Error::DataNack) => 2,
              Err(Error::ArbitrationLost) => 3,
              Err(Error::BusError) => 4,
              Err(Error::Timeout) => 5,
          }
      }
      """;

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void i2cTalksToDevicesAndReturnsEveryError(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    String twi = x ? "TWI0" : "TWI";
    Path elf = h.firmware("i2c", PRELUDE + I2C_ERRORS + """
        use embedded_hal::i2c::Operation;

        /// A 24C256 driver written only against embedded-hal 1.0.
        struct At24<I> {
            i2c: I,
            address: u8,
        }

        impl<I: embedded_hal::i2c::I2c> At24<I> {
            fn write(&mut self, at: u16, data: &[u8]) -> Result<(), I::Error> {
                let a = at.to_be_bytes();
                self.i2c.transaction(self.address, &mut [Operation::Write(&a), Operation::Write(data)])
            }
            fn read(&mut self, at: u16, buf: &mut [u8]) -> Result<(), I::Error> {
                self.i2c.write_read(self.address, &at.to_be_bytes(), buf)
            }
        }

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let mut i2c = I2c::new(dp.%s, Route::default(), 100_000);
            put(0, code(i2c.write(0x50, &[0x00, 0x10, 11, 22, 33])));
            let mut b = [0u8; 3];
            put(1, code(i2c.write_read(0x50, &[0x00, 0x10], &mut b)));
            put(2, u16::from(b[0]) | u16::from(b[2]) << 8);
            let mut found: u16 = 0;
            let mut n: u16 = 0;
            put(3, code(i2c.scan(|a| { found = found.wrapping_mul(256) | u16::from(a); n += 1; })));
            put(4, found);
            put(5, n);
            put(6, code(i2c.write(0x23, &[1])));
            put(7, code(i2c.write(0x68, &[1])));
            let mut r = [0u8; 2];
            put(8, code(i2c.read(0x50, &mut r)));
            // the generic driver
            let mut eeprom = At24 { i2c, address: 0x50 };
            put(9, code(eeprom.write(0x0123, &[7, 8, 9])));
            let mut c = [0u8; 3];
            put(10, code(eeprom.read(0x0122, &mut c)));
            put(11, u16::from(c[0]) | u16::from(c[1]) << 4 | u16::from(c[2]) << 8);
            done()
        }
        """.formatted(clockInit(h), twi));
    Memory mem = new Memory(0x50);
    Memory refusing = new Memory(0x68);
    refusing.refuseData = true;
    mem.mem[0x1000] = 0x55;
    Machine m = run(h, elf, mm -> {
      mm.i2cBus(twi).attach(mem);
      mm.i2cBus(twi).attach(refusing);
    }, 1.0);
    assertThat(result(m, elf, 0)).as("write").isZero();
    assertThat(mem.mem[0x10]).isEqualTo((byte) 11);
    assertThat(mem.mem[0x12]).isEqualTo((byte) 33);
    assertThat(result(m, elf, 1)).as("write_read").isZero();
    assertThat(result(m, elf, 2)).as("bytes read back").isEqualTo(11 | 33 << 8);
    assertThat(result(m, elf, 3)).as("scan").isZero();
    assertThat(result(m, elf, 4)).as("addresses found").isEqualTo(0x50 << 8 | 0x68);
    assertThat(result(m, elf, 5)).as("devices found").isEqualTo(2);
    assertThat(result(m, elf, 6)).as("missing device").isEqualTo(1);
    assertThat(result(m, elf, 7)).as("refused data byte").isEqualTo(2);
    assertThat(result(m, elf, 8)).as("read").isZero();
    assertThat(result(m, elf, 9)).as("embedded-hal transaction write").isZero();
    assertThat(mem.mem[0x123]).isEqualTo((byte) 7);
    assertThat(mem.mem[0x125]).isEqualTo((byte) 9);
    assertThat(result(m, elf, 10)).as("embedded-hal write_read").isZero();
    assertThat(result(m, elf, 11)).as("bytes through the driver").isEqualTo(0 | 7 << 4 | 8 << 8);

    // a device holds SDA low: the call returns Timeout within its 2 ms time-out
    Path stuck = h.firmware("i2c_stuck", PRELUDE + I2C_ERRORS + """
        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let mut i2c = I2c::new(dp.%s, Route::default(), 400_000);
            i2c.set_timeout_us(2_000);
            put(0, code(i2c.write(0x50, &[0, 0, 1])));
            done()
        }
        """.formatted(clockInit(h), twi));
    Machine s = run(h, stuck, mm -> {
      mm.i2cBus(twi).attach(new Memory(0x50));
      mm.i2cBus(twi).holdSdaLow(true);
    }, 0.5);
    assertThat(result(s, stuck, 0)).as("stuck bus").isEqualTo(5);
    assertThat(s.seconds()).as("returned within the time-out").isLessThan(0.006);
  }

  /**
   * A device that breaks the frame with a STOP inside the second data byte (noise, another
   * master: {@code I2cBus.misplacedStop}): the HAL call returns {@code BusError} at once, far
   * inside its 2 ms time-out, and the next transfer to a good device works. On the 4809 a device
   * that holds SDA low from its data byte on makes the STOP a bus error (MSTATUS.BUSERR): the
   * HAL returns {@code BusError}, not {@code Timeout}; once the device lets go the next transfer
   * works. (The classic TWI has no such check; on the Uno nobody answers at 0x52.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void i2cBusErrorReturnsAtOnceAndTheNextTransferWorks(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    String twi = x ? "TWI0" : "TWI";
    Path elf = h.firmware("i2c_buserr", PRELUDE + I2C_ERRORS + """
        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let mut i2c = I2c::new(dp.%s, Route::default(), 400_000);
            i2c.set_timeout_us(2_000);
            put(0, code(i2c.write(0x51, &[1, 2, 3])));
            put(1, code(i2c.write(0x50, &[0x00, 0x20, 44])));
            put(2, code(i2c.write(0x52, &[9])));
            put(3, code(i2c.write(0x50, &[0x00, 0x21, 55])));
            done()
        }
        """.formatted(clockInit(h), twi));
    Memory mem = new Memory(0x50);
    long[] glitchAt = {-1};
    long[] heldAt = {-1};
    java.util.List<Long> starts = new java.util.ArrayList<>();
    Machine m = run(h, elf, mm -> {
      dev.avrkit.sim.bus.I2cBus bus = mm.i2cBus(twi);
      bus.attach(mem);
      bus.attach(new Memory(0x51) {
        @Override
        public boolean write(int data) {
          if (data == 2) {
            glitchAt[0] = mm.scheduler().now();
            bus.misplacedStop();
          }
          return true;
        }
      });
      if (x) {
        bus.attach(new Memory(0x52) {
          @Override
          public boolean write(int data) {
            // holds SDA low from here on (the STOP cannot go out), lets go after 0.5 ms
            heldAt[0] = mm.scheduler().now();
            bus.holdSdaLow(true);
            mm.scheduler().scheduleIn(new dev.avrkit.sim.Scheduler.Event() {
              @Override
              protected void fire(long when) {
                bus.holdSdaLow(false);
              }
            }, mm.clockHz() / 2000);
            return true;
          }
        });
      }
      bus.addListener((k, v, ack, cycle) -> {
        if (k == dev.avrkit.sim.bus.I2cListener.Kind.START) starts.add(cycle);
      });
    }, 0.5);
    assertThat(result(m, elf, 0)).as("STOP inside a byte: BusError").isEqualTo(4);
    long next = starts.stream().filter(c -> c > glitchAt[0]).findFirst().orElseThrow();
    // 2 ms time-out = 32000 cycles at 16 MHz; the error comes back within a few hundred
    assertThat(next - glitchAt[0]).as("cycles from the bus error to the next START").isLessThan(2000);
    assertThat(result(m, elf, 1)).as("next transfer after the bus error").isZero();
    assertThat(mem.mem[0x20]).isEqualTo((byte) 44);
    assertThat(result(m, elf, 2)).as(x ? "SDA held low at the STOP: BusError" : "nobody at 0x52").isEqualTo(x ? 4 : 1);
    assertThat(result(m, elf, 3)).as("transfer after the device let go").isZero();
    assertThat(mem.mem[0x21]).isEqualTo((byte) 55);
    if (x) {
      long after = starts.stream().filter(c -> c > heldAt[0]).findFirst().orElseThrow();
      assertThat(after - heldAt[0]).as("the next START waits for SDA").isGreaterThanOrEqualTo(m.clockHz() / 2000);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void eepromKeepsABootCounterAcrossResets(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    Path elf = h.firmware("eeprom", PRELUDE + """
        use hal::eeprom::Eeprom;

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let mut ee = Eeprom::new(dp.%s);
            let boots = ee.read_byte(5).wrapping_add(1);
            put(0, code(ee.write_byte(5, boots)));
            put(1, u16::from(ee.read_byte(5)));
            // a slice across a page boundary (64-byte pages on the 4809), written only when changed
            put(2, code(ee.update(0x3E, b"avrkit")));
            let mut b = [0u8; 6];
            put(3, code(ee.read(0x3E, &mut b)));
            put(4, u16::from(b[0]) | u16::from(b[5]) << 8);
            put(5, code(ee.write(Eeprom::SIZE - 2, &[1, 2, 3])));
            put(6, Eeprom::SIZE);
            done()
        }

        fn code(r: Result<(), hal::eeprom::OutOfRange>) -> u16 {
            if r.is_ok() { 0 } else { 1 }
        }
        """.formatted(clockInit(h), x ? "NVMCTRL" : "EEPROM"));
    int size = (int) h.device.memory().eepromSize();
    Machine m = run(h, elf, mm -> {}, 1.0);
    assertThat(result(m, elf, 0)).as("write_byte").isZero();
    assertThat(result(m, elf, 1)).as("boot count, first boot (erased 0xFF + 1)").isZero();
    assertThat(result(m, elf, 2)).as("update").isZero();
    assertThat(result(m, elf, 4)).as("slice read back").isEqualTo('a' | 't' << 8);
    assertThat(result(m, elf, 5)).as("write past the end").isEqualTo(1);
    assertThat(result(m, elf, 6)).as("SIZE from the model").isEqualTo(size);
    assertThat(new String(m.eeprom(), 0x3E, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("avrkit");
    assertThat(m.eeprom()[size - 1]).as("nothing written by the refused write").isEqualTo((byte) 0xFF);
    for (int boot = 1; boot <= 2; boot++) {
      m.reset(Machine.ResetCause.EXTERNAL);
      long done = symbol(elf, "DONE");
      RunResult r;
      do {
        r = m.run(m.clockHz() / 1000);
      } while (r.reason() == StopReason.CYCLE_LIMIT && m.bus().peek((int) done) != 0xA5);
      assertThat(result(m, elf, 1)).as("boot count after reset %d", boot).isEqualTo(boot);
      assertThat(m.eeprom()[5]).isEqualTo((byte) boot);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void spiDrivesADeviceWithItsChipSelect(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    Path elf = h.firmware("spi", PRELUDE + """
        use embedded_hal::spi::Operation;
        use hal::spi::{Divider, Mode, Route, Settings, Spi, SpiDevice};

        /// A JEDEC ID read written only against embedded-hal 1.0's SpiDevice.
        fn read_id<D: embedded_hal::spi::SpiDevice>(d: &mut D) -> Result<[u8; 3], D::Error> {
            let mut id = [0u8; 3];
            d.transaction(&mut [Operation::Write(&[0x9F]), Operation::Read(&mut id)])?;
            Ok(id)
        }

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let pins = hal::pins!(dp);
            let spi = Spi::new(dp.%s, Route::%s, Settings { mode: Mode::Mode0, divider: Divider::Div16, lsb_first: false });
            let mut dev = SpiDevice::new(spi, pins.d8.into_output());
            let id = match read_id(&mut dev) {
                Ok(id) => id,
                Err(e) => match e {},
            };
            put(0, u16::from(id[0]));
            put(1, u16::from(id[1]));
            put(2, u16::from(id[2]));
            dev.bus.configure(Settings { mode: Mode::Mode3, divider: Divider::Div2, lsb_first: true });
            put(3, u16::from(dev.selected(|b| b.transfer_byte(0x01))));
            put(4, u16::from(dev.bus.transfer_byte(0x02))); // not selected: nobody answers
            done()
        }
        """.formatted(clockInit(h), x ? "SPI0" : "SPI", x ? "Alt2" : "Default"));
    String cs = x ? "PE3" : "PB0";
    String sck = x ? "PE2" : "PB5";
    java.util.List<String> seen = new java.util.ArrayList<>();
    java.util.List<Long> sckRises = new java.util.ArrayList<>();
    Machine m = run(h, elf, mm -> {
      String spi = x ? "SPI0" : "SPI";
      int[] reply = {-1, -1, -1};
      int[] next = {3};
      mm.spiBus(spi).attach(new dev.avrkit.sim.bus.SpiDevice() {
        @Override
        public boolean selected() {
          return mm.pins().pin(cs).level() == 0;
        }

        @Override
        public int transfer(int mosi) {
          seen.add(String.format("%02X/m%d", mosi, mm.spiBus(spi).mode()));
          if (mosi == 0x9F) {
            reply[0] = 0xEF;
            reply[1] = 0x40;
            reply[2] = 0x18;
            next[0] = 0;
            return 0xFF;
          }
          return next[0] < 3 ? reply[next[0]++] : 0x5A;
        }
      });
      int[] last = {0};
      mm.addPinListener((port, bit, level, cycle) -> {
        if (("P" + port.charAt(4) + bit).equals(sck)) {
          if (level == 1 && last[0] == 0) sckRises.add(cycle);
          last[0] = level;
        }
      });
    }, 1.0);
    assertThat(seen).as("bytes on the wire with the mode").containsExactly("9F/m0", "00/m0", "00/m0", "00/m0", "80/m3");
    assertThat(result(m, elf, 0)).isEqualTo(0xEF);
    assertThat(result(m, elf, 1)).isEqualTo(0x40);
    assertThat(result(m, elf, 2)).isEqualTo(0x18);
    assertThat(result(m, elf, 3)).as("LSB first, mode 3").isEqualTo(0x5A);
    assertThat(result(m, elf, 4)).as("no device selected").isEqualTo(0xFF);
    // SCK at F_CPU / 16 for the first byte: 16 cycles between rising edges
    assertThat(sckRises).hasSizeGreaterThan(8);
    for (int i = 1; i < 8; i++) assertThat(sckRises.get(i) - sckRises.get(i - 1)).as("SCK period").isEqualTo(16);
  }
}
