/* Wokwi's 74HC595 example rewritten in C: DS = D2, SHCP = D3, STCP = D4; shiftOut(LSBFIRST) of
 * a pattern that inverts twice a second. */
#include "board.h"

static void shift_out_lsb_first(uint8_t v) {
  for (uint8_t i = 0; i < 8; i++) {
    d_write(2, v & 1);
    v >>= 1;
    d_write(3, 1);
    d_write(3, 0);
  }
}

int main(void) {
  console_start();
  d234_init();
  uint8_t pattern = 0xAA;
  for (;;) {
    d_write(4, 0);
    shift_out_lsb_first(pattern);
    d_write(4, 1);
    printf("pattern %02x\n", pattern);
    _delay_ms(500);
    pattern = ~pattern;
  }
}
