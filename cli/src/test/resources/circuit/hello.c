/* The template's hello example in C for the Uno: one line on USART0 at 115200 baud, then stop. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
static void put(char c) { while (!(UCSR0A & (1 << UDRE0))) {} UDR0 = c; }
int main(void) {
  UCSR0A = 1 << U2X0;
  UBRR0 = F_CPU / 8 / 115200 - 1;
  UCSR0B = 1 << TXEN0;
  for (const char *s = HELLO "\r\n"; *s; s++) put(*s);
  while (!(UCSR0A & (1 << TXC0))) {}
  cli();
  sleep_mode();
}
