//! The watchdog resets the chip when the program stops feeding it. Each boot prints why the chip
//! started ("reset cause: power-on", after the reset "reset cause: watchdog"), feeds the watchdog
//! for a second with the LED on, then stops feeding: {{WDT_PERIOD}} later (nominal) the chip resets.
#![no_std]
#![no_main]

use hal::serial::{Baud, Serial};
use hal::wdt::{reset_cause, Period, Watchdog};
use hal::Out;

hal::entry!(main);

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    // early: read (and clear) the reset flags, and set the period (on classic parts a watchdog
    // reset leaves the watchdog running at its shortest period)
    let cause = reset_cause();
    let mut wdt = Watchdog::new(dp.WDT);
    wdt.start(Period::{{WDT_PERIOD}});
    let pins = hal::pins!(dp);
    let mut led = pins.{{LED}}.into_output();
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    serial.put_str("reset cause: ");
    serial.put_str(cause.map_or("none", |c| c.name()));
    serial.put_str("\r\n");
    led.set_high();
    for i in 1..=5u32 {
        hal::delay_ms(200);
        wdt.feed();
        serial.put_str("fed ");
        serial.put_u32(i);
        serial.put_str("\r\n");
    }
    serial.put_str("not feeding any more\r\n");
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
