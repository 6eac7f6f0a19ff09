//! On-target tests that read and drive the parts of tests/parts.diagram.json (OnTargetTestsTest).
#![no_std]
#![no_main]

use avrkit_test::part::{self, Level};
use avrkit_test::serial;
use board::pac;

avrkit_test::tests! {
    fn led_shows_the_pin() {
        let dp = pac::Peripherals::take().unwrap();
        board::led_init(&dp);
        assert_eq!(part::read_pin("led1", "A"), Level::Low);
        assert_eq!(part::state("led1"), "off");
        board::led_toggle(&dp);
        assert_eq!(part::read_pin("led1", "A"), Level::High);
        assert_eq!(part::state("led1"), "on");
    }

    fn button_press_lights_the_led() {
        let dp = hal::Peripherals::take().unwrap();
        let pins = hal::pins!(dp);
        let button = pins.d2.into_pull_up_input();
        let mut led = pins.d13.into_output();
        assert_eq!(part::read_pin("btn1", "1.l"), Level::High);
        part::press("btn1");
        // the firmware's part: wait for the button, then light the LED
        while button.is_high() {}
        led.set_high();
        assert_eq!(part::state("btn1"), "pressed");
        assert_eq!(part::read_pin("led1", "A"), Level::High);
    }

    fn parts_start_afresh_in_each_test() {
        assert_eq!(part::state("btn1"), "released");
        assert_eq!(part::read_pin("led1", "A"), Level::Floating);
    }

    fn potentiometer_on_the_adc() {
        let dp = hal::Peripherals::take().unwrap();
        let pins = hal::pins!(dp);
        let mut adc = hal::adc::Adc::new(dp.ADC0, hal::adc::Config::default());
        let a0 = pins.a0.into_analog_input(&mut adc);
        part::set_control("pot1", "position", 0.25);
        assert_eq!(part::millivolts("pot1", "SIG"), Some(1250));
        let raw = adc.read_blocking(&a0);
        assert!(raw > 250 && raw < 262, "ADC read {} at a quarter turn", raw);
    }

    fn serial_output() {
        let dp = pac::Peripherals::take().unwrap();
        let mut c = board::Console::init(&dp);
        assert!(!serial::seen("hello"));
        c.write_str("hello\r\n");
        serial::wait_for("hello");
    }

    fn unknown_part() {
        part::press("btn9");
    }

    fn not_a_button() {
        part::press("led1");
    }

    fn unknown_state() {
        part::state("lcd1");
    }

    fn unknown_pin() {
        part::read_pin("led1", "X");
    }
}
