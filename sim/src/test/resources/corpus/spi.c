/* SPI, register level. Master (default): MSB first at f/16 polled, a write collision, LSB first
   at f/2 (SPI2X) with the interrupt, mode 3. Prints what came back on MISO. -DSLAVE: the SPI is a
   slave (SS = PB2 driven by the test), answers each byte with the one before plus 1 from its
   interrupt, and prints what the master sent. */
#include "common.h"
#include <stdint.h>

static volatile uint8_t got[8], n;
ISR(SPI_STC_vect) {
  uint8_t b = SPDR;
  got[n++] = b;
#ifdef SLAVE
  SPDR = b + 1;
#endif
}

#ifndef SLAVE
static uint8_t xfer(uint8_t b) {
  SPDR = b;
  loop_until_bit_is_set(SPSR, SPIF);
  return SPDR;
}
#endif

int main(void) {
  console_init();
#ifndef SLAVE
  DDRB = _BV(PB2) | _BV(PB3) | _BV(PB5); /* SS, MOSI, SCK outputs */
  PORTB = _BV(PB2);
  SPCR = _BV(SPE) | _BV(MSTR) | _BV(SPR0); /* f/16, mode 0, MSB first */
  uint8_t a = xfer(0x3C);
  uint8_t b = xfer(0xA5);
  SPDR = 0x11;
  SPDR = 0x22; /* still shifting: WCOL, ignored */
  uint8_t wc = (SPSR & _BV(WCOL)) != 0;
  loop_until_bit_is_set(SPSR, SPIF);
  uint8_t c = SPDR;
  uint8_t wc2 = (SPSR & _BV(WCOL)) != 0;
  SPCR = _BV(SPE) | _BV(MSTR) | _BV(SPIE) | _BV(DORD) | _BV(CPOL) | _BV(CPHA); /* LSB first, mode 3 */
  SPSR = _BV(SPI2X); /* f/2 */
  sei();
  for (uint8_t i = 0; i < 4; i++) {
    uint8_t before = n;
    SPDR = 0x81 + i;
    while (n == before) {
    }
  }
  cli();
  printf("spi sent 7 isr %u\n", n);
  printf("miso %02x %02x %02x %02x %02x %02x %02x wcol %u %u\n", a, b, c, got[0], got[1], got[2], got[3], wc, wc2);
#else
  DDRB = _BV(PB4); /* MISO output */
  SPDR = 0x50;
  SPCR = _BV(SPE) | _BV(SPIE);
  sei();
  while (n < 3) {
  }
  cli();
  printf("slave got %02x %02x %02x\n", got[0], got[1], got[2]);
#endif
  finish();
  return 0;
}
