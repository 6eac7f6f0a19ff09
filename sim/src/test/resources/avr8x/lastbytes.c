/* Prints one line and ends without waiting for the transmitter: the last bytes are still in the
 * USART's data buffer and shift register when the program stops. END_EXIT (default) returns
 * from main (start-up's "cli; rjmp ."), END_SLEEP sleeps with interrupts off, END_BREAK runs
 * BREAK. */
#include <stdint.h>
#include "console.h"

static uint32_t crc32(const uint8_t *p, uint16_t n) {
  uint32_t c = 0xFFFFFFFFul;
  while (n--) {
    c ^= *p++;
    for (uint8_t k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320ul & (0 - (c & 1)));
  }
  return ~c;
}

int main(void) {
  console_start();
  uint8_t buf[64];
  for (uint8_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 37 + 11);
  printf("arith %08lx\n", (unsigned long)crc32(buf, sizeof buf));
#if defined(END_SLEEP)
  __asm__ volatile("cli");
#if defined(__AVR_ATmega328P__)
  SMCR = 1 << SE; /* idle */
#else
  R8(0x0050) = 0x01; /* SLPCTRL.CTRLA: SEN, idle */
#endif
  __asm__ volatile("sleep");
#elif defined(END_BREAK)
  __asm__ volatile("break");
#endif
  return 0;
}
