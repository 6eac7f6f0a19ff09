/* A blocking TWI (I2C) master for the ATmega328P at 400 kHz, as Arduino's Wire does it. */
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
