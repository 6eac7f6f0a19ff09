/* Self-programming: erases, fills and writes one flash page with SPM (avr/boot.h), then reads it
   back with LPM. The code runs from the application section; simulators accept that. */
#include "common.h"
#include <avr/boot.h>
#include <avr/pgmspace.h>
#include <stdint.h>

#define PAGE 0x6000

static void write_page(uint16_t addr, uint16_t seed) {
  boot_page_erase(addr);
  boot_spm_busy_wait();
  for (uint16_t i = 0; i < SPM_PAGESIZE; i += 2) boot_page_fill(addr + i, seed + i * 257);
  boot_page_write(addr);
  boot_spm_busy_wait();
  boot_rww_enable();
}

int main(void) {
  console_init();
  printf("before %02x %02x\n", pgm_read_byte(PAGE), pgm_read_byte(PAGE + SPM_PAGESIZE - 1));
  cli();
  write_page(PAGE, 0x1234);
  uint16_t sum = 0;
  for (uint16_t i = 0; i < SPM_PAGESIZE; i++) sum += pgm_read_byte(PAGE + i);
  printf("after %02x %02x sum %u\n", pgm_read_byte(PAGE), pgm_read_byte(PAGE + SPM_PAGESIZE - 1), sum);
  printf("next page %02x\n", pgm_read_byte(PAGE + SPM_PAGESIZE));
  finish();
  return 0;
}
