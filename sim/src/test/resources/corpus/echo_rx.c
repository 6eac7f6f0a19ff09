/* USART receive: echoes each received line in upper case, counting bytes by RX interrupt;
   ends on '.'. */
#include "common.h"
#include <ctype.h>
#include <stdint.h>

static volatile uint8_t rx[64];
static volatile uint8_t head, tail;

ISR(USART_RX_vect) {
  rx[head] = UDR0;
  head = (head + 1) & 63;
}

int main(void) {
  console_init();
  UCSR0B |= _BV(RXEN0) | _BV(RXCIE0);
  sei();
  uint16_t n = 0;
  for (;;) {
    while (head == tail) {
      sleep_mode(); /* idle: the RX interrupt wakes us */
    }
    char c = rx[tail];
    tail = (tail + 1) & 63;
    n++;
    if (c == '.') break;
    putchar(toupper(c));
  }
  printf("\nreceived %u\n", n);
  finish();
  return 0;
}
