/* CPUINT.CTRLA.CVT against the ATmega4809 data sheet (CPUINT chapter, compact vector table):
 * with CVT every level 0 interrupt goes to vector 3, the level 1 interrupt (LVL1VEC) to vector 2
 * and the NMI to vector 1; without it each source has its own vector (TCB0 12, TCB1 13). */
#include "common.h"
#define TCB1_CTRLB R8(0x0A91)

static volatile uint8_t at12, at13, at3, at2, seen3;

ISR(12) { at12++; TCB0_INTFLAGS = 1; }
ISR(13) { at13++; TCB1_INTFLAGS = 1; }
ISR(3) { /* every level 0 source: find it in the flags */
  at3++;
  if (TCB0_INTFLAGS & 1) { TCB0_INTFLAGS = 1; seen3 |= 1; }
  if (TCB1_INTFLAGS & 1) { TCB1_INTFLAGS = 1; seen3 |= 2; }
}
ISR(2) { at2++; TCB1_INTFLAGS = 1; } /* RTC CNT without CVT: never enabled here */

static void cpuint_ctrla(uint8_t v) {
  __asm__ volatile("sts 0x0034, %0\n\tsts 0x0110, %1" ::"d"((uint8_t)0xD8), "r"(v));
}

static void start(volatile uint8_t *ctrla, volatile uint16_t *ccmp, volatile uint8_t *intctrl, uint16_t top) {
  *ccmp = top;
  *intctrl = 1;
  *ctrla = 1; /* CLK_PER, enabled; periodic interrupt mode */
}

int main(void) {
  console_init();
  __asm__ volatile("sei");
  start(&TCB0_CTRLA, &TCB0_CCMP, &TCB0_INTCTRL, 999);
  start(&TCB1_CTRLA, &TCB1_CCMP, &TCB1_INTCTRL, 1499);
  while (at12 < 3) {}
  TCB0_CTRLA = 0;
  TCB1_CTRLA = 0;
  printf("plain: 12 %u 13 %u 3 %u 2 %u\n", at12, at13, at3, at2);
  cpuint_ctrla(0x20); /* CVT */
  TCB0_CTRLA = 1;
  TCB1_CTRLA = 1;
  while (at3 < 6) {}
  printf("compact: 12 %u 13 %u 3 %u 2 %u sources %u\n", at12, at13, at3, at2, seen3);
  CPUINT_LVL1VEC = 13; /* TCB1 is level 1: vector 2 in the compact table */
  uint8_t before = at3;
  while (at2 < 2) {}
  TCB0_CTRLA = 0;
  TCB1_CTRLA = 0;
  printf("level 1: 2 %u, level 0 went on %u\n", at2, at3 != before);
  finish();
  return 0;
}
