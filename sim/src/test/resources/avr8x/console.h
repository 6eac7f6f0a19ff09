/* Console for the test programs: USART3 on the ATmega4809 (Nano Every's USB serial, PORTMUX
 * ALT1 = PB4/PB5) or USART0 on the ATmega328P, 115200 baud at F_CPU, plus stdout through it. */
#include <stdint.h>
#include <stdio.h>

#if defined(__AVR_ATmega328P__)
#include <avr/io.h>
#include <avr/interrupt.h>
static int console_put(char c, FILE *f) {
  while (!(UCSR0A & (1 << UDRE0))) {}
  UCSR0A = (1 << U2X0) | (1 << TXC0); /* clear TXC: console_flush waits for it */
  UDR0 = c;
  return 0;
}
static void console_init(void) {
  UCSR0A = 1 << U2X0;
  UBRR0 = (F_CPU / 8 / 115200) - 1;
  UCSR0B = 1 << TXEN0;
}
static void console_flush(void) {
  while (!(UCSR0A & (1 << TXC0))) {}
}
#else
/* ATmega4809 registers by address (avr-libc 2.0 has no io header for it). */
#define R8(a) (*(volatile uint8_t *)(a))
#define R16(a) (*(volatile uint16_t *)(a))
#define CCP_ R8(0x0034)
#define CLKCTRL_MCLKCTRLB R8(0x0061)
#define PORTB_DIRSET R8(0x0421)
#define PORTMUX_USARTROUTEA R8(0x05E2)
#define USART3_TXDATAL R8(0x0862)
#define USART3_STATUS R8(0x0864)
#define USART3_CTRLB R8(0x0866)
#define USART3_BAUD R16(0x0868)
static int console_put(char c, FILE *f) {
  while (!(USART3_STATUS & 0x20)) {}
  USART3_STATUS = 0x40; /* clear TXCIF: console_flush waits for it */
  USART3_TXDATAL = c;
  return 0;
}
static void console_init(void) {
  /* 16 MHz: prescaler off (protected write) */
  __asm__ volatile("sts 0x0034, %0\n\tsts 0x0061, __zero_reg__" ::"d"((uint8_t)0xD8));
  PORTMUX_USARTROUTEA = 0x40; /* USART3 ALT1: PB4 TX, PB5 RX */
  PORTB_DIRSET = 1 << 4;
  USART3_BAUD = (uint16_t)((F_CPU * 64UL / 16UL + 115200UL / 2) / 115200UL);
  USART3_CTRLB = 0x40; /* TXEN */
}
static void console_flush(void) {
  while (!(USART3_STATUS & 0x40)) {}
}
#endif

static FILE console_out = FDEV_SETUP_STREAM(console_put, NULL, _FDEV_SETUP_WRITE);

static void console_start(void) {
  console_init();
  stdout = &console_out;
}
