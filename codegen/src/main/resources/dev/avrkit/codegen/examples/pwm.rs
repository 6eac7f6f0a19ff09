//! Fades {{PWM_ARDUINO}} ({{PWM_PORT_PIN}}) up and down with 8-bit PWM from {{PWM_TIMER}} at F_CPU / 64 / 256 (976 Hz at 16 MHz):
//! one duty step every 4 ms, about 2 s a cycle. Put an LED with a resistor on the pin.
#![no_std]
#![no_main]

use hal::pwm::{Prescaler, {{PWM_TYPE}}};

hal::entry!(main);

fn main(dp: hal::Peripherals) -> ! {
    hal::clock::init(&dp);
    let pins = hal::pins!(dp);
    let timer = {{PWM_TYPE}}::new(dp.{{PWM_TIMER}}, Prescaler::Div64);
    let mut out = pins.{{PWM_PIN}}.into_output().into_pwm(&timer);
    loop {
        for duty in 0..=u8::MAX {
            out.set_duty(duty);
            hal::delay_ms(4);
        }
        for duty in (0..=u8::MAX).rev() {
            out.set_duty(duty);
            hal::delay_ms(4);
        }
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    board::halt()
}
