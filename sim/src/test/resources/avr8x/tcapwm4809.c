/* TCA0 waveform edges against the ATmega4809 data sheet (TCA chapter) while the CPU runs a loop
 * of 1- and 2-cycle instructions: single-slope PWM with PER = 99, CMP0 = 25 on WO0 (PA0) is high
 * for 25 of every 100 cycles; split mode with LPER = 99, LCMP0 = 25 on WO0 and HPER = 49,
 * HCMP0 = 10 on WO3 (PA3): the down-counters set WOn at the match and clear it when they reload,
 * CMP + 1 of PER + 1 cycles. The test reads the edges' cycles from the pins. */
#include "common.h"
#define PORTA_DIRSET R8(0x0401)
#define TCA0_CTRLB R8(0x0A01)
#define TCA0_CTRLD R8(0x0A03)
#define TCA0_CTRLESET R8(0x0A05)
#define TCA0_CMP0 R16(0x0A28)
#define TCA0_LPER R8(0x0A26)
#define TCA0_HPER R8(0x0A27)
#define TCA0_LCMP0 R8(0x0A28)
#define TCA0_HCMP0 R8(0x0A29)
#define TCA0_LCNT R8(0x0A20)
#define TCA0_HCNT R8(0x0A21)
#define GPIOR0 R8(0x001C)

static void busy(uint16_t n) {
  for (uint16_t i = 0; i < n; i++) GPIOR0 += (uint8_t)i; /* mixed 1- and 2-cycle instructions */
}

int main(void) {
  console_init();
  PORTA_DIRSET = 0x09; /* PA0 = WO0, PA3 = WO3 */
  TCA0_PER = 99;
  TCA0_CMP0 = 25;
  TCA0_CTRLB = 0x10 | 0x03; /* CMP0EN, single-slope PWM */
  TCA0_CTRLA = 0x01;        /* CLK_PER, enabled */
  busy(1500);
  TCA0_CTRLA = 0;
  TCA0_CTRLB = 0;
  TCA0_CTRLESET = 0x0C; /* RESET command (timer off) */
  PORTA_DIRSET = 0x09;
  TCA0_CTRLD = 0x01;    /* split mode */
  TCA0_LPER = 99;
  TCA0_HPER = 49;
  TCA0_LCMP0 = 25;
  TCA0_HCMP0 = 10;
  TCA0_LCNT = 99;
  TCA0_HCNT = 49;
  TCA0_CTRLB = 0x01 | 0x10; /* LCMP0EN, HCMP0EN */
  TCA0_CTRLA = 0x01;
  busy(1500);
  TCA0_CTRLA = 0;
  printf("tca ran\n");
  finish();
  return 0;
}
