//! The watchdog (a reset when the firmware stops feeding it) and the cause of the last reset.
//!
//! ```ignore
//! let cause = hal::wdt::reset_cause(); // first thing in main: reads and clears the flags
//! let mut wdt = hal::wdt::Watchdog::new(dp.WDT);
//! wdt.start(hal::wdt::Period::Ms512);
//! loop {
//!     work();
//!     wdt.feed(); // at least every 512 ms (nominal; the watchdog oscillator is not exact)
//! }
//! ```
//! On classic parts a watchdog reset leaves the watchdog running at its shortest period (16 ms)
//! and it cannot be stopped while `MCUSR.WDRF` is set: call [`reset_cause`] (which clears the
//! flags) and then [`Watchdog::stop`] or [`Watchdog::start`] early after start-up.

use core::ptr::{read_volatile, write_volatile};

#[inline(always)]
fn rd(a: usize) -> u8 {
    unsafe { read_volatile(a as *const u8) }
}

#[inline(always)]
fn wr(a: usize, v: u8) {
    unsafe { write_volatile(a as *mut u8, v) }
}

/// What reset the chip (a flag of `RSTCTRL.RSTFR` on AVR8X, `MCUSR` on classic parts). A chip
/// whose reset flags lack one never reports it (classic parts have no software or UPDI reset).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ResetCause {
    /// Power was applied (power-on reset).
    PowerOn,
    /// The supply fell below the brown-out detector's level.
    BrownOut,
    /// The RESET pin was pulled low.
    External,
    /// The watchdog ran out (or, with a window, was fed too early).
    Watchdog,
    /// The firmware asked for it (`RSTCTRL.SWRR`, AVR8X).
    Software,
    /// The UPDI programming interface (AVR8X).
    Updi,
    /// The JTAG interface (classic parts with JTAG).
    Jtag,
}

impl ResetCause {
    /// A short lower-case name: `"power-on"`, `"watchdog"`...
    pub const fn name(self) -> &'static str {
        match self {
            ResetCause::PowerOn => "power-on",
            ResetCause::BrownOut => "brown-out",
            ResetCause::External => "external",
            ResetCause::Watchdog => "watchdog",
            ResetCause::Software => "software",
            ResetCause::Updi => "UPDI",
            ResetCause::Jtag => "JTAG",
        }
    }
}

/// The reset flags as read from the flag register: every cause since the flags were last cleared.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ResetFlags(pub u8);

impl ResetFlags {
    /// Reads the flags (without clearing them).
    #[inline(always)]
    pub fn read() -> Self {
        ResetFlags(rd(RESET_FLAGS))
    }

    /// True when `cause` is among the flags.
    pub fn contains(self, cause: ResetCause) -> bool {
        FLAGS.iter().any(|&(c, bit)| c == cause && self.0 & bit != 0)
    }

    /// The most specific cause among the flags: watchdog, software, UPDI and JTAG before
    /// external, brown-out and power-on (a power-on reset clears the other flags, the later
    /// resets add theirs to what is there). `None` when no flag is set.
    pub fn cause(self) -> Option<ResetCause> {
        for &(c, bit) in FLAGS.iter() {
            if self.0 & bit != 0 {
                return Some(c);
            }
        }
        None
    }
}

/// Clears every reset flag (written as ones on AVR8X, zeros on classic parts).
#[inline(always)]
pub fn clear_reset_flags() {
    if CLASSIC {
        wr(RESET_FLAGS, 0);
    } else {
        wr(RESET_FLAGS, ALL_FLAGS);
    }
}

/// The cause of the last reset ([`ResetFlags::cause`]), with the flags cleared so that the next
/// boot sees only its own cause. Call it once, early in `main`.
#[inline(always)]
pub fn reset_cause() -> Option<ResetCause> {
    let f = ResetFlags::read();
    clear_reset_flags();
    f.cause()
}

/// Restarts the watchdog's period (the `wdr` instruction); any code may call it.
#[inline(always)]
pub fn feed() {
    #[cfg(target_arch = "avr")]
    unsafe {
        core::arch::asm!("wdr")
    }
}

/// The watchdog: after [`start`](Watchdog::start) it resets the chip unless it is fed within
/// the period.
pub struct Watchdog {
    _wdt: Instance,
}

impl Watchdog {
    /// Takes the watchdog (it keeps running if the fuses or a classic watchdog reset started it).
    #[inline(always)]
    pub fn new(wdt: Instance) -> Self {
        Watchdog { _wdt: wdt }
    }

    /// Starts the watchdog in reset mode with `period` (or changes the period of a running one).
    #[inline(always)]
    pub fn start(&mut self, period: Period) {
        feed();
        write_control(period.bits());
    }

    /// Restarts the period (`wdr`).
    #[inline(always)]
    pub fn feed(&mut self) {
        feed();
    }

    /// Stops the watchdog. It stays on when the fuses force it (`WDTON` on classic parts, a
    /// locked `WDTCFG` on AVR8X) and on classic parts while `MCUSR.WDRF` is set, so this clears
    /// that flag first (read [`reset_cause`] before).
    #[inline(always)]
    pub fn stop(&mut self) {
        feed();
        if CLASSIC {
            wr(RESET_FLAGS, rd(RESET_FLAGS) & !WDRF);
        }
        write_control(0);
    }

    /// True when the watchdog runs (a period is set, or on classic parts WDE is on).
    #[inline(always)]
    pub fn running(&self) -> bool {
        rd(CONTROL) & RUNNING != 0
    }
}

/// Writes the control register: classic parts WDCE + WDE then the value within four cycles with
/// interrupts off (the timed sequence); AVR8X the CCP key for protected I/O then `WDT.CTRLA`
/// (after waiting for `STATUS.SYNCBUSY` to clear).
#[inline(always)]
fn write_control(value: u8) {
    if !CLASSIC {
        while rd(STATUS) & SYNCBUSY != 0 {}
    }
    #[cfg(target_arch = "avr")]
    unsafe {
        if CLASSIC {
            core::arch::asm!(
                "in {s}, 0x3f",
                "cli",
                "sts {ctrl}, {change}",
                "sts {ctrl}, {value}",
                "out 0x3f, {s}",
                s = out(reg) _,
                ctrl = const CONTROL,
                change = in(reg) CHANGE_ENABLE,
                value = in(reg) value,
            );
        } else {
            core::arch::asm!(
                "out {ccp}, {key}",
                "sts {ctrl}, {value}",
                ccp = const CCP,
                key = in(reg) IOREG_KEY,
                ctrl = const CONTROL,
                value = in(reg) value,
            );
        }
    }
    #[cfg(not(target_arch = "avr"))]
    let _ = value;
}
