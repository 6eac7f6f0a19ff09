//! The I2C (TWI) master: write, read, write-read with a repeated START, bus scan. Every call
//! returns an [`Error`] instead of hanging: a missing device (address NACK), a refused byte (data
//! NACK), another master (arbitration lost), a bus error, or a bus that does not move within the
//! time-out (a device holding SDA or SCL low).
//!
//! ```ignore
//! let mut i2c = hal::i2c::I2c::new(dp.TWI0, hal::i2c::Route::default(), 100_000);
//! i2c.write(0x50, &[0x00, 0x10, 42])?;                 // address, then bytes
//! let mut b = [0u8; 1];
//! i2c.write_read(0x50, &[0x00, 0x10], &mut b)?;        // repeated START between them
//! ```
//!
//! The bus needs pull-up resistors on SDA and SCL (the usual modules have them). SCL is
//! `F_CPU / (16 + 2 x TWBR)` on classic parts and `F_CPU / (10 + 2 x MBAUD)` on AVR8X parts
//! (without the rise time, which only makes a real bus slower than asked).
//!
//! Register addresses and bits come from the device model, below the line; the data sheet's
//! status codes of the classic TWI are fixed here.

use core::ptr::{read_volatile, write_volatile};

#[inline(always)]
fn read(addr: usize) -> u8 {
    unsafe { read_volatile(addr as *const u8) }
}

#[inline(always)]
fn write(addr: usize, v: u8) {
    unsafe { write_volatile(addr as *mut u8, v) }
}

/// What went wrong on the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// No device answered its address.
    AddressNack,
    /// The device refused a data byte.
    DataNack,
    /// Another master took the bus.
    ArbitrationLost,
    /// A START or STOP where none belongs.
    BusError,
    /// The bus did not move within the time-out (a device holds SDA or SCL low).
    Timeout,
}

// The registers (data-space addresses) and bits, generated below from the device model:
// CLASSIC; CTRL (TWCR/MCTRLA), STATUS (TWSR/MSTATUS), BAUD (TWBR/MBAUD), DATA (TWDR/MDATA),
// CMD (MCTRLB) and ADDR (MADDR) on AVR8X; the classic TWCR bits TWINT, TWEA, TWSTA, TWSTO, TWEN;
// the AVR8X bits M_ENABLE (MCTRLA), M_RIF, M_WIF, M_RXACK, M_ARBLOST, M_BUSERR, M_BUSSTATE,
// M_IDLE (MSTATUS; BUSSTATE's field and its IDLE value), M_NACK, M_FLUSH, M_RECVTRANS, M_STOP
// (MCTRLB). The other family's names are 0.

// classic status codes (TWSR & 0xF8), from the data sheet's tables
const START: u8 = 0x08;
const REP_START: u8 = 0x10;
const SLA_W_ACK: u8 = 0x18;
const SLA_W_NACK: u8 = 0x20;
const DATA_W_ACK: u8 = 0x28;
const DATA_W_NACK: u8 = 0x30;
const ARB_LOST: u8 = 0x38;
const SLA_R_ACK: u8 = 0x40;
const SLA_R_NACK: u8 = 0x48;
const DATA_R_ACK: u8 = 0x50;
const DATA_R_NACK: u8 = 0x58;

/// Polling loops per microsecond of time-out (one loop is about 8 cycles).
const LOOPS_PER_US: u32 = if crate::F_CPU / 8_000_000 > 0 {
    crate::F_CPU / 8_000_000
} else {
    1
};

/// The I2C bus master.
pub struct I2c {
    _twi: Instance,
    timeout: u32,
}

impl I2c {
    /// Enables the master at `hz` (100_000 or 400_000 for the standard and fast modes) on the
    /// pins of `route`, with a time-out of 10 ms.
    #[inline]
    pub fn new(twi: Instance, route: Route, hz: u32) -> Self {
        route.apply();
        if CLASSIC {
            let twbr = (crate::F_CPU / hz).saturating_sub(16) / 2;
            write(STATUS, 0); // prescaler 1
            write(BAUD, if twbr > 255 { 255 } else { twbr as u8 });
            write(CTRL, TWEN);
        } else {
            let baud = (crate::F_CPU / hz).saturating_sub(10) / 2;
            write(BAUD, if baud > 255 { 255 } else { baud as u8 });
            write(CTRL, M_ENABLE);
            // the bus state is unknown after enabling: take it as idle, clear the flags
            write(STATUS, M_IDLE | M_RIF | M_WIF | M_ARBLOST | M_BUSERR);
        }
        let mut i2c = I2c { _twi: twi, timeout: 0 };
        i2c.set_timeout_us(10_000);
        i2c
    }

    /// How long a call waits for the bus before it gives up with [`Error::Timeout`].
    pub fn set_timeout_us(&mut self, us: u32) {
        self.timeout = us.saturating_mul(LOOPS_PER_US);
    }

    /// Writes `bytes` to the device at the 7-bit `address` (START, address, bytes, STOP).
    pub fn write(&mut self, address: u8, bytes: &[u8]) -> Result<(), Error> {
        self.transfer(address, bytes, &mut [])
    }

    /// Reads `buf.len()` bytes from the device at `address`.
    pub fn read(&mut self, address: u8, buf: &mut [u8]) -> Result<(), Error> {
        self.transfer(address, &[], buf)
    }

    /// Writes `bytes`, then with a repeated START reads `buf.len()` bytes, then STOP.
    pub fn write_read(&mut self, address: u8, bytes: &[u8], buf: &mut [u8]) -> Result<(), Error> {
        self.transfer(address, bytes, buf)
    }

    /// True when a device acknowledges `address` (START, address for writing, STOP).
    pub fn ping(&mut self, address: u8) -> Result<bool, Error> {
        match self.transfer(address, &[], &mut []) {
            Ok(()) => Ok(true),
            Err(Error::AddressNack) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Calls `found` with every address from 0x08 to 0x77 a device acknowledges; stops at the
    /// first bus error.
    pub fn scan(&mut self, mut found: impl FnMut(u8)) -> Result<(), Error> {
        for a in 0x08..0x78 {
            if self.ping(a)? {
                found(a);
            }
        }
        Ok(())
    }

    fn transfer(&mut self, address: u8, bytes: &[u8], buf: &mut [u8]) -> Result<(), Error> {
        let reading = !buf.is_empty();
        let res = (|| {
            if !bytes.is_empty() || !reading {
                self.start(address, false)?;
                self.write_bytes(bytes)?;
            }
            if reading {
                self.start(address, true)?;
                self.read_bytes(buf, true)?;
            }
            Ok(())
        })();
        self.finish(res)
    }

    /// Ends a transfer: STOP after success or a NACK, a reset of the TWI after a time-out or a
    /// lost bus.
    pub(crate) fn finish(&mut self, res: Result<(), Error>) -> Result<(), Error> {
        match res {
            Ok(()) | Err(Error::AddressNack) | Err(Error::DataNack) => {
                let s = self.stop();
                res.and(s)
            }
            Err(_) => {
                self.reset();
                res
            }
        }
    }

    /// Waits until `mask` is set in the register at `reg`; `Err(Timeout)` when it is not in time.
    #[inline(always)]
    fn wait(&self, reg: usize, mask: u8) -> Result<u8, Error> {
        let mut n = self.timeout;
        loop {
            let v = read(reg);
            if v & mask != 0 {
                return Ok(v);
            }
            if n == 0 {
                return Err(Error::Timeout);
            }
            n -= 1;
        }
    }

    /// Classic: sets TWCR to `v` (with TWINT and TWEN) and waits for TWINT; the status code.
    fn classic_step(&self, v: u8) -> Result<u8, Error> {
        write(CTRL, v | TWINT | TWEN);
        self.wait(CTRL, TWINT)?;
        Ok(read(STATUS) & 0xF8)
    }

    /// START (or a repeated START inside a transfer) and the address byte.
    pub(crate) fn start(&mut self, address: u8, read_: bool) -> Result<(), Error> {
        let sla = (address << 1) | read_ as u8;
        if CLASSIC {
            match self.classic_step(TWSTA)? {
                START | REP_START => {}
                ARB_LOST => return Err(Error::ArbitrationLost),
                _ => return Err(Error::BusError),
            }
            write(DATA, sla);
            match self.classic_step(0)? {
                SLA_W_ACK | SLA_R_ACK => Ok(()),
                SLA_W_NACK | SLA_R_NACK => Err(Error::AddressNack),
                ARB_LOST => Err(Error::ArbitrationLost),
                _ => Err(Error::BusError),
            }
        } else {
            write(ADDR, sla);
            let s = self.wait(STATUS, M_WIF | M_RIF)?;
            x_errors(s)?;
            if s & M_RXACK != 0 {
                return Err(Error::AddressNack);
            }
            Ok(())
        }
    }

    /// Writes bytes to the addressed device.
    pub(crate) fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), Error> {
        for &b in bytes {
            write(DATA, b);
            if CLASSIC {
                match self.classic_step(0)? {
                    DATA_W_ACK => {}
                    DATA_W_NACK => return Err(Error::DataNack),
                    ARB_LOST => return Err(Error::ArbitrationLost),
                    _ => return Err(Error::BusError),
                }
            } else {
                let s = self.wait(STATUS, M_WIF)?;
                x_errors(s)?;
                if s & M_RXACK != 0 {
                    return Err(Error::DataNack);
                }
            }
        }
        Ok(())
    }

    /// Reads bytes from the addressed device, acknowledging each but the last when `nack_last`.
    pub(crate) fn read_bytes(&mut self, buf: &mut [u8], nack_last: bool) -> Result<(), Error> {
        let n = buf.len();
        for (i, b) in buf.iter_mut().enumerate() {
            let ack = i + 1 < n || !nack_last;
            if CLASSIC {
                match self.classic_step(if ack { TWEA } else { 0 })? {
                    DATA_R_ACK | DATA_R_NACK => *b = read(DATA),
                    ARB_LOST => return Err(Error::ArbitrationLost),
                    _ => return Err(Error::BusError),
                }
            } else {
                // the byte arrives after the address, then after each RECVTRANS
                let s = self.wait(STATUS, M_RIF)?;
                x_errors(s)?;
                *b = read(DATA);
                if ack {
                    write(CMD, M_RECVTRANS);
                } else {
                    write(CMD, M_NACK); // the NACK goes out with the next START or STOP
                }
            }
        }
        Ok(())
    }

    /// STOP, and waits until it has gone out.
    pub(crate) fn stop(&mut self) -> Result<(), Error> {
        if CLASSIC {
            write(CTRL, TWINT | TWSTO | TWEN);
            let mut n = self.timeout;
            while read(CTRL) & TWSTO != 0 {
                if n == 0 {
                    self.reset();
                    return Err(Error::Timeout);
                }
                n -= 1;
            }
        } else {
            write(CMD, M_NACK | M_STOP);
            // wait until the STOP is on the wire (the bus idle), so that the next START is not
            // written while it still goes out; SDA held low at the STOP is a bus error
            let mut n = self.timeout;
            loop {
                let s = read(STATUS);
                if s & (M_BUSERR | M_ARBLOST) != 0 {
                    self.reset();
                    return x_errors(s);
                }
                if s & M_BUSSTATE == M_IDLE {
                    break;
                }
                if n == 0 {
                    self.reset();
                    return Err(Error::Timeout);
                }
                n -= 1;
            }
        }
        Ok(())
    }

    /// Releases the bus and restarts the TWI after a time-out, a bus error or a lost arbitration.
    fn reset(&mut self) {
        if CLASSIC {
            write(CTRL, 0);
            write(CTRL, TWEN);
        } else {
            write(CMD, M_FLUSH);
            write(STATUS, M_IDLE | M_RIF | M_WIF | M_ARBLOST | M_BUSERR);
        }
    }

    /// Turns the TWI off and gives its peripheral back.
    pub fn free(self) -> Instance {
        write(CTRL, 0);
        self._twi
    }
}

/// AVR8X: arbitration lost and bus error from MSTATUS.
#[inline(always)]
fn x_errors(s: u8) -> Result<(), Error> {
    if s & M_ARBLOST != 0 {
        return Err(Error::ArbitrationLost);
    }
    if s & M_BUSERR != 0 {
        return Err(Error::BusError);
    }
    Ok(())
}

#[cfg(feature = "embedded-hal")]
mod eh {
    use super::{Error, I2c};
    use embedded_hal::i2c::{ErrorKind, NoAcknowledgeSource, Operation, SevenBitAddress};

    impl embedded_hal::i2c::Error for Error {
        fn kind(&self) -> ErrorKind {
            match self {
                Error::AddressNack => ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address),
                Error::DataNack => ErrorKind::NoAcknowledge(NoAcknowledgeSource::Data),
                Error::ArbitrationLost => ErrorKind::ArbitrationLoss,
                Error::BusError => ErrorKind::Bus,
                Error::Timeout => ErrorKind::Other,
            }
        }
    }

    impl embedded_hal::i2c::ErrorType for I2c {
        type Error = Error;
    }

    impl embedded_hal::i2c::I2c<SevenBitAddress> for I2c {
        /// Adjacent operations of the same kind share one START; a repeated START separates
        /// a write from a read; a STOP ends the transaction.
        fn transaction(&mut self, address: u8, operations: &mut [Operation<'_>]) -> Result<(), Error> {
            let n = operations.len();
            let mut last: Option<bool> = None;
            let mut res = Ok(());
            for i in 0..n {
                let is_read = matches!(operations[i], Operation::Read(_));
                let next_read = if i + 1 < n {
                    Some(matches!(operations[i + 1], Operation::Read(_)))
                } else {
                    None
                };
                if last != Some(is_read) {
                    res = self.start(address, is_read);
                    if res.is_err() {
                        break;
                    }
                }
                res = match &mut operations[i] {
                    Operation::Write(b) => self.write_bytes(b),
                    Operation::Read(b) => self.read_bytes(b, next_read != Some(true)),
                };
                if res.is_err() {
                    break;
                }
                last = Some(is_read);
            }
            self.finish(res)
        }
    }
}
