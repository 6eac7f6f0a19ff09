/* Every ADC channel with the AVcc, AREF and internal 1.1 V references, then the analog
   comparator: AIN0 (PD6) against the bandgap, and against ADC1 through the multiplexer. The test
   puts the voltages on the pins before the program starts. */
#include "common.h"
#include <stdint.h>

static volatile uint8_t ac_count;
ISR(ANALOG_COMP_vect) { ac_count++; }

static void all(const char *name, uint8_t refs) {
  printf("%s", name);
  for (uint8_t ch = 0; ch < 8; ch++) {
    ADMUX = refs | ch;
    ADCSRA |= _BV(ADSC);
    loop_until_bit_is_clear(ADCSRA, ADSC);
    printf(" %u", ADC);
  }
  printf("\n");
}

int main(void) {
  console_init();
  DIDR0 = 0x3F;
  ADCSRA = _BV(ADEN) | 7;
  all("avcc", _BV(REFS0));
  all("aref", 0);
  all("1v1", _BV(REFS1) | _BV(REFS0));
  /* comparator: AIN0 = PD6 pulled up (5 V) against the 1.1 V bandgap: output 1 */
  PORTD |= _BV(PD6);
  ACSR = _BV(ACBG) | _BV(ACI);
  uint8_t a = (ACSR & _BV(ACO)) != 0;
  /* positive = bandgap, negative = ADC1 (0.5 V) through the multiplexer with the ADC off: 1;
     then ADC5 (4.99 V): 0, a falling edge that requests the interrupt */
  ADCSRA = 0;
  ADCSRB = _BV(ACME);
  ADMUX = 1;
  ACSR = _BV(ACBG) | _BV(ACI) | _BV(ACIS1) | _BV(ACIE);
  sei();
  ADMUX = 5;
  uint8_t b = (ACSR & _BV(ACO)) != 0;
  cli();
  printf("comparator %u %u isr %u\n", a, b, ac_count);
  finish();
  return 0;
}
