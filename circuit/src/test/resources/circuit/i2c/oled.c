/* An SSD1306 at 0x3C on A4/A5 (Adafruit's initialisation), drawing the test picture (a frame,
 * a filled box, a diagonal) over and over at 400 kHz and counting frames. */
#include "board.h"
#include "twi.h"

static const uint8_t init_cmds[] = {0xAE, 0xD5, 0x80, 0xA8, 0x3F, 0xD3, 0x00, 0x40, 0x8D, 0x14, 0x20, 0x00,
  0xA1, 0xC8, 0xDA, 0x12, 0x81, 0xCF, 0xD9, 0xF1, 0xDB, 0x40, 0xA4, 0xA6, 0x2E, 0xAF};

static uint8_t lit(uint8_t x, uint8_t y) {
  if (x == 0 || y == 0 || x == 127 || y == 63) return 1;
  if (x >= 20 && x < 40 && y >= 10 && y < 30) return 1;
  return x >= 60 && x < 110 && y == x - 50;
}

int main(void) {
  console_start();
  twi_init();
  twi_start(0x3C, 0);
  twi_write(0x00);
  for (uint8_t i = 0; i < sizeof init_cmds; i++) twi_write(init_cmds[i]);
  twi_stop();
  for (uint16_t frame = 1;; frame++) {
    twi_start(0x3C, 0);
    twi_write(0x00);
    twi_write(0x21); twi_write(0); twi_write(127);
    twi_write(0x22); twi_write(0); twi_write(7);
    twi_stop();
    for (uint16_t i = 0; i < 1024; i += 16) {
      twi_start(0x3C, 0);
      twi_write(0x40);
      for (uint8_t j = 0; j < 16; j++) {
        uint8_t x = (i + j) & 127, page = (i + j) >> 7, b = 0;
        for (uint8_t bit = 0; bit < 8; bit++) if (lit(x, page * 8 + bit)) b |= 1 << bit;
        twi_write(b);
      }
      twi_stop();
    }
    printf("frame %u\n", frame);
  }
}
