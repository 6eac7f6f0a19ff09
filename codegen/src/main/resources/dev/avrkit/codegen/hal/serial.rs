//! Serial ports (USART, 8N1): blocking write and read, [`crate::fmt::Out`] for small number
//! output and `core::fmt::Write`; embedded-io 0.6's `Read`, `Write`, `ReadReady` and `WriteReady`
//! with the `embedded-hal` feature.
//!
//! ```ignore
//! let mut serial = Serial::new(dp.USART3, pins.usb_tx.into_output(), pins.usb_rx, Baud::<115200>);
//! serial.put_str("n = ");
//! serial.put_u32(42);
//! ```
//! The pins passed choose the route (the PORTMUX setting on AVR8X parts): only pin pairs the
//! chip can route to that USART compile. The baud rate is a constant: one whose error at
//! [`crate::F_CPU`] is above 2 % does not compile.
//!
//! Bytes that arrive while the firmware is busy are kept by an [`RxBuffer`] that the receive
//! interrupt fills (the USART itself holds only two):
//!
//! ```ignore
//! static RX: RxBuffer<32> = RxBuffer::new();
//! pac::interrupt!(USART3_RXC, on_rx); // USART_RX on the ATmega328P
//! fn on_rx() { RX.receive::<pac::USART3>(); }
//! serial.listen_rx();
//! if let Some(b) = RX.read() { /* ... */ }
//! ```

use crate::fmt::Out;
use crate::F_CPU;
use core::ptr::{read_volatile, write_volatile};

/// Register addresses and bits of one USART, from the device model.
pub struct UsartRegs {
    /// Received data (`RXDATAL`, `UDRn`).
    pub rx_data: usize,
    /// Data to send (`TXDATAL`, `UDRn`).
    pub tx_data: usize,
    /// Status flags (`STATUS`, `UCSRnA`).
    pub status: usize,
    /// "Received a byte" flag in `status`.
    pub rx_complete: u8,
    /// "Transmission complete" flag in `status` (cleared by writing 1).
    pub tx_complete: u8,
    /// "Transmit buffer empty" flag in `status`.
    pub tx_empty: u8,
    /// Bits of `status` that are settings, kept when a flag is cleared (`U2Xn`).
    pub status_keep: u8,
    /// Receiver/transmitter enable register (`CTRLB`, `UCSRnB`).
    pub enable: usize,
    /// Receiver enable bit.
    pub rx_enable: u8,
    /// Transmitter enable bit.
    pub tx_enable: u8,
    /// The baud register (16 bits, low byte first in memory).
    pub baud: usize,
    /// True for classic parts: `UBRRn` with double speed (`U2Xn` in `status`), high byte written
    /// first; false for AVR8X: `BAUD` = 64 x F_CPU / (16 x baud), low byte first.
    pub classic: bool,
    /// The register and bit that enable the "received a byte" interrupt (`CTRLA.RXCIE`,
    /// `UCSRnB.RXCIEn`).
    pub rx_interrupt: (usize, u8),
}

/// A USART instance of the register crate.
pub trait Instance {
    /// Its registers.
    const REGS: UsartRegs;
}

/// A pair of pins (TX as output, RX as input) that the chip can route to USART `U`.
pub trait Route<U: Instance> {
    /// The PORTMUX register, field mask and value that select the route (`None`: nothing to set).
    const PORTMUX: Option<(usize, u8, u8)>;
}

/// The value for the baud register at [`F_CPU`].
pub const fn baud_register(classic: bool, baud: u32) -> u16 {
    let f = F_CPU as u64;
    let b = baud as u64;
    if classic {
        // double speed: UBRR = F_CPU / (8 x baud) - 1, rounded
        ((f + 4 * b) / (8 * b) - 1) as u16
    } else {
        // BAUD = 64 x F_CPU / (16 x baud), rounded
        ((4 * f + b / 2) / b) as u16
    }
}

/// The baud rate the register value gives, in baud.
pub const fn actual_baud(classic: bool, baud: u32) -> u32 {
    let r = baud_register(classic, baud) as u64;
    let f = F_CPU as u64;
    if classic { (f / (8 * (r + 1))) as u32 } else { ((4 * f) / r) as u32 }
}

/// True when `baud` is reachable within 2 % at [`F_CPU`].
pub const fn baud_ok(classic: bool, baud: u32) -> bool {
    if baud == 0 || (F_CPU as u64) < 16 * baud as u64 {
        return false;
    }
    let a = actual_baud(classic, baud) as u64;
    let b = baud as u64;
    let diff = if a > b { a - b } else { b - a };
    diff * 100 <= 2 * b
}

#[inline(always)]
fn rd(a: usize) -> u8 {
    unsafe { read_volatile(a as *const u8) }
}

#[inline(always)]
fn wr(a: usize, v: u8) {
    unsafe { write_volatile(a as *mut u8, v) }
}

/// A serial port on USART `U` with its pins `P`, 8 data bits, no parity, 1 stop bit.
pub struct Serial<U, P> {
    usart: U,
    pins: P,
    /// A byte was written since the last [`Serial::flush`] (before the first byte the
    /// "transmission complete" flag is never set, so flush must not wait for it).
    sent: bool,
}

/// A baud rate as a constant: `Baud::<115200>`.
pub struct Baud<const B: u32>;

impl<U: Instance> Serial<U, ()> {
    /// Sets up the USART at `BAUD` on the pins `(tx, rx)` and enables transmitter and receiver.
    #[inline(always)]
    pub fn new<const BAUD: u32, TX, RX>(usart: U, tx: TX, rx: RX, _baud: Baud<BAUD>) -> Serial<U, (TX, RX)>
    where
        (TX, RX): Route<U>,
    {
        const { assert!(baud_ok(U::REGS.classic, BAUD), "baud rate more than 2 % off at F_CPU") };
        let r = &U::REGS;
        if let Some((reg, mask, value)) = <(TX, RX) as Route<U>>::PORTMUX {
            wr(reg, (rd(reg) & !mask) | value);
        }
        let v = baud_register(r.classic, BAUD);
        if r.classic {
            wr(r.status, r.status_keep);
            wr(r.baud + 1, (v >> 8) as u8);
            wr(r.baud, v as u8);
        } else {
            wr(r.baud, v as u8);
            wr(r.baud + 1, (v >> 8) as u8);
        }
        wr(r.enable, rd(r.enable) | r.rx_enable | r.tx_enable);
        Serial { usart, pins: (tx, rx), sent: false }
    }
}

impl<U: Instance, P> Serial<U, P> {
    /// Sends a byte (waits while the transmit buffer is full).
    #[inline(never)]
    pub fn write_byte(&mut self, b: u8) {
        let r = &U::REGS;
        while rd(r.status) & r.tx_empty == 0 {}
        // clear "transmission complete" so that flush() waits for this byte
        wr(r.status, r.tx_complete | (rd(r.status) & r.status_keep));
        wr(r.tx_data, b);
        self.sent = true;
    }

    /// Waits until the last byte sent has left the transmitter (returns at once when nothing was
    /// sent).
    pub fn flush(&mut self) {
        let r = &U::REGS;
        if self.sent {
            while rd(r.status) & r.tx_complete == 0 {}
            self.sent = false;
        }
    }

    /// True when [`Serial::write_byte`] would not wait (the transmit buffer is empty).
    #[inline(always)]
    pub fn write_ready(&self) -> bool {
        let r = &U::REGS;
        rd(r.status) & r.tx_empty != 0
    }

    /// True when a received byte is there to read.
    #[inline(always)]
    pub fn read_ready(&self) -> bool {
        let r = &U::REGS;
        rd(r.status) & r.rx_complete != 0
    }

    /// The next received byte, if one is there.
    #[inline(always)]
    pub fn try_read(&mut self) -> Option<u8> {
        let r = &U::REGS;
        if rd(r.status) & r.rx_complete != 0 { Some(rd(r.rx_data)) } else { None }
    }

    /// Waits for the next received byte.
    pub fn read_byte(&mut self) -> u8 {
        loop {
            if let Some(b) = self.try_read() {
                return b;
            }
        }
    }

    /// Enables the "received a byte" interrupt (its handler must read the byte, e.g. with
    /// [`RxBuffer::receive`], or it runs again at once).
    #[inline(always)]
    pub fn listen_rx(&mut self) {
        let (reg, bit) = U::REGS.rx_interrupt;
        wr(reg, rd(reg) | bit);
    }

    /// Disables the "received a byte" interrupt.
    #[inline(always)]
    pub fn unlisten_rx(&mut self) {
        let (reg, bit) = U::REGS.rx_interrupt;
        wr(reg, rd(reg) & !bit);
    }

    /// Turns the port off and gives back the USART and the pins.
    pub fn release(self) -> (U, P) {
        let r = &U::REGS;
        wr(r.enable, rd(r.enable) & !(r.rx_enable | r.tx_enable));
        (self.usart, self.pins)
    }
}

/// A receive buffer of `N` bytes (`N` a power of two, at most 256; one slot stays free) that the
/// USART's receive interrupt fills ([`receive`](RxBuffer::receive)) and the main program empties
/// ([`read`](RxBuffer::read)). One writer (the handler) and one reader: the indices are single
/// bytes, so neither side needs a critical section. Declare it as a `static`.
pub struct RxBuffer<const N: usize> {
    data: core::cell::UnsafeCell<[u8; N]>,
    head: core::cell::UnsafeCell<u8>,
    tail: core::cell::UnsafeCell<u8>,
    lost: core::cell::UnsafeCell<u8>,
}

// The handler only writes `data[head]`, `head` and `lost`; the main program only writes `tail`.
unsafe impl<const N: usize> Sync for RxBuffer<N> {}

impl<const N: usize> RxBuffer<N> {
    const MASK: u8 = {
        assert!(N.is_power_of_two() && N >= 2 && N <= 256, "RxBuffer size must be a power of two, 2..256");
        (N - 1) as u8
    };

    /// An empty buffer.
    pub const fn new() -> Self {
        RxBuffer {
            data: core::cell::UnsafeCell::new([0; N]),
            head: core::cell::UnsafeCell::new(0),
            tail: core::cell::UnsafeCell::new(0),
            lost: core::cell::UnsafeCell::new(0),
        }
    }

    /// For the receive interrupt's handler: moves the received byte of USART `U` into the buffer
    /// (counted as lost when the buffer is full).
    #[inline(always)]
    pub fn receive<U: Instance>(&self) {
        let b = rd(U::REGS.rx_data);
        self.push(b);
    }

    /// Adds a byte at the head (from the handler; `false` and counted as lost when full).
    #[inline(always)]
    pub fn push(&self, b: u8) -> bool {
        unsafe {
            let h = read_volatile(self.head.get());
            let next = h.wrapping_add(1) & Self::MASK;
            if next == read_volatile(self.tail.get()) {
                write_volatile(self.lost.get(), read_volatile(self.lost.get()).saturating_add(1));
                return false;
            }
            write_volatile((self.data.get() as *mut u8).add(h as usize), b);
            write_volatile(self.head.get(), next);
            true
        }
    }

    /// The oldest byte received, if any (never waits).
    #[inline(always)]
    pub fn read(&self) -> Option<u8> {
        unsafe {
            let t = read_volatile(self.tail.get());
            if t == read_volatile(self.head.get()) {
                return None;
            }
            let b = read_volatile((self.data.get() as *const u8).add(t as usize));
            write_volatile(self.tail.get(), t.wrapping_add(1) & Self::MASK);
            Some(b)
        }
    }

    /// The number of bytes waiting.
    #[inline(always)]
    pub fn len(&self) -> usize {
        unsafe { (read_volatile(self.head.get()).wrapping_sub(read_volatile(self.tail.get())) & Self::MASK) as usize }
    }

    /// True when no byte is waiting.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes dropped because the buffer was full (up to 255).
    #[inline(always)]
    pub fn lost(&self) -> u8 {
        unsafe { read_volatile(self.lost.get()) }
    }
}

impl<U: Instance, P> Out for Serial<U, P> {
    #[inline(always)]
    fn put(&mut self, b: u8) {
        self.write_byte(b);
    }
}

impl<U: Instance, P> core::fmt::Write for Serial<U, P> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.put_str(s);
        Ok(())
    }
}

/// embedded-io 0.6 (the `embedded-hal` feature): blocking `Read` (waits for the first byte, then
/// takes the bytes already received), `Write` (every byte, waiting for room), `flush`,
/// `ReadReady`/`WriteReady` from the status flags; `Read` and `ReadReady` also for `&RxBuffer`
/// (the bytes the receive interrupt buffered). Nothing can fail: the error type is `Infallible`
/// (framing and overrun errors are not reported).
#[cfg(feature = "embedded-hal")]
mod eio {
    use super::{Instance, RxBuffer, Serial};
    use core::convert::Infallible;

    impl<U: Instance, P> embedded_io::ErrorType for Serial<U, P> {
        type Error = Infallible;
    }

    impl<U: Instance, P> embedded_io::Read for Serial<U, P> {
        fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
            let Some((first, rest)) = buf.split_first_mut() else {
                return Ok(0);
            };
            *first = self.read_byte();
            let mut n = 1;
            for b in rest {
                match self.try_read() {
                    Some(x) => *b = x,
                    None => break,
                }
                n += 1;
            }
            Ok(n)
        }
    }

    impl<U: Instance, P> embedded_io::Write for Serial<U, P> {
        fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
            for &b in buf {
                self.write_byte(b);
            }
            Ok(buf.len())
        }

        fn flush(&mut self) -> Result<(), Infallible> {
            Serial::flush(self);
            Ok(())
        }
    }

    impl<U: Instance, P> embedded_io::ReadReady for Serial<U, P> {
        fn read_ready(&mut self) -> Result<bool, Infallible> {
            Ok(Serial::read_ready(self))
        }
    }

    impl<U: Instance, P> embedded_io::WriteReady for Serial<U, P> {
        fn write_ready(&mut self) -> Result<bool, Infallible> {
            Ok(Serial::write_ready(self))
        }
    }

    impl<const N: usize> embedded_io::ErrorType for &RxBuffer<N> {
        type Error = Infallible;
    }

    /// Waits until the receive interrupt has buffered a byte, then takes it with those buffered
    /// after it.
    impl<const N: usize> embedded_io::Read for &RxBuffer<N> {
        fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
            let Some((first, rest)) = buf.split_first_mut() else {
                return Ok(0);
            };
            *first = loop {
                if let Some(b) = RxBuffer::read(*self) {
                    break b;
                }
            };
            let mut n = 1;
            for b in rest {
                match RxBuffer::read(*self) {
                    Some(x) => *b = x,
                    None => break,
                }
                n += 1;
            }
            Ok(n)
        }
    }

    impl<const N: usize> embedded_io::ReadReady for &RxBuffer<N> {
        fn read_ready(&mut self) -> Result<bool, Infallible> {
            Ok(!RxBuffer::is_empty(*self))
        }
    }
}
