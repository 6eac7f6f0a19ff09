/* RTC busy flags against the ATmega4809 data sheet (RTC chapter, clock domains): a write to
 * CTRLA, CNT, PER, CMP or PITCTRLA is synchronised to the 32.768 kHz RTC clock, and its busy
 * flag in STATUS / PITSTATUS stays set meanwhile; firmware polls it. TCB0 counts CPU cycles
 * (CLK_PER, free running) to measure how long each flag stays set. */
#include "common.h"
#define RTC_CTRLA R8(0x0140)
#define RTC_CNT R16(0x0148)
#define RTC_PER R16(0x014A)
#define RTC_CMP R16(0x014C)
#define RTC_PITSTATUS R8(0x0151)
#define TCB0_CNT R16(0x0A8A)

static uint16_t busy(volatile uint8_t *reg, uint8_t mask) {
  uint16_t start = TCB0_CNT;
  uint8_t seen = *reg & mask;
  while (*reg & mask) {}
  return seen ? (uint16_t)(TCB0_CNT - start) : 0;
}

int main(void) {
  console_init();
  TCB0_CCMP = 0xFFFF;
  TCB0_CTRLA = 1;
  RTC_CLKSEL = 0; /* internal 32.768 kHz */
  printf("idle %02x %02x\n", RTC_STATUS, RTC_PITSTATUS);
  RTC_CTRLA = 0x01;
  uint16_t ctrla = busy(&RTC_STATUS, 0x01);
  RTC_CNT = 5;
  uint16_t cnt = busy(&RTC_STATUS, 0x02);
  RTC_PER = 1000;
  uint16_t per = busy(&RTC_STATUS, 0x04);
  RTC_CMP = 500;
  uint16_t cmp = busy(&RTC_STATUS, 0x08);
  RTC_PITCTRLA = 0x09; /* PERIOD CYC4, enabled */
  uint16_t pit = busy(&RTC_PITSTATUS, 0x01);
  printf("busy cycles %u %u %u %u %u\n", ctrla, cnt, per, cmp, pit);
  finish();
  return 0;
}
