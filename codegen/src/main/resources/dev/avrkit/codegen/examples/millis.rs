//! Keeps time with {{MILLIS_TIMER}}'s interrupt (hal::time) and prints the milliseconds every second.
#![no_std]
#![no_main]
#![feature(abi_avr_interrupt)]

use hal::serial::{Baud, Serial};
use hal::Out;

hal::entry!(main);
hal::millis_interrupt!();

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    hal::time::start(dp.{{MILLIS_TIMER}});
    unsafe { hal::interrupt::enable() };
    let mut next = 1000;
    loop {
        if hal::time::millis() >= next {
            serial.put_str("millis: ");
            serial.put_u32(next);
            serial.put_str("\r\n");
            next += 1000;
        }
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
