package dev.avrkit.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.Device;
import dev.avrkit.image.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated crate + runtime build firmware for AVR with Debian's rustc 1.96 (rustc-web: the
 * built-in avr-none target, the chip as target-cpu, core from rust-src) with LTO and link with
 * avr-gcc 5.4; the ELF is checked: vector table, PORT writes at the model's addresses, .data at RAM
 * start, and the start-up code.
 */
class AvrBuildTest {
  static AvrToolchain tc;
  static Path sysroots;

  @BeforeAll
  static void toolchain() throws Exception {
    tc = AvrToolchain.system().orElseThrow(() -> new AssertionError(
        "a rustc with avr-none + rust-src (Debian 12: rustc-web, rust-web-src) + avr-gcc needed: " + AvrToolchain.problems()));
    sysroots = TestSupport.work("sysroots");
  }

  /** Builds the crate of a device and a firmware from {@code main}; returns the ELF. */
  static Path build(Device d, String tag, String main) throws Exception {
    Path w = TestSupport.work("avr-" + d.name() + "-" + tag);
    GeneratedCrate c = PacGenerator.generate(d);
    c.writeTo(w.resolve("crate"), false);
    Path sys = tc.buildSysroot(d, sysroots);
    Path lib = tc.compileLibrary(d, sys, c.rustName(), w.resolve("crate/src/lib.rs"), w.resolve("out"));
    Path mainRs = w.resolve("main.rs");
    Files.writeString(mainRs, main);
    // with LTO, as the projects build: the vector table must stay right (handlers, defaults)
    return tc.linkFirmware(d, sys, mainRs, Map.of(c.rustName(), lib), w.resolve("out/firmware.elf"), "-Clto=fat");
  }

  static String blink(GeneratedCrate c, String port, String dir, String tgl, int pin, String irq) {
    return """
        #![no_std]
        #![no_main]
        #![feature(abi_avr_interrupt)]

        use %s as pac;

        pac::entry!(main);
        pac::interrupt!(%s, on_irq);

        static mut TICKS: u8 = 7;
        static mut FLAG: u8 = 0;

        fn on_irq() {
            unsafe { FLAG = FLAG.wrapping_add(1) };
        }

        fn main() -> ! {
            let dp = pac::Peripherals::take().unwrap();
            dp.%s.%s.write(|w| w.pin%d().set_bit());
            loop {
                dp.%s.%s.write(|w| w.pin%d().set_bit());
                pac::runtime::delay_loop(50000);
                unsafe { TICKS = TICKS.wrapping_add(FLAG) };
            }
        }

        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            loop {}
        }
        """.formatted(c.rustName(), irq, port, dir, pin, port, tgl, pin);
  }

  @ParameterizedTest
  @CsvSource({
    "ATmega4809, PORTE, DIRSET, OUTTGL, 2",
    "ATmega328P, PORTB, DDRB, PINB, 5",
    "ATtiny3217, PORTA, DIRSET, OUTTGL, 2",
    "ATtiny1627, PORTA, DIRSET, OUTTGL, 2",
    "AVR128DA48, PORTA, DIRSET, OUTTGL, 2",
    "ATmega2560, PORTB, DDRB, PINB, 7",
    "ATtiny10, PORTB, DDRB, PINB, 2",
    "ATtiny26, PORTB, DDRB, PINB, 3",
  })
  void blinkBuildsAndLinks(String name, String port, String dirReg, String tglReg, int pin) throws Exception {
    Device d = TestSupport.catalog().device(name);
    GeneratedCrate c = PacGenerator.generate(d);
    var irq = d.interrupts().stream().filter(i -> i.index() > 0).min((a, b) -> a.index() - b.index()).orElseThrow();
    long t0 = System.nanoTime();
    Path elfPath = build(d, "blink", blink(c, port, dirReg.toLowerCase(Locale.ROOT), tglReg.toLowerCase(Locale.ROOT),
        pin, RustNames.upper(irq.name())));
    System.out.printf("[codegen] %s: crate + blink built for AVR with %s in %.1f s%n", name, tc.version(),
        (System.nanoTime() - t0) / 1e9);
    ElfFile elf = ElfFile.read(elfPath);
    AvrCore core = AvrCore.of(d);
    int n = d.vectorCount();

    // vector table: n entries of jmp <handler>, RESET -> reset handler, the installed IRQ -> its handler
    var text = elf.section(".text").orElseThrow();
    assertThat(text.address()).isZero();
    byte[] code = elf.sectionData(text);
    long reset = elf.symbol("__avrkit_reset").orElseThrow().value();
    long dflt = elf.symbol("__avrkit_default_handler").orElseThrow().value();
    long handler = elf.symbol("__vector_" + irq.index()).orElseThrow().value();
    int vs = core.vectorSize();
    assertThat(elf.symbol("__vectors").orElseThrow().size()).isEqualTo((long) vs * n);
    for (int v = 0; v < n; v++) {
      int op = u16(code, vs * v);
      long target;
      if (vs == 4) {
        assertThat(op).as("vector %d opcode (jmp)", v).isEqualTo(0x940c);
        target = 2L * u16(code, 4 * v + 2);
      } else { // small parts: rjmp, a 12-bit signed word offset
        assertThat(op & 0xF000).as("vector %d opcode (rjmp)", v).isEqualTo(0xC000);
        int k = (op & 0x0FFF) << 20 >> 20;
        target = 2L * v + 2 + 2L * k;
      }
      long expected = v == 0 ? reset : v == irq.index() ? handler : dflt;
      assertThat(target).as("vector %d target", v).isEqualTo(expected);
    }
    assertThat(handler).isNotEqualTo(dflt);

    // .data at the start of RAM, .bss after it
    var data = elf.section(".data").orElseThrow();
    assertThat(data.address()).isEqualTo(0x800000L + d.memory().ramStart());
    assertThat(data.size()).isPositive();
    assertThat(elf.section(".bss").orElseThrow().size()).isPositive();

    // PORT writes at the model's addresses
    String dis = TestSupport.run(elfPath.getParent(), List.of("avr-objdump", "-d", elfPath.toString()), Map.of(), 60).output();
    for (String reg : List.of(dirReg, tglReg)) {
      long addr = d.peripheral(port).orElseThrow().register(reg).orElseThrow().address();
      long io = addr - (d.architecture() == Architecture.AVR8 ? 0x20 : 0);
      String re = String.format("(sts\\s+0x%04x, r\\d+)", addr);
      if (io >= 0 && io < 0x40) re += String.format("|((out|sbi)\\s+0x%02x, )", io);
      assertThat(Pattern.compile("(?i)" + re).matcher(dis).find()).as("write to %s.%s at 0x%04x in\n%s", port, reg, addr, dis).isTrue();
    }
    // start-up code: stack pointer from RAMEND, .data copy the way the core reads flash
    long ramEnd = d.memory().ramStart() + d.memory().ramSize() - 1;
    assertThat(dis).contains(String.format("ldi\tr28, 0x%02X", ramEnd & 0xff));
    assertThat(dis).contains(String.format("ldi\tr29, 0x%02X", (ramEnd >> 8) & 0xff));
    assertThat(dis).contains("out\t0x3e, r29").contains("out\t0x3d, r28");
    // the reduced core (no LPM) reads flash through its mapping, with r16 (it has no r0); the
    // others use libgcc's copy loop: lpm r0, Z+ (or, on avr2 parts, lpm and adiw), elpm above 64 KiB
    String copy = d.architecture() == Architecture.AVR8L ? "ld\\s+r16, Z\\+"
        : core.flashRead() == AvrCore.FlashRead.ELPM ? "\\belpm\\b" : "\\blpm\\b";
    assertThat(Pattern.compile(copy).matcher(dis).find()).as("%s in\n%s", copy, dis).isTrue();
    assertThat(elf.symbol("__do_copy_data")).isPresent();
    assertThat(elf.symbol("__do_clear_bss")).isPresent();
  }

  /** The README's example (timer interrupt, CCP write, arrays, views, enumerations) builds. */
  @Test
  void readmeExampleBuilds() throws Exception {
    Device d = TestSupport.catalog().device("ATmega4809");
    Path elf = build(d, "readme", """
        #![no_std]
        #![no_main]
        #![feature(abi_avr_interrupt)] // only for interrupt!

        use avr_atmega4809 as pac;
        use pac::tca::SINGLE_CLKSEL_A;

        pac::entry!(main);
        pac::interrupt!(TCA0_OVF, on_overflow); // names and aliases of the device's vectors

        fn on_overflow() {
            let tca = unsafe { pac::TCA0::steal() };
            tca.single().intflags.write(|w| w.ovf().set_bit());
        }

        fn main() -> ! {
            let dp = pac::Peripherals::take().unwrap();
            dp.CLKCTRL.mclkctrlb.write_protected(|w| w.pen().clear_bit()); // CCP 0xD8 + write
            dp.PORTE.dirset.write(|w| w.pin2().set_bit());
            dp.PORTE.pinctrl[2].modify(|_, w| w.pullupen().set_bit());   // arrays (PINnCTRL)
            let tca = dp.TCA0.single();                                  // modes are views
            tca.per.write(|w| w.set(15_624));                            // 16 bit: low byte first
            tca.ctrla.write(|w| w.clksel().variant(SINGLE_CLKSEL_A::DIV1024).enable().set_bit());
            tca.intctrl.write(|w| w.ovf().set_bit());
            unsafe { pac::interrupt::enable() };
            loop {
                dp.PORTE.outtgl.write(|w| w.pin2().set_bit());
                pac::runtime::delay_loop(50_000);
            }
        }

        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            loop {}
        }
        """);
    String dis = TestSupport.run(elf.getParent(), List.of("avr-objdump", "-d", elf.toString()), Map.of(), 60).output();
    // CCP key then the protected store, back to back
    assertThat(Pattern.compile("out\\t0x34, r\\d+[^\\n]*\\n\\s*[0-9a-f]+:\\s+[0-9a-f ]+\\s+st\\tZ, r\\d+").matcher(dis).find())
        .as(dis).isTrue();
    // TCA0.SINGLE.PER (0x0A26) written low byte first
    int lo = dis.toLowerCase(Locale.ROOT).indexOf("sts\t0x0a26");
    int hi = dis.toLowerCase(Locale.ROOT).indexOf("sts\t0x0a27");
    assertThat(lo).as(dis).isPositive();
    assertThat(hi).isGreaterThan(lo);
    long vec = ElfFile.read(elf).symbol("__vector_" + d.interrupts().stream()
        .filter(i -> i.names().contains("TCA0_OVF")).findFirst().orElseThrow().index()).orElseThrow().value();
    assertThat(vec).isNotEqualTo(ElfFile.read(elf).symbol("__avrkit_default_handler").orElseThrow().value());
  }

  /**
   * The same blink through the crate (handed the peripherals by {@code entry!}, LTO) and in C
   * (avr-gcc -Os, avr-libc's start-up): no larger.
   */
  @Test
  void blinkIsNoLargerThanC() throws Exception {
    Device d = TestSupport.catalog().device("ATmega328P");
    GeneratedCrate c = PacGenerator.generate(d);
    Path elf = build(d, "size", """
        #![no_std]
        #![no_main]

        use %s as pac;

        pac::entry!(main);

        fn main(dp: pac::Peripherals) -> ! {
            dp.PORTB.ddrb.write(|w| w.pin5().set_bit());
            loop {
                dp.PORTB.pinb.write(|w| w.pin5().set_bit());
                pac::runtime::delay_loop(50000);
            }
        }

        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            loop {}
        }
        """.formatted(c.rustName()));
    Path w = elf.getParent();
    Files.writeString(w.resolve("blink.c"), """
        #include <avr/io.h>
        #include <util/delay_basic.h>

        int main(void) {
            DDRB = 1 << 5;
            for (;;) {
                PINB = 1 << 5;
                _delay_loop_2(50000);
            }
        }
        """);
    var r = TestSupport.run(w, List.of("avr-gcc", "-mmcu=atmega328p", "-Os", "blink.c", "-o", "blink-c.elf"), Map.of(), 60);
    assertThat(r.exit()).as(r.output()).isZero();
    long rust = flash(ElfFile.read(elf));
    long cSize = flash(ElfFile.read(w.resolve("blink-c.elf")));
    System.out.printf("[codegen] blink flash size on ATmega328P: Rust (avrkit crate) %d bytes, C (avr-gcc -Os, avr-libc) %d bytes%n",
        rust, cSize);
    assertThat(rust).isLessThanOrEqualTo(cSize);
  }

  static long flash(ElfFile e) {
    return e.sections().stream().filter(s -> s.isAlloc() && s.hasBytes() && s.address() < 0x800000L)
        .mapToLong(ElfFile.Section::size).sum()
        + e.section(".data").map(ElfFile.Section::size).orElse(0L);
  }

  static int u16(byte[] b, int o) {
    return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
  }
}
