/* Sleep modes: idle wakes on TIMER1 compare interrupts; in power-down TIMER1 stops, so only the
   watchdog interrupt wakes the CPU, and TIMER1 has not counted meanwhile. */
#include "common.h"
#include <avr/wdt.h>
#include <stdint.h>

static volatile uint16_t t1, wd;
ISR(TIMER1_COMPA_vect) { t1++; }
ISR(WDT_vect) { wd++; }

int main(void) {
  console_init();
  OCR1A = 999;
  TCCR1B = _BV(WGM12) | _BV(CS10);
  TIMSK1 = _BV(OCIE1A);
  set_sleep_mode(SLEEP_MODE_IDLE);
  sei();
  while (t1 < 10) sleep_mode();
  printf("idle wakeups %u\n", t1);
  loop_until_bit_is_set(UCSR0A, TXC0);
  cli();
  TIMSK1 = 0;
  OCR1A = 60000; /* if it ran through 16 ms it would be ~16000 counts further */
  uint16_t before = TCNT1;
  WDTCSR = _BV(WDCE) | _BV(WDE);
  WDTCSR = _BV(WDIE);
  set_sleep_mode(SLEEP_MODE_PWR_DOWN);
  sei();
  sleep_mode();
  cli();
  uint16_t after = TCNT1;
  printf("power-down: wdt %u, timer1 stopped %u\n", wd, (uint16_t)(after - before) < 100);
  finish();
  return 0;
}
