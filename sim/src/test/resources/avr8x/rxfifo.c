/* Receive buffering: the receiver is on but the program reads nothing for 5 ms (about 57 frames
 * at 115200 baud), then drains the buffer and prints each byte followed by '!' when its overrun
 * flag (328P UCSR0A.DOR, 4809 USART3 RXDATAH.BUFOVF) is set, else '.'. */
#include <util/delay.h>
#include "console.h"

#if defined(__AVR_ATmega328P__)
static void rx_on(void) { UCSR0B |= 1 << RXEN0; }
static uint8_t rx_ready(void) { return UCSR0A & (1 << RXC0); }
static uint8_t rx_overflow(void) { return UCSR0A & (1 << DOR0); }
static uint8_t rx_read(void) { return UDR0; }
#else
#define USART3_RXDATAL R8(0x0860)
#define USART3_RXDATAH R8(0x0861)
static void rx_on(void) { USART3_CTRLB |= 0x80; }
static uint8_t rx_ready(void) { return USART3_STATUS & 0x80; }
static uint8_t rx_overflow(void) { return USART3_RXDATAH & 0x40; }
static uint8_t rx_read(void) { return USART3_RXDATAL; }
#endif

int main(void) {
  console_start();
  rx_on();
  _delay_ms(5);
  while (rx_ready()) {
    uint8_t o = rx_overflow(); /* flags first: they belong to the next frame in the buffer */
    uint8_t c = rx_read();
    putchar(c);
    putchar(o ? '!' : '.');
  }
  putchar('\n');
  console_flush();
  __asm__ volatile("cli");
  for (;;) {}
}
