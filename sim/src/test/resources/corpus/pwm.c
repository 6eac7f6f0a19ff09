/* PWM on the output compare pins: TIMER1 fast PWM 8-bit on OC1A (PB1, OCR1A = 64) and
   OC1B inverted (PB2, OCR1B = 191), TIMER0 phase correct on OC0A (PD6, OCR0A = 100), TIMER2 CTC
   toggling OC2A (PB3, OCR2A = 49). Runs a while, then stops; the test watches the pins. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include <util/delay.h>

int main(void) {
  DDRB = _BV(PB1) | _BV(PB2) | _BV(PB3);
  DDRD = _BV(PD6);
  OCR1A = 64;
  OCR1B = 191;
  TCCR1A = _BV(COM1A1) | _BV(COM1B1) | _BV(COM1B0) | _BV(WGM10);
  TCCR1B = _BV(WGM12) | _BV(CS10);
  OCR0A = 100;
  TCCR0A = _BV(COM0A1) | _BV(WGM00);
  TCCR0B = _BV(CS00);
  OCR2A = 49;
  TCCR2A = _BV(COM2A0) | _BV(WGM21);
  TCCR2B = _BV(CS20);
  _delay_ms(1);
  cli();
  sleep_enable();
  sleep_cpu();
  return 0;
}
