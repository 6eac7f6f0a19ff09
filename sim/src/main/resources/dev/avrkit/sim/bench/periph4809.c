/* avrkit bench sim --program periph4809: ADC0 conversions and TWI0 transfers back to back on the
 * ATmega4809 at 16 MHz, register level (avr-libc has no ATmega4809 header). Each round converts
 * DACREF and GND, writes two bytes to the register device the benchmark attaches at 0x50 and reads
 * them back (repeated START) at 1 MHz SCL. Prints a checksum, then sleeps with interrupts off. */
#include <stdint.h>
#define R8(a) (*(volatile uint8_t *)(a))
#define R16(a) (*(volatile uint16_t *)(a))

#ifndef ROUNDS
#define ROUNDS 20000UL
#endif

static void put(char c) {
  while (!(R8(0x0864) & 0x20)) {} /* USART3.STATUS.DREIF */
  R8(0x0862) = c;                 /* USART3.TXDATAL */
}

static void puthex(uint16_t v) {
  for (int8_t s = 12; s >= 0; s -= 4) put("0123456789abcdef"[(v >> s) & 15]);
}

static void wait(uint8_t flag) {
  while (!(R8(0x08A5) & flag)) {} /* TWI0.MSTATUS */
}

int main(void) {
  __asm__ volatile("sts 0x0034, %0\n\tsts 0x0061, __zero_reg__" ::"d"((uint8_t)0xD8)); /* 16 MHz */
  R8(0x05E2) = 0x40;              /* USART3 on PB4/PB5 */
  R8(0x0421) = 1 << 4;
  R16(0x0868) = (uint16_t)(16000000UL * 4 / 115200);
  R8(0x0866) = 0x40;              /* TXEN */

  R8(0x00A0) = 0x01;              /* VREF: AC0 1.1 V */
  R8(0x0684) = 255;               /* AC0.DACREF */
  R8(0x0602) = (1 << 4) | 0;      /* ADC0: VDD reference, CLK_PER/2 */
  R8(0x0600) = 1;
  R8(0x08A6) = 3;                 /* TWI0.MBAUD: 1 MHz */
  R8(0x08A0) = 2;                 /* FMPEN */
  R8(0x08A3) = 1;                 /* MCTRLA: ENABLE */
  R8(0x08A5) = 1;                 /* bus IDLE */

  uint16_t sum = 0, data = 0;
  for (uint32_t r = 0; r < ROUNDS; r++) {
    R8(0x0606) = (r & 1) ? 0x1F : 0x1C; /* GND / DACREF */
    R8(0x0608) = 1;
    while (!(R8(0x060B) & 1)) {}
    sum += R16(0x0610);

    R8(0x08A7) = 0x50 << 1;
    wait(0x40);
    R8(0x08A8) = (uint8_t)r;
    wait(0x40);
    R8(0x08A8) = (uint8_t)(r >> 8);
    wait(0x40);
    R8(0x08A8) = (uint8_t)(sum);
    wait(0x40);
    R8(0x08A7) = (0x50 << 1) | 1;
    wait(0x80);
    data += R8(0x08A8);
    R8(0x08A4) = 2;               /* RECVTRANS, ACK */
    wait(0x80);
    data += R8(0x08A8);
    R8(0x08A4) = 4 | 3;           /* NACK, STOP */
    while ((R8(0x08A5) & 3) != 1) {}
  }
  put('p'); put('e'); put('r'); put('i'); put('p'); put('h'); put(' ');
  puthex(sum); put(' '); puthex(data); put('\n');
  R8(0x0864) = 0x40;              /* wait for the last byte */
  while (!(R8(0x0864) & 0x40)) {}
  __asm__ volatile("cli");
  R8(0x0050) = 1;
  __asm__ volatile("sleep");
  return 0;
}
