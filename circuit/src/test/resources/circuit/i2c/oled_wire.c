/* The SSD1306 test picture sent as Adafruit_SSD1306 does through Wire (interrupt-driven TWI at
 * 400 kHz): frames of 1024 bytes in 32-byte chunks, counting frames. The speed bench's firmware. */
#include "board.h"
#include "wire.h"

static const uint8_t init_cmds[] = {0x00, 0xAE, 0xD5, 0x80, 0xA8, 0x3F, 0xD3, 0x00, 0x40, 0x8D, 0x14, 0x20, 0x00,
  0xA0, 0xC0, 0xDA, 0x12, 0x81, 0xCF, 0xD9, 0xF1, 0xDB, 0x40, 0xA4, 0xA6, 0x2E, 0xAF};
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
