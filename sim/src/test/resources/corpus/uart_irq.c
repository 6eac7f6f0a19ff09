/* printf formats through an interrupt-driven transmitter (UDRE interrupt, ring buffer). */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include <stdio.h>
#include <stdint.h>

static volatile uint8_t ring[32];
static volatile uint8_t head, tail;

ISR(USART_UDRE_vect) {
  if (head == tail) {
    UCSR0B &= ~_BV(UDRIE0);
  } else {
    UDR0 = ring[tail];
    tail = (tail + 1) & 31;
  }
}

static int put(char c, FILE *s) {
  (void)s;
  uint8_t next = (head + 1) & 31;
  while (next == tail) {
  }
  ring[head] = c;
  head = next;
  UCSR0B |= _BV(UDRIE0);
  return 0;
}

static FILE out = FDEV_SETUP_STREAM(put, NULL, _FDEV_SETUP_WRITE);

int main(void) {
  UBRR0 = 16; /* 57600 baud with U2X... no: 58823 at 16 MHz, normal speed */
  UCSR0A = _BV(U2X0);
  UCSR0B = _BV(TXEN0);
  UCSR0C = 3 << UCSZ00;
  stdout = &out;
  sei();
  printf("int %d %i %u\n", -32768, 12345, 65535u);
  printf("long %ld %lu %lx\n", -2147483647L, 4294967295UL, 0xDEADBEEFUL);
  printf("hex %x %X %#x %o\n", 0xbeef, 0xCAFE, 255, 8);
  printf("pad [%5d] [%-5d] [%05d] [%+d]\n", 42, 42, 42, 42);
  printf("str [%s] [%10s] [%-10s] [%.3s]\n", "avr", "right", "left", "truncate");
  printf("char %c%c%c\n", 'a', 'v', 'r');
  for (uint8_t i = 0; i < 8; i++) printf("%u:%02x ", i, i * 37);
  printf("\ndone\n");
  while (head != tail) {
  }
  UCSR0A |= _BV(TXC0);
  loop_until_bit_is_set(UCSR0A, TXC0);
  cli();
  sleep_enable();
  sleep_cpu();
  return 0;
}
