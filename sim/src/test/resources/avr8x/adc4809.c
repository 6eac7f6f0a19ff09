/* ADC0, VREF and AC0 of the ATmega4809, register level, at 16 MHz: conversion results on the
 * internal channels and on pins the test drives, and conversion times measured with TCB0
 * counting CLK_PER: the CPU sleeps (idle) until the RESRDY interrupt, whose handler reads the
 * count, so every measurement carries the same constant overhead. */
#include "common.h"
#include "periph4809.h"

static volatile uint16_t t_end, result;

ISR(22) { /* ADC0_RESRDY */
  t_end = TCB0_CNT;
  result = ADC0_RES; /* reading RES clears RESRDY */
}

/* One conversion: returns RES; *cycles = TCB0 cycles from STCONV to the interrupt handler. */
static uint16_t convert(uint16_t *cycles) {
  ADC0_INTCTRL = 1;
  SLPCTRL_CTRLA = 1; /* idle */
  uint16_t t_start = TCB0_CNT;
  ADC0_COMMAND = 1;
  __asm__ volatile("sei\n\tsleep\n\tcli");
  ADC0_INTCTRL = 0;
  if (cycles) *cycles = t_end - t_start;
  return result;
}

int main(void) {
  uint16_t c;
  console_init();
  TCB0_CCMP = 0xFFFF;
  TCB0_CTRLA = 1; /* CLK_PER, periodic with TOP 0xFFFF: a free-running cycle counter */

  VREF_CTRLA = 0x01 | (0x01 << 4); /* AC0 1.1 V, ADC0 1.1 V */
  AC0_DACREF = 255;
  ADC0_CTRLC = (1 << 4) | 3;       /* VDD reference, CLK_PER/16 */
  ADC0_CTRLA = 1;                  /* enable, 10 bits */
  ADC0_MUXPOS = 0x1C;              /* DACREF */
  uint16_t dac = convert(&c);
  ADC0_MUXPOS = 0x1F;              /* GND */
  uint16_t gnd = convert(0);
  printf("dacref %u gnd %u\n", dac, gnd);

  /* a pin: PD3 = AIN3, voltage set by the test */
  ADC0_MUXPOS = 3;
  printf("ain3 %u\n", convert(0));

  /* conversion times: each prescaler with SAMPLEN 0, then SAMPLEN 5 and 31 at /4 */
  for (uint8_t p = 0; p < 8; p++) {
    ADC0_CTRLC = (1 << 4) | p;
    convert(&c);
    printf("presc %u cycles %u\n", p, c);
  }
  ADC0_CTRLC = (1 << 4) | 1;
  ADC0_SAMPCTRL = 5;
  convert(&c);
  printf("samplen 5 cycles %u\n", c);
  ADC0_SAMPCTRL = 31;
  convert(&c);
  printf("samplen 31 cycles %u\n", c);
  ADC0_SAMPCTRL = 0;
  ADC0_CTRLD = 3; /* SAMPDLY 3 */
  convert(&c);
  printf("sampdly 3 cycles %u\n", c);
  ADC0_CTRLD = 0;

  /* first conversion after enabling waits INITDLY (DLY16 = 16 CLK_ADC) */
  ADC0_CTRLA = 0;
  ADC0_CTRLD = 1 << 5;
  ADC0_CTRLA = 1;
  convert(&c);
  printf("initdly first %u", c);
  convert(&c);
  printf(" next %u\n", c);
  ADC0_CTRLD = 0;

  /* 8 bits, accumulation of 4 and 64 */
  ADC0_MUXPOS = 0x1C;
  ADC0_CTRLA = 1 | 4;
  printf("8bit %u\n", convert(0));
  ADC0_CTRLA = 1;
  ADC0_CTRLB = 2;
  uint16_t acc4 = convert(&c);
  printf("acc4 %u cycles %u\n", acc4, c);
  ADC0_CTRLB = 6;
  printf("acc64 %u\n", convert(0));
  ADC0_CTRLB = 0;

  /* window compare */
  ADC0_WINLT = 300;
  ADC0_WINHT = 400;
  ADC0_INTFLAGS = 3;
  ADC0_CTRLE = 1; /* BELOW */
  convert(0);
  uint8_t below = ADC0_INTFLAGS & 2;
  ADC0_INTFLAGS = 3;
  ADC0_CTRLE = 2; /* ABOVE */
  convert(0);
  uint8_t above = ADC0_INTFLAGS & 2;
  ADC0_INTFLAGS = 3;
  ADC0_CTRLE = 0;
  printf("window below %u above %u\n", below >> 1, above >> 1);

  /* free running: results in 1000 CLK_PER cycles at /2 (13 x 2 = 26 cycles each) */
  ADC0_CTRLC = (1 << 4) | 0;
  ADC0_CTRLA = 1 | 2;
  uint16_t n = 0;
  ADC0_INTFLAGS = 1;
  uint16_t t0 = TCB0_CNT;
  ADC0_COMMAND = 1;
  while ((uint16_t)(TCB0_CNT - t0) < 1040) {
    if (ADC0_INTFLAGS & 1) {
      ADC0_INTFLAGS = 1;
      n++;
    }
  }
  ADC0_CTRLA = 1;
  while (ADC0_COMMAND & 1) {} /* the conversion under way finishes */
  ADC0_INTFLAGS = 3;
  printf("freerun %u\n", n);

  /* temperature: internal 1.1 V reference, the data sheet's formula with SIGROW */
  ADC0_CTRLC = (0 << 4) | 3 | 0x40; /* INTREF, /16, SAMPCAP */
  ADC0_MUXPOS = 0x1E;
  uint16_t raw = convert(0);
  int8_t offset = (int8_t)SIGROW_TEMPSENSE1;
  uint8_t gain = SIGROW_TEMPSENSE0;
  uint32_t k = raw - offset;
  k *= gain;
  k += 0x80;
  k >>= 8;
  printf("temp %u K\n", (uint16_t)k);

  /* analog comparator: PD2 (AINP0) against DACREF, then against PD3 (AINN0) */
  AC0_DACREF = 255;                /* 1.096 V */
  AC0_MUXCTRLA = (0 << 3) | 3;     /* P0, DACREF */
  AC0_CTRLA = 1;
  uint8_t s1 = (AC0_STATUS >> 4) & 1;
  AC0_DACREF = 128;                /* 0.55 V */
  uint8_t s2 = (AC0_STATUS >> 4) & 1;
  AC0_MUXCTRLA = (0 << 3) | 0;     /* P0, N0 (PD3) */
  uint8_t s3 = (AC0_STATUS >> 4) & 1;
  AC0_MUXCTRLA = 0x80 | (0 << 3) | 0; /* inverted */
  uint8_t s4 = (AC0_STATUS >> 4) & 1;
  printf("ac %u %u %u %u cmp %u\n", s1, s2, s3, s4, AC0_STATUS & 1);
  finish();
  return 0;
}
