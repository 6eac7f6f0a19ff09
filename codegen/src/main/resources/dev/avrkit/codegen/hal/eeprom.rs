//! The EEPROM: bytes and slices that keep their value without power and across resets.
//!
//! ```ignore
//! let mut ee = hal::eeprom::Eeprom::new(dp.NVMCTRL);  // dp.EEPROM on classic parts
//! let boots = ee.read_byte(0).wrapping_add(1);
//! ee.write_byte(0, boots).unwrap();
//! ee.update(16, b"settings").unwrap();                 // writes only the bytes that changed
//! ```
//!
//! A write takes a few milliseconds (3.4 ms per byte on classic parts; on AVR8X parts up to one
//! page at a time through the NVM controller's page buffer, one erase-write per page). The calls
//! wait for the previous write to finish; reads are immediate. Every cell takes about 100 000
//! writes: [`Eeprom::update`] skips unchanged bytes (and pages), so saving settings that did not
//! change costs nothing.
//!
//! Addresses, sizes, registers, bits and commands are generated from the device model below the
//! line.

use core::ptr::{read_volatile, write_volatile};

#[inline(always)]
fn read(addr: usize) -> u8 {
    unsafe { read_volatile(addr as *const u8) }
}

#[inline(always)]
fn write(addr: usize, v: u8) {
    unsafe { write_volatile(addr as *mut u8, v) }
}

/// The address range does not fit in the EEPROM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfRange;

/// The EEPROM.
pub struct Eeprom {
    _nvm: Instance,
}

impl Eeprom {
    /// Bytes of EEPROM.
    pub const SIZE: u16 = SIZE;

    /// Takes the peripheral that writes the EEPROM.
    pub fn new(nvm: Instance) -> Self {
        Eeprom { _nvm: nvm }
    }

    fn check(addr: u16, len: usize) -> Result<(), OutOfRange> {
        if (addr as usize) + len > SIZE as usize {
            Err(OutOfRange)
        } else {
            Ok(())
        }
    }

    /// Waits until no write is under way.
    #[inline]
    fn wait_ready(&self) {
        while read(BUSY.0) & BUSY.1 != 0 {}
    }

    /// The byte at `addr` (0xFF when it was never written or erased); `addr` wraps at the size.
    pub fn read_byte(&self, addr: u16) -> u8 {
        let a = addr % SIZE;
        self.wait_ready();
        if CLASSIC {
            write(EEAR, a as u8);
            write(EEAR + 1, (a >> 8) as u8);
            write(EECR, EERE);
            read(EEDR)
        } else {
            read(MAPPED + a as usize)
        }
    }

    /// Reads `buf.len()` bytes from `addr` on.
    pub fn read(&self, addr: u16, buf: &mut [u8]) -> Result<(), OutOfRange> {
        Self::check(addr, buf.len())?;
        for (i, b) in buf.iter_mut().enumerate() {
            *b = self.read_byte(addr + i as u16);
        }
        Ok(())
    }

    /// Writes one byte (erase and write), whether or not it changed.
    pub fn write_byte(&mut self, addr: u16, value: u8) -> Result<(), OutOfRange> {
        self.store(addr, &[value], false)
    }

    /// Writes `data` from `addr` on, every byte.
    pub fn write(&mut self, addr: u16, data: &[u8]) -> Result<(), OutOfRange> {
        self.store(addr, data, false)
    }

    /// Writes only the bytes of `data` that differ from what the EEPROM holds (no write at all
    /// when nothing changed).
    pub fn update(&mut self, addr: u16, data: &[u8]) -> Result<(), OutOfRange> {
        self.store(addr, data, true)
    }

    fn store(&mut self, addr: u16, data: &[u8], changed_only: bool) -> Result<(), OutOfRange> {
        Self::check(addr, data.len())?;
        if CLASSIC {
            for (i, &v) in data.iter().enumerate() {
                let a = addr + i as u16;
                if changed_only && self.read_byte(a) == v {
                    continue;
                }
                self.wait_ready();
                write(EEAR, a as u8);
                write(EEAR + 1, (a >> 8) as u8);
                write(EEDR, v);
                classic_write();
            }
        } else {
            // one page buffer load and one erase-write per page touched
            let mut i = 0;
            while i < data.len() {
                let a = addr as usize + i;
                let page_end = (a / PAGE + 1) * PAGE;
                let n = core::cmp::min(data.len() - i, page_end - a);
                let mut loaded = false;
                self.wait_ready();
                for k in 0..n {
                    let v = data[i + k];
                    if changed_only && read(MAPPED + a + k) == v {
                        continue;
                    }
                    write(MAPPED + a + k, v); // into the page buffer
                    loaded = true;
                }
                if loaded {
                    nvm_command(ERASE_WRITE);
                }
                i += n;
            }
        }
        Ok(())
    }
}

/// Classic: EEMPE, then EEPE within four cycles, with interrupts off in between.
#[inline(always)]
fn classic_write() {
    #[cfg(target_arch = "avr")]
    unsafe {
        core::arch::asm!(
            "in {s}, 0x3f",
            "cli",
            "sts {eecr}, {mpe}",
            "sts {eecr}, {pe}",
            "out 0x3f, {s}",
            s = out(reg) _,
            eecr = const EECR,
            mpe = in(reg) EEMPE,
            pe = in(reg) EEMPE | EEPE,
        );
    }
}

/// AVR8X: the command to NVMCTRL.CTRLA right after the CCP key for self-programming.
#[inline(always)]
fn nvm_command(cmd: u8) {
    #[cfg(target_arch = "avr")]
    unsafe {
        core::arch::asm!(
            "out {ccp}, {key}",
            "sts {ctrla}, {cmd}",
            ccp = const CCP,
            key = in(reg) SPM_KEY,
            ctrla = const NVM_CTRLA,
            cmd = in(reg) cmd,
        );
    }
    #[cfg(not(target_arch = "avr"))]
    let _ = cmd;
}
