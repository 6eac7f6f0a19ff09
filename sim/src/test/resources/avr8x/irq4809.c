/* CPUINT and USART receive on the ATmega4809: a level 0 handler (TCB0) waits inside itself for a
 * level 1 interrupt (TCB1, CPUINT.LVL1VEC), which only works because level 1 preempts level 0
 * and AVRxt keeps SREG.I set in handlers; CPUINT.STATUS is recorded in both. Then the USART3
 * receive interrupt collects a line from the console and main echoes it in upper case. */
#include "common.h"

static volatile uint8_t l0_status, l1_status, l1_count, l0_done, sreg_in_l0;
static volatile char line[32];
static volatile uint8_t len, got_line;

ISR(12) { /* TCB0_INT, level 0 */
  TCB0_INTFLAGS = 1;
  TCB0_CTRLA = 0;
  l0_status = CPUINT_STATUS;
  sreg_in_l0 = R8(0x3F);
  uint8_t before = l1_count;
  while (l1_count == before) {
  }
  l0_done = 1;
}

ISR(13) { /* TCB1_INT, level 1 */
  TCB1_INTFLAGS = 1;
  TCB1_CTRLA = 0;
  l1_status = CPUINT_STATUS;
  l1_count++;
}

ISR(37) { /* USART3_RXC */
  char c = USART3_RXDATAL;
  if (c == '\n') {
    got_line = 1;
  } else if (len < sizeof line - 1) {
    line[len++] = c;
  }
}

int main(void) {
  console_init();
  CPUINT_LVL1VEC = 13;
  TCB0_CCMP = 100;
  TCB0_INTCTRL = 1;
  TCB1_CCMP = 3000;
  TCB1_INTCTRL = 1;
  TCB0_CTRLA = 1;
  TCB1_CTRLA = 1;
  __asm__ volatile("sei");
  while (!l0_done) {
  }
  printf("l0 status %02x sreg.i %d, l1 status %02x, after %02x\n", l0_status, sreg_in_l0 >> 7, l1_status,
         CPUINT_STATUS);
  USART3_CTRLB = 0xC0;  /* RXEN, TXEN */
  USART3_CTRLA = 0x80;  /* RXCIE */
  while (!got_line) {
  }
  for (uint8_t i = 0; i < len; i++) {
    char c = line[i];
    putchar(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  putchar('\n');
  finish();
  return 0;
}
