/* Sorting: qsort from avr-libc, insertion sort and a heap sort over pseudo-random data. */
#include "common.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define N 160
static int16_t a[N], b[N], c[N];

static int cmp(const void *x, const void *y) {
  int16_t p = *(const int16_t *)x, q = *(const int16_t *)y;
  return p < q ? -1 : p > q;
}

static void sift(int16_t *v, int start, int end) {
  int root = start;
  while (2 * root + 1 <= end) {
    int child = 2 * root + 1;
    if (child + 1 <= end && v[child] < v[child + 1]) child++;
    if (v[root] < v[child]) {
      int16_t t = v[root]; v[root] = v[child]; v[child] = t;
      root = child;
    } else return;
  }
}

int main(void) {
  console_init();
  srandom(42);
  for (int i = 0; i < N; i++) a[i] = (int16_t)(random() & 0xFFFF);
  memcpy(b, a, sizeof a);
  memcpy(c, a, sizeof a);
  qsort(a, N, sizeof a[0], cmp);
  for (int i = 1; i < N; i++) {
    int16_t k = b[i];
    int j = i - 1;
    while (j >= 0 && b[j] > k) { b[j + 1] = b[j]; j--; }
    b[j + 1] = k;
  }
  for (int s = N / 2 - 1; s >= 0; s--) sift(c, s, N - 1);
  for (int e = N - 1; e > 0; e--) { int16_t t = c[0]; c[0] = c[e]; c[e] = t; sift(c, 0, e - 1); }
  uint16_t h = 0;
  for (int i = 0; i < N; i++) h = (uint16_t)(h * 31 + (uint16_t)a[i]);
  printf("min %d max %d hash %u\n", a[0], a[N - 1], h);
  printf("same %d %d\n", memcmp(a, b, sizeof a) == 0, memcmp(a, c, sizeof a) == 0);
  for (int i = 0; i < N; i += 32) printf("a[%d]=%d\n", i, a[i]);
  finish();
  return 0;
}
