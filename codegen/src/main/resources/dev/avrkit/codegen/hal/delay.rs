//! Busy-wait delays exact to the cycle at [`crate::F_CPU`] (interrupts that run meanwhile add
//! their own time).
//!
//! Each delay is one loop written in assembly whose cycle count is fixed: on both the classic
//! AVR and the AVRxt cores `subi`/`sbci`/`ldi`/`nop` take 1 cycle, `sbiw` and `rjmp` 2 and `brne`
//! 2 (1 when it falls through). Padding is `rjmp .+0` (2 cycles in one word) and a `nop`.

/// CPU cycles per millisecond.
const MS: u32 = crate::F_CPU / 1000;
/// CPU cycles per microsecond.
const US: u32 = crate::F_CPU / 1_000_000;

/// One millisecond is: `ldi` x2 (2) + inner loop (4 x N - 1) + padding + `sbiw` + `brne` (4).
const MS_INNER: u32 = (MS - 5) / 4;
const MS_PAD: u32 = (MS - 5) % 4;
/// One microsecond is: padding + `sbiw` + `brne` (4).
const US_PAD: u32 = US - 4;

const _: () = assert!(crate::F_CPU % 1_000_000 == 0 && US >= 4, "delay_us needs a whole number of MHz, at least 4");
const _: () = assert!(MS_INNER > 0 && MS_INNER <= 0xFFFF, "F_CPU out of range for delay_ms");

/// Waits `ms` milliseconds: `ms` x F_CPU / 1000 cycles, minus one (plus the call when it is not
/// inlined).
#[inline]
pub fn delay_ms(ms: u16) {
    if ms == 0 {
        return;
    }
    #[cfg(target_arch = "avr")]
    unsafe {
        core::arch::asm!(
            "1:",
            "ldi {lo}, {n_lo}",
            "ldi {hi}, {n_hi}",
            "2:",
            "subi {lo}, 1",
            "sbci {hi}, 0",
            "brne 2b",
            ".rept {pad2}",
            "rjmp .+0",
            ".endr",
            ".rept {pad1}",
            "nop",
            ".endr",
            "sbiw {ms}, 1",
            "brne 1b",
            ms = inout(reg_iw) ms => _,
            lo = out(reg_upper) _,
            hi = out(reg_upper) _,
            n_lo = const (MS_INNER & 0xFF) as u8,
            n_hi = const (MS_INNER >> 8) as u8,
            pad2 = const MS_PAD / 2,
            pad1 = const MS_PAD % 2,
            options(nomem, nostack),
        );
    }
    #[cfg(not(target_arch = "avr"))]
    let _ = ms;
}

/// Waits `us` microseconds: `us` x F_CPU / 1000000 cycles, minus one (plus the call when it is
/// not inlined).
#[inline]
pub fn delay_us(us: u16) {
    if us == 0 {
        return;
    }
    #[cfg(target_arch = "avr")]
    unsafe {
        core::arch::asm!(
            "1:",
            ".rept {pad2}",
            "rjmp .+0",
            ".endr",
            ".rept {pad1}",
            "nop",
            ".endr",
            "sbiw {us}, 1",
            "brne 1b",
            us = inout(reg_iw) us => _,
            pad2 = const US_PAD / 2,
            pad1 = const US_PAD % 2,
            options(nomem, nostack),
        );
    }
    #[cfg(not(target_arch = "avr"))]
    let _ = us;
}

/// A delay provider for drivers (implements embedded-hal's `DelayNs` with the `embedded-hal`
/// feature: `delay_ms` and `delay_us` exact to the cycle as [`delay_ms`]/[`delay_us`], longer
/// ones in steps of 65535; `delay_ns` rounded up to whole microseconds). It has no state: make as
/// many as needed.
#[derive(Clone, Copy, Default)]
pub struct Delay;

impl Delay {
    /// A delay provider.
    pub const fn new() -> Self {
        Delay
    }

    /// Waits `ms` milliseconds.
    #[inline(always)]
    pub fn delay_ms(&mut self, ms: u16) {
        delay_ms(ms);
    }

    /// Waits `us` microseconds.
    #[inline(always)]
    pub fn delay_us(&mut self, us: u16) {
        delay_us(us);
    }
}

#[cfg(feature = "embedded-hal")]
impl embedded_hal::delay::DelayNs for Delay {
    /// At least `ns`: rounded up to whole microseconds (a microsecond is the shortest delay loop).
    #[inline]
    fn delay_ns(&mut self, ns: u32) {
        embedded_hal::delay::DelayNs::delay_us(self, ns.div_ceil(1000));
    }

    #[inline]
    fn delay_us(&mut self, mut us: u32) {
        while us > 0xFFFF {
            delay_us(0xFFFF);
            us -= 0xFFFF;
        }
        delay_us(us as u16);
    }

    #[inline]
    fn delay_ms(&mut self, mut ms: u32) {
        while ms > 0xFFFF {
            delay_ms(0xFFFF);
            ms -= 0xFFFF;
        }
        delay_ms(ms as u16);
    }
}
