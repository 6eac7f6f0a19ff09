/* TWI0 of the ATmega4809, register level, at 16 MHz: master writes and reads (repeated START,
 * ACK/NACK, smart mode) to a device the test attaches to the bus at 0x50, a NACKed address, and
 * the chip's own slave (0x42, interrupt-driven) answering its master on the same bus. MBAUD is
 * given by the test (-DBAUD=...). */
#include "common.h"
#include "periph4809.h"

#define WIF 0x40
#define RIF 0x80
#define RXACK 0x10
#define STOP 3
#define RECVTRANS 2
#define NACK 4

static void wait(uint8_t flag) {
  while (!(TWI0_MSTATUS & (flag | 0x0C))) {}
}

static volatile uint8_t srx[4], stx[2] = {0x5A, 0xA5};
static volatile uint8_t nrx, ntx, stops;

ISR(14) { /* TWI0_TWIS */
  uint8_t s = TWI0_SSTATUS;
  if (s & 0x40) {          /* APIF */
    if (s & 0x01) {        /* address */
      ntx = 0;
      TWI0_SCTRLB = 3;     /* RESPONSE: ACK */
    } else {               /* STOP */
      stops++;
      TWI0_SCTRLB = 2;     /* COMPTRANS */
    }
  } else if (s & 0x80) {   /* DIF */
    if (s & 0x02) {        /* master reads */
      TWI0_SDATA = stx[ntx++ & 1];
    } else {
      srx[nrx++ & 3] = TWI0_SDATA;
    }
    TWI0_SCTRLB = 3;
  }
}

int main(void) {
  console_init();
  TWI0_MBAUD = BAUD;
#ifdef FMPLUS
  TWI0_CTRLA = 2; /* FMPEN */
#endif
  TWI0_MCTRLA = 1;
  printf("state %u\n", TWI0_MSTATUS & 3);
  TWI0_MSTATUS = 1; /* force IDLE */
  printf("state %u\n", TWI0_MSTATUS & 3);

  /* write register 0x10 = AB CD */
  TWI0_MADDR = 0x50 << 1;
  wait(WIF);
  printf("addr ack %u state %u\n", !(TWI0_MSTATUS & RXACK), TWI0_MSTATUS & 3);
  TWI0_MDATA = 0x10;
  wait(WIF);
  TWI0_MDATA = 0xAB;
  wait(WIF);
  TWI0_MDATA = 0xCD;
  wait(WIF);
  TWI0_MCTRLB = STOP;
  while ((TWI0_MSTATUS & 3) != 1) {}

  /* read it back: register pointer, repeated START, two bytes ACK then NACK + STOP */
  TWI0_MADDR = 0x50 << 1;
  wait(WIF);
  TWI0_MDATA = 0x10;
  wait(WIF);
  TWI0_MADDR = (0x50 << 1) | 1;
  wait(RIF);
  uint8_t d1 = TWI0_MDATA;
  TWI0_MCTRLB = RECVTRANS;
  wait(RIF);
  uint8_t d2 = TWI0_MDATA;
  TWI0_MCTRLB = NACK | STOP;
  while ((TWI0_MSTATUS & 3) != 1) {}
  printf("read %02x %02x\n", d1, d2);

  /* nobody at 0x33 */
  TWI0_MADDR = 0x33 << 1;
  wait(WIF);
  printf("nack %u\n", (TWI0_MSTATUS & RXACK) != 0);
  TWI0_MCTRLB = STOP;
  while ((TWI0_MSTATUS & 3) != 1) {}

  /* smart mode: reading MDATA acknowledges and receives the next byte */
  TWI0_MCTRLA = 1 | 2;
  TWI0_MADDR = 0x50 << 1;
  wait(WIF);
  TWI0_MDATA = 0x10;
  wait(WIF);
  TWI0_MCTRLB = 0;
  TWI0_MADDR = (0x50 << 1) | 1;
  wait(RIF);
  uint8_t s1 = TWI0_MDATA;
  wait(RIF);
  TWI0_MCTRLB = NACK;
  uint8_t s2 = TWI0_MDATA;
  TWI0_MCTRLB = NACK | STOP;
  while ((TWI0_MSTATUS & 3) != 1) {}
  TWI0_MCTRLB = 0;
  TWI0_MCTRLA = 1;
  printf("smart %02x %02x\n", s1, s2);

  /* the chip's own slave at 0x42 */
  TWI0_SADDR = 0x42 << 1;
  TWI0_SCTRLA = 0x80 | 0x40 | 0x20 | 1; /* DIEN APIEN PIEN ENABLE */
  __asm__ volatile("sei");
  TWI0_MADDR = 0x42 << 1;
  wait(WIF);
  uint8_t a1 = !(TWI0_MSTATUS & RXACK);
  TWI0_MDATA = 0x11;
  wait(WIF);
  TWI0_MDATA = 0x22;
  wait(WIF);
  TWI0_MADDR = (0x42 << 1) | 1;
  wait(RIF);
  uint8_t r1 = TWI0_MDATA;
  TWI0_MCTRLB = RECVTRANS;
  wait(RIF);
  uint8_t r2 = TWI0_MDATA;
  TWI0_MCTRLB = NACK | STOP;
  while ((TWI0_MSTATUS & 3) != 1) {}
  __asm__ volatile("cli");
  printf("slave ack %u got %02x %02x sent %02x %02x stops %u\n", a1, srx[0], srx[1], r1, r2, stops);
  finish();
  return 0;
}
