//! Sleep modes: the CPU stops until an interrupt that the mode allows wakes it (see [`Mode`] for
//! which sources each mode keeps).
//!
//! ```ignore
//! button.enable_interrupt(Sense::BothEdges); // the handler clears the flag
//! hal::sleep::sleep(hal::sleep::Mode::PowerDown); // returns after the handler has run
//! ```
//! [`sleep`] enables interrupts (`sei` right before `sleep`: the one instruction after `sei`
//! runs before any interrupt, so a request that is already pending wakes the CPU at once instead
//! of being taken before it sleeps and then missed). With no wake-up source enabled the CPU
//! sleeps until a reset (the watchdog's, for example).

use core::ptr::{read_volatile, write_volatile};

/// Sleeps in `mode` until an interrupt wakes the CPU; returns after its handler ran. Interrupts
/// are enabled afterwards.
#[inline(always)]
pub fn sleep(mode: Mode) {
    unsafe {
        // the register may hold other settings (MCUCR on small classic parts): only the mode and enable bits change
        let other = read_volatile(CONTROL as *const u8) & !(MODE_MASK | ENABLE);
        write_volatile(CONTROL as *mut u8, other | mode as u8 | ENABLE);
        #[cfg(target_arch = "avr")]
        core::arch::asm!("sei", "sleep");
        write_volatile(CONTROL as *mut u8, other | mode as u8);
    }
}
