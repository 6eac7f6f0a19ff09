/* An interrupt-driven TWI master for the ATmega328P at 400 kHz in the way Arduino's Wire library
 * works: the TWI interrupt moves the transfer on, the caller waits on a flag in RAM. */
#include <avr/io.h>
#include <avr/interrupt.h>

static volatile const uint8_t *wire_buf;
static volatile uint8_t wire_len, wire_pos, wire_addr, wire_busy;

static void wire_init(void) {
  TWSR = 0;
  TWBR = (F_CPU / 400000UL - 16) / 2;
  sei();
}

ISR(TWI_vect) {
  switch (TWSR & 0xF8) {
    case 0x08: /* START sent */
      TWDR = wire_addr << 1;
      TWCR = (1 << TWINT) | (1 << TWEN) | (1 << TWIE);
      break;
    case 0x18: /* SLA+W ACKed */
    case 0x28: /* data ACKed */
      if (wire_pos < wire_len) {
        TWDR = wire_buf[wire_pos++];
        TWCR = (1 << TWINT) | (1 << TWEN) | (1 << TWIE);
        break;
      }
      /* fall through: done */
    default:
      TWCR = (1 << TWINT) | (1 << TWSTO) | (1 << TWEN);
      wire_busy = 0;
      break;
  }
}

/* Sends len bytes to addr7 and waits for the STOP to be started. */
static void wire_write(uint8_t addr7, const uint8_t *buf, uint8_t len) {
  while (TWCR & (1 << TWSTO)) {}
  wire_addr = addr7;
  wire_buf = buf;
  wire_len = len;
  wire_pos = 0;
  wire_busy = 1;
  TWCR = (1 << TWINT) | (1 << TWSTA) | (1 << TWEN) | (1 << TWIE);
  while (wire_busy) {}
}
