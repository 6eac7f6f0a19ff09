/* Wokwi's potentiometer example in C: print analogRead(A0) every 100 ms. */
#include "board.h"

int main(void) {
  console_start();
  for (;;) {
    printf("adc %u\n", analog_read_a0());
    _delay_ms(100);
  }
}
