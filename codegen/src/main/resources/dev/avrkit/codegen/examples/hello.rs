//! Prints a line on the console ({{CONSOLE_USART}} at {{CONSOLE_BAUD}} baud) and stops.
#![no_std]
#![no_main]

use board::pac;

pac::entry!(main);

fn main(dp: pac::Peripherals) -> ! {
    board::clock_init(&dp);
    let mut console = board::Console::init(&dp);
    console.write_str("{{HELLO_LINE}}\r\n");
    console.flush();
    board::halt()
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
