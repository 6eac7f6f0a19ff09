package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated HAL on both boards, built with the real rustc and run on the simulator: the blink's
 * LED edges (cycle counts of {@code delay_ms}), {@code millis()} from the timer interrupt, the
 * serial echo with its formatted numbers; a disassembly check that a HAL pin access is the same
 * machine code as the hand-written register access through the register crate; a pin used twice
 * does not compile, nor a baud rate more than 2 % off; the HAL blink's size against a C blink
 * built with avr-gcc -Os (at most 1.1x); no example links core::panicking unless it calls unwrap
 * or expect.
 */
class HalSimTest {
  /** Where the projects go (kept after the run, to look at; made fresh by each run). */
  static Path tmp;

  @org.junit.jupiter.api.BeforeAll
  static void folder() throws Exception {
    tmp = ProjectCommandsTest.cache().getParent().resolve("hal-sim-test");
    if (Files.exists(tmp)) {
      try (var w = Files.walk(tmp)) {
        for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    Files.createDirectories(tmp);
  }

  record Sim(String console, List<Long> ledEdges, RunResult result) {}

  /** Runs {@code elf} for {@code seconds}; {@code input} is what the console receives. */
  static Sim simulate(Board b, Device d, Path elf, double seconds, String input) {
    return simulate(b, d, elf, seconds, input, null, new double[0]);
  }

  /**
   * The same, and {@code pin} (e.g. "PA0") is driven low at each time in {@code presses} and high
   * again 20 ms later (a button to ground).
   */
  static Sim simulate(Board b, Device d, Path elf, double seconds, String input, String pin, double[] presses) {
    StringBuilder text = new StringBuilder();
    Deque<Integer> in = new ArrayDeque<>();
    for (byte x : input.getBytes(StandardCharsets.US_ASCII)) in.add((int) x);
    UartConsole console = new UartConsole() {
      @Override
      public void transmit(String uart, int c) {
        text.append((char) c);
      }

      @Override
      public int receive(String uart) {
        return in.isEmpty() ? -1 : in.poll();
      }
    };
    Machine.Builder mb = Machine.builder(d).console(console).clockHz(b.clockHz());
    b.fuses().forEach(mb::fuse);
    Machine m = mb.build();
    List<Long> edges = new ArrayList<>();
    m.addPinListener((port, bit, level, cycle) -> {
      if (port.equals(b.led().portName()) && bit == b.led().bit() && level != 2) edges.add(cycle);
    });
    m.load(FirmwareImage.load(elf));
    RunResult r;
    List<double[]> events = new ArrayList<>();
    for (double t : presses) {
      events.add(new double[] {t, 0});
      events.add(new double[] {t + 0.02, 1});
    }
    if (pin != null) m.pins().pin(pin).drive(1);
    do {
      double until = events.isEmpty() ? seconds : Math.min(seconds, events.get(0)[0]);
      long left = (long) Math.ceil((until - m.seconds()) * m.clockHz());
      r = m.run(Math.max(1, Math.min(left, m.clockHz() / 100)));
      if (!events.isEmpty() && m.seconds() >= events.get(0)[0]) m.pins().pin(pin).drive((int) events.remove(0)[1]);
    } while (r.reason() == StopReason.CYCLE_LIMIT && m.seconds() < seconds);
    return new Sim(text.toString(), edges, r);
  }

  /** A project for the board, built (release) with every example; the folder. */
  static Path project(String board, Path bin) throws Exception {
    Path dir = tmp.resolve(board);
    CliRun n = CliRun.run(ProjectCommandsTest.cache(), "new", dir.toString(), "--board", board);
    if (n.exit() != 0) { // a cargo config avrkit new cannot write for this rustc yet: HalToolchain does it
      n = CliRun.run(ProjectCommandsTest.cache(), "new", dir.toString(), "--board", board, "--toolchain", "nightly");
    }
    assertThat(n.exit()).as(n.err()).isZero();
    HalToolchain.configure(dir, Boards.named(board));
    return dir;
  }

  static String build(Path dir, Path bin, String... extra) throws Exception {
    List<String> a = new ArrayList<>(List.of("build", "--offline", "--release"));
    a.addAll(List.of(extra));
    ProjectFlowTest.Proc p = ProjectFlowTest.cargo(dir, bin, a.toArray(String[]::new));
    return p.exit() + "\n" + p.err();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void halExamplesRunOnTheSimulatedBoard(String boardName) throws Exception {
    Board b = Boards.named(boardName);
    Device d = DeviceCatalog.fromEnvironment().device(b.device());
    boolean x = d.architecture() == dev.avrkit.device.Architecture.AVR8X;
    Path bin = ProjectFlowTest.avrkitBin(tmp.resolve("bin-" + boardName));
    Path dir = project(boardName, bin);
    // the disassembly check's program: HAL pin accesses and the same accesses through the register crate
    Files.writeString(dir.resolve("examples/zerocost.rs"), zeroCostRs(b, x));
    String out = build(dir, bin, "--bins", "--examples");
    assertThat(out).as(out).startsWith("0\n");
    assertThat(out).as("the HAL builds without warnings").doesNotContain("warning: unused", "hal/src");
    Path rel = dir.resolve("target/avr-none/release");
    String name = dir.getFileName().toString();

    // the HAL blink (src/main.rs) against the same blink in C, avr-gcc -Os: at most 1.1x
    long rust = ProjectFlowTest.avrSizeFlash(rel.resolve(name + ".elf"));
    long cSize = cBlinkFlash(b, d, dir);
    System.out.printf("[hal] %s blink flash: HAL %d B, C %d B (%.3fx)%n", boardName, rust, cSize, (double) rust / cSize);
    assertThat((double) rust / cSize).as("HAL blink %d B against the C blink %d B", rust, cSize).isLessThanOrEqualTo(1.1);

    // no example links core::panicking unless its source calls unwrap or expect: every example
    // the generated project has (src/main.rs is the blink)
    List<String> linking = new ArrayList<>();
    try (var ex = Files.list(dir.resolve("examples"))) {
      List<Path> sources = new ArrayList<>(ex.filter(f -> f.toString().endsWith(".rs") && !f.endsWith("zerocost.rs")).sorted().toList());
      assertThat(sources).as("examples of the new project").hasSizeGreaterThanOrEqualTo(5);
      sources.add(dir.resolve("src/main.rs"));
      for (Path src : sources) {
        String ex1 = src.getFileName().toString().replace(".rs", "");
        Path elf = ex1.equals("main") ? rel.resolve(name + ".elf") : rel.resolve("examples/" + ex1 + ".elf");
        boolean panics = linksPanicking(elf);
        if (panics) linking.add(ex1);
        if (!Files.readString(src).matches("(?s).*\\.(unwrap|expect)\\(.*")) {
          assertThat(panics).as("%s links core::panicking without calling unwrap or expect", ex1).isFalse();
        }
      }
      System.out.printf("[hal] %s: %d programs, linking core::panicking: %s%n", boardName, sources.size(), linking);
    }

    // blink: the LED toggles every 500 ms; delay_ms(500) is 500 x 16000 - 1 cycles, plus the loop
    Sim blink = simulate(b, d, rel.resolve(name + ".elf"), 2.2, "");
    assertThat(blink.ledEdges()).hasSizeGreaterThanOrEqualTo(5);
    for (int i = 2; i < blink.ledEdges().size(); i++) {
      long dt = blink.ledEdges().get(i) - blink.ledEdges().get(i - 1);
      assertThat(dt).as("cycles between LED edges").isBetween(8_000_000L, 8_000_040L);
    }
    // millis: the timer interrupt's count, printed every second
    Sim millis = simulate(b, d, rel.resolve("examples/millis.elf"), 3.5, "");
    assertThat(millis.console()).isEqualTo("millis: 1000\r\nmillis: 2000\r\nmillis: 3000\r\n");
    // serial: echo with decimal and hex numbers
    Sim echo = simulate(b, d, rel.resolve("examples/serial.elf"), 0.3, "Hi");
    assertThat(echo.console()).isEqualTo("echo: type something\r\n#1: 'H' = 72 = 0x48\r\n#2: 'i' = 105 = 0x69\r\n");

    // button: D2 pulled to ground three times; the pin interrupt counts, the LED toggles each time
    String d2 = dev.avrkit.codegen.hal.HalGenerator.portPin(boardName, "D2").orElseThrow();
    Sim button = simulate(b, d, rel.resolve("examples/button.elf"), 0.5, "", d2, new double[] {0.1, 0.2, 0.3});
    assertThat(button.console()).isEqualTo("presses: 1\r\npresses: 2\r\npresses: 3\r\n");
    assertThat(button.ledEdges()).hasSize(4); // set up low, then three toggles

    // pwm: the fade's pin at F_CPU / 64 / 256 = 976.56 Hz (16384 cycles, exact); the duty cycle rises
    // by at most one step (64 cycles) from one period to the next
    String[] pwm = dev.avrkit.codegen.hal.HalGenerator.pwmPin(d, boardName).orElseThrow();
    Model.PinRefLike pp = new Model.PinRefLike(pwm[1]);
    List<long[]> e = pinEdges(b, d, rel.resolve("examples/pwm.elf"), 0.5, "PORT" + pp.port(), pp.bit());
    // the edge at the counter's turn is fixed (falling at TCA's split-mode underflow, rising at the
    // classic timers' BOTTOM); the other one moves with the duty cycle
    int fixed = x ? 0 : 1;
    List<Long> turns = new ArrayList<>();
    List<Long> highs = new ArrayList<>();
    for (int i = 0; i + 1 < e.size(); i++) {
      if (e.get(i)[1] == fixed) turns.add(e.get(i)[0]);
      if (e.get(i)[1] == 1 && e.get(i + 1)[1] == 0) highs.add(e.get(i + 1)[0] - e.get(i)[0]);
    }
    assertThat(turns).hasSizeGreaterThan(400);
    for (int i = 2; i < turns.size(); i++) {
      assertThat(turns.get(i) - turns.get(i - 1)).as("PWM period in cycles").isEqualTo(16384L);
    }
    for (int i = 2; i < highs.size(); i++) {
      assertThat(highs.get(i) % 64).as("high time in whole timer steps").isZero();
      assertThat(highs.get(i) - highs.get(i - 1)).as("duty step between periods").isBetween(0L, 64L);
    }
    assertThat(highs.get(highs.size() - 1)).as("the duty rose over 0.5 s").isGreaterThan(100 * 64L);

    // zero cost: each HAL access disassembles to the same instructions as the register crate's
    Path zc = rel.resolve("examples/zerocost.elf");
    String dis = objdump(zc);
    String syms = run("avr-nm", zc.toString());
    for (String op : List.of("set_high", "set_low", "toggle", "is_high")) {
      String ha = address(syms, "hal_" + op), ra = address(syms, "reg_" + op);
      assertThat(ha).as(op).isNotNull();
      assertThat(ra).as(op).isNotNull();
      // LLVM merges identical functions: then both names are one address
      if (ha.equals(ra)) continue;
      List<String> hal = body(dis, "hal_" + op);
      List<String> reg = body(dis, "reg_" + op);
      assertThat(hal).as(op).isNotEmpty().isEqualTo(reg);
    }
    String setHigh = address(syms, "hal_set_high").equals(address(syms, "reg_set_high")) ? "reg_set_high" : "hal_set_high";
    assertThat(body(dis, setHigh)).first().asString().startsWith("sbi");
    System.out.printf("[hal] %s: set_high %s, toggle %s%n", boardName, body(dis, setHigh), body(dis, "hal_toggle"));

    // a pin used twice does not compile; nor does a baud rate more than 2 % off at 16 MHz
    Files.writeString(dir.resolve("examples/twice.rs"), """
        #![no_std]
        #![no_main]
        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            board::halt()
        }
        hal::entry!(main);
        fn main(dp: hal::Peripherals) -> ! {
            let pins = hal::pins!(dp);
            let _led = pins.d13.into_output();
            let _again = pins.d13.into_pull_up_input();
            loop {}
        }
        """);
    String twice = build(dir, bin, "--example", "twice");
    assertThat(twice).startsWith("101\n").contains("use of moved value: `pins.d13`");
    Files.delete(dir.resolve("examples/twice.rs"));
    String serial = Files.readString(dir.resolve("examples/serial.rs"));
    // AVR8X: above F_CPU / 16 there is no baud value; the 328P: 115200 is 2.1 % off at 16 MHz
    Files.writeString(dir.resolve("examples/badbaud.rs"), serial.replaceAll("Baud::<\\d+>", x ? "Baud::<2000000>" : "Baud::<115200>"));
    String baud = build(dir, bin, "--example", "badbaud");
    assertThat(baud).startsWith("101\n").contains("baud rate more than 2 % off at F_CPU");
    Files.delete(dir.resolve("examples/badbaud.rs"));
  }

  /**
   * Flash bytes of the board's blink in C, avr-gcc -Os, toggling the LED every 500 ms with
   * avr-libc's {@code _delay_ms}. The ATmega328P builds with avr-libc's own start-up; avr-libc 2.0
   * has no ATmega4809 (nor other AVR8X parts), so there the C program gets what avr-libc's gcrt1
   * would give it written out (a {@code jmp} per vector, zero register, SREG, stack pointer, call
   * main, jump to exit), registers from the device model, and links through avrkit's device-specs
   * for the core's architecture.
   */
  static long cBlinkFlash(Board b, Device d, Path dir) throws Exception {
    String port = b.led().portName();
    int bit = b.led().bit();
    List<String> cmd = new ArrayList<>(List.of("avr-gcc", "-DF_CPU=" + b.clockHz() + "UL", "-Os", "-o", "blink-c.elf"));
    if (d.architecture() != dev.avrkit.device.Architecture.AVR8X) {
      long ddr = d.peripheral(port).orElseThrow().register("DDR" + port.charAt(4)).orElseThrow().address();
      long pin = d.peripheral(port).orElseThrow().register("PIN" + port.charAt(4)).orElseThrow().address();
      Files.writeString(dir.resolve("blink.c"), """
          #include <stdint.h>
          #include <util/delay.h>
          #define REG(a) (*(volatile uint8_t *)(a))
          int main(void) {
            REG(0x%x) |= 1 << %d; /* DDR */
            for (;;) {
              REG(0x%x) = 1 << %d; /* PIN: toggles */
              _delay_ms(500);
            }
          }
          """.formatted(ddr, bit, pin, bit));
      cmd.addAll(List.of("-mmcu=" + d.name().toLowerCase(Locale.ROOT), "blink.c"));
    } else {
      String vport = "V" + port;
      long dirReg = d.peripheral(vport).orElseThrow().register("DIR").orElseThrow().address();
      long in = d.peripheral(vport).orElseThrow().register("IN").orElseThrow().address();
      var ccp = d.peripheral("CPU").orElseThrow().register("CCP").orElseThrow();
      long ioreg = ccp.register().field("CCP").orElseThrow().values().orElseThrow().byName("IOREG").orElseThrow().value();
      long mclkctrlb = d.peripheral("CLKCTRL").orElseThrow().register("MCLKCTRLB").orElseThrow().address();
      long ramEnd = d.memory().ramStart() + d.memory().ramSize() - 1;
      Files.writeString(dir.resolve("crt.S"), """
            .section .vectors,"ax",@progbits
            .global __vectors
          __vectors:
            jmp __init
            .rept %d
            jmp __bad_interrupt
            .endr
            .section .init0,"ax",@progbits
            .global __init
          __init:
            .section .init2,"ax",@progbits
            clr r1
            out 0x3f, r1
            ldi r28, lo8(0x%x)
            ldi r29, hi8(0x%x)
            out 0x3e, r29
            out 0x3d, r28
            .section .init9,"ax",@progbits
            call main
            jmp exit
            .text
            .global __bad_interrupt
          __bad_interrupt:
            jmp __vectors
          """.formatted(d.vectorCount() - 1, ramEnd, ramEnd));
      Files.writeString(dir.resolve("blink.c"), """
          #include <stdint.h>
          #include <util/delay.h>
          #define REG(a) (*(volatile uint8_t *)(a))
          int main(void) {
            REG(0x%x) = 0x%x; /* CCP = IOREG */
            REG(0x%x) = 0;    /* CLKCTRL.MCLKCTRLB: main clock prescaler off */
            REG(0x%x) |= 1 << %d; /* VPORT DIR */
            for (;;) {
              REG(0x%x) = 1 << %d; /* VPORT IN: toggles */
              _delay_ms(500);
            }
          }
          """.formatted(ccp.address(), ioreg, mclkctrlb, dirReg, bit, in, bit));
      var tc = dev.avrkit.codegen.AvrToolchain.system().orElseThrow();
      Path sysroot = tc.buildSysroot(d, ProjectCommandsTest.cache().resolve("rust-sysroot"));
      cmd.addAll(List.of("-B", sysroot.resolve("avr-gcc").toString(), "-mmcu=" + d.name().toLowerCase(Locale.ROOT), "-nostartfiles",
          "crt.S", "blink.c"));
    }
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String cc = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(cc).isZero();
    assertThat(cc).as("avr-gcc's output").isEmpty();
    return ProjectFlowTest.avrSizeFlash(dir.resolve("blink-c.elf"));
  }

  /** Whether an ELF has symbols of core::panicking (v0 or legacy mangling both hold "4core9panicking"). */
  static boolean linksPanicking(Path elf) throws Exception {
    return run("avr-nm", elf.toString()).contains("4core9panicking");
  }

  /** A port pin "PB2" as port letter and bit. */
  static final class Model {
    record PinRefLike(char port, int bit) {
      PinRefLike(String s) {
        this(s.charAt(1), s.charAt(2) - '0');
      }
    }
  }

  /** The level changes (cycle, level) of one pin during {@code seconds}. */
  static List<long[]> pinEdges(Board b, Device d, Path elf, double seconds, String port, int bit) {
    Machine.Builder mb = Machine.builder(d).console(UartConsole.none()).clockHz(b.clockHz());
    b.fuses().forEach(mb::fuse);
    Machine m = mb.build();
    List<long[]> e = new ArrayList<>();
    m.addPinListener((p, bt, lv, cy) -> {
      if (p.equals(port) && bt == bit) e.add(new long[] {cy, lv});
    });
    m.load(FirmwareImage.load(elf));
    RunResult r;
    do {
      r = m.run(m.clockHz() / 100);
    } while (r.reason() == StopReason.CYCLE_LIMIT && m.seconds() < seconds);
    return e;
  }

  /** The instructions of a function (mnemonic and operands), without addresses and comments. */
  static List<String> body(String dis, String fn) {
    Matcher m = Pattern.compile("(?s)<" + Pattern.quote(fn) + ">:\\n(.*?)\\n\\n").matcher(dis + "\n\n");
    if (!m.find()) return List.of();
    List<String> out = new ArrayList<>();
    for (String l : m.group(1).split("\n")) {
      String[] f = l.split("\t");
      if (f.length >= 3) out.add((f[2] + (f.length > 3 ? " " + f[3].replaceAll(";.*", "") : "")).trim());
    }
    return out;
  }

  /** A symbol's address in avr-nm's output, or null. */
  static String address(String nm, String sym) {
    Matcher m = Pattern.compile("(?m)^([0-9a-f]+) \\w " + Pattern.quote(sym) + "$").matcher(nm);
    return m.find() ? m.group(1) : null;
  }

  static String objdump(Path elf) throws Exception {
    return run("avr-objdump", "-d", elf.toString());
  }

  static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(s).isZero();
    return s;
  }

  /** A program with HAL pin accesses and the same accesses written with the register crate. */
  static String zeroCostRs(Board b, boolean x) {
    String port = b.led().portName();
    String field = "p" + String.valueOf(b.led().port()).toLowerCase(Locale.ROOT) + b.led().bit();
    int mask = 1 << b.led().bit();
    String vp = x ? "V" + port : port;
    String l = String.valueOf(b.led().port()).toLowerCase(Locale.ROOT);
    String out = x ? "out" : "port" + l;
    String inp = x ? "in_" : "pin" + l;
    return """
        #![no_std]
        #![no_main]
        use hal::gpio::{Output, Pin};
        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            board::halt()
        }
        use hal::port::%s as Led;
        hal::entry!(main);

        #[no_mangle]
        #[inline(never)]
        fn hal_set_high(p: &mut Pin<Output, Led>) { p.set_high() }
        #[no_mangle]
        #[inline(never)]
        fn hal_set_low(p: &mut Pin<Output, Led>) { p.set_low() }
        #[no_mangle]
        #[inline(never)]
        fn hal_toggle(p: &mut Pin<Output, Led>) { p.toggle() }
        #[no_mangle]
        #[inline(never)]
        fn hal_is_high(p: &Pin<Output, Led>) -> bool { p.is_set_high() }
        #[no_mangle]
        #[inline(never)]
        fn reg_set_high(dp: &hal::Peripherals) { dp.%s.%s.modify(|r, w| unsafe { w.bits(r.bits() | 0x%x) }) }
        #[no_mangle]
        #[inline(never)]
        fn reg_set_low(dp: &hal::Peripherals) { dp.%s.%s.modify(|r, w| unsafe { w.bits(r.bits() & !0x%x) }) }
        #[no_mangle]
        #[inline(never)]
        fn reg_toggle(dp: &hal::Peripherals) { dp.%s.%s.write(|w| unsafe { w.bits(0x%x) }) }
        #[no_mangle]
        #[inline(never)]
        fn reg_is_high(dp: &hal::Peripherals) -> bool { dp.%s.%s.read().bits() & 0x%x != 0 }

        fn main(dp: hal::Peripherals) -> ! {
            let regs = unsafe { hal::Peripherals::steal() };
            let pins = hal::port::Pins::new(%s);
            let mut led = pins.%s.into_output();
            loop {
                hal_set_high(&mut led);
                hal_set_low(&mut led);
                hal_toggle(&mut led);
                if hal_is_high(&led) {
                    reg_set_high(&regs);
                    reg_set_low(&regs);
                    reg_toggle(&regs);
                    let _ = reg_is_high(&regs);
                }
            }
        }
        """.formatted(port.replace("PORT", "P") + b.led().bit(), vp, out, mask, vp, out, mask, vp, inp, mask, vp, out, mask,
        portsArgs(x), field);
  }

  static String portsArgs(boolean x) {
    return x ? "dp.PORTA, dp.PORTB, dp.PORTC, dp.PORTD, dp.PORTE, dp.PORTF" : "dp.PORTB, dp.PORTC, dp.PORTD";
  }
}
