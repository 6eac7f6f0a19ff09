//! A boot counter in the EEPROM ({{EEPROM}}): each start reads the count from bytes 0..1, adds
//! one, writes it back (`update` writes only the bytes that changed) and prints it on
//! {{SERIAL_USART}} ({{SERIAL_BAUD}} baud). Press reset (or power the board off and on): it counts on.
#![no_std]
#![no_main]

use hal::eeprom::Eeprom;
use hal::serial::{Baud, Serial};
use hal::Out;

hal::entry!(main);

/// Where the count is kept.
const COUNT_AT: u16 = 0;

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    let mut eeprom = Eeprom::new(dp.{{EEPROM}});
    let stored = u16::from_le_bytes([eeprom.read_byte(COUNT_AT), eeprom.read_byte(COUNT_AT + 1)]);
    // an erased EEPROM reads 0xFF: never counted
    let boots = if stored == 0xFFFF { 1 } else { stored.wrapping_add(1) };
    match eeprom.update(COUNT_AT, &boots.to_le_bytes()) {
        Ok(()) => {
            serial.put_str("boot count: ");
            serial.put_u32(u32::from(boots));
            serial.put_str("\r\n");
        }
        Err(_) => serial.put_str("the count does not fit in the EEPROM\r\n"),
    }
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
