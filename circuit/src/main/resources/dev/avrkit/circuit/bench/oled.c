/* avrkit bench circuit: the SSD1306 test picture sent as Adafruit_SSD1306 does through Wire (interrupt-driven TWI at
 * 400 kHz): frames of 1024 bytes in 32-byte chunks, counting frames. The speed bench's firmware. */
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

#include <stdio.h>
static int put(char c, FILE *f) {
  while (!(UCSR0A & (1 << UDRE0))) {}
  UDR0 = c;
  return 0;
}
static FILE out = FDEV_SETUP_STREAM(put, NULL, _FDEV_SETUP_WRITE);
static void console_start(void) {
  UCSR0A = 1 << U2X0;
  UBRR0 = F_CPU / 8 / 115200 - 1;
  UCSR0B = 1 << TXEN0;
  stdout = &out;
}

static const uint8_t init_cmds[] = {0x00, 0xAE, 0xD5, 0x80, 0xA8, 0x3F, 0xD3, 0x00, 0x40, 0x8D, 0x14, 0x20, 0x00,
  0xA1, 0xC8, 0xDA, 0x12, 0x81, 0xCF, 0xD9, 0xF1, 0xDB, 0x40, 0xA4, 0xA6, 0x2E, 0xAF};
static const uint8_t window[] = {0x00, 0x21, 0, 127, 0x22, 0, 7};
static uint8_t frame_buf[1024];
static uint8_t chunk[33];

static uint8_t lit(uint8_t x, uint8_t y) {
  if (x == 0 || y == 0 || x == 127 || y == 63) return 1;
  if (x >= 20 && x < 40 && y >= 10 && y < 30) return 1;
  return x >= 60 && x < 110 && y == x - 50;
}

int main(void) {
  console_start();
  wire_init();
  for (uint16_t i = 0; i < 1024; i++) {
    uint8_t x = i & 127, page = i >> 7, b = 0;
    for (uint8_t bit = 0; bit < 8; bit++) if (lit(x, page * 8 + bit)) b |= 1 << bit;
    frame_buf[i] = b;
  }
  wire_write(0x3C, init_cmds, sizeof init_cmds);
  for (uint16_t frame = 1;; frame++) {
    wire_write(0x3C, window, sizeof window);
    for (uint16_t i = 0; i < 1024; i += 32) {
      chunk[0] = 0x40;
      for (uint8_t j = 0; j < 32; j++) chunk[j + 1] = frame_buf[i + j];
      wire_write(0x3C, chunk, 33);
    }
    printf("frame %u\n", frame);
  }
}
