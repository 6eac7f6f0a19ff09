/* The template's blink in C for the Uno: D13 toggles every 500 ms, on first. */
#include <avr/io.h>
#include <util/delay.h>
int main(void) {
  DDRB |= 1 << 5;
  for (;;) {
    PORTB ^= 1 << 5;
    _delay_ms(500);
  }
}
