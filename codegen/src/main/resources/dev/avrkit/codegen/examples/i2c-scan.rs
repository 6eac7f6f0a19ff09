//! Scans the I2C bus ({{TWI}}: SDA on A4, SCL on A5, 100 kHz) and prints the address of every
//! device that answers, on {{SERIAL_USART}} at {{SERIAL_BAUD}} baud.
#![no_std]
#![no_main]

use hal::i2c::{Error, I2c, Route};
use hal::serial::{Baud, Serial};
use hal::Out;

hal::entry!(main);

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    let mut i2c = I2c::new(dp.{{TWI}}, Route::default(), 100_000);
    serial.put_str("scanning I2C...\r\n");
    let mut found: u8 = 0;
    let r = i2c.scan(|address| {
        serial.put_str("found 0x");
        serial.put_hex(u32::from(address), 2);
        serial.put_str("\r\n");
        found += 1;
    });
    match r {
        Ok(()) => {
            serial.put_u32(u32::from(found));
            serial.put_str(if found == 1 { " device\r\n" } else { " devices\r\n" });
        }
        Err(e) => {
            serial.put_str("bus error: ");
            serial.put_str(error_name(e));
            serial.put_str("\r\n");
        }
    }
    loop {}
}

fn error_name(e: Error) -> &'static str {
    match e {
        Error::AddressNack => "no answer",
        Error::DataNack => "byte refused",
        Error::ArbitrationLost => "arbitration lost",
        Error::BusError => "bus error",
        Error::Timeout => "time-out (SDA or SCL held low?)",
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
