//! Blinks the LED ({{LED_PORT_PIN}}) of the {{TITLE}} at 1 Hz: 500 ms on, 500 ms off.
#![no_std]
#![no_main]

hal::entry!(main);

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut led = pins.{{LED}}.into_output();
    loop {
        led.toggle();
        hal::delay_ms(500);
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
