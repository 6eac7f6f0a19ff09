/* EVSYS with TCB input capture and ADC0 start on the ATmega4809, register level, at 16 MHz:
 * a software strobe captured by TCB0 and TCB1 (their offset), the strobe starting an ADC0
 * conversion whose RESRDY event TCB1 captures (the conversion time through the event system),
 * and a square wave the test drives on PA1 measured by TCB0 (frequency), TCB1 (pulse width) and
 * TCB2 (frequency and pulse width). */
#include "common.h"
#include "periph4809.h"

#define TCB_CTRLA(n) R8(0x0A80 + 16 * (n))
#define TCB_CTRLB(n) R8(0x0A81 + 16 * (n))
#define TCB_EVCTRL(n) R8(0x0A84 + 16 * (n))
#define TCB_INTFLAGS(n) R8(0x0A86 + 16 * (n))
#define TCB_CNT(n) R16(0x0A8A + 16 * (n))
#define TCB_CCMP(n) R16(0x0A8C + 16 * (n))

static void capture_mode(uint8_t n, uint8_t mode, uint8_t channel) {
  TCB_CTRLA(n) = 0;
  TCB_CTRLB(n) = mode;
  TCB_EVCTRL(n) = 1;          /* CAPTEI */
  EVSYS_USERTCB(n) = channel + 1;
  TCB_CNT(n) = 0;
  TCB_CTRLA(n) = 1;           /* CLK_PER */
}

static uint16_t next_capture(uint8_t n) {
  (void)TCB_CCMP(n);          /* reading CCMP clears CAPT */
  while (!(TCB_INTFLAGS(n) & 1)) {}
  return TCB_CCMP(n);
}

int main(void) {
  console_init();
  /* the strobe on channel 1 reaches TCB0 and TCB1 in the same cycle */
  capture_mode(0, 2, 1);
  capture_mode(1, 2, 1);
  EVSYS_STROBE = 1 << 1;
  uint16_t off = TCB_CCMP(1) - TCB_CCMP(0);

  /* the strobe starts ADC0 (STARTEI); RESRDY (channel 2) is captured by TCB1 */
  ADC0_CTRLC = (1 << 4) | 3;  /* VDD, /16 */
  ADC0_MUXPOS = 0x1F;
  ADC0_EVCTRL = 1;
  ADC0_CTRLA = 1;
  EVSYS_CHANNEL(2) = 0x24;    /* ADC0_RESRDY */
  EVSYS_USERTCB(1) = 3;
  EVSYS_USERADC0 = 2;
  EVSYS_STROBE = 1 << 1;
  while (!(ADC0_INTFLAGS & 1)) {}
  uint16_t conv = TCB_CCMP(1) - off - TCB_CCMP(0);
  printf("strobe offset %u adc by event %u cycles\n", off, conv);

  /* PA1 (PORT0_PIN1 on channel 0) */
  EVSYS_CHANNEL(0) = 0x41;
  capture_mode(0, 3, 0);      /* FRQ */
  capture_mode(1, 4, 0);      /* PW */
  capture_mode(2, 5, 0);      /* FRQPW */
  next_capture(0);
  uint16_t period = next_capture(0);
  next_capture(1);
  uint16_t width = next_capture(1);
  next_capture(2);
  (void)TCB_CCMP(2);          /* measure again */
  while (!(TCB_INTFLAGS(2) & 1)) {}
  uint16_t p2 = TCB_CNT(2);   /* the counter stopped at the period */
  uint16_t w2 = TCB_CCMP(2);
  printf("frq %u pw %u frqpw %u %u\n", period, width, p2, w2);
  finish();
  return 0;
}
