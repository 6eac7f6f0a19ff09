/* A blocking TWI (I2C) master at 400 kHz, as Arduino's Wire does it: the ATmega328P's TWI, or the
 * ATmega4809's TWI0 (Nano Every: SDA/SCL on PA2/PA3, wired to the header's A4/A5). */
#if defined(__AVR_ATmega328P__)
#include <avr/io.h>

static void twi_init(void) { TWSR = 0; TWBR = (F_CPU / 400000UL - 16) / 2; }
static void twi_wait(void) { while (!(TWCR & (1 << TWINT))) {} }
/* START + address byte; returns 1 on ACK */
static uint8_t twi_start(uint8_t addr7, uint8_t read) {
  TWCR = (1 << TWINT) | (1 << TWSTA) | (1 << TWEN);
  twi_wait();
  TWDR = (addr7 << 1) | read;
  TWCR = (1 << TWINT) | (1 << TWEN);
  twi_wait();
  uint8_t st = TWSR & 0xF8;
  return st == 0x18 || st == 0x40;
}
static void twi_write(uint8_t b) { TWDR = b; TWCR = (1 << TWINT) | (1 << TWEN); twi_wait(); }
static uint8_t twi_read(uint8_t ack) {
  TWCR = (1 << TWINT) | (1 << TWEN) | (ack ? (1 << TWEA) : 0);
  twi_wait();
  return TWDR;
}
static void twi_stop(void) { TWCR = (1 << TWINT) | (1 << TWSTO) | (1 << TWEN); while (TWCR & (1 << TWSTO)) {} }
#else
#define TWI0_MCTRLA R8(0x08A3)
#define TWI0_MCTRLB R8(0x08A4)
#define TWI0_MSTATUS R8(0x08A5)
#define TWI0_MBAUD R8(0x08A6)
#define TWI0_MADDR R8(0x08A7)
#define TWI0_MDATA R8(0x08A8)
/* MSTATUS: RIF 0x80, WIF 0x40, RXACK 0x10, ARBLOST 0x08, BUSERR 0x04, BUSSTATE 1:0 (IDLE = 1) */
static uint8_t twi_first_read;
static void twi_init(void) {
  TWI0_MBAUD = (F_CPU / 400000UL - 10) / 2;
  TWI0_MCTRLA = 1;   /* ENABLE */
  TWI0_MSTATUS = 1;  /* bus state IDLE */
}
static void twi_wait(uint8_t flags) { while (!(TWI0_MSTATUS & (flags | 0x0C))) {} }
/* START (or repeated START) + address byte; returns 1 on ACK. After a read address the chip has
 * already clocked in the first byte. */
static uint8_t twi_start(uint8_t addr7, uint8_t read) {
  TWI0_MADDR = (addr7 << 1) | read;
  twi_wait(0xC0);
  twi_first_read = read;
  return !(TWI0_MSTATUS & 0x10);
}
static void twi_write(uint8_t b) { TWI0_MDATA = b; twi_wait(0x40); }
/* the next byte; the ACK of the one before goes out with the command that clocks this one in */
static uint8_t twi_read(uint8_t ack) {
  (void)ack;
  if (!twi_first_read) {
    TWI0_MCTRLB = 2;  /* RECVTRANS, ACKACT = ACK */
    twi_wait(0x80);
  }
  twi_first_read = 0;
  return TWI0_MDATA;
}
static void twi_stop(void) {
  TWI0_MCTRLB = 4 | 3;  /* ACKACT = NACK, STOP */
  while ((TWI0_MSTATUS & 3) != 1) {}
}
#endif
