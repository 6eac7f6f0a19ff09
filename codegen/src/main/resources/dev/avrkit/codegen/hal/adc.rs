//! The analog-to-digital converter: pins by name, the internal channels, the references.
//!
//! ```ignore
//! let mut adc = hal::adc::Adc::new(dp.ADC0, hal::adc::Config::default());
//! let a0 = pins.a0.into_analog_input(&mut adc);
//! let raw: u16 = adc.read_blocking(&a0);              // 0..=1023 at 10 bits
//! let gnd = adc.read_blocking(&hal::adc::channel::Gnd);
//! ```
//!
//! A conversion takes 13 (megaAVR 0, tinyAVR 0/1: 13 + sample length) or 13-25 (classic AVR)
//! ADC clocks; [`Config::default`] picks the fastest prescaler that keeps the ADC clock within
//! the data sheet's range for full resolution. With accumulation (AVR8X) the result is the sum of
//! the samples: 4 samples of 1023 read 4092.
//!
//! What differs between chips (register addresses, bits, which pin is which channel, the internal
//! channels, the references, prescalers and accumulation counts) is generated from the device
//! model below the line; the logic above it is the same for every part.

use crate::gpio::{Floating, Input, Pin, PinId};
use core::ptr::{read_volatile, write_volatile};

#[inline(always)]
fn read(addr: usize) -> u8 {
    unsafe { read_volatile(addr as *const u8) }
}

#[inline(always)]
fn write(addr: usize, v: u8) {
    unsafe { write_volatile(addr as *mut u8, v) }
}

/// Writes `value` into the bits `mask` of the register at `addr`, keeping the others.
#[inline(always)]
fn modify(addr: usize, mask: u8, value: u8) {
    write(addr, (read(addr) & !mask) | (value & mask));
}

/// The ADC's registers and bits as data-space addresses and masks (from the device model).
#[derive(Clone, Copy)]
pub struct AdcRegs {
    /// True for the classic ADC (ADMUX/ADCSRA), false for the AVR8X ADC (CTRLA.. COMMAND).
    pub classic: bool,
    /// The enable register and bit: `CTRLA.ENABLE` or `ADCSRA.ADEN`.
    pub enable: (usize, u8),
    /// The channel register and field: `MUXPOS` or `ADMUX.MUX`.
    pub mux: (usize, u8),
    /// The start register and bit: `COMMAND.STCONV` or `ADCSRA.ADSC`.
    pub start: (usize, u8),
    /// The result-ready flag: `INTFLAGS.RESRDY` (cleared by reading the result) or `ADCSRA.ADIF`
    /// (cleared by writing 1; the classic ADC clears `ADSC` when it is done).
    pub done: (usize, u8),
    /// The result's low byte (`RESL`, `ADCL`); the high byte follows it.
    pub result: usize,
    /// The prescaler field: `CTRLC.PRESC` or `ADCSRA.ADPS`.
    pub prescaler: (usize, u8),
    /// The sample length field (`SAMPCTRL.SAMPLEN`), or `(0, 0)` when the ADC has none.
    pub sample_length: (usize, u8),
    /// The initial delay field (`CTRLD.INITDLY`), or `(0, 0)` when the ADC has none.
    pub init_delay: (usize, u8),
    /// The accumulation field (`CTRLB.SAMPNUM`), or `(0, 0)` when the ADC has none.
    pub samples: (usize, u8),
    /// The result-ready interrupt enable: `INTCTRL.RESRDY` or `ADCSRA.ADIE`.
    pub interrupt: (usize, u8),
}

/// A channel the ADC can convert: an analog pin or an internal source.
pub trait Channel {
    /// The value of the channel register (`MUXPOS`, `ADMUX.MUX`) that selects it.
    const MUX: u8;
}

/// A pin that is an ADC input: its channel, and how its digital input buffer is turned off
/// (`PINnCTRL.ISC = INPUT_DISABLE` on AVR8X, a `DIDRn` bit on classic parts).
pub trait AdcPin: PinId {
    /// The channel register's value for this pin.
    const MUX: u8;
    /// Register, mask and value that turn the pin's digital input off; `(0, 0, 0)` when the
    /// chip has no such control for it.
    const DIGITAL_OFF: (usize, u8, u8);
}

/// A pin given to the ADC: floating, its digital input off (it saves power with a voltage
/// between the rails). Read it with [`Adc::read_blocking`].
pub struct AnalogPin<P: AdcPin> {
    pin: Pin<Input<Floating>, P>,
}

impl<P: AdcPin> Channel for AnalogPin<P> {
    const MUX: u8 = P::MUX;
}

impl<MODE, P: AdcPin> Pin<MODE, P> {
    /// Makes the pin an analog input of `adc` (floating, digital input off).
    #[inline(always)]
    pub fn into_analog_input(self, _adc: &mut Adc) -> AnalogPin<P> {
        let pin = self.into_floating_input();
        let (addr, mask, value) = P::DIGITAL_OFF;
        if addr != 0 {
            modify(addr, mask, value);
        }
        AnalogPin { pin }
    }
}

impl<P: AdcPin> AnalogPin<P> {
    /// Gives the pin back as a digital (floating) input.
    #[inline(always)]
    pub fn into_digital(self) -> Pin<Input<Floating>, P> {
        let (addr, mask, _) = P::DIGITAL_OFF;
        if addr != 0 {
            modify(addr, mask, 0);
        }
        self.pin
    }
}

/// How the ADC converts. `Config::default()` is the supply as reference, full resolution, one
/// sample per result and the fastest prescaler within the data sheet's ADC clock range.
#[derive(Clone, Copy)]
pub struct Config {
    /// The voltage that reads as full scale.
    pub reference: Reference,
    /// Bits per sample.
    pub resolution: Resolution,
    /// ADC clock = F_CPU / prescaler.
    pub prescaler: Prescaler,
    /// Samples summed into one result (AVR8X; the classic ADC has only [`Samples::Acc1`]).
    pub samples: Samples,
    /// ADC clocks added to each sample's sampling time (`SAMPCTRL.SAMPLEN` on AVR8X, for
    /// sources with a high impedance; a conversion takes 13 + this many ADC clocks at 10 bits).
    /// The classic ADC has a fixed sampling time and ignores it.
    pub sample_length: u8,
    /// ADC clocks before the first sample after [`Adc::new`] enables the ADC (AVR8X
    /// `CTRLD.INITDLY`; the classic ADC's first conversion always takes 12 ADC clocks more).
    pub init_delay: InitDelay,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            reference: Reference::default(),
            resolution: Resolution::default(),
            prescaler: Prescaler::for_clock(MAX_ADC_CLOCK),
            samples: Samples::Acc1,
            sample_length: 0,
            init_delay: InitDelay::Dly0,
        }
    }
}

impl Prescaler {
    /// The smallest division that gives an ADC clock of at most `max_hz` at [`crate::F_CPU`]
    /// (the largest the chip has when none does).
    pub const fn for_clock(max_hz: u32) -> Prescaler {
        let mut i = 0;
        while i < PRESCALERS.len() {
            if crate::F_CPU / PRESCALERS[i].divisor() as u32 <= max_hz {
                return PRESCALERS[i];
            }
            i += 1;
        }
        PRESCALERS[PRESCALERS.len() - 1]
    }
}

/// The analog-to-digital converter, configured.
pub struct Adc {
    _adc: Instance,
    left: bool,
}

impl Adc {
    /// Configures and enables the ADC.
    pub fn new(adc: Instance, config: Config) -> Self {
        let r = REGS;
        write(r.enable.0, 0);
        config.reference.apply();
        config.resolution.apply();
        modify(r.prescaler.0, r.prescaler.1, config.prescaler.bits());
        if r.samples.0 != 0 {
            modify(r.samples.0, r.samples.1, config.samples.bits());
        }
        if r.init_delay.0 != 0 {
            modify(r.init_delay.0, r.init_delay.1, config.init_delay.bits());
        }
        if r.sample_length.0 != 0 {
            let shift = r.sample_length.1.trailing_zeros();
            modify(r.sample_length.0, r.sample_length.1, config.sample_length << shift);
        }
        modify(r.enable.0, r.enable.1, r.enable.1);
        Adc { _adc: adc, left: r.classic && config.resolution.left_adjusted() }
    }

    /// Converts `channel` and waits for the result (the sum of the samples with accumulation).
    #[inline]
    pub fn read_blocking<C: Channel>(&mut self, _channel: &C) -> u16 {
        self.start_mux(C::MUX);
        loop {
            if let Some(v) = self.result() {
                return v;
            }
        }
    }

    /// Starts a conversion of `channel`; [`Adc::result`] gives it when it is done.
    #[inline]
    pub fn start<C: Channel>(&mut self, _channel: &C) {
        self.start_mux(C::MUX);
    }

    fn start_mux(&mut self, mux: u8) {
        let r = REGS;
        modify(r.mux.0, r.mux.1, mux);
        if r.classic {
            // ADIF is cleared by writing 1 to it; ADSC starts
            modify(r.start.0, r.start.1 | r.done.1, r.start.1 | r.done.1);
        } else {
            write(r.start.0, r.start.1);
        }
    }

    /// The result of the conversion started last, or `None` while it runs.
    pub fn result(&mut self) -> Option<u16> {
        let r = REGS;
        if r.classic {
            if read(r.start.0) & r.start.1 != 0 {
                return None;
            }
            if self.left {
                return Some(read(r.result + 1) as u16);
            }
        } else if read(r.done.0) & r.done.1 == 0 {
            return None;
        }
        // the low byte first: it latches the high byte (and reading it clears RESRDY)
        let lo = read(r.result);
        let hi = read(r.result + 1);
        Some(u16::from(lo) | (u16::from(hi) << 8))
    }

    /// Turns the result-ready interrupt on or off (its handler should read [`Adc::result`]).
    pub fn listen(&mut self, on: bool) {
        let r = REGS;
        modify(r.interrupt.0, r.interrupt.1, if on { r.interrupt.1 } else { 0 });
    }

    /// Turns the ADC off and gives its peripheral back.
    pub fn free(self) -> Instance {
        let r = REGS;
        modify(r.enable.0, r.enable.1, 0);
        self._adc
    }
}

/// For the result-ready interrupt's handler (enabled with [`Adc::listen`]; the handler does not
/// own the [`Adc`]): the finished conversion's result, read low byte first (which clears
/// `INTFLAGS.RESRDY` on AVR8X; entering the handler clears `ADCSRA.ADIF` on classic parts). The
/// right-adjusted value: in the classic 8-bit mode (left-adjusted) it is the 8-bit result
/// shifted left by 8. Together with sleep: `adc.listen(true); adc.start(&pin);
/// hal::sleep::sleep(Mode::Idle)` (`AdcNoiseReduction` on classic parts) returns after the
/// handler ran.
#[inline(always)]
pub fn interrupt_result() -> u16 {
    let r = REGS;
    let lo = read(r.result);
    let hi = read(r.result + 1);
    u16::from(lo) | (u16::from(hi) << 8)
}
