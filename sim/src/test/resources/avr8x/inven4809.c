/* PINnCTRL against the ATmega4809 data sheet (PORT chapter): INVEN inverts a pin's output and
 * its input (an output pin's IN reads OUT again); ISC = INPUT_DISABLE stops the input
 * synchroniser, so IN keeps its last value whatever the pin does. The test watches PA0. */
#include "common.h"
#define PORTA_DIR R8(0x0400)
#define PORTA_OUT R8(0x0404)
#define PORTA_IN R8(0x0408)
#define PORTA_PINCTRL(n) R8(0x0410 + (n))

int main(void) {
  console_init();
  PORTA_PINCTRL(0) = 0x80; /* INVEN */
  PORTA_DIR = 0x01;        /* PA0 output, OUT = 0: the pin goes high */
  printf("out0 in %d\n", PORTA_IN & 1);
  PORTA_OUT = 0x01; /* the pin goes low */
  printf("out1 in %d\n", PORTA_IN & 1);
  PORTA_OUT = 0x00;
  PORTA_PINCTRL(1) = 0x88; /* PA1 input, pull-up, INVEN */
  printf("pullup inverted in %d\n", (PORTA_IN >> 1) & 1);
  PORTA_PINCTRL(2) = 0x08; /* PA2 input, pull-up: reads 1 */
  printf("pullup in %d\n", (PORTA_IN >> 2) & 1);
  PORTA_PINCTRL(2) = 0x0C; /* + INPUT_DISABLE */
  PORTA_PINCTRL(2) = 0x04; /* pull-up off: the pin floats, IN keeps 1 */
  printf("disabled in %d\n", (PORTA_IN >> 2) & 1);
  PORTA_PINCTRL(2) = 0x00; /* input on again: the floating pin reads 0 */
  printf("enabled in %d\n", (PORTA_IN >> 2) & 1);
  finish();
  return 0;
}
