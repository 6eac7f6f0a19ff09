/* A DS1307 at 0x68: print the time (BCD registers 0..2) whenever the seconds change. */
#include "board.h"
#include "twi.h"

int main(void) {
  console_start();
  twi_init();
  uint8_t last = 0xFF;
  for (;;) {
    twi_start(0x68, 0);
    twi_write(0);
    twi_start(0x68, 1);
    uint8_t s = twi_read(1), m = twi_read(1), h = twi_read(0);
    twi_stop();
    if (s != last) {
      printf("%02x:%02x:%02x\n", h, m, s);
      last = s;
    }
    _delay_ms(50);
  }
}
