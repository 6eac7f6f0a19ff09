package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.image.ElfFile;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HAL's analog and bus peripherals (issue 14) built with the real rustc and run on the
 * simulated chip of both boards: the ADC reads the voltages set on the pins through every
 * reference and resolution, accumulation sums samples.
 */
class HalPeripheralsTest {
  @TempDir static Path tmp;
  private static final Map<String, HalBuild> builds = new HashMap<>();

  static synchronized HalBuild build(String boardName) throws Exception {
    HalBuild h = builds.get(boardName);
    if (h == null) {
      Board b = Boards.named(boardName);
      Device d = DeviceCatalog.fromEnvironment().device(b.device());
      h = HalBuild.of(d, b, tmp.resolve(boardName), false);
      builds.put(boardName, h);
    }
    return h;
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
}
