//! A running light on eight LEDs behind a 74HC595 shift register driven by {{SPI}} (MOSI = D11 to
//! DS, SCK = D13 to SHCP): the latch (STCP) is on D8, used as the chip select, whose rising edge
//! at the end of each byte copies the byte to the outputs Q0..Q7. One step every 250 ms.
#![no_std]
#![no_main]

use hal::spi::{Divider, Mode, Route, Settings, Spi, SpiDevice};

hal::entry!(main);

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let spi = Spi::new(dp.{{SPI}}, Route::{{SPI_ROUTE}}, Settings { mode: Mode::Mode0, divider: Divider::Div16, lsb_first: false });
    let mut shift_register = SpiDevice::new(spi, pins.d8.into_output());
    let mut pattern: u8 = 1;
    loop {
        shift_register.selected(|bus| bus.transfer_byte(pattern));
        pattern = pattern.rotate_left(1);
        hal::delay_ms(250);
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
