//! Sleeps in power-down until the button between D2 ({{BUTTON_PORT_PIN}}) and ground wakes it: prints
//! "sleeping", and after each press "woke up #n" with the LED toggled. In power-down every clock
//! stops; the pin's interrupt ({{WAKE_VECTOR}}) is one of the few things that can wake the chip
//! (hal::sleep::Mode lists them per mode).
#![no_std]
#![no_main]
#![feature(abi_avr_interrupt)]

use hal::serial::{Baud, Serial};
use hal::sleep::{sleep, Mode};
use hal::{pac, Out};

hal::entry!(main);
pac::interrupt!({{WAKE_VECTOR}}, on_wake);

/// The button changed: nothing to do but wake up.
fn on_wake() {
    {{WAKE_CLEAR}}
}

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut button = pins.d2.into_pull_up_input();
    {{WAKE_ENABLE}}
    let mut led = pins.{{LED}}.into_output();
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    let mut wakes: u32 = 0;
    loop {
        serial.put_str("sleeping\r\n");
        serial.flush(); // power-down stops the USART too
        sleep(Mode::PowerDown);
        wakes += 1;
        led.toggle();
        serial.put_str("woke up #");
        serial.put_u32(wakes);
        serial.put_str("\r\n");
        // the release changes the pin too: wait for it (and its bounce) before sleeping again
        while button.is_low() {}
        hal::delay_ms(20);
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
