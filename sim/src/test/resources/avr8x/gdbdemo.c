/* Debugged with avr-gdb in GdbServerTest: breakpoints in bump(), a watchpoint on counter, memory
 * in flash/data/EEPROM address spaces. */
#include "regs4809.h"

volatile uint16_t counter;
volatile uint8_t table[4] = {1, 2, 3, 4};

__attribute__((noinline)) static void bump(uint8_t k) {
  counter += k;
}

int main(void) {
  for (uint8_t i = 0; i < 4; i++) bump(table[i]);
  PORTE_DIRSET = 1 << 2;
  while (counter < 1000) {
    counter++;
    PORTE_OUTTGL = 1 << 2;
  }
  return 0;
}
