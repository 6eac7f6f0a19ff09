/* TCB 8-bit PWM mode against the ATmega4809 data sheet (TCB chapter): CCMPL is the period,
 * CCMPH the duty cycle; with CTRLB.CCMPEN the waveform appears on WO: TCB0 on PA2 (default
 * route) at CLK_PER, TCB1 on PF5 (PORTMUX.TCBROUTEA.TCB1 = alternative) at CLK_PER / 2. The
 * CPU keeps running a loop meanwhile. */
#include "common.h"
#define PORTA_DIRSET R8(0x0401)
#define PORTF_DIRSET R8(0x04A1)
#define PORTMUX_TCBROUTEA R8(0x05E5)
#define TCB1_CTRLB R8(0x0A91)

int main(void) {
  console_init();
  PORTA_DIRSET = 1 << 2;
  PORTF_DIRSET = 1 << 5;
  PORTMUX_TCBROUTEA = 0x02; /* TCB1 on its alternative pin PF5 */
  TCB0_CCMP = (30 << 8) | 99;
  TCB0_CTRLB = 0x10 | 0x07; /* CCMPEN, PWM8 */
  TCB1_CCMP = (10 << 8) | 49;
  TCB1_CTRLB = 0x10 | 0x07;
  TCB1_CTRLA = 0x03; /* CLK_PER / 2, enabled */
  TCB0_CTRLA = 0x01; /* CLK_PER, enabled */
  volatile uint16_t n = 0;
  for (uint16_t i = 0; i < 2000; i++) n += i; /* the CPU is busy for a while */
  TCB0_CTRLB = 0x07; /* CCMPEN off: the pin is PORT's again (OUT = 0) */
  TCB1_CTRLB = 0x07;
  printf("pwm ran\n");
  finish();
  return 0;
}
