/* TWI master, register level, polled. Without -DDEVICE it addresses a device nobody answers
   (what simavr can run from the command line): START, SLA+W NACK, repeated START, SLA+R NACK,
   STOP, START, SLA+W, a data byte NACK, STOP. With -DDEVICE (avrkit, the test attaches a 24C-like
   memory at 0x50) it writes three bytes at memory address 0x10 and reads them back with a
   repeated START. -DFAST uses 400 kHz instead of 100 kHz. With -DBUSERR the test's device at 0x50
   puts a STOP into the frame when it gets the first data byte: status 0x00 (bus error), then the
   recovery the data sheet gives (TWSTO with TWINT: no STOP on the bus, TWSTO cleared, status
   0xF8) and a transfer that works again. */
#include "common.h"
#include <stdint.h>

static uint8_t wait(void) {
  loop_until_bit_is_set(TWCR, TWINT);
  return TWSR & 0xF8;
}

static uint8_t start(void) {
  TWCR = _BV(TWINT) | _BV(TWSTA) | _BV(TWEN);
  return wait();
}

static uint8_t send(uint8_t b) {
  TWDR = b;
  TWCR = _BV(TWINT) | _BV(TWEN);
  return wait();
}

static uint8_t receive(uint8_t ack, uint8_t *b) {
  TWCR = _BV(TWINT) | _BV(TWEN) | (ack ? _BV(TWEA) : 0);
  uint8_t s = wait();
  *b = TWDR;
  return s;
}

static void stop(void) {
  TWCR = _BV(TWINT) | _BV(TWSTO) | _BV(TWEN);
  loop_until_bit_is_clear(TWCR, TWSTO);
}

int main(void) {
  console_init();
#ifdef FAST
  TWBR = 12; /* 16 MHz / (16 + 2 * 12) = 400 kHz */
#else
  TWBR = 72; /* 16 MHz / (16 + 2 * 72) = 100 kHz */
#endif
  TWSR = 0;
#if defined(BUSERR)
  uint8_t a = start();
  uint8_t b = send(0x50 << 1);
  uint8_t c = send(0x10);
  uint8_t cr = TWCR & (_BV(TWINT) | _BV(TWSTO));
  TWCR = _BV(TWINT) | _BV(TWSTO) | _BV(TWEN);
  uint8_t d = TWCR & _BV(TWSTO);
  uint8_t e = TWSR & 0xF8;
  uint8_t f = start();
  uint8_t g = send(0x50 << 1);
  uint8_t h = send(0x11);
  stop();
  printf("buserr %02x %02x %02x %02x %02x %02x %02x %02x %02x\n", a, b, c, cr, d, e, f, g, h);
#elif !defined(DEVICE)
  uint8_t a = start();
  uint8_t b = send(0x77 << 1);
  uint8_t c = start();
  uint8_t d = send(0x77 << 1 | 1);
  stop();
  uint8_t e = start();
  uint8_t f = send(0x77 << 1);
  uint8_t g = send(0x42);
  stop();
  printf("twi %02x %02x %02x %02x %02x %02x %02x\n", a, b, c, d, e, f, g);
#else
  uint8_t s[12], r[3];
  s[0] = start();
  s[1] = send(0x50 << 1);
  s[2] = send(0x10);
  s[3] = send(0xA5);
  s[4] = send(0x5A);
  s[5] = send(0xC3);
  stop();
  s[6] = start();
  s[7] = send(0x50 << 1);
  s[8] = send(0x10);
  s[9] = start();
  s[10] = send(0x50 << 1 | 1);
  s[11] = receive(1, &r[0]);
  receive(1, &r[1]);
  uint8_t last = receive(0, &r[2]);
  stop();
  printf("status");
  for (uint8_t i = 0; i < 12; i++) printf(" %02x", s[i]);
  printf(" %02x\nread %02x %02x %02x\n", last, r[0], r[1], r[2]);
#endif
  finish();
  return 0;
}
