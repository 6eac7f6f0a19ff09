//! Digital pins with their mode in the type: `Pin<Input<Floating>, PE2>`, `Pin<Output, PE2>`.
//!
//! A pin is taken out of [`crate::port::Pins`] (or a board's `pins!`) once; changing its mode
//! consumes it and gives it back in the new mode, so a pin cannot be used twice and an input
//! cannot be driven. Every access is a single instruction on the port's registers in I/O space
//! (`sbi`, `cbi`, `out`, `sbic`) for a pin known at compile time. [`Pin::downgrade`] gives a pin
//! whose port is chosen at run time (for arrays of pins), at the cost of indirect accesses.

use core::marker::PhantomData;
use core::ptr::{read_volatile, write_volatile};

/// Input mode without pull-up: the pin floats when nothing drives it.
pub struct Floating;
/// Input mode with the internal pull-up on: reads high when nothing drives it.
pub struct PullUp;
/// Input mode; `P` is [`Floating`] or [`PullUp`].
pub struct Input<P = Floating> {
    _p: PhantomData<P>,
}
/// Push-pull output mode.
pub struct Output;

/// Marks the input modes.
pub trait InputMode {}
impl InputMode for Input<Floating> {}
impl InputMode for Input<PullUp> {}

/// The registers that control one port, as data-space addresses. The direction, output and input
/// registers are in the low I/O space, so the compiler reaches them with `sbi`/`cbi`/`in`/`out`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PortRegs {
    /// Direction (1 = output): `VPORTx.DIR` or `DDRx`.
    pub dir: usize,
    /// Output value: `VPORTx.OUT` or `PORTx`.
    pub out: usize,
    /// Input value; writing 1 to a bit toggles the output: `VPORTx.IN` or `PINx`.
    pub input: usize,
    /// `PORTx.PIN0CTRL` (pull-up and interrupt sense of pin 0; pin n at `+ n`), or 0 on chips
    /// whose pull-up is the output bit of an input pin.
    pub pinctrl: usize,
    /// The pull-up enable bit in `PINnCTRL` (unused when `pinctrl` is 0).
    pub pullup: u8,
    /// The pin interrupt flags (`VPORTx.INTFLAGS`, write 1 to clear), or 0 on chips without them.
    pub intflags: usize,
}

/// A pin known at compile time: its port's registers and its bit.
pub trait PinId {
    /// The port's registers.
    const PORT: PortRegs;
    /// The bit number in the port, 0..=7.
    const BIT: u8;
}

/// What a [`Pin`] needs to reach its hardware; implemented for every [`PinId`] (all constants)
/// and for [`Dynamic`] (read at run time).
pub trait PinOps {
    /// The port's registers.
    fn regs(&self) -> PortRegs;
    /// The bit number in the port.
    fn bit(&self) -> u8;
    /// The pin's bit as a mask.
    #[inline(always)]
    fn mask(&self) -> u8 {
        1 << self.bit()
    }
}

impl<P: PinId> PinOps for P {
    #[inline(always)]
    fn regs(&self) -> PortRegs {
        P::PORT
    }
    #[inline(always)]
    fn bit(&self) -> u8 {
        P::BIT
    }
}

/// A pin whose port and bit are chosen at run time (from [`Pin::downgrade`]).
#[derive(Clone, Copy)]
pub struct Dynamic {
    regs: PortRegs,
    bit: u8,
}

impl PinOps for Dynamic {
    #[inline(always)]
    fn regs(&self) -> PortRegs {
        self.regs
    }
    #[inline(always)]
    fn bit(&self) -> u8 {
        self.bit
    }
}

/// One pin in mode `MODE`; `P` is the pin ([`PinId`] type such as `PE2`, or [`Dynamic`]).
pub struct Pin<MODE, P> {
    pub(crate) pin: P,
    _mode: PhantomData<MODE>,
}

#[inline(always)]
fn set_bits(addr: usize, mask: u8) {
    // a read-modify-write of one bit: `sbi` on I/O addresses
    unsafe { write_volatile(addr as *mut u8, read_volatile(addr as *const u8) | mask) }
}

#[inline(always)]
fn clear_bits(addr: usize, mask: u8) {
    unsafe { write_volatile(addr as *mut u8, read_volatile(addr as *const u8) & !mask) }
}

#[inline(always)]
fn read(addr: usize) -> u8 {
    unsafe { read_volatile(addr as *const u8) }
}

impl<P: PinId> Pin<Input<Floating>, P> {
    /// The pin after reset (input, no pull-up). Only [`crate::port::Pins`] makes these.
    #[inline(always)]
    pub(crate) const fn new(pin: P) -> Self {
        Pin { pin, _mode: PhantomData }
    }
}

impl<MODE, P: PinOps> Pin<MODE, P> {
    #[inline(always)]
    fn into_mode<M>(self) -> Pin<M, P> {
        Pin { pin: self.pin, _mode: PhantomData }
    }

    #[inline(always)]
    fn set_pull_up(&self, on: bool) {
        let r = self.pin.regs();
        if r.pinctrl != 0 {
            let ctrl = r.pinctrl + self.pin.bit() as usize;
            if on { set_bits(ctrl, r.pullup) } else { clear_bits(ctrl, r.pullup) }
        } else if on {
            set_bits(r.out, self.pin.mask());
        } else {
            clear_bits(r.out, self.pin.mask());
        }
    }

    /// Makes the pin a push-pull output, low.
    #[inline(always)]
    pub fn into_output(self) -> Pin<Output, P> {
        let r = self.pin.regs();
        clear_bits(r.out, self.pin.mask());
        set_bits(r.dir, self.pin.mask());
        self.into_mode()
    }

    /// Makes the pin a push-pull output, high.
    #[inline(always)]
    pub fn into_output_high(self) -> Pin<Output, P> {
        let r = self.pin.regs();
        set_bits(r.out, self.pin.mask());
        set_bits(r.dir, self.pin.mask());
        self.into_mode()
    }

    /// Makes the pin an input without pull-up.
    #[inline(always)]
    pub fn into_floating_input(self) -> Pin<Input<Floating>, P> {
        let r = self.pin.regs();
        clear_bits(r.dir, self.pin.mask());
        self.set_pull_up(false);
        self.into_mode()
    }

    /// Makes the pin an input with the internal pull-up.
    #[inline(always)]
    pub fn into_pull_up_input(self) -> Pin<Input<PullUp>, P> {
        let r = self.pin.regs();
        clear_bits(r.dir, self.pin.mask());
        self.set_pull_up(true);
        self.into_mode()
    }
}

impl<MODE, P: PinId> Pin<MODE, P> {
    /// The same pin with its port chosen at run time, e.g. to keep pins of different ports in
    /// one array.
    #[inline(always)]
    pub fn downgrade(self) -> Pin<MODE, Dynamic> {
        Pin { pin: Dynamic { regs: P::PORT, bit: P::BIT }, _mode: PhantomData }
    }
}

impl<P: PinOps> Pin<Output, P> {
    /// Drives the pin high (`sbi`).
    #[inline(always)]
    pub fn set_high(&mut self) {
        set_bits(self.pin.regs().out, self.pin.mask());
    }

    /// Drives the pin low (`cbi`).
    #[inline(always)]
    pub fn set_low(&mut self) {
        clear_bits(self.pin.regs().out, self.pin.mask());
    }

    /// Inverts the output: writes the pin's bit to the input register, which toggles it on every
    /// AVR this HAL supports (`ldi` + `out`: no read-modify-write, safe against interrupts).
    #[inline(always)]
    pub fn toggle(&mut self) {
        unsafe { write_volatile(self.pin.regs().input as *mut u8, self.pin.mask()) }
    }

    /// True when the pin is driven high.
    #[inline(always)]
    pub fn is_set_high(&self) -> bool {
        read(self.pin.regs().out) & self.pin.mask() != 0
    }

    /// True when the pin is driven low.
    #[inline(always)]
    pub fn is_set_low(&self) -> bool {
        !self.is_set_high()
    }
}

impl<M, P: PinOps> Pin<M, P>
where
    M: InputMode,
{
    /// True when the pin reads high.
    #[inline(always)]
    pub fn is_high(&self) -> bool {
        read(self.pin.regs().input) & self.pin.mask() != 0
    }

    /// True when the pin reads low.
    #[inline(always)]
    pub fn is_low(&self) -> bool {
        !self.is_high()
    }
}

/// embedded-hal 1.0's digital traits (the `embedded-hal` feature): `OutputPin` and
/// `StatefulOutputPin` for outputs, `InputPin` for inputs, for pins known at compile time and
/// [`Dynamic`] ones alike. Nothing can fail: the error type is `Infallible`.
#[cfg(feature = "embedded-hal")]
mod eh {
    use super::{InputMode, Output, Pin, PinOps};
    use core::convert::Infallible;
    use embedded_hal::digital::{ErrorType, InputPin, OutputPin, StatefulOutputPin};

    impl<MODE, P: PinOps> ErrorType for Pin<MODE, P> {
        type Error = Infallible;
    }

    impl<P: PinOps> OutputPin for Pin<Output, P> {
        #[inline(always)]
        fn set_low(&mut self) -> Result<(), Infallible> {
            Pin::<Output, P>::set_low(self);
            Ok(())
        }

        #[inline(always)]
        fn set_high(&mut self) -> Result<(), Infallible> {
            Pin::<Output, P>::set_high(self);
            Ok(())
        }
    }

    impl<P: PinOps> StatefulOutputPin for Pin<Output, P> {
        #[inline(always)]
        fn is_set_high(&mut self) -> Result<bool, Infallible> {
            Ok(Pin::<Output, P>::is_set_high(self))
        }

        #[inline(always)]
        fn is_set_low(&mut self) -> Result<bool, Infallible> {
            Ok(Pin::<Output, P>::is_set_low(self))
        }

        /// One `out` to the input register, as [`Pin::toggle`].
        #[inline(always)]
        fn toggle(&mut self) -> Result<(), Infallible> {
            Pin::<Output, P>::toggle(self);
            Ok(())
        }
    }

    impl<M: InputMode, P: PinOps> InputPin for Pin<M, P> {
        #[inline(always)]
        fn is_high(&mut self) -> Result<bool, Infallible> {
            Ok(Pin::<M, P>::is_high(self))
        }

        #[inline(always)]
        fn is_low(&mut self) -> Result<bool, Infallible> {
            Ok(Pin::<M, P>::is_low(self))
        }
    }
}
