/* Watchdog: interrupt mode wakes the CPU from power-down 3 times (16 ms each), then system reset
   mode resets it; after the reset MCUSR says WDRF. Program sleeping is timed by the watchdog. */
#include "common.h"
#include <avr/wdt.h>
#include <stdint.h>

static volatile uint8_t wakeups;
ISR(WDT_vect) { wakeups++; }

int main(void) {
  uint8_t mcusr = MCUSR;
  MCUSR = 0;
  wdt_disable();
  console_init();
  if (mcusr & _BV(WDRF)) {
    printf("reset by watchdog\n");
    finish();
  }
  cli();
  WDTCSR = _BV(WDCE) | _BV(WDE);
  WDTCSR = _BV(WDIE); /* interrupt mode, 16 ms */
  set_sleep_mode(SLEEP_MODE_PWR_DOWN);
  sei();
  while (wakeups < 3) sleep_mode();
  printf("wakeups %u\n", wakeups);
  loop_until_bit_is_set(UCSR0A, TXC0);
  wdt_enable(WDTO_15MS);
  for (;;) {
  }
}
