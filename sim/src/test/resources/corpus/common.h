/* Shared by the corpus programs: a polled USART0 console at 16 MHz and a clean stop. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include <stdio.h>

static int console_putchar(char c, FILE *s) {
  (void)s;
  loop_until_bit_is_set(UCSR0A, UDRE0);
  UDR0 = c;
  return 0;
}

static FILE console = FDEV_SETUP_STREAM(console_putchar, NULL, _FDEV_SETUP_WRITE);

static void console_init(void) {
  UBRR0 = 8; /* 111111 baud at 16 MHz */
  UCSR0A = 0;
  UCSR0B = _BV(TXEN0);
  UCSR0C = 3 << UCSZ00;
  stdout = &console;
}

/* Waits for the last byte to leave, then sleeps with interrupts off: simulators stop here. */
static void finish(void) {
  printf("done\n");
  UCSR0A = _BV(TXC0);
  loop_until_bit_is_set(UCSR0A, TXC0);
  cli();
  sleep_enable();
  sleep_cpu();
}
