/* examples/i2c-rtc.rs in C: a DS1307 read every 50 ms, the date and time printed when the seconds
 * change; a halted clock is set to 2026-01-01 00:00:00; bus errors reported, every wait bounded. */
#include "console.h"

#define DS1307 0x68
enum { OK = 0, NACK = 1, TIMEOUT = 2, BUS = 3 };
#define LOOPS 2000 /* polls before giving up (a few ms) */

#if defined(__AVR_ATmega328P__)
static void twi_init(void) { TWSR = 0; TWBR = (F_CPU / 100000UL - 16) / 2; }
static uint8_t twi_wait(void) {
  for (uint16_t n = 0; n < LOOPS; n++) if (TWCR & (1 << TWINT)) return OK;
  return TIMEOUT;
}
static uint8_t twi_start(uint8_t addr7, uint8_t read) {
  TWCR = (1 << TWINT) | (1 << TWSTA) | (1 << TWEN);
  if (twi_wait()) return TIMEOUT;
  TWDR = (addr7 << 1) | read;
  TWCR = (1 << TWINT) | (1 << TWEN);
  if (twi_wait()) return TIMEOUT;
  uint8_t st = TWSR & 0xF8;
  return st == 0x18 || st == 0x40 ? OK : st == 0x38 ? BUS : NACK;
}
static uint8_t twi_write(uint8_t b) {
  TWDR = b;
  TWCR = (1 << TWINT) | (1 << TWEN);
  if (twi_wait()) return TIMEOUT;
  return (TWSR & 0xF8) == 0x28 ? OK : NACK;
}
static uint8_t twi_read(uint8_t ack, uint8_t *b) {
  TWCR = (1 << TWINT) | (1 << TWEN) | (ack ? (1 << TWEA) : 0);
  if (twi_wait()) return TIMEOUT;
  *b = TWDR;
  return OK;
}
static void twi_stop(void) {
  TWCR = (1 << TWINT) | (1 << TWSTO) | (1 << TWEN);
  for (uint16_t n = 0; n < LOOPS && (TWCR & (1 << TWSTO)); n++) {}
}
#else
/* MSTATUS: RIF 0x80, WIF 0x40, RXACK 0x10, ARBLOST 0x08, BUSERR 0x04, BUSSTATE 1:0 (IDLE = 1) */
static uint8_t first_read;
static void twi_init(void) {
  R8(TWI0_MBAUD) = (F_CPU / 100000UL - 10) / 2;
  R8(TWI0_MCTRLA) = 1;  /* ENABLE */
  R8(TWI0_MSTATUS) = 1; /* bus state IDLE */
}
static uint8_t twi_wait(uint8_t flags) {
  for (uint16_t n = 0; n < LOOPS; n++) {
    uint8_t s = R8(TWI0_MSTATUS);
    if (s & 0x0C) return BUS;
    if (s & flags) return OK;
  }
  return TIMEOUT;
}
static uint8_t twi_start(uint8_t addr7, uint8_t read) {
  R8(TWI0_MADDR) = (addr7 << 1) | read;
  uint8_t e = twi_wait(0xC0);
  if (e) return e;
  first_read = read;
  return R8(TWI0_MSTATUS) & 0x10 ? NACK : OK;
}
static uint8_t twi_write(uint8_t b) {
  R8(TWI0_MDATA) = b;
  uint8_t e = twi_wait(0x40);
  if (e) return e;
  return R8(TWI0_MSTATUS) & 0x10 ? NACK : OK;
}
static uint8_t twi_read(uint8_t ack, uint8_t *b) {
  (void)ack;
  if (!first_read) {
    R8(TWI0_MCTRLB) = 2; /* RECVTRANS, ACKACT = ACK */
    uint8_t e = twi_wait(0x80);
    if (e) return e;
  }
  first_read = 0;
  *b = R8(TWI0_MDATA);
  return OK;
}
static void twi_stop(void) {
  R8(TWI0_MCTRLB) = 4 | 3; /* ACKACT = NACK, STOP */
  for (uint16_t n = 0; n < LOOPS && (R8(TWI0_MSTATUS) & 3) != 1; n++) {}
}
#endif

static uint8_t read_time(uint8_t *t) {
  uint8_t e = twi_start(DS1307, 0);
  if (!e) e = twi_write(0);
  if (!e) e = twi_start(DS1307, 1);
  for (uint8_t i = 0; i < 7 && !e; i++) e = twi_read(i < 6, &t[i]);
  twi_stop();
  return e;
}

static uint8_t set_time(void) {
  static const uint8_t t[8] = {0, 0x00, 0x00, 0x00, 5, 0x01, 0x01, 0x26};
  uint8_t e = twi_start(DS1307, 0);
  for (uint8_t i = 0; i < 8 && !e; i++) e = twi_write(t[i]);
  twi_stop();
  return e;
}

static void report(uint8_t e) {
  put_str("DS1307: ");
  put_str(e == NACK ? "no answer at 0x68" : e == TIMEOUT ? "time-out (SDA or SCL held low?)" : "bus error");
  put_str("\r\n");
}

int main(void) {
  board_init();
  twi_init();
  uint8_t last = 0xFF;
  for (;;) {
    uint8_t t[7];
    uint8_t e = read_time(t);
    if (e) {
      report(e);
      _delay_ms(1000);
    } else if (t[0] & 0x80) {
      put_str("clock halted: setting it\r\n");
      e = set_time();
      if (e) report(e);
    } else if (t[0] != last) {
      last = t[0];
      put_str("20");
      put_hex2(t[6]);
      put('-');
      put_hex2(t[5] & 0x1F);
      put('-');
      put_hex2(t[4] & 0x3F);
      put(' ');
      put_hex2(t[2] & (t[2] & 0x40 ? 0x1F : 0x3F));
      put(':');
      put_hex2(t[1] & 0x7F);
      put(':');
      put_hex2(t[0] & 0x7F);
      if (t[2] & 0x40) put_str(t[2] & 0x20 ? " PM" : " AM");
      put_str("\r\n");
    }
    _delay_ms(50);
  }
}
