/* Sorting: quicksort (recursive) and insertion sort over pseudo-random 16-bit values; prints a
 * checksum and samples. Output is machine-independent (compared with the host build). */
#include <stdint.h>
#include <stdio.h>
#ifdef __AVR__
#include "console.h"
#else
static void console_start(void) {}
static void console_flush(void) {}
#endif

#define N 300
static uint16_t data[N], copy[N];
static uint32_t seed = 12345;

static uint16_t rnd(void) {
  seed = seed * 1103515245ul + 12345ul;
  return (uint16_t)(seed >> 16);
}

static void quick(uint16_t *v, int16_t lo, int16_t hi) {
  while (lo < hi) {
    uint16_t p = v[(lo + hi) / 2];
    int16_t i = lo, j = hi;
    while (i <= j) {
      while (v[i] < p) i++;
      while (v[j] > p) j--;
      if (i <= j) {
        uint16_t t = v[i];
        v[i++] = v[j];
        v[j--] = t;
      }
    }
    if (j - lo < hi - i) {
      quick(v, lo, j);
      lo = i;
    } else {
      quick(v, i, hi);
      hi = j;
    }
  }
}

static void insertion(uint16_t *v, int16_t n) {
  for (int16_t i = 1; i < n; i++) {
    uint16_t x = v[i];
    int16_t j = i - 1;
    while (j >= 0 && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

int main(void) {
  console_start();
  for (int16_t i = 0; i < N; i++) copy[i] = data[i] = rnd();
  quick(data, 0, N - 1);
  insertion(copy, N);
  uint32_t sum = 0;
  uint8_t ok = 1;
  for (int16_t i = 0; i < N; i++) {
    sum = sum * 31 + data[i];
    if (data[i] != copy[i] || (i > 0 && data[i - 1] > data[i])) ok = 0;
  }
  printf("sorted %s sum %08lx\n", ok ? "yes" : "no", (unsigned long)sum);
  printf("min %u median %u max %u\n", data[0], data[N / 2], data[N - 1]);
  console_flush();
  return 0;
}
