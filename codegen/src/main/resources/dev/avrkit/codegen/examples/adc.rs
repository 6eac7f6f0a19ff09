//! Reads a potentiometer on A0 with {{ADC}} (10 bits, the supply as reference) every 20 ms and prints the reading and its voltage on {{SERIAL_USART}} ({{SERIAL_BAUD}} baud)
//! whenever it moves by more than two steps. Wire the potentiometer's ends to 5V and GND, its
//! wiper to A0.
#![no_std]
#![no_main]

use hal::adc::{Adc, Config, Resolution};
use hal::serial::{Baud, Serial};
use hal::Out;

hal::entry!(main);

/// The supply (the reference) in millivolts.
const VDD_MV: u32 = 5000;

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    let mut adc = Adc::new(dp.{{ADC}}, Config { resolution: Resolution::Bits10, ..Config::default() });
    let a0 = pins.a0.into_analog_input(&mut adc);
    let mut last: Option<u16> = None;
    loop {
        let v = adc.read_blocking(&a0);
        let moved = match last {
            Some(l) => v.abs_diff(l) > 2,
            None => true,
        };
        if moved {
            last = Some(v);
            serial.put_str("A0 = ");
            serial.put_u32(u32::from(v));
            serial.put_str(" (");
            serial.put_u32(u32::from(v) * VDD_MV / 1024);
            serial.put_str(" mV)\r\n");
        }
        hal::delay_ms(20);
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
