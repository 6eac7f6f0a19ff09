/* Measures code with TIMER1 at full clock: the counts are cycle counts. */
#include "common.h"
#include <stdint.h>
#include <string.h>
#include <util/crc16.h>

static volatile uint8_t sink8;
static volatile uint32_t sink32;
static uint8_t buf[64];

static uint16_t measure_loop(void) {
  uint16_t t = TCNT1;
  for (uint8_t i = 0; i < 100; i++) sink8 = i;
  return TCNT1 - t;
}

static uint16_t measure_mul(void) {
  uint32_t x = sink32;
  uint16_t t = TCNT1;
  for (uint8_t i = 0; i < 20; i++) x = x * 2654435761UL + i;
  uint16_t d = TCNT1 - t;
  sink32 = x;
  return d;
}

static uint16_t measure_div(void) {
  uint32_t x = 0xFFFFFFF0UL;
  uint16_t t = TCNT1;
  for (uint8_t i = 1; i < 10; i++) x = x / i + 77;
  uint16_t d = TCNT1 - t;
  sink32 = x;
  return d;
}

static uint16_t measure_crc(void) {
  uint16_t crc = 0xFFFF;
  uint16_t t = TCNT1;
  for (uint8_t i = 0; i < sizeof buf; i++) crc = _crc16_update(crc, buf[i]);
  uint16_t d = TCNT1 - t;
  sink32 = crc;
  return d;
}

static uint16_t measure_memcpy(void) {
  static uint8_t dst[64];
  uint16_t t = TCNT1;
  memcpy(dst, buf, sizeof buf);
  return TCNT1 - t;
}

int main(void) {
  console_init();
  for (uint8_t i = 0; i < sizeof buf; i++) buf[i] = i * 7;
  TCCR1A = 0;
  TCCR1B = _BV(CS10);
  printf("loop %u\n", measure_loop());
  printf("mul %u\n", measure_mul());
  printf("div %u\n", measure_div());
  printf("crc %u\n", measure_crc());
  printf("memcpy %u\n", measure_memcpy());
  finish();
  return 0;
}
