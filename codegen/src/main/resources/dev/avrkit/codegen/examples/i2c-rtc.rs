//! Reads a DS1307 real-time clock on I2C ({{TWI}}: SDA on A4, SCL on A5, 100 kHz) and prints the
//! date and time on {{SERIAL_USART}} ({{SERIAL_BAUD}} baud) each time the seconds change. A clock
//! that was never started (clock-halt bit set) is set to 2026-01-01 00:00:00 first.
#![no_std]
#![no_main]

use hal::i2c::{Error, I2c, Route};
use hal::serial::{Baud, Serial};
use hal::Out;

hal::entry!(main);

/// The DS1307's I2C address.
const DS1307: u8 = 0x68;

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    let mut i2c = I2c::new(dp.{{TWI}}, Route::default(), 100_000);
    let mut last_seconds = 0xFF;
    loop {
        // registers 0..6: seconds (bit 7: clock halt), minutes, hours, weekday, date, month, year, in BCD
        let mut t = [0u8; 7];
        match i2c.write_read(DS1307, &[0], &mut t) {
            Ok(()) if t[0] & 0x80 != 0 => {
                // halted: set 2026-01-01 (a Thursday, weekday 5) 00:00:00, which also starts it
                serial.put_str("clock halted: setting it\r\n");
                if let Err(e) = i2c.write(DS1307, &[0, 0x00, 0x00, 0x00, 5, 0x01, 0x01, 0x26]) {
                    report(&mut serial, e);
                }
            }
            Ok(()) if t[0] != last_seconds => {
                last_seconds = t[0];
                serial.put_str("20");
                put_bcd(&mut serial, t[6]);
                serial.put(b'-');
                put_bcd(&mut serial, t[5] & 0x1F);
                serial.put(b'-');
                put_bcd(&mut serial, t[4] & 0x3F);
                serial.put(b' ');
                // bit 6 set: 12-hour mode, bit 5 = PM
                put_bcd(&mut serial, t[2] & if t[2] & 0x40 != 0 { 0x1F } else { 0x3F });
                serial.put(b':');
                put_bcd(&mut serial, t[1] & 0x7F);
                serial.put(b':');
                put_bcd(&mut serial, t[0] & 0x7F);
                if t[2] & 0x40 != 0 {
                    serial.put_str(if t[2] & 0x20 != 0 { " PM" } else { " AM" });
                }
                serial.put_str("\r\n");
            }
            Ok(()) => {}
            Err(e) => {
                report(&mut serial, e);
                hal::delay_ms(1000);
            }
        }
        hal::delay_ms(50);
    }
}

/// Two BCD digits.
fn put_bcd(out: &mut impl Out, b: u8) {
    out.put_hex(u32::from(b), 2);
}

fn report(out: &mut impl Out, e: Error) {
    out.put_str("DS1307: ");
    out.put_str(match e {
        Error::AddressNack => "no answer at 0x68",
        Error::DataNack => "byte refused",
        Error::ArbitrationLost => "arbitration lost",
        Error::BusError => "bus error",
        Error::Timeout => "time-out (SDA or SCL held low?)",
    });
    out.put_str("\r\n");
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
