/* Flash self-programming through mapped flash: plain stores (ST/STS) to data space 0x4000+
 * load NVMCTRL's page buffer; CTRLA = ERWP after CCP = 0x9D (SPM key) erases and writes the
 * page. Read back through data space and with LPM. */
#include "common.h"

#define CCP R8(0x0034)
#define NVMCTRL_CTRLA 0x1000
#define NVMCTRL_STATUS R8(0x1002)
#define PAGE 128
#define FLASH_OFFSET 0x3000 /* a page well past this program */
#define MAPPED ((volatile uint8_t *)(0x4000 + FLASH_OFFSET))

static void nvm_command(uint8_t cmd) {
  __asm__ volatile("sts 0x0034, %0\n\tsts %2, %1" ::"d"((uint8_t)0x9D), "r"(cmd), "n"(NVMCTRL_CTRLA));
  while (NVMCTRL_STATUS & 1) {} /* FBUSY */
}

static uint8_t lpm(uint16_t addr) {
  uint8_t v;
  __asm__ volatile("lpm %0, Z" : "=r"(v) : "z"(addr));
  return v;
}

int main(void) {
  console_init();
  uint16_t i;
  printf("before %02x %02x\n", MAPPED[0], lpm(FLASH_OFFSET + 1));
  for (i = 0; i < PAGE; i++) MAPPED[i] = (uint8_t)(i * 7 + 3);
  printf("buffered %02x\n", MAPPED[0]); /* the page buffer is not what reads see */
  R8(NVMCTRL_CTRLA) = 3; /* without the SPM key: ignored */
  printf("unkeyed %02x\n", MAPPED[0]);
  nvm_command(3); /* ERWP */
  uint8_t bad = 0;
  for (i = 0; i < PAGE; i++) {
    if (MAPPED[i] != (uint8_t)(i * 7 + 3)) bad++;
    if (lpm(FLASH_OFFSET + i) != (uint8_t)(i * 7 + 3)) bad++;
  }
  printf("written %02x %02x %02x bad %u next %02x\n", MAPPED[0], MAPPED[1], lpm(FLASH_OFFSET + 127), bad,
      MAPPED[PAGE]);
  /* second page write: only the loaded byte changes (WP ANDs, ERWP erases only loaded bytes) */
  MAPPED[5] = 0x0F;
  nvm_command(1); /* WP */
  printf("and %02x %02x\n", MAPPED[5], MAPPED[6]);
  finish();
  return 0;
}
