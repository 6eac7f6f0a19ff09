/*
 * The C equivalents of the examples adc and i2c-rtc (ExamplesTest compares their flash sizes with
 * the Rust examples and runs them through the same scenarios): clock, the console and small
 * print functions like the HAL's fmt::Out (no printf). ATmega328P: avr/io.h, USART0 at 57600
 * baud (U2X). ATmega4809 (avr-gcc -mmcu=avrxmega3, crt4809.S): the register addresses come from
 * the device model as -D options (PERIPHERAL_REGISTER=address, USART3_ROUTE = the PORTMUX value
 * of USART3's ALT1 route, CLKCTRL_MCLKCTRLB_VALUE = prescaler off); USART3 on PB4 at 115200.
 */
#include <stdint.h>
#include <util/delay.h>

#define R8(a) (*(volatile uint8_t *)(a))
#define R16(a) (*(volatile uint16_t *)(a))

#if defined(__AVR_ATmega328P__)
#include <avr/io.h>
static void board_init(void) {
  UCSR0A = 1 << U2X0;
  UBRR0 = (F_CPU + 4 * 57600UL) / (8 * 57600UL) - 1;
  UCSR0C = 3 << UCSZ00;
  UCSR0B = 1 << TXEN0;
}
static void put(uint8_t b) {
  while (!(UCSR0A & (1 << UDRE0))) {}
  UDR0 = b;
}
#else
static void board_init(void) {
  R8(CPU_CCP) = 0xD8; /* IOREG key */
  R8(CLKCTRL_MCLKCTRLB) = CLKCTRL_MCLKCTRLB_VALUE;
  R8(PORTMUX_USARTROUTEA) = USART3_ROUTE;
  R8(PORTB_DIRSET) = 1 << 4; /* TX on PB4 */
  R16(USART3_BAUD) = (4 * F_CPU + 115200UL / 2) / 115200UL;
  R8(USART3_CTRLB) = 0x40; /* TXEN */
}
static void put(uint8_t b) {
  while (!(R8(USART3_STATUS) & 0x20)) {} /* DREIF */
  R8(USART3_TXDATAL) = b;
}
#endif

static void put_str(const char *s) {
  while (*s) put((uint8_t)*s++);
}

static void put_u32(uint32_t n) {
  uint32_t d = 1000000000UL;
  while (d > 1 && d > n) d /= 10;
  while (d > 0) {
    put('0' + (n / d) % 10);
    d /= 10;
  }
}

static void put_hex2(uint8_t b) {
  static const char h[] = "0123456789ABCDEF";
  put(h[b >> 4]);
  put(h[b & 15]);
}
