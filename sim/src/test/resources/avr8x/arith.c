/* Integer and floating-point arithmetic with fixed-width types: the output is the same on any
 * machine (the test compares it with the host's build of this file). */
#include <stdint.h>
#include <stdio.h>
#ifdef __AVR__
#include "console.h"
#else
static void console_start(void) {}
static void console_flush(void) {}
#endif

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
  volatile int16_t a = -12345, b = 321;
  volatile uint32_t x = 4000000000ul, y = 65537ul;
  volatile int32_t s = -2000000000l;
  printf("i16 %d %d %d %d %d\n", a + b, a - b, (int16_t)(a * b), a / b, a % b);
  printf("u32 %lu %lu %lu %lu\n", (unsigned long)(x + y), (unsigned long)(x / y),
         (unsigned long)(x % y), (unsigned long)(x * y));
  printf("i32 %ld %ld %ld\n", (long)(s / 7), (long)(s % 7), (long)(s >> 3));
  uint64_t f = 1;
  for (uint8_t i = 1; i <= 20; i++) f *= i;
  printf("20! = %lu%09lu\n", (unsigned long)(f / 1000000000ull), (unsigned long)(f % 1000000000ull));
  volatile float u = 3.14159f, v = 2.71828f;
  float w = u * v + u / v;
  printf("float %ld\n", (long)(w * 10000.0f));
  uint8_t buf[64];
  for (uint8_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 37 + 11);
  printf("crc32 %08lx\n", (unsigned long)crc32(buf, sizeof buf));
  printf("done\n");
  console_flush();
  return 0;
}
