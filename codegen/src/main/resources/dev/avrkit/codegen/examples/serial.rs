//! Serial echo on {{SERIAL_USART}} at {{SERIAL_BAUD}} baud: prints a greeting, then every byte it receives with its
//! number in decimal and hex.
#![no_std]
#![no_main]

use hal::serial::{Baud, Serial};
use hal::Out;

hal::entry!(main);

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    serial.put_str("echo: type something\r\n");
    let mut count: u32 = 0;
    loop {
        let b = serial.read_byte();
        count += 1;
        serial.put_str("#");
        serial.put_u32(count);
        serial.put_str(": '");
        serial.put(b);
        serial.put_str("' = ");
        serial.put_u32(b as u32);
        serial.put_str(" = 0x");
        serial.put_hex(b as u32, 2);
        serial.put_str("\r\n");
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
