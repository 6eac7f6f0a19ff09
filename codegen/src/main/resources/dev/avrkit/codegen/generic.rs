//! Register access shared by every peripheral of this crate, in the style of svd2rust:
//! `read()`, `write(|w| ..)`, `modify(|r, w| ..)`, typed field readers and writers.
//!
//! Multi-byte registers are accessed byte by byte in the order the core needs: reads take the
//! low byte first (which latches the high byte into the peripheral's TEMP register); writes put
//! the high byte first on classic cores and the low byte first on AVR8X/XMEGA cores, whose TEMP
//! register is written by the low byte and committed by the high byte. The sequence is not
//! atomic: an interrupt handler that accesses a 16-bit register of the same peripheral in between
//! corrupts TEMP, so guard such accesses with [`crate::interrupt::free`].

use core::cell::UnsafeCell;
use core::marker::PhantomData;

/// True on cores whose 16-bit registers are written high byte first (classic AVR).
pub const HIGH_BYTE_FIRST: bool = @HIGH_BYTE_FIRST@;

mod sealed {
    pub trait Sealed {}
    impl Sealed for u8 {}
    impl Sealed for u16 {}
    impl Sealed for u32 {}
}

/// The raw value type of a register or field: `u8`, `u16` or `u32`.
pub trait RawReg: sealed::Sealed + Copy + Default + PartialEq {
    /// The register's bytes as they sit in memory.
    type Bytes: Copy;
    /// Widens to `u32`.
    fn to_u32(self) -> u32;
    /// Narrows from `u32` (keeps the low bits).
    fn from_u32(v: u32) -> Self;
    /// Reads a register byte by byte, low byte first.
    ///
    /// # Safety
    /// `p` must point to a register of this size.
    unsafe fn read_ordered(p: *const u8) -> Self;
    /// Writes a register byte by byte in the order the core needs ([`HIGH_BYTE_FIRST`]).
    ///
    /// # Safety
    /// `p` must point to a register of this size.
    unsafe fn write_ordered(p: *mut u8, v: Self);
}

impl RawReg for u8 {
    type Bytes = [u8; 1];
    #[inline(always)]
    fn to_u32(self) -> u32 {
        self as u32
    }
    #[inline(always)]
    fn from_u32(v: u32) -> Self {
        v as u8
    }
    #[inline(always)]
    unsafe fn read_ordered(p: *const u8) -> Self {
        core::ptr::read_volatile(p)
    }
    #[inline(always)]
    unsafe fn write_ordered(p: *mut u8, v: Self) {
        core::ptr::write_volatile(p, v)
    }
}

impl RawReg for u16 {
    type Bytes = [u8; 2];
    #[inline(always)]
    fn to_u32(self) -> u32 {
        self as u32
    }
    #[inline(always)]
    fn from_u32(v: u32) -> Self {
        v as u16
    }
    #[inline(always)]
    unsafe fn read_ordered(p: *const u8) -> Self {
        let lo = core::ptr::read_volatile(p);
        let hi = core::ptr::read_volatile(p.add(1));
        u16::from_le_bytes([lo, hi])
    }
    #[inline(always)]
    unsafe fn write_ordered(p: *mut u8, v: Self) {
        let [lo, hi] = v.to_le_bytes();
        if HIGH_BYTE_FIRST {
            core::ptr::write_volatile(p.add(1), hi);
            core::ptr::write_volatile(p, lo);
        } else {
            core::ptr::write_volatile(p, lo);
            core::ptr::write_volatile(p.add(1), hi);
        }
    }
}

impl RawReg for u32 {
    type Bytes = [u8; 4];
    #[inline(always)]
    fn to_u32(self) -> u32 {
        self
    }
    #[inline(always)]
    fn from_u32(v: u32) -> Self {
        v
    }
    #[inline(always)]
    unsafe fn read_ordered(p: *const u8) -> Self {
        let mut b = [0u8; 4];
        let mut i = 0;
        while i < 4 {
            b[i] = core::ptr::read_volatile(p.add(i));
            i += 1;
        }
        u32::from_le_bytes(b)
    }
    #[inline(always)]
    unsafe fn write_ordered(p: *mut u8, v: Self) {
        let b = v.to_le_bytes();
        let mut i = 0;
        while i < 4 {
            let k = if HIGH_BYTE_FIRST { 3 - i } else { i };
            core::ptr::write_volatile(p.add(k), b[k]);
            i += 1;
        }
    }
}

/// Describes one register: its raw type.
pub trait RegisterSpec {
    /// `u8`, `u16` or `u32`.
    type Ux: RawReg;
}

/// Registers that can be read.
pub trait Readable: RegisterSpec {}

/// Registers that can be written.
pub trait Writable: RegisterSpec {}

/// Registers whose every bit pattern is valid: `W::set` is safe for them.
pub trait SafeBits: RegisterSpec {}

/// The value a register holds after reset (0 when the device file gives none).
pub trait Resettable: RegisterSpec {
    /// The reset value.
    const RESET_VALUE: Self::Ux;
}

/// A memory-mapped register. Its alignment is 1 on every target, so register blocks have the
/// device's layout on the host too.
#[repr(transparent)]
pub struct Reg<REG: RegisterSpec> {
    register: UnsafeCell<<REG::Ux as RawReg>::Bytes>,
    _marker: PhantomData<REG>,
}

unsafe impl<REG: RegisterSpec> Send for Reg<REG> {}

impl<REG: RegisterSpec> Reg<REG> {
    /// The register's address.
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut REG::Ux {
        self.register.get() as *mut REG::Ux
    }

    #[inline(always)]
    fn byte_ptr(&self) -> *mut u8 {
        self.register.get() as *mut u8
    }
}

impl<REG: Readable> Reg<REG> {
    /// Reads the register.
    #[inline(always)]
    pub fn read(&self) -> R<REG> {
        R {
            bits: unsafe { REG::Ux::read_ordered(self.byte_ptr()) },
            _reg: PhantomData,
        }
    }
}

impl<REG: Resettable + Writable> Reg<REG> {
    /// Writes the reset value.
    #[inline(always)]
    pub fn reset(&self) {
        unsafe { REG::Ux::write_ordered(self.byte_ptr(), REG::RESET_VALUE) }
    }

    /// Writes the value that `f` builds, starting from the reset value.
    #[inline(always)]
    pub fn write<F>(&self, f: F)
    where
        F: FnOnce(&mut W<REG>) -> &mut W<REG>,
    {
        let mut w = W {
            bits: REG::RESET_VALUE,
            _reg: PhantomData,
        };
        f(&mut w);
        unsafe { REG::Ux::write_ordered(self.byte_ptr(), w.bits) }
    }
}

impl<REG: Writable> Reg<REG> {
    /// Writes the value that `f` builds, starting from zero.
    #[inline(always)]
    pub fn write_with_zero<F>(&self, f: F)
    where
        F: FnOnce(&mut W<REG>) -> &mut W<REG>,
    {
        let mut w = W {
            bits: REG::Ux::default(),
            _reg: PhantomData,
        };
        f(&mut w);
        unsafe { REG::Ux::write_ordered(self.byte_ptr(), w.bits) }
    }
}

impl<REG: Readable + Writable> Reg<REG> {
    /// Reads the register, lets `f` change the value and writes it back.
    #[inline(always)]
    pub fn modify<F>(&self, f: F)
    where
        for<'w> F: FnOnce(&R<REG>, &'w mut W<REG>) -> &'w mut W<REG>,
    {
        let bits = unsafe { REG::Ux::read_ordered(self.byte_ptr()) };
        let r = R {
            bits,
            _reg: PhantomData,
        };
        let mut w = W {
            bits,
            _reg: PhantomData,
        };
        f(&r, &mut w);
        unsafe { REG::Ux::write_ordered(self.byte_ptr(), w.bits) }
    }
}

/// A value read from a register.
pub struct R<REG: RegisterSpec> {
    pub(crate) bits: REG::Ux,
    _reg: PhantomData<REG>,
}

impl<REG: RegisterSpec> R<REG> {
    /// The raw value.
    #[inline(always)]
    pub fn bits(&self) -> REG::Ux {
        self.bits
    }
}

/// A value being built for a register write.
pub struct W<REG: RegisterSpec> {
    pub(crate) bits: REG::Ux,
    _reg: PhantomData<REG>,
}

impl<REG: RegisterSpec> W<REG> {
    /// Sets the raw value.
    ///
    /// # Safety
    /// Some bit patterns of this register may be reserved or have side effects.
    #[inline(always)]
    pub unsafe fn bits(&mut self, bits: REG::Ux) -> &mut Self {
        self.bits = bits;
        self
    }
}

impl<REG: Resettable> W<REG> {
    /// A writer starting from the reset value.
    #[inline(always)]
    #[doc(hidden)]
    pub fn reset_value() -> Self {
        W {
            bits: REG::RESET_VALUE,
            _reg: PhantomData,
        }
    }
}

impl<REG: SafeBits> W<REG> {
    /// Sets the raw value of a register without fields (every value is valid).
    #[inline(always)]
    pub fn set(&mut self, bits: REG::Ux) -> &mut Self {
        self.bits = bits;
        self
    }
}

/// Named values of a field (an enumeration generated from a value group).
pub trait FieldEnum: Copy + Sized {
    /// The field's raw type.
    type Raw: RawReg;
    /// The named value for a raw value, if it has a name.
    fn from_raw(raw: Self::Raw) -> Option<Self>;
    /// The raw value.
    fn raw(self) -> Self::Raw;
}

/// Places `v` into the set bits of `mask` (low bits first; masks may have gaps).
#[inline(always)]
pub const fn scatter(mask: u32, v: u32) -> u32 {
    let shift = mask.trailing_zeros();
    if (mask >> shift) & ((mask >> shift).wrapping_add(1)) == 0 {
        return (v << shift) & mask;
    }
    let mut out = 0;
    let mut o = 0;
    let mut b = 0;
    while b < 32 {
        if mask & (1 << b) != 0 {
            if v & (1 << o) != 0 {
                out |= 1 << b;
            }
            o += 1;
        }
        b += 1;
    }
    out
}

/// Collects the set bits of `mask` from `v` into the low bits (inverse of [`scatter`]).
#[inline(always)]
pub const fn gather(mask: u32, v: u32) -> u32 {
    let shift = mask.trailing_zeros();
    if (mask >> shift) & ((mask >> shift).wrapping_add(1)) == 0 {
        return (v & mask) >> shift;
    }
    let mut out = 0;
    let mut o = 0;
    let mut b = 0;
    while b < 32 {
        if mask & (1 << b) != 0 {
            if v & (1 << b) != 0 {
                out |= 1 << o;
            }
            o += 1;
        }
        b += 1;
    }
    out
}

/// The value of a multi-bit field; `E` is its enumeration (or `()`).
pub struct FieldReader<FI, E> {
    bits: FI,
    _e: PhantomData<E>,
}

impl<FI: RawReg, E> FieldReader<FI, E> {
    /// Extracts the field `MASK` from a register value.
    #[inline(always)]
    pub fn extract<const MASK: u32>(reg: u32) -> Self {
        Self {
            bits: FI::from_u32(gather(MASK, reg)),
            _e: PhantomData,
        }
    }

    /// The field's raw value.
    #[inline(always)]
    pub fn bits(&self) -> FI {
        self.bits
    }
}

impl<FI: RawReg, E: FieldEnum<Raw = FI>> FieldReader<FI, E> {
    /// The field's named value, `None` for a value without a name.
    #[inline(always)]
    pub fn variant(&self) -> Option<E> {
        E::from_raw(self.bits)
    }
}

impl<FI: RawReg, E> PartialEq<FI> for FieldReader<FI, E> {
    #[inline(always)]
    fn eq(&self, other: &FI) -> bool {
        self.bits == *other
    }
}

/// The value of a one-bit field.
pub struct BitReader {
    bits: bool,
}

impl BitReader {
    /// Extracts the bit `MASK` from a register value.
    #[inline(always)]
    pub fn extract<const MASK: u32>(reg: u32) -> Self {
        Self {
            bits: reg & MASK != 0,
        }
    }

    /// The bit.
    #[inline(always)]
    pub fn bit(&self) -> bool {
        self.bits
    }

    /// True when the bit is set.
    #[inline(always)]
    pub fn bit_is_set(&self) -> bool {
        self.bits
    }

    /// True when the bit is clear.
    #[inline(always)]
    pub fn bit_is_clear(&self) -> bool {
        !self.bits
    }
}

/// Writes a multi-bit field `MASK` of a register; `E` is its enumeration (or `()`).
pub struct FieldWriter<'a, REG: RegisterSpec, FI, E, const MASK: u32> {
    w: &'a mut W<REG>,
    _p: PhantomData<(FI, E)>,
}

impl<'a, REG: RegisterSpec, FI: RawReg, E, const MASK: u32> FieldWriter<'a, REG, FI, E, MASK> {
    /// A writer for this field of `w`.
    #[inline(always)]
    pub fn new(w: &'a mut W<REG>) -> Self {
        Self { w, _p: PhantomData }
    }

    /// Sets the field's raw value (extra high bits are dropped).
    #[inline(always)]
    pub fn bits(self, value: FI) -> &'a mut W<REG> {
        let old = self.w.bits.to_u32();
        self.w.bits = REG::Ux::from_u32((old & !MASK) | scatter(MASK, value.to_u32()));
        self.w
    }
}

impl<'a, REG: RegisterSpec, FI: RawReg, E: FieldEnum<Raw = FI>, const MASK: u32>
    FieldWriter<'a, REG, FI, E, MASK>
{
    /// Sets the field to a named value.
    #[inline(always)]
    pub fn variant(self, v: E) -> &'a mut W<REG> {
        self.bits(v.raw())
    }
}

/// Writes a one-bit field `MASK` of a register.
pub struct BitWriter<'a, REG: RegisterSpec, const MASK: u32> {
    w: &'a mut W<REG>,
}

impl<'a, REG: RegisterSpec, const MASK: u32> BitWriter<'a, REG, MASK> {
    /// A writer for this bit of `w`.
    #[inline(always)]
    pub fn new(w: &'a mut W<REG>) -> Self {
        Self { w }
    }

    /// Sets the bit to `value`.
    #[inline(always)]
    pub fn bit(self, value: bool) -> &'a mut W<REG> {
        let old = self.w.bits.to_u32();
        self.w.bits = REG::Ux::from_u32(if value { old | MASK } else { old & !MASK });
        self.w
    }

    /// Sets the bit.
    #[inline(always)]
    pub fn set_bit(self) -> &'a mut W<REG> {
        self.bit(true)
    }

    /// Clears the bit.
    #[inline(always)]
    pub fn clear_bit(self) -> &'a mut W<REG> {
        self.bit(false)
    }
}
