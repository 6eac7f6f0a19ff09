/* PE2 (the Nano Every's LED) toggled by the TCB0 interrupt every millisecond, ten times. */
#include "common.h"

static volatile uint8_t toggles;

ISR(12) { /* TCB0_INT */
  TCB0_INTFLAGS = 1;
  PORTE_OUTTGL = 1 << 2;
  toggles++;
}

int main(void) {
  console_init();
  PORTE_DIRSET = 1 << 2;
  TCB0_CCMP = 15999; /* 1 ms at 16 MHz */
  TCB0_INTCTRL = 1;
  TCB0_CTRLA = 1;
  __asm__ volatile("sei");
  while (toggles < 10) {
  }
  __asm__ volatile("cli");
  finish();
  return 0;
}
