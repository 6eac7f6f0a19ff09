//! Interrupt-safe sharing between the main program and interrupt handlers.
//!
//! ```ignore
//! static COUNT: Mutex<Cell<u16>> = Mutex::new(Cell::new(0));
//! fn on_edge() { interrupt::free(|cs| COUNT.borrow(cs).set(COUNT.borrow(cs).get() + 1)); }
//! ```
//! Handlers are installed by name with the register crate's `interrupt!` macro (the firmware
//! crate needs `#![feature(abi_avr_interrupt)]`): `pac::interrupt!(PORTA_PORT, on_edge);`.

use core::cell::UnsafeCell;
use core::marker::PhantomData;

pub use pac::interrupt::{disable, enable};

/// Proof that interrupts are disabled while it lives (only [`free`] makes one).
#[derive(Clone, Copy)]
pub struct CriticalSection<'cs> {
    _p: PhantomData<&'cs ()>,
}

/// Runs `f` with interrupts disabled (and restores the interrupt flag as it was afterwards).
#[inline(always)]
pub fn free<F, R>(f: F) -> R
where
    F: FnOnce(CriticalSection<'_>) -> R,
{
    pac::interrupt::free(|| f(CriticalSection { _p: PhantomData }))
}

/// A value shared with interrupt handlers, reachable only inside a critical section. Use it with
/// `Cell` (or `RefCell`) for values that change: `Mutex<Cell<u32>>`.
pub struct Mutex<T> {
    inner: UnsafeCell<T>,
}

// Only one core, and the value is reached only with interrupts disabled.
unsafe impl<T: Send> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    /// A mutex holding `value` (usable in a `static`).
    pub const fn new(value: T) -> Self {
        Mutex { inner: UnsafeCell::new(value) }
    }

    /// The value, for as long as the critical section lasts.
    #[inline(always)]
    pub fn borrow<'cs>(&'cs self, _cs: CriticalSection<'cs>) -> &'cs T {
        unsafe { &*self.inner.get() }
    }
}
