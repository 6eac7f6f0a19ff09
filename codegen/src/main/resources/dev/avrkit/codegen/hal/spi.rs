//! The SPI master: modes 0-3, clock dividers, bit order, the chip's pin routes; an
//! embedded-hal 1.0 `SpiBus`, and `SpiDevice` with a chip-select pin.
//!
//! ```ignore
//! use hal::spi::{Divider, Mode, Route, Settings, Spi};
//! let mut spi = Spi::new(dp.SPI0, Route::Alt2, Settings::default()); // the Nano Every's D11/D12/D13
//! let answer = spi.transfer_byte(0x9F);
//! ```
//!
//! SCK = F_CPU / the divider, exactly: the prescaler and the double-speed bit of the chip. The
//! route's SCK and MOSI become outputs; on classic parts SS becomes an output too (an input SS
//! pulled low would turn the master into a slave), on AVR8X parts the SS pin is left free
//! (`CTRLB.SSD`). Registers, bits and routes are generated from the device model below.

use crate::gpio::{Output, Pin, PinOps};
use core::ptr::{read_volatile, write_volatile};

#[inline(always)]
fn read(addr: usize) -> u8 {
    unsafe { read_volatile(addr as *const u8) }
}

#[inline(always)]
fn write(addr: usize, v: u8) {
    unsafe { write_volatile(addr as *mut u8, v) }
}

#[inline(always)]
fn set_bits(addr: usize, mask: u8) {
    write(addr, read(addr) | mask);
}

/// Clock polarity and phase, as the SPI modes number them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Idle low, sample on the rising edge.
    Mode0 = 0,
    /// Idle low, sample on the falling edge.
    Mode1 = 1,
    /// Idle high, sample on the falling edge.
    Mode2 = 2,
    /// Idle high, sample on the rising edge.
    Mode3 = 3,
}

/// SCK = F_CPU / the division.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Divider {
    /// F_CPU / 2.
    Div2,
    /// F_CPU / 4.
    Div4,
    /// F_CPU / 8.
    Div8,
    /// F_CPU / 16.
    Div16,
    /// F_CPU / 32.
    Div32,
    /// F_CPU / 64.
    Div64,
    /// F_CPU / 128.
    Div128,
}

impl Divider {
    /// The prescaler field's value (/4, /16, /64, /128) and whether the double speed bit is on.
    const fn bits(self) -> (u8, bool) {
        match self {
            Divider::Div2 => (0, true),
            Divider::Div4 => (0, false),
            Divider::Div8 => (1, true),
            Divider::Div16 => (1, false),
            Divider::Div32 => (2, true),
            Divider::Div64 => (2, false),
            Divider::Div128 => (3, false),
        }
    }
}

/// How the bus runs. `Settings::default()` is mode 0, F_CPU / 4, most significant bit first.
#[derive(Clone, Copy)]
pub struct Settings {
    /// Clock polarity and phase.
    pub mode: Mode,
    /// SCK = F_CPU / divider.
    pub divider: Divider,
    /// True to send the least significant bit first.
    pub lsb_first: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { mode: Mode::Mode0, divider: Divider::Div4, lsb_first: false }
    }
}

/// The SPI master.
pub struct Spi {
    _spi: Instance,
}

impl Spi {
    /// Enables the master on the pins of `route`.
    pub fn new(spi: Instance, route: Route, settings: Settings) -> Self {
        route.apply();
        let mut s = Spi { _spi: spi };
        s.configure(settings);
        s
    }

    /// Changes mode, divider and bit order (between transfers).
    pub fn configure(&mut self, settings: Settings) {
        let (presc, double) = settings.divider.bits();
        let mut ctrl = ENABLE | MASTER | (presc << PRESC_SHIFT);
        if settings.lsb_first {
            ctrl |= DORD;
        }
        if CLASSIC {
            ctrl |= (settings.mode as u8) << MODE_SHIFT;
        } else {
            write(CTRLB, ((settings.mode as u8) << MODE_SHIFT) | SSD);
        }
        let dbl = if double { DOUBLE.1 } else { 0 };
        if DOUBLE.0 == CTRL {
            write(CTRL, ctrl | dbl);
        } else {
            write(DOUBLE.0, dbl);
            write(CTRL, ctrl);
        }
    }

    /// Sends `out` and returns the byte received meanwhile.
    #[inline]
    pub fn transfer_byte(&mut self, out: u8) -> u8 {
        write(DATA, out);
        while read(FLAGS) & DONE == 0 {}
        read(DATA) // reading DATA after the flag clears it
    }

    /// Sends `words`, replacing each with the byte received.
    pub fn transfer_in_place(&mut self, words: &mut [u8]) {
        for w in words.iter_mut() {
            *w = self.transfer_byte(*w);
        }
    }

    /// Turns the SPI off and gives its peripheral back.
    pub fn free(self) -> Instance {
        write(CTRL, 0);
        self._spi
    }
}

/// One device on the bus: the bus and the device's chip-select pin (low while selected).
pub struct SpiDevice<P: PinOps> {
    /// The bus.
    pub bus: Spi,
    cs: Pin<Output, P>,
}

impl<P: PinOps> SpiDevice<P> {
    /// The device selected by `cs` (driven high: not selected).
    pub fn new(bus: Spi, mut cs: Pin<Output, P>) -> Self {
        cs.set_high();
        SpiDevice { bus, cs }
    }

    /// Selects the device, runs `f` with the bus, deselects it.
    pub fn selected<R>(&mut self, f: impl FnOnce(&mut Spi) -> R) -> R {
        self.cs.set_low();
        let r = f(&mut self.bus);
        self.cs.set_high();
        r
    }

    /// The bus and the pin back.
    pub fn free(self) -> (Spi, Pin<Output, P>) {
        (self.bus, self.cs)
    }
}

#[cfg(feature = "embedded-hal")]
mod eh {
    use super::{Spi, SpiDevice};
    use crate::gpio::PinOps;
    use embedded_hal::spi::{ErrorType, Operation};

    impl ErrorType for Spi {
        type Error = core::convert::Infallible;
    }

    impl embedded_hal::spi::SpiBus<u8> for Spi {
        fn read(&mut self, words: &mut [u8]) -> Result<(), Self::Error> {
            for w in words.iter_mut() {
                *w = self.transfer_byte(0);
            }
            Ok(())
        }
        fn write(&mut self, words: &[u8]) -> Result<(), Self::Error> {
            for &w in words {
                self.transfer_byte(w);
            }
            Ok(())
        }
        fn transfer(&mut self, read: &mut [u8], write: &[u8]) -> Result<(), Self::Error> {
            let n = core::cmp::max(read.len(), write.len());
            for i in 0..n {
                let r = self.transfer_byte(write.get(i).copied().unwrap_or(0));
                if let Some(x) = read.get_mut(i) {
                    *x = r;
                }
            }
            Ok(())
        }
        fn transfer_in_place(&mut self, words: &mut [u8]) -> Result<(), Self::Error> {
            Spi::transfer_in_place(self, words);
            Ok(())
        }
        fn flush(&mut self) -> Result<(), Self::Error> {
            Ok(())
        }
    }

    impl<P: PinOps> ErrorType for SpiDevice<P> {
        type Error = core::convert::Infallible;
    }

    impl<P: PinOps> embedded_hal::spi::SpiDevice<u8> for SpiDevice<P> {
        /// Chip select low, the operations in order (delays with [`crate::delay`]), chip select
        /// high.
        fn transaction(&mut self, operations: &mut [Operation<'_, u8>]) -> Result<(), Self::Error> {
            use embedded_hal::spi::SpiBus as _;
            self.selected(|bus| {
                for op in operations.iter_mut() {
                    match op {
                        Operation::Read(b) => bus.read(b)?,
                        Operation::Write(b) => bus.write(b)?,
                        Operation::Transfer(r, w) => bus.transfer(r, w)?,
                        Operation::TransferInPlace(b) => embedded_hal::spi::SpiBus::transfer_in_place(bus, b)?,
                        Operation::DelayNs(ns) => embedded_hal::delay::DelayNs::delay_ns(&mut crate::delay::Delay, *ns),
                    }
                }
                Ok(())
            })
        }
    }
}
