/* Wokwi's button example rewritten in C: the LED follows the button (D2 to GND, internal
 * pull-up); each debounced change is printed, and so is the number of raw edges seen while
 * the contact settled (bouncing). */
#include "board.h"

int main(void) {
  console_start();
  led_init();
  button_init();
  printf("ready\n");
  uint8_t state = 0;
  for (;;) {
    uint8_t now = button_down();
    if (now != state) {
      /* count raw changes for 20 ms, then take the settled level */
      uint16_t edges = 0;
      uint8_t last = now;
      for (uint16_t i = 0; i < 2000; i++) {
        uint8_t b = button_down();
        if (b != last) { edges++; last = b; }
        _delay_us(10);
      }
      state = button_down();
      led_set(state);
      printf("%s (%u bounces)\n", state ? "pressed" : "released", edges);
    }
  }
}
