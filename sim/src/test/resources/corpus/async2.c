/* Timer2 clocked asynchronously from the 32.768 kHz crystal on TOSC1/2 (ASSR.AS2): the
   set-up sequence of the data sheet (AS2, write the registers, wait until the update-busy flags
   clear, clear the flags), then TIMER1 (clk/64) stamps ten Timer2 overflows at prescaler /1:
   256 crystal clocks = 7.8125 ms = 1953.125 TIMER1 clocks apart. Then power-save sleep, where
   only the asynchronous Timer2 runs: ten overflows wake the CPU while TIMER1 stands still. */
#include "common.h"
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include <stdint.h>

static volatile uint8_t ovf;
static volatile uint16_t stamp[10];

ISR(TIMER2_OVF_vect) {
  if (ovf < 10) stamp[ovf] = TCNT1;
  ovf++;
}

int main(void) {
  console_init();
  TIMSK2 = 0;
  ASSR = _BV(AS2);
  TCNT2 = 0;
  TCCR2A = 0;
  TCCR2B = _BV(CS20); /* crystal / 1 */
  uint16_t polls = 0;
  while (ASSR & (_BV(TCN2UB) | _BV(TCR2AUB) | _BV(TCR2BUB))) polls++;
  TIFR2 = 0xFF;
  printf("busy polls %s\n", polls > 0 ? "yes" : "no");
  TCCR1B = _BV(CS11) | _BV(CS10); /* clk/64 */
  TIMSK2 = _BV(TOIE2);
  sei();
  while (ovf < 11) {}
  for (uint8_t i = 1; i < 10; i++) printf("%u ", (uint16_t)(stamp[i] - stamp[i - 1]));
  printf("\n");
  /* power-save: clk_IO stops (TIMER1 holds), the asynchronous Timer2 keeps waking the CPU */
  uint16_t before = TCNT1;
  uint8_t start = ovf;
  set_sleep_mode(SLEEP_MODE_PWR_SAVE);
  while ((uint8_t)(ovf - start) < 10) {
    sleep_enable();
    sleep_cpu();
    sleep_disable();
  }
  uint16_t after = TCNT1;
  printf("woken %u times, timer1 moved %s\n", (uint8_t)(ovf - start), (uint16_t)(after - before) < 1000 ? "little" : "a lot");
  finish();
  return 0;
}
