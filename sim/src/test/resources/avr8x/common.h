/* The ATmega4809 stand-in for the 328P corpus's common.h (sim/src/test/resources/corpus): the
 * same console_init()/finish() on USART3 (Nano Every USB serial: PORTMUX ALT1, PB4) at 16 MHz,
 * so the corpus's portable programs build unchanged for the 4809. */
#include <stdint.h>
#include <stdio.h>
#include "regs4809.h"

static int console_putchar(char c, FILE *s) {
  (void)s;
  while (!(USART3_STATUS & 0x20)) {}
  USART3_TXDATAL = c;
  return 0;
}

static FILE console = FDEV_SETUP_STREAM(console_putchar, NULL, _FDEV_SETUP_WRITE);

static void console_init(void) {
  clock_16mhz();
  PORTMUX_USARTROUTEA = 0x40;
  PORTB_DIRSET = 1 << 4;
  USART3_BAUD = (uint16_t)(16000000UL * 4 / 111111); /* 111111 baud like the corpus */
  USART3_CTRLB = 0x40;
  stdout = &console;
}

/* Waits for the last byte to leave, then sleeps with interrupts off: simulators stop here. */
static void finish(void) {
  printf("done\n");
  USART3_STATUS = 0x40;
  while (!(USART3_STATUS & 0x40)) {}
  __asm__ volatile("cli");
  SLPCTRL_CTRLA = 1; /* SEN, idle */
  __asm__ volatile("sleep");
}
