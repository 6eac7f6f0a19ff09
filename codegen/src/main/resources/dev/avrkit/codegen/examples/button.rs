//! Counts presses of a button between D2 ({{BUTTON_PORT_PIN}}) and ground: the pin's interrupt
//! ({{BUTTON_VECTOR}}) says the pin fell, the main loop debounces it (a real button's contacts
//! bounce for about a millisecond, on pressing and on releasing) and counts a press only when the
//! pin is still low 10 ms later; it prints the count and toggles the LED.
#![no_std]
#![no_main]
#![feature(abi_avr_interrupt)]

use core::cell::Cell;
use hal::exti::Sense;
use hal::interrupt::{self, Mutex};
use hal::serial::{Baud, Serial};
use hal::{pac, Out};

/// Set by the interrupt handler when the pin fell; the main loop takes it.
static FELL: Mutex<Cell<bool>> = Mutex::new(Cell::new(false));

hal::entry!(main);
pac::interrupt!({{BUTTON_VECTOR}}, on_fall);

/// The pin fell (a press, or a bounce of the contacts): tell the main loop.
fn on_fall() {
    hal::exti::clear::<hal::port::{{BUTTON_PORT_PIN}}>();
    interrupt::free(|cs| FELL.borrow(cs).set(true));
}

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut button = pins.d2.into_pull_up_input();
    button.enable_interrupt(Sense::Falling);
    let mut led = pins.{{LED}}.into_output();
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    unsafe { interrupt::enable() };
    let mut presses: u32 = 0;
    loop {
        if !interrupt::free(|cs| FELL.borrow(cs).get()) {
            continue;
        }
        // let the contacts settle; a bounce on releasing leaves the pin high by then
        hal::delay_ms(10);
        interrupt::free(|cs| FELL.borrow(cs).set(false));
        if button.is_low() {
            presses += 1;
            led.toggle();
            serial.put_str("presses: ");
            serial.put_u32(presses);
            serial.put_str("\r\n");
        }
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
