//! Small, panic-free text output for anything that writes bytes: integers in decimal and hex and
//! strings, without `core::fmt` (whose machinery costs a few kilobytes of flash on the AVR).
//! [`crate::serial::Serial`] implements [`Out`]; `core::fmt::Write` is there too when its
//! formatting is wanted.

/// A byte sink.
pub trait Out {
    /// Writes one byte.
    fn put(&mut self, b: u8);

    /// Writes a string.
    #[inline(never)]
    fn put_str(&mut self, s: &str) {
        for b in s.bytes() {
            self.put(b);
        }
    }

    /// Writes a number in decimal (no buffer and no indexing: nothing that could panic).
    #[inline(never)]
    fn put_u32(&mut self, n: u32) {
        let mut d: u32 = 1_000_000_000;
        while d > 1 && d > n {
            d /= 10;
        }
        while d > 0 {
            self.put(b'0' + ((n / d) % 10) as u8);
            d /= 10;
        }
    }

    /// Writes a signed number in decimal.
    fn put_i32(&mut self, n: i32) {
        if n < 0 {
            self.put(b'-');
        }
        self.put_u32(n.unsigned_abs());
    }

    /// Writes `n` as `digits` hex digits (upper case, at most 8; leading zeros kept).
    #[inline(never)]
    fn put_hex(&mut self, n: u32, digits: u8) {
        let mut d = if digits > 8 { 8 } else { digits };
        while d > 0 {
            d -= 1;
            let v = ((n >> (4 * d as u32)) & 0xF) as u8;
            self.put(if v < 10 { b'0' + v } else { b'A' + v - 10 });
        }
    }
}
