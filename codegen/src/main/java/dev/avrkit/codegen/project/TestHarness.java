package dev.avrkit.codegen.project;

import dev.avrkit.codegen.PacGenerator;
import dev.avrkit.device.Device;
import dev.avrkit.device.TestPort;
import dev.avrkit.device.board.Board;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The on-target test harness of a project: the crate {@code avrkit-test/} (a {@code macro_rules!}
 * harness, no dependencies but the register crate) and {@code tests/on_chip.rs}, a few tests that
 * pass. {@code cargo test} builds each {@code tests/*.rs} for the chip and the runner ({@code avrkit
 * run}) runs its tests on the simulated board, talking to them through the test channel at the
 * {@link TestPort} addresses, which are written into the crate here.
 */
public final class TestHarness {
  private TestHarness() {}

  /** The sample test's target name ({@code tests/on_chip.rs}). */
  public static final String SAMPLE = "on_chip";

  /** The files, relative path to content; empty when the device has no room for the test channel. */
  static Map<String, String> files(ProjectTarget t) {
    Optional<TestPort> port = TestPort.of(t.device());
    Map<String, String> f = new LinkedHashMap<>();
    if (port.isEmpty()) return f;
    f.put("avrkit-test/Cargo.toml", cargoToml(t.device()));
    f.put("avrkit-test/src/lib.rs", libRs(t.device(), port.get()));
    f.put("tests/" + SAMPLE + ".rs", sampleRs(t));
    return f;
  }

  /** What the project's Cargo.toml needs for the harness (empty without it). */
  static String cargoSection(ProjectTarget t) {
    if (TestPort.of(t.device()).isEmpty()) return "";
    return """

        # On-target tests: `cargo test` builds each tests/NAME.rs for the chip and avrkit's runner runs
        # it on the simulated board. Each test file needs its own [[test]] entry with harness = false
        # (the tests are made by the avrkit_test::tests! macro, not by libtest).
        [dev-dependencies]
        avrkit-test = { path = "avrkit-test" }

        # the harness without the standard library's debug checks: they would add a third to its flash
        [profile.dev.package.avrkit-test]
        debug-assertions = false

        [[test]]
        name = "%s"
        harness = false
        """.formatted(SAMPLE);
  }

  /**
   * The library's {@code [lib]} test setting: with the harness, {@code cargo test --lib} builds it
   * for the chip as a test binary of its {@code #[cfg(test)]} modules ({@code harness = false}:
   * avrkit_test::main! is its entry); without, no library tests.
   */
  static String libTestSetting(ProjectTarget t) {
    if (TestPort.of(t.device()).isEmpty()) return "test = false";
    return "# cargo test --lib runs the #[cfg(test)] tests of src/board.rs on the simulated chip\nharness = false";
  }

  /** Crate attributes of src/board.rs for its tests (after #![no_std]). */
  static String libAttributes(ProjectTarget t) {
    if (TestPort.of(t.device()).isEmpty()) return "";
    return "// cargo test --lib builds this library as a test program of its tests below (avrkit_test::main!)\n"
        + "#![cfg_attr(test, no_main)]\n";
  }

  /** The tests at the end of src/board.rs: the LED toggles, the console's line arrives. */
  static String libTests(ProjectTarget t) {
    if (TestPort.of(t.device()).isEmpty()) return "";
    boolean x = ProjectTarget.isAvr8x(t.device());
    Board.Pin led = t.led();
    String out = x
        ? "dp." + led.portName() + ".out.read().pin" + led.bit() + "().bit_is_set()"
        : "dp." + led.portName() + ".port" + Character.toLowerCase(led.port()) + ".read().pin" + led.bit() + "().bit_is_set()";
    StringBuilder s = new StringBuilder();
    s.append("""

        // `cargo test --lib`: these tests run on the simulated chip, each from reset (avrkit_test::suite!
        // makes them; #[should_panic], #[ignore] and #[timeout(cycles)] work as in tests/*.rs). A new
        // module's tests join the list here: avrkit_test::main!(tests::TESTS, other::tests::TESTS).
        #[cfg(test)]
        avrkit_test::main!(tests::TESTS);

        #[cfg(test)]
        mod tests {
            use super::*;

            avrkit_test::suite! {
                fn led_toggle_flips_the_pin() {
                    let dp = pac::Peripherals::take().unwrap();
                    led_init(&dp);
                    let before = %1$s;
                    led_toggle(&dp);
                    assert_ne!(%1$s, before, "led_toggle left %2$s as it was");
                }
        """.formatted(out, led));
    if (t.console().isPresent()) {
      s.append("""

                fn console_sends_a_line() {
                    let dp = pac::Peripherals::take().unwrap();
                    clock_init(&dp);
                    let mut c = Console::init(&dp);
                    c.write_str("console ok\\r\\n");
                    avrkit_test::serial::wait_for("console ok");
                }
        """);
    }
    s.append("""
            }
        }
        """);
    return s.toString();
  }

  private static String cargoToml(Device d) {
    return """
        [package]
        name = "avrkit-test"
        version = "0.1.0"
        edition = "2021"
        description = "On-target tests on the simulated %s (written by avrkit new)"

        [lib]
        test = false
        bench = false

        [dependencies]
        pac = { package = "%s", path = "../pac" }
        """.formatted(d.name(), PacGenerator.crateName(d));
  }

  private static String hex(int a) {
    return String.format("0x%04X", a);
  }

  static String libRs(Device d, TestPort p) {
    return """
        //! On-target tests for `cargo test`: the [`tests!`] macro makes a test binary of plain
        //! functions, and avrkit's runner runs each test on the simulated %1$s from reset.
        //!
        //! The firmware talks to the runner through the simulator's test channel, two data-space
        //! addresses the chip does not use (%2$s data, %3$s control; avrkit took them from the device
        //! pack): it reads the runner's command from the data address (`L`: list the tests, `R` and a
        //! 16-bit test number: run that test) and reports fields, each a tag letter written to the
        //! control address followed by its bytes written to the data address: `T` a test (its name
        //! and attributes), `E` end of the list; `O` the test returned; `P` a panic message, `F` file,
        //! `L` line and column, `D` done. During a test it may ask the runner something (press a
        //! button of its circuit, read a pin): `Q` and the request, then `G`; the answer is what it
        //! reads next from the data address. On a real chip nothing listens
        //! there: test binaries are for the simulator. Generated by avrkit; yours to change.
        #![no_std]

        #[doc(hidden)]
        pub use pac as __pac;

        use core::fmt;
        use core::ptr::{addr_of, addr_of_mut, read_volatile, write_volatile};

        /// The test channel's data address: report bytes go here, the runner's command comes from here.
        const DATA: *mut u8 = %2$s as *mut u8;
        /// The test channel's control address: each write starts a report field (a tag letter).
        const CONTROL: *mut u8 = %3$s as *mut u8;

        /// One test of the table [`tests!`] builds.
        pub struct Test {
            /// The function's name, then its attributes, each after a NUL: `i` ignore, `p` should
            /// panic, `e` + text the panic message must contain, `t` + simulated cycles it may take.
            /// Only the runner reads them: one string keeps the table small.
            pub info: &'static str,
            /// The test.
            pub run: fn(),
        }

        fn tag(t: u8) {
            unsafe { write_volatile(CONTROL, t) }
        }

        fn put(b: u8) {
            unsafe { write_volatile(DATA, b) }
        }

        fn get() -> u8 {
            unsafe { read_volatile(DATA) }
        }

        fn put_str(s: &str) {
            for b in s.bytes() {
                put(b);
            }
        }

        fn put_u32(n: u32) {
            put(n as u8);
            put((n >> 8) as u8);
            put((n >> 16) as u8);
            put((n >> 24) as u8);
        }

        /// Stops: interrupts off and an endless loop (the runner has ended the run already).
        fn halt() -> ! {
            pac::interrupt::disable();
            loop {}
        }

        /// Does what the runner asks for: `L` lists the tests, `R` + test number (2 bytes) runs one
        /// (numbers count on through the groups). Its name tells the runner that this is a test
        /// binary, and which protocol it speaks.
        #[no_mangle]
        #[inline(never)]
        pub fn avrkit_test_harness_v1(groups: &[&[Test]]) -> ! {
            match get() {
                b'L' => {
                    for g in groups {
                        for t in g.iter() {
                            tag(b'T');
                            put_str(t.info);
                        }
                    }
                    tag(b'E');
                }
                b'R' => {
                    let mut n = get() as usize | (get() as usize) << 8;
                    let mut found = None;
                    for g in groups {
                        if n < g.len() {
                            found = Some(&g[n]);
                            break;
                        }
                        n -= g.len();
                    }
                    match found {
                        Some(t) => {
                            (t.run)();
                            tag(b'O');
                        }
                        None => tag(b'?'),
                    }
                }
                _ => tag(b'?'),
            }
            halt()
        }

        /// The end of RAM: argument lists of formatted panics live on the stack below it.
        const RAM_END: usize = %4$s;

        /// Writes a panic's message into the channel. rustc 1.9x's `fmt::Arguments` is a template
        /// and a pointer to the argument list, whose lowest bit set means "a plain string, the rest
        /// is its length": it relies on the list being at an even address, but the AVR backend does
        /// not align stack variables (llvm/llvm-project#169190), so at an odd address core would
        /// print memory as the message. Such a list (odd, on the stack above this frame, the
        /// template well-formed, at most 16 arguments) is copied to an even address of this frame
        /// and formatted from there. Other
        /// layouts of `fmt::Arguments` (other rustc versions) are formatted as they are.
        #[inline(never)]
        fn message(m: &core::panic::PanicMessage<'_>) {
            use core::mem::{size_of, transmute_copy};
            const W: usize = size_of::<usize>();
            if size_of::<core::panic::PanicMessage<'_>>() != W || size_of::<fmt::Arguments<'_>>() != 2 * W {
                let _ = fmt::write(&mut Channel, format_args!("{}", m));
                return;
            }
            // SAFETY: sizes checked above; PanicMessage holds a &Arguments, Arguments two words
            let a: &fmt::Arguments<'_> = unsafe { transmute_copy(m) };
            let words: [usize; 2] = unsafe { transmute_copy(a) };
            // which word is the argument list: a plain string's "list" is its length * 2 + 1
            let probe: [usize; 2] = unsafe { transmute_copy(&format_args!("ab")) };
            let k = if probe[1] == 5 { 1 } else { 0 };
            let (template, list) = (words[1 - k], words[k]);
            if list & 1 == 0 {
                let _ = fmt::write(&mut Channel, *a);
                return;
            }
            let here = core::hint::black_box(0u8);
            let above = &here as *const u8 as usize;
            if list > above && list <= RAM_END {
                if let Some(n) = unsafe { arg_count(template as *const u8) } {
                    if n * 2 * W <= 64 {
                        let mut space = [0u8; 66];
                        let to = (space.as_mut_ptr() as usize + 1) & !1;
                        unsafe {
                            for i in 0..n * 2 * W {
                                *((to + i) as *mut u8) = *((list + i) as *const u8);
                            }
                            let mut fixed = [0usize; 2];
                            fixed[1 - k] = template;
                            fixed[k] = to;
                            let _ = fmt::write(&mut Channel, transmute_copy::<[usize; 2], fmt::Arguments<'_>>(&fixed));
                        }
                        return;
                    }
                }
            }
            // a plain string: its bytes
            for i in 0..list >> 1 {
                put(unsafe { *(template as *const u8).add(i) });
            }
        }

        /// How many arguments a format template (core's encoding: pieces, placeholders, 0) uses;
        /// None when it does not read as one within 512 bytes.
        unsafe fn arg_count(t: *const u8) -> Option<usize> {
            let u16_at = |i: usize| *t.add(i) as usize | (*t.add(i + 1) as usize) << 8;
            let (mut i, mut next, mut count) = (0usize, 0usize, 0usize);
            while i < 512 {
                let b = *t.add(i);
                i += 1;
                match b {
                    0 => return Some(count),
                    1..=0x7F => i += b as usize,
                    0x80 => i += 2 + u16_at(i),
                    0xC0..=0xFF => {
                        let mut index = next;
                        let (mut width, mut precision) = (0, 0);
                        if b & 1 != 0 {
                            i += 4;
                        }
                        if b & 2 != 0 {
                            width = u16_at(i);
                            i += 2;
                        }
                        if b & 4 != 0 {
                            precision = u16_at(i);
                            i += 2;
                        }
                        if b & 8 != 0 {
                            index = u16_at(i);
                            i += 2;
                        }
                        if b & 16 != 0 && width + 1 > count {
                            count = width + 1;
                        }
                        if b & 32 != 0 && precision + 1 > count {
                            count = precision + 1;
                        }
                        if index + 1 > count {
                            count = index + 1;
                        }
                        next = index + 1;
                    }
                    _ => return None,
                }
            }
            None
        }

        /// Panic messages go into the test channel as they are formatted (no buffer).
        struct Channel;

        impl fmt::Write for Channel {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                put_str(s);
                Ok(())
            }
        }

        static mut PANICKING: bool = false;

        #[panic_handler]
        fn panic(info: &core::panic::PanicInfo) -> ! {
            // a panic while reporting one (a Debug impl that panics) ends the report where it is
            unsafe {
                if read_volatile(addr_of!(PANICKING)) {
                    tag(b'D');
                    halt()
                }
                write_volatile(addr_of_mut!(PANICKING), true);
            }
            tag(b'P');
            message(&info.message());
            if let Some(l) = info.location() {
                tag(b'F');
                put_str(l.file());
                tag(b'L');
                put_u32(l.line());
                put_u32(l.column());
            }
            tag(b'D');
            halt()
        }

        /// Makes a test binary (`#![no_std]`, `#![no_main]`, `harness = false`) of the functions
        /// inside: each `fn name() { ... }` is a test, with `#[ignore]`, `#[should_panic]`,
        /// `#[should_panic(expected = "text")]` and `#[timeout(cycles)]` before it (`timeout`: a number
        /// of simulated cycles; the runner's default is 10 s of simulated time). Each test starts from
        /// reset: fresh RAM, registers and peripherals (and the parts of its circuit, see [`part`]).
        ///
        /// ```ignore
        /// avrkit_test::tests! {
        ///     fn adds() {
        ///         assert_eq!(2 + 2, 4);
        ///     }
        ///
        ///     #[should_panic(expected = "divide by zero")]
        ///     fn divides_by_zero() {
        ///         let _ = 1 / core::hint::black_box(0u8);
        ///     }
        /// }
        /// ```
        #[macro_export]
        macro_rules! tests {
            ($($(#[$($attr:tt)+])* fn $name:ident() $body:block)*) => {
                $(fn $name() $body)*

                static __AVRKIT_TESTS: &[$crate::Test] = &[$(
                    $crate::Test {
                        info: concat!(stringify!($name) $(, $crate::__attr!($($attr)+))*),
                        run: $name,
                    },
                )*];

                $crate::main!(__AVRKIT_TESTS);
            };
        }

        /// The tests of one module, for `#[cfg(test)] mod tests` in the library: the functions
        /// inside (with the attributes of [`tests!`]) and `pub static TESTS`, which the library's
        /// [`main!`] lists. They are named by their path (`tests::adds`), as libtest names them.
        ///
        /// ```ignore
        /// // src/board.rs (the library: [lib] test = true, harness = false in Cargo.toml)
        /// #![cfg_attr(test, no_main)]
        /// #[cfg(test)]
        /// avrkit_test::main!(tests::TESTS);
        ///
        /// #[cfg(test)]
        /// mod tests {
        ///     use super::*;
        ///     avrkit_test::suite! {
        ///         fn adds() {
        ///             assert_eq!(2 + 2, 4);
        ///         }
        ///     }
        /// }
        /// ```
        #[macro_export]
        macro_rules! suite {
            ($($(#[$($attr:tt)+])* fn $name:ident() $body:block)*) => {
                $(fn $name() $body)*

                /// This module's on-target tests (`avrkit_test::suite!`).
                pub static TESTS: &[$crate::Test] = &[$(
                    $crate::Test {
                        info: concat!(module_path!(), "::", stringify!($name) $(, $crate::__attr!($($attr)+))*),
                        run: $name,
                    },
                )*];
            };
        }

        /// The entry of a test binary that runs the given test lists ([`suite!`]'s `TESTS`, in
        /// that order): `avrkit_test::main!(tests::TESTS, uart::tests::TESTS);`.
        #[macro_export]
        macro_rules! main {
            ($($tests:path),+ $(,)?) => {
                $crate::__pac::entry!(__avrkit_test_main);

                fn __avrkit_test_main() -> ! {
                    $crate::avrkit_test_harness_v1(&[$($tests),+])
                }
            };
        }

        #[doc(hidden)]
        #[macro_export]
        macro_rules! __attr {
            (ignore) => { "\0i" };
            (ignore = $why:literal) => { "\0i" };
            (should_panic) => { "\0p" };
            (should_panic(expected = $e:literal)) => { concat!("\0p\0e", $e) };
            (timeout($c:literal)) => { concat!("\0t", stringify!($c)) };
            (doc = $d:literal) => { "" };
            ($($other:tt)+) => { compile_error!(concat!("avrkit_test::tests!: unknown test attribute #[",
                stringify!($($other)+), "]; use ignore, should_panic, should_panic(expected = \"...\") or timeout(cycles)")) };
        }

        /// Asks the runner something during a test (a `Q` field, then `G`) and reads the answer's
        /// status and length; a refused request (no such part, pin or control) panics with the
        /// runner's reason, at the caller's line.
        #[track_caller]
        fn request(op: u8, a: &str, b: &str, value: u32) -> u16 {
            tag(b'Q');
            put(op);
            put_str(a);
            put(0);
            put_str(b);
            put(0);
            put_u32(value);
            tag(b'G');
            let status = get();
            let len = get() as u16 | (get() as u16) << 8;
            if status != 0 {
                refused(len)
            }
            len
        }

        /// Fails the test with the runner's answer as its panic message, at the caller's line. It
        /// reports the panic itself instead of `panic!("{}", ...)`: rustc's `fmt::Arguments` on the
        /// AVR need their argument list at an even address, and the AVR backend does not align the
        /// stack (llvm/llvm-project#169190), so a formatted panic's message can come out unreadable.
        #[track_caller]
        #[inline(never)]
        fn refused(len: u16) -> ! {
            let l = core::panic::Location::caller();
            tag(b'P');
            for _ in 0..len {
                put(get());
            }
            tag(b'F');
            put_str(l.file());
            tag(b'L');
            put_u32(l.line());
            put_u32(l.column());
            tag(b'D');
            halt()
        }

        /// The parts of the test's circuit: the diagram beside the test's source
        /// (`tests/NAME.diagram.json` for `tests/NAME.rs`, `src/LIB.diagram.json` for the library's
        /// tests; Wokwi's format, as in `circuits/`). The runner builds it afresh for every test and
        /// does each call at once, at the simulated moment the test makes it: the chip runs on only
        /// when the test does (a button's contacts bounce for about a millisecond after a press
        /// unless its `bounce` attribute is "0"). Parts and pins are named as in the diagram
        /// (`"btn1"`, `"led1"` pin `"A"`, the board's `"nano:13"`... pins as `part, pin`).
        pub mod part {
            use super::{get, request};

            /// A pin's level as the circuit sees it.
            #[derive(Clone, Copy, PartialEq, Eq, Debug)]
            pub enum Level {
                Low,
                High,
                /// nothing drives the pin's net
                Floating,
            }

            /// Presses a push button (its control `pressed`).
            #[track_caller]
            pub fn press(part: &str) {
                request(b'p', part, "", 0);
            }

            /// Releases a push button.
            #[track_caller]
            pub fn release(part: &str) {
                request(b'r', part, "", 0);
            }

            /// Sets a control of a part, as a scenario's `set-control` does
            /// (`set_control("pot1", "position", 0.5)`).
            #[track_caller]
            pub fn set_control(part: &str, control: &str, value: f32) {
                request(b'c', part, control, value.to_bits());
            }

            /// The level of the net a part's pin is on (`read_pin("led1", "A")`).
            #[track_caller]
            pub fn read_pin(part: &str, pin: &str) -> Level {
                request(b'l', part, pin, 0);
                match get() {
                    0 => Level::Low,
                    1 => Level::High,
                    _ => Level::Floating,
                }
            }

            /// The voltage of the net a part's pin is on, in millivolts; `None` when it floats.
            #[track_caller]
            pub fn millivolts(part: &str, pin: &str) -> Option<u16> {
                if request(b'v', part, pin, 0) == 0 {
                    return None;
                }
                Some(get() as u16 | (get() as u16) << 8)
            }

            /// A part's state in words, as failed scenarios report it: `"on"`, `"off"`,
            /// `"brightness 25%%"` (an LED), `"pressed"`, an LCD's two lines in quotes; the
            /// first 64 bytes.
            #[track_caller]
            pub fn state(part: &str) -> State {
                let n = request(b's', part, "", 0);
                let mut s = State { len: 0, bytes: [0; 64] };
                for _ in 0..n {
                    let b = get();
                    if (s.len as usize) < s.bytes.len() {
                        s.bytes[s.len as usize] = b;
                        s.len += 1;
                    }
                }
                s
            }

            /// What [`state`] read.
            pub struct State {
                len: u8,
                bytes: [u8; 64],
            }

            impl State {
                pub fn as_str(&self) -> &str {
                    core::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("?")
                }
            }

            impl PartialEq<&str> for State {
                fn eq(&self, other: &&str) -> bool {
                    self.as_str() == *other
                }
            }

            impl core::fmt::Debug for State {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    core::fmt::Debug::fmt(self.as_str(), f)
                }
            }
        }

        /// What the chip sent on its USARTs during this test (as a serial monitor sees it).
        pub mod serial {
            use super::{get, request};

            /// Whether the output so far contains `text` (bytes count once their last bit was sent).
            #[track_caller]
            pub fn seen(text: &str) -> bool {
                request(b'w', text, "", 0);
                get() != 0
            }

            /// Waits until the output contains `text` (the test's time-out ends a wait that lasts).
            #[track_caller]
            pub fn wait_for(text: &str) {
                while !seen(text) {}
            }
        }
        """.formatted(d.name(), hex(p.data()), hex(p.control()), hex((int) (d.memory().ramStart() + d.memory().ramSize() - 1)));
  }

  static String sampleRs(ProjectTarget t) {
    boolean x = ProjectTarget.isAvr8x(t.device());
    Board.Pin led = t.led();
    String dirRead = x
        ? "dp." + led.portName() + ".dir.read().pin" + led.bit() + "().bit_is_set()"
        : "dp." + led.portName() + ".ddr" + Character.toLowerCase(led.port()) + ".read().pin" + led.bit() + "().bit_is_set()";
    return """
        //! On-target tests: `cargo test` runs each of them on the simulated %1$s, from reset.
        //! `cargo test NAME` runs the tests whose name contains NAME; `cargo test -- --ignored` the
        //! ignored ones. A new tests/NAME.rs needs a [[test]] entry (harness = false) in Cargo.toml.
        #![no_std]
        #![no_main]

        use board::pac;

        avrkit_test::tests! {
            fn arithmetic_on_the_chip() {
                let x: u32 = core::hint::black_box(100_000);
                assert_eq!(x * 3 / 7, 42_857);
            }

            fn led_pin_is_an_output() {
                let dp = pac::Peripherals::take().unwrap();
                board::led_init(&dp);
                assert!(%2$s, "LED %3$s is not an output");
            }

            #[should_panic(expected = "taken twice")]
            fn peripherals_can_be_taken_once() {
                let _dp = pac::Peripherals::take().unwrap();
                pac::Peripherals::take().expect("taken twice");
            }
        }
        """.formatted(t.title(), dirRead, led);
  }

  /**
   * {@code n} small tests for {@code avrkit bench test} (a test file of the project): arithmetic,
   * loops over arrays, bit twiddling, checked overflow and a few that panic as they should. Each
   * takes some hundred to some thousand cycles; {@code withHarness} false makes the same functions a
   * plain program that calls them all in a row and formats its panics (message and location) into a
   * sink, as a firmware that prints its panics does: the baseline of the harness's flash cost (built,
   * not run).
   */
  public static String benchRs(int n, boolean withHarness) {
    StringBuilder fns = new StringBuilder();
    StringBuilder calls = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String attr = "";
      String body = switch (i % 5) {
        case 0 -> """
                let x: u32 = core::hint::black_box(%d);
                assert_eq!(x * 3 / 3, %d);
            """.formatted(1000 + i, 1000 + i);
        case 1 -> """
                let mut a = [0u8; 16];
                for (k, v) in a.iter_mut().enumerate() {
                    *v = (k as u8).wrapping_mul(%d);
                }
                let sum: u16 = a.iter().map(|&v| v as u16).sum();
                assert!(sum > 0, "sum of multiples of %d was 0");
            """.formatted(i | 1, i | 1);
        case 2 -> """
                let v = core::hint::black_box(0x%04Xu16);
                assert_eq!(v.count_ones() + v.count_zeros(), 16);
                assert_eq!(v.rotate_left(4).rotate_right(4), v);
            """.formatted((i * 2654435761L) & 0xFFFF);
        case 3 -> """
                let v = core::hint::black_box(%du8);
                assert_eq!(v.checked_add(255 - v), Some(255));
                assert_eq!(v.checked_add(255), None);
            """.formatted(1 + i % 200);
        default -> {
          attr = "    #[should_panic(expected = \"index out of bounds\")]\n";
          yield """
                let a = [1u8, 2, 3];
                let i = core::hint::black_box(%d);
                let _ = a[i];
            """.formatted(3 + i % 7);
        }
      };
      fns.append(i == 0 ? "" : "\n").append(attr).append("    fn test_").append(String.format("%02d", i)).append("() {\n")
          .append(body.indent(-4).indent(8)).append("    }\n");
      calls.append("    test_").append(String.format("%02d", i)).append("();\n");
    }
    if (withHarness) {
      return "//! " + n + " small on-target tests (avrkit bench test).\n#![no_std]\n#![no_main]\n\navrkit_test::tests! {\n"
          + fns + "}\n";
    }
    return "//! The " + n + " tests of avrkit bench test as a plain program (the harness's flash baseline).\n"
        + "#![no_std]\n#![no_main]\n\nuse board::pac;\n\npac::entry!(main);\n\n" + fns.toString().indent(-4)
        + "\nfn main() -> ! {\n" + calls + "    board::halt()\n}\n\n" + """
        /// Where a debugging firmware would print its panics (a UART); here the bytes are only kept alive.
        struct Sink;

        impl core::fmt::Write for Sink {
            fn write_str(&mut self, s: &str) -> core::fmt::Result {
                for b in s.bytes() {
                    core::hint::black_box(b);
                }
                Ok(())
            }
        }

        #[panic_handler]
        fn panic(info: &core::panic::PanicInfo) -> ! {
            use core::fmt::Write;
            let _ = write!(Sink, "{}", info);
            board::halt()
        }
        """;
  }
}
