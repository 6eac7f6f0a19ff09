//! Counts presses of a button between D2 ({{BUTTON_PORT_PIN}}) and ground with the pin's interrupt ({{BUTTON_VECTOR}}):
//! prints the count and toggles the LED. (A real button bounces: debounce it in time, e.g.
//! with hal::time::millis(), before counting.)
#![no_std]
#![no_main]
#![feature(abi_avr_interrupt)]

use core::cell::Cell;
use hal::exti::Sense;
use hal::interrupt::{self, Mutex};
use hal::serial::{Baud, Serial};
use hal::{pac, Out};

/// Presses counted by the interrupt handler.
static PRESSES: Mutex<Cell<u16>> = Mutex::new(Cell::new(0));

hal::entry!(main);
pac::interrupt!({{BUTTON_VECTOR}}, on_press);

/// The button went down: count it.
fn on_press() {
    hal::exti::clear::<hal::port::{{BUTTON_PORT_PIN}}>();
    interrupt::free(|cs| {
        let p = PRESSES.borrow(cs);
        p.set(p.get().wrapping_add(1));
    });
}

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut button = pins.d2.into_pull_up_input();
    button.enable_interrupt(Sense::Falling);
    let mut led = pins.{{LED}}.into_output();
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    unsafe { interrupt::enable() };
    let mut seen = 0;
    loop {
        let n = interrupt::free(|cs| PRESSES.borrow(cs).get());
        if n != seen {
            seen = n;
            led.toggle();
            serial.put_str("presses: ");
            serial.put_u32(n as u32);
            serial.put_str("\r\n");
        }
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
