/* Integer arithmetic of every width the compiler has helpers for. */
#include "common.h"
#include <stdint.h>
#include <stdlib.h>

static volatile uint32_t seed = 12345;

static uint32_t next(void) {
  seed = seed * 1103515245UL + 12345UL;
  return seed >> 8;
}

int main(void) {
  console_init();
  uint32_t sum32 = 0;
  int32_t ssum = 0;
  uint16_t sum16 = 0;
  uint64_t sum64 = 0;
  for (int i = 0; i < 200; i++) {
    uint32_t a = next(), b = next() | 1;
    sum32 += a / b + a % 1000 + (a * b);
    int32_t sa = (int32_t)a - 0x400000, sb = (int32_t)(b & 0xFFF) - 0x800;
    if (sb == 0) sb = 7;
    ssum += sa / sb - sa % sb;
    uint16_t x = (uint16_t)a, y = (uint16_t)b | 1;
    sum16 += x / y + x % y + (uint16_t)(x * y);
    sum64 += (uint64_t)a * b + ((uint64_t)a << 17) / (b | 0x100);
    int8_t c = (int8_t)a, d = (int8_t)(b | 1);
    sum16 += (uint16_t)(c / d) ^ (uint16_t)(c * d);
  }
  printf("u32 %lu\n", (unsigned long)sum32);
  printf("s32 %ld\n", (long)ssum);
  printf("u16 %u\n", sum16);
  printf("u64 %lu %lu\n", (unsigned long)(sum64 >> 32), (unsigned long)sum64);
  printf("abs %d labs %ld\n", abs(-1234), labs(-98765432L));
  ldiv_t q = ldiv(-1000000L, 37L);
  printf("ldiv %ld %ld\n", q.quot, q.rem);
  finish();
  return 0;
}
