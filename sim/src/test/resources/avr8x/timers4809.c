/* AVR8X timers against the datasheet: TCB0 periodic interrupt every 1 ms (CCMP 15999, CLK_PER
 * 16 MHz), TCB3 in 8-bit PWM mode on CLK_TCA (/64) with period 250 (CCMPL 249: 1 ms, like
 * Arduino's millis), TCA0 overflow every 4 ms (/64, PER 999), RTC PIT every 32 cycles of the
 * 32.768 kHz clock; counted for 50 TCB0 periods, then the TCA0 count between two TCB0
 * interrupts is measured (16000 / 64 = 250). */
#include "common.h"

static volatile uint16_t tcb0, tcb3, tca_ovf, pit;
static volatile uint16_t stamp[3];

ISR(12) { /* TCB0_INT */
  TCB0_INTFLAGS = 1;
  if (tcb0 < 3) stamp[tcb0] = TCA0_CNT;
  tcb0++;
}
ISR(36) { /* TCB3_INT */
  TCB3_INTFLAGS = 1;
  tcb3++;
}
ISR(7) { /* TCA0_OVF */
  TCA0_INTFLAGS = 1;
  tca_ovf++;
}
ISR(4) { /* RTC_PIT */
  RTC_PITINTFLAGS = 1;
  pit++;
}

int main(void) {
  console_init();
  TCA0_PER = 999;
  TCA0_INTCTRL = 1;        /* OVF */
  TCA0_CTRLA = (5 << 1) | 1; /* DIV64, ENABLE */
  TCB3_CCMP = 249;         /* PWM8: period 250, duty 0 */
  TCB3_CTRLB = 7;          /* PWM8 */
  TCB3_INTCTRL = 1;
  TCB3_CTRLA = (2 << 1) | 1; /* CLKTCA, ENABLE */
  RTC_CLKSEL = 0;          /* INT32K */
  RTC_PITINTCTRL = 1;
  RTC_PITCTRLA = (4 << 3) | 1; /* CYC32, PITEN */
  TCB0_CCMP = 15999;
  TCB0_INTCTRL = 1;
  TCB0_CTRLA = 1;          /* DIV1, ENABLE, periodic interrupt mode */
  __asm__ volatile("sei");
  while (tcb0 < 50) {
  }
  __asm__ volatile("cli");
  printf("tcb0 %u tcb3 %u tca %u pit %u\n", tcb0, tcb3, tca_ovf, pit);
  printf("tca between tcb0 %u %u\n", (uint16_t)((stamp[1] + 1000 - stamp[0]) % 1000),
         (uint16_t)((stamp[2] + 1000 - stamp[1]) % 1000));
  finish();
  return 0;
}
