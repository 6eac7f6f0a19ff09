/* A 24C256 at 0x50: count boots in byte 0x0100 (0xFF = erased = 0), with acknowledge polling
 * for the end of the write cycle. */
#include "board.h"
#include "twi.h"

int main(void) {
  console_start();
  twi_init();
  twi_start(0x50, 0);
  twi_write(0x01);
  twi_write(0x00);
  twi_start(0x50, 1);
  uint8_t n = twi_read(0);
  twi_stop();
  if (n == 0xFF) n = 0;
  printf("boot %u\n", n);
  twi_start(0x50, 0);
  twi_write(0x01);
  twi_write(0x00);
  twi_write(n + 1);
  twi_stop();
  uint16_t polls = 0;
  while (!twi_start(0x50, 0)) polls++;
  twi_stop();
  printf("written after %u polls\n", polls);
  for (;;) {}
}
