/*
 * The blink of `avrkit new --board nano-every` (src/main.rs) in C, for the size comparison in
 * ProjectFlowTest: prescaler off through CCP, LED pin output, toggle every 500 ms with a 4-cycle
 * busy loop. Register addresses and values come from the device model as -D options:
 * CCP, MCLKCTRLB, MCLKCTRLB_VALUE, LED_DIRSET, LED_OUTTGL, LED_MASK, LOOPS_PER_MS.
 */
#include <stdint.h>

#define REG(a) (*(volatile uint8_t *)(a))

static void delay_ms(uint16_t ms) {
  while (ms--) {
    uint16_t n = LOOPS_PER_MS;
    __asm__ volatile("1: sbiw %0, 1\n\tbrne 1b" : "+w"(n));
  }
}

int main(void) {
  REG(CCP) = 0xD8;
  REG(MCLKCTRLB) = MCLKCTRLB_VALUE;
  REG(LED_DIRSET) = LED_MASK;
  for (;;) {
    REG(LED_OUTTGL) = LED_MASK;
    delay_ms(500);
  }
}
