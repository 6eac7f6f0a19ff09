/* Sleep modes against the ATmega4809 data sheet (SLPCTRL chapter, sleep mode activity and
 * wake-up source tables): idle stops only the CPU; standby stops TCA0 (no RUNSTDBY) and the
 * peripherals without RUNSTDBY, TCB0 and the RTC counter run on with RUNSTDBY and wake the CPU;
 * power-down stops them all but the PIT, which wakes it. Each line says which interrupts ran
 * during one sleep and how far TCA0 counted meanwhile. */
#include "common.h"
#define TCA0_CTRLESET R8(0x0A05)
#define RTC_CTRLA R8(0x0140)
#define RTC_INTCTRL R8(0x0142)
#define RTC_INTFLAGS R8(0x0143)
#define RTC_PER R16(0x014A)

static volatile uint8_t tca, tcb, pit, rtc;

ISR(7) { tca++; TCA0_INTFLAGS = 1; }
ISR(12) { tcb++; TCB0_INTFLAGS = 1; }
ISR(4) { pit++; RTC_PITINTFLAGS = 1; }
ISR(3) { rtc++; RTC_INTFLAGS = 3; }

#define RTC_PITSTATUS R8(0x0151)
static void rtc_wait(void) { while (RTC_STATUS || (RTC_PITSTATUS & 1)) {} }

/* Sleeps once in SMODE {@code mode}; prints who woke it and how far TCA0 counted. */
static void nap(const char *what, uint8_t mode) {
  tca = tcb = pit = rtc = 0;
  uint16_t before = TCA0_CNT;
  SLPCTRL_CTRLA = (uint8_t)(mode << 1) | 1;
  __asm__ volatile("sleep");
  SLPCTRL_CTRLA = 0;
  uint16_t after = TCA0_CNT;
  printf("%s: tca %u tcb %u rtc %u pit %u, tca0 counted %s\n", what, tca, tcb, rtc, pit,
         (uint16_t)(after - before) < 100 ? "little" : "on");
}

int main(void) {
  console_init();
  /* TCA0: overflow every 1000 cycles */
  TCA0_PER = 999;
  TCA0_INTCTRL = 1;
  TCA0_CTRLA = 1;
  /* PIT: every 64 cycles of 32.768 kHz (31250 CPU cycles) */
  RTC_CLKSEL = 0;
  RTC_PITINTCTRL = 1;
  RTC_PITCTRLA = (5 << 3) | 1;
  rtc_wait();
  __asm__ volatile("sei");
  nap("idle", 0);
  nap("standby", 1);
  nap("power-down", 2);
  /* TCB0 with RUNSTDBY: interrupt every 4000 cycles */
  TCB0_CCMP = 3999;
  TCB0_INTCTRL = 1;
  TCB0_CTRLA = 0x40 | 1;
  nap("standby tcb", 1);
  nap("power-down tcb", 2);
  TCB0_CTRLA = 0;
  /* the RTC counter with RUNSTDBY: overflow every 4 cycles of 32.768 kHz (1954 CPU cycles) */
  RTC_PER = 3;
  RTC_INTCTRL = 1;
  RTC_CTRLA = 0x80 | 1;
  rtc_wait();
  nap("standby rtc", 1);
  nap("power-down rtc", 2);
  RTC_CTRLA = 0;
  finish();
  return 0;
}
