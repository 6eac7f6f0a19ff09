/* Timer interrupts: TIMER0 overflow (/64), TIMER1 CTC compare A (/8), TIMER2 CTC (/32),
   counted while the main program busy-waits a fixed number of TIMER1 periods. */
#include "common.h"
#include <stdint.h>

static volatile uint16_t t0_ovf, t1_cmp, t2_cmp;

ISR(TIMER0_OVF_vect) { t0_ovf++; }
ISR(TIMER1_COMPA_vect) { t1_cmp++; }
ISR(TIMER2_COMPA_vect) { t2_cmp++; }

int main(void) {
  console_init();
  TCCR0A = 0;
  TCCR0B = _BV(CS01) | _BV(CS00); /* /64 */
  TIMSK0 = _BV(TOIE0);
  OCR1A = 1999; /* 1 ms at /8 */
  TCCR1A = 0;
  TCCR1B = _BV(WGM12) | _BV(CS11);
  TIMSK1 = _BV(OCIE1A);
  TCCR2A = _BV(WGM21);
  OCR2A = 99;
  TCCR2B = _BV(CS21) | _BV(CS20); /* /32 */
  TIMSK2 = _BV(OCIE2A);
  sei();
  while (t1_cmp < 50) {
  }
  cli();
  printf("t1 %u t0 %u t2 %u\n", t1_cmp, t0_ovf, t2_cmp);
  /* fast PWM on timer 0 with TOP=0xFF, overflow flag polled */
  TIMSK0 = 0;
  TCCR0A = _BV(WGM01) | _BV(WGM00);
  TCCR0B = _BV(CS00);
  TIFR0 = _BV(TOV0);
  uint16_t n = 0;
  while (n < 100) {
    if (TIFR0 & _BV(TOV0)) { TIFR0 = _BV(TOV0); n++; }
  }
  printf("pwm overflows %u\n", n);
  finish();
  return 0;
}
