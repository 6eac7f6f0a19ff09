//! Text on a 128x64 SSD1306 OLED on I2C ({{TWI}}: SDA on A4, SCL on A5, 400 kHz, address 0x3C),
//! with a small driver and a 5x7 font (digits, capitals and a little punctuation) written here;
//! prints "oled: ready" on {{SERIAL_USART}} ({{SERIAL_BAUD}} baud) when the text is shown.
#![no_std]
#![no_main]

use hal::i2c::{Error, I2c, Route};
use hal::serial::{Baud, Serial};
use hal::Out;

hal::entry!(main);

/// The display's I2C address.
const OLED: u8 = 0x3C;

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let mut serial = Serial::new(dp.{{SERIAL_USART}}, pins.{{SERIAL_TX}}.into_output(), pins.{{SERIAL_RX}}, Baud::<{{SERIAL_BAUD}}>);
    let mut oled = Oled { i2c: I2c::new(dp.{{TWI}}, Route::default(), 400_000) };
    let shown = oled
        .init()
        .and_then(|_| oled.clear())
        .and_then(|_| oled.text(1, 4, "HELLO FROM"))
        .and_then(|_| oled.text(3, 4, "AVRKIT!"))
        .and_then(|_| oled.text(5, 4, "SSD1306 OVER I2C"));
    match shown {
        Ok(()) => serial.put_str("oled: ready\r\n"),
        Err(Error::AddressNack) => serial.put_str("oled: no display at 0x3C\r\n"),
        Err(_) => serial.put_str("oled: bus error\r\n"),
    }
    loop {}
}

/// An SSD1306 in horizontal addressing mode.
struct Oled {
    i2c: I2c,
}

impl Oled {
    /// Sends up to 16 bytes after a control byte: 0x00 = commands, 0x40 = display data.
    fn send(&mut self, control: u8, bytes: &[u8]) -> Result<(), Error> {
        let mut buf = [0u8; 17];
        buf[0] = control;
        let mut n = 1;
        for (d, s) in buf[1..].iter_mut().zip(bytes) {
            *d = *s;
            n += 1;
        }
        match buf.get(..n) {
            Some(b) => self.i2c.write(OLED, b),
            None => Ok(()),
        }
    }

    fn init(&mut self) -> Result<(), Error> {
        // display off, clock, multiplex 64, offset 0, start line 0, charge pump on
        self.send(0x00, &[0xAE, 0xD5, 0x80, 0xA8, 0x3F, 0xD3, 0x00, 0x40, 0x8D, 0x14])?;
        // horizontal addressing, column 0 at the left (segment remap 0xA1) and page 0 at the top
        // (COM scan from COM63, 0xC8) on the usual modules, COM pins, contrast, pre-charge,
        // VCOMH, show the RAM, not inverted, display on
        self.send(0x00, &[0x20, 0x00, 0xA1, 0xC8, 0xDA, 0x12, 0x81, 0xCF, 0xD9, 0xF1, 0xDB, 0x40, 0xA4, 0xA6, 0xAF])
    }

    /// Sets the window the next data bytes fill: columns `col`..127 of pages `page`..7.
    fn at(&mut self, page: u8, col: u8) -> Result<(), Error> {
        self.send(0x00, &[0x21, col, 127, 0x22, page, 7])
    }

    fn clear(&mut self) -> Result<(), Error> {
        self.at(0, 0)?;
        for _ in 0..128 * 64 / 8 / 16 {
            self.send(0x40, &[0; 16])?;
        }
        Ok(())
    }

    /// Writes `s` on text line `page` (0..7, 8 pixels high) from pixel column `col`.
    fn text(&mut self, page: u8, col: u8, s: &str) -> Result<(), Error> {
        self.at(page, col)?;
        for c in s.bytes() {
            let g = glyph(c);
            self.send(0x40, &[g[0], g[1], g[2], g[3], g[4], 0])?;
        }
        Ok(())
    }
}

/// 5x7 glyphs, one byte per column, bit 0 at the top; a box for characters not in the font.
fn glyph(c: u8) -> [u8; 5] {
    match c {
        b' ' => [0x00, 0x00, 0x00, 0x00, 0x00],
        b'!' => [0x00, 0x00, 0x5F, 0x00, 0x00],
        b'-' => [0x08, 0x08, 0x08, 0x08, 0x08],
        b'.' => [0x00, 0x60, 0x60, 0x00, 0x00],
        b':' => [0x00, 0x36, 0x36, 0x00, 0x00],
        b'0' => [0x3E, 0x51, 0x49, 0x45, 0x3E],
        b'1' => [0x00, 0x42, 0x7F, 0x40, 0x00],
        b'2' => [0x42, 0x61, 0x51, 0x49, 0x46],
        b'3' => [0x21, 0x41, 0x45, 0x4B, 0x31],
        b'4' => [0x18, 0x14, 0x12, 0x7F, 0x10],
        b'5' => [0x27, 0x45, 0x45, 0x45, 0x39],
        b'6' => [0x3C, 0x4A, 0x49, 0x49, 0x30],
        b'7' => [0x01, 0x71, 0x09, 0x05, 0x03],
        b'8' => [0x36, 0x49, 0x49, 0x49, 0x36],
        b'9' => [0x06, 0x49, 0x49, 0x29, 0x1E],
        b'A' => [0x7E, 0x11, 0x11, 0x11, 0x7E],
        b'B' => [0x7F, 0x49, 0x49, 0x49, 0x36],
        b'C' => [0x3E, 0x41, 0x41, 0x41, 0x22],
        b'D' => [0x7F, 0x41, 0x41, 0x22, 0x1C],
        b'E' => [0x7F, 0x49, 0x49, 0x49, 0x41],
        b'F' => [0x7F, 0x09, 0x09, 0x09, 0x01],
        b'G' => [0x3E, 0x41, 0x49, 0x49, 0x7A],
        b'H' => [0x7F, 0x08, 0x08, 0x08, 0x7F],
        b'I' => [0x00, 0x41, 0x7F, 0x41, 0x00],
        b'J' => [0x20, 0x40, 0x41, 0x3F, 0x01],
        b'K' => [0x7F, 0x08, 0x14, 0x22, 0x41],
        b'L' => [0x7F, 0x40, 0x40, 0x40, 0x40],
        b'M' => [0x7F, 0x02, 0x0C, 0x02, 0x7F],
        b'N' => [0x7F, 0x04, 0x08, 0x10, 0x7F],
        b'O' => [0x3E, 0x41, 0x41, 0x41, 0x3E],
        b'P' => [0x7F, 0x09, 0x09, 0x09, 0x06],
        b'Q' => [0x3E, 0x41, 0x51, 0x21, 0x5E],
        b'R' => [0x7F, 0x09, 0x19, 0x29, 0x46],
        b'S' => [0x46, 0x49, 0x49, 0x49, 0x31],
        b'T' => [0x01, 0x01, 0x7F, 0x01, 0x01],
        b'U' => [0x3F, 0x40, 0x40, 0x40, 0x3F],
        b'V' => [0x1F, 0x20, 0x40, 0x20, 0x1F],
        b'W' => [0x3F, 0x40, 0x38, 0x40, 0x3F],
        b'X' => [0x63, 0x14, 0x08, 0x14, 0x63],
        b'Y' => [0x07, 0x08, 0x70, 0x08, 0x07],
        b'Z' => [0x61, 0x51, 0x49, 0x45, 0x43],
        _ => [0x7F, 0x41, 0x41, 0x41, 0x7F],
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
