/* TWI slave at address 0x42, polled: records seven status codes and the bytes received, answers
   reads with 0x5A then 0xA5. The test is the bus master. -DBUS instead exercises the master on a
   troubled bus: a START while a device holds SDA low waits (bus busy), then, with PB0 as the
   signal to the test, loses arbitration when SDA is held low during the address byte. */
#include "common.h"
#include <stdint.h>

int main(void) {
  console_init();
#ifndef BUS
  uint8_t st[7], rx[2], nrx = 0;
  TWAR = 0x42 << 1;
  TWCR = _BV(TWEA) | _BV(TWEN);
  for (uint8_t i = 0; i < 7; i++) {
    loop_until_bit_is_set(TWCR, TWINT);
    uint8_t s = TWSR & 0xF8;
    st[i] = s;
    if (s == 0x80 && nrx < 2) rx[nrx++] = TWDR;
    if (s == 0xA8) TWDR = 0x5A;
    if (s == 0xB8) TWDR = 0xA5;
    TWCR = _BV(TWINT) | _BV(TWEA) | _BV(TWEN);
  }
  printf("slave");
  for (uint8_t i = 0; i < 7; i++) printf(" %02x", st[i]);
  printf(" got %02x %02x\n", rx[0], rx[1]);
#else
  DDRB = _BV(PB0);
  TWBR = 72;
  TWCR = _BV(TWINT) | _BV(TWSTA) | _BV(TWEN);
  uint16_t n = 0;
  while (!(TWCR & _BV(TWINT)) && n < 5000) n++;
  printf("busy %u\n", n == 5000);
  loop_until_bit_is_set(TWCR, TWINT); /* the test releases SDA */
  uint8_t a = TWSR & 0xF8;
  TWDR = 0x77 << 1;
  PORTB = _BV(PB0); /* the test holds SDA low now */
  TWCR = _BV(TWINT) | _BV(TWEN);
  loop_until_bit_is_set(TWCR, TWINT);
  uint8_t b = TWSR & 0xF8;
  printf("start %02x address %02x\n", a, b);
#endif
  finish();
  return 0;
}
