/* analogWrite(6, 64) in C: Timer0 fast PWM on OC0A (Uno pin 6), 976 Hz, duty 64/256. */
#include <avr/io.h>
#include <avr/interrupt.h>
int main(void) {
  DDRD |= 1 << 6;
  OCR0A = 63;
  TCCR0A = (1 << COM0A1) | (1 << WGM01) | (1 << WGM00);
  TCCR0B = (1 << CS01) | (1 << CS00);
  sei(); /* a loop with interrupts off would end the simulation */
  for (;;) {}
}
