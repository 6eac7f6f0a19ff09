/* SPI0 of the ATmega4809 as master, register level, at 16 MHz, on the Nano Every's route
 * (PORTMUX ALT2: MOSI PE0, MISO PE1, SCK PE2) with a chip select on PE3 for the device the test
 * attaches: transfer times for each prescaler (the CPU sleeps until the SPI interrupt, so the
 * overhead is constant), the four modes, LSB first, a write collision and buffered mode. */
#include "common.h"
#include "periph4809.h"

#define PORTE_DIRSET_ R8(0x0481)
#define PORTE_OUTSET R8(0x0485)
#define PORTE_OUTCLR R8(0x0486)

static volatile uint16_t t_end;
static volatile uint8_t got;

ISR(16) { /* SPI0_INT */
  t_end = TCB0_CNT;
  (void)SPI0_INTFLAGS; /* IF is cleared by reading INTFLAGS, then DATA */
  got = SPI0_DATA;
}

static uint8_t xfer(uint8_t v, uint16_t *cycles) {
  PORTE_OUTCLR = 1 << 3;
  SPI0_INTCTRL = 1;
  SLPCTRL_CTRLA = 1;
  uint16_t t0 = TCB0_CNT;
  SPI0_DATA = v;
  __asm__ volatile("sei\n\tsleep\n\tcli");
  SPI0_INTCTRL = 0;
  PORTE_OUTSET = 1 << 3;
  if (cycles) *cycles = t_end - t0;
  return got;
}

int main(void) {
  uint16_t c;
  console_init();
  TCB0_CCMP = 0xFFFF;
  TCB0_CTRLA = 1;
  PORTMUX_TWISPIROUTEA = 2;             /* SPI0 ALT2: PE0..PE3 */
  PORTE_OUTSET = 1 << 3;
  PORTE_DIRSET_ = (1 << 0) | (1 << 2) | (1 << 3);
  SPI0_CTRLB = 0x04;                    /* SSD, mode 0 */
  for (uint8_t p = 0; p < 4; p++) {
    SPI0_CTRLA = 0x20 | (p << 1) | 1;   /* MASTER, PRESC, ENABLE */
    uint8_t r = xfer(0x40 + p, &c);
    printf("presc %u cycles %u got %02x\n", p, c, r);
  }
  SPI0_CTRLA = 0x20 | 0x10 | 1;         /* CLK2X: /2 */
  xfer(0x50, &c);
  printf("clk2x cycles %u\n", c);
  for (uint8_t mode = 0; mode < 4; mode++) {
    SPI0_CTRLB = 0x04 | mode;
    printf("mode %u got %02x\n", mode, xfer(0x60 + mode, 0));
  }
  SPI0_CTRLB = 0x04;
  SPI0_CTRLA = 0x40 | 0x20 | 1;         /* DORD: LSB first */
  printf("lsb got %02x\n", xfer(0x01, 0));
  SPI0_CTRLA = 0x20 | 1;

  /* a write during a transfer collides */
  PORTE_OUTCLR = 1 << 3;
  SPI0_DATA = 0x71;
  SPI0_DATA = 0x72;
  uint8_t f = SPI0_INTFLAGS;
  while (!(SPI0_INTFLAGS & 0x80)) {}
  uint8_t r = SPI0_DATA;
  PORTE_OUTSET = 1 << 3;
  printf("wrcol %u got %02x after %02x\n", (f >> 6) & 1, r, SPI0_INTFLAGS);

  /* buffered mode: two bytes back to back, then both received */
  SPI0_CTRLB = 0x80 | 0x04;             /* BUFEN, SSD */
  PORTE_OUTCLR = 1 << 3;
  uint8_t dre = SPI0_INTFLAGS & 0x20;
  SPI0_DATA = 0x81;
  SPI0_DATA = 0x82;
  uint8_t full = SPI0_INTFLAGS & 0x20;
  while (!(SPI0_INTFLAGS & 0x40)) {}    /* TXCIF */
  uint8_t b1 = SPI0_DATA, b2 = SPI0_DATA;
  uint8_t empty = SPI0_INTFLAGS & 0x80;
  PORTE_OUTSET = 1 << 3;
  printf("buffered dre %u full %u got %02x %02x rxc %u\n", dre >> 5, full >> 5, b1, b2, empty >> 7);
  finish();
  return 0;
}
