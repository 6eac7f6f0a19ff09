//! The runner's own tests (OnTargetTestsTest): each case is checked for its exact report.
#![no_std]
#![no_main]
#![feature(asm_experimental_arch)]

use board::pac;

/// Calls itself until the stack runs out of RAM.
fn deep(n: u32) -> u32 {
    if core::hint::black_box(n) < u32::MAX {
        deep(n + 1) + 1
    } else {
        0
    }
}

/// Panics with a formatted message from its own frame, whose argument list lands at an odd
/// address with rustc 1.96 when called from formatted_panic_deeper (see the README on core::fmt).
#[inline(never)]
fn report<const N: usize>(v: u16) {
    let pad = core::hint::black_box([0u8; N]);
    panic!("read {} with {} byte(s) more on the stack", v, pad.len());
}

avrkit_test::tests! {
    fn adds() {
        assert_eq!(core::hint::black_box(2u8) + 2, 4);
    }

    fn failing_assert() {
        let x = core::hint::black_box(3u8);
        assert_eq!(x + 1, 5, "x was {}", x);
    }

    fn formatted_panic() {
        let v = core::hint::black_box(1234u16);
        panic!("sensor read {} (0x{:04x}), wanted below {}", v, v, 1000);
    }

    fn formatted_panic_deeper() {
        let a = core::hint::black_box([1u8; 3]);
        report::<1>(a[0] as u16);
    }

    #[should_panic(expected = "out of range")]
    fn expected_panic() {
        let v = core::hint::black_box(300u16);
        if v > 255 {
            panic!("{} out of range", v);
        }
    }

    #[should_panic(expected = "out of range")]
    fn wrong_panic() {
        panic!("something else");
    }

    #[timeout(200_000)]
    fn hangs() {
        unsafe { pac::interrupt::enable() };
        loop {
            core::hint::black_box(());
        }
    }

    fn spins_with_interrupts_off() {
        pac::interrupt::disable();
        loop {}
    }

    fn illegal_opcode() {
        unsafe { core::arch::asm!(".word 0x0001") };
    }

    fn stack_overflow() {
        assert_eq!(deep(0), 1);
    }

    fn watchdog_fires() {
        let dp = pac::Peripherals::take().unwrap();
        dp.WDT.ctrla.write_protected(|w| w.period().variant(pac::wdt::PERIOD_A::_8CLK));
        loop {
            core::hint::black_box(());
        }
    }

    fn jumps_outside_flash() {
        let f: fn() = unsafe { core::mem::transmute(core::hint::black_box(0x7ff0usize)) };
        f();
    }

    #[ignore]
    fn ignored() {
        panic!("ran an ignored test");
    }
}
