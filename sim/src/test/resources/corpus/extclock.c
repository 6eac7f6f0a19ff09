/* T0/T1 external clock inputs: TIMER1 counts rising edges on T1 (PD5), TIMER0 falling edges on
   T0 (PD4); the program makes the edges itself by toggling the pins as outputs (the counter sees
   the pin whatever its direction). */
#include "common.h"
#include <stdint.h>

int main(void) {
  console_init();
  DDRD = _BV(PD4) | _BV(PD5);
  PORTD = _BV(PD4); /* T0 starts high, T1 low */
  TCCR1B = _BV(CS12) | _BV(CS11) | _BV(CS10); /* external, rising edge */
  TCCR0B = _BV(CS02) | _BV(CS01);             /* external, falling edge */
  for (uint8_t i = 0; i < 25; i++) {
    PIND = _BV(PD5); /* toggle: 13 rising edges on T1 */
    PIND = _BV(PD4); /* 13 falling edges on T0 */
    __builtin_avr_delay_cycles(20);
  }
  uint16_t t1 = TCNT1;
  uint8_t t0 = TCNT0;
  printf("t1 %u t0 %u\n", t1, t0);
  finish();
  return 0;
}
