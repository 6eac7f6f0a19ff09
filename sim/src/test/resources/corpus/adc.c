/* ADC, register level: the bandgap and GND channels with the AVcc (5 V) and internal 1.1 V
   references, a floating input pin, ADLAR, the conversion-complete interrupt, and (only with
   -DTIMING, avrkit only) conversion times in CPU cycles measured with TIMER1, free running and a
   TIMER0 auto trigger. The .mmcu records tell simavr the supply voltages (avrkit takes them from
   the board: 5 V); avrkit ignores the section. */
#include "common.h"
#include <stdint.h>

struct mmcu_long { uint8_t tag, len; uint32_t value; } __attribute__((packed));
#define MMCU_LONG(tag, v) \
  const struct mmcu_long mmcu_##tag __attribute__((section(".mmcu"), used)) = {tag, 4, v}
MMCU_LONG(3, 5000); /* VCC in mV */
MMCU_LONG(4, 5000); /* AVCC */
MMCU_LONG(5, 5000); /* AREF */
const uint8_t mmcu_end[2] __attribute__((section(".mmcu"), used)) = {0, 0};

static volatile uint16_t isr_value;
static volatile uint8_t isr_count;
ISR(ADC_vect) {
  isr_value = ADC;
  isr_count++;
}

static uint16_t convert(uint8_t admux) {
  ADMUX = admux;
  ADCSRA |= _BV(ADSC);
  loop_until_bit_is_clear(ADCSRA, ADSC);
  return ADC;
}

int main(void) {
  console_init();
  ADCSRA = _BV(ADEN) | 7; /* 125 kHz ADC clock */
  /* first the interrupt, while ADIF has never been set */
  ADMUX = _BV(REFS0) | 14;
  ADCSRA |= _BV(ADIE);
  sei();
  ADCSRA |= _BV(ADSC);
  while (!isr_count) {
  }
  cli();
  printf("isr %u value %u adif %u\n", isr_count, isr_value, (ADCSRA & _BV(ADIF)) != 0);
  ADCSRA = _BV(ADEN) | 7;
  uint16_t vbg = convert(_BV(REFS0) | 14);
  uint16_t gnd = convert(_BV(REFS0) | 15);
  uint16_t adc0 = convert(_BV(REFS0) | 0);
  uint16_t vbg11 = convert(_BV(REFS1) | _BV(REFS0) | 14);
  printf("vbg %u gnd %u adc0 %u vbg/1.1V %u\n", vbg, gnd, adc0, vbg11);
  ADMUX = _BV(REFS0) | _BV(ADLAR) | 14;
  ADCSRA |= _BV(ADSC);
  loop_until_bit_is_clear(ADCSRA, ADSC);
  uint8_t low = ADCL; /* ADCL first: it locks the result until ADCH is read */
  uint8_t high = ADCH;
  printf("adlar %u %u adif %u\n", high, low, (ADCSRA & _BV(ADIF)) != 0);
  /* simavr 1.6 does not clear ADIF when a one is written to it, so this part runs without flags */
  ADCSRA = _BV(ADEN) | 7;
#ifdef TIMING
  /* CPU cycles from ADSC to ADIF with /128: first conversion after ADEN, then a normal one */
  TCCR1A = 0;
  TCCR1B = _BV(CS10);
  ADCSRA = 0;
  ADCSRA = _BV(ADEN) | 7;
  TCNT1 = 0;
  ADCSRA |= _BV(ADSC);
  loop_until_bit_is_set(ADCSRA, ADIF);
  uint16_t t_first = TCNT1;
  ADCSRA |= _BV(ADIF);
  TCNT1 = 0;
  ADCSRA |= _BV(ADSC);
  loop_until_bit_is_set(ADCSRA, ADIF);
  uint16_t t_normal = TCNT1;
  ADCSRA |= _BV(ADIF);
  printf("first %u normal %u adif cleared %u\n", t_first, t_normal, (ADCSRA & _BV(ADIF)) != 0);
  /* free running at /16: conversions in 20000 cycles */
  ADCSRB = 0;
  ADCSRA = _BV(ADEN) | _BV(ADATE) | _BV(ADIF) | 4;
  ADCSRA |= _BV(ADSC);
  uint16_t n = 0;
  TCNT1 = 0;
  while (TCNT1 < 20000) {
    if (ADCSRA & _BV(ADIF)) {
      ADCSRA |= _BV(ADIF);
      n++;
    }
  }
  printf("free running %u\n", n);
  /* auto trigger on TIMER0 overflow (/64: every 16384 cycles), the flag cleared each time;
     turning ADATE off lets the running conversion finish */
  ADCSRA = _BV(ADEN) | _BV(ADIF) | 4;
  loop_until_bit_is_clear(ADCSRA, ADSC);
  ADCSRA |= _BV(ADIF);
  ADCSRB = 4;
  ADCSRA = _BV(ADEN) | _BV(ADATE) | _BV(ADIF) | 4;
  TCCR0A = 0;
  TCNT0 = 0;
  TIFR0 = _BV(TOV0);
  TCCR0B = _BV(CS01) | _BV(CS00);
  n = 0;
  uint8_t ovf = 0;
  while (ovf < 5) {
    if (TIFR0 & _BV(TOV0)) {
      TIFR0 = _BV(TOV0);
      ovf++;
    }
    if (ADCSRA & _BV(ADIF)) {
      ADCSRA |= _BV(ADIF);
      n++;
    }
  }
  printf("timer0 triggered %u\n", n);
  /* without clearing TOV0 there is no new rising edge: one conversion only */
  ADCSRA = _BV(ADEN) | _BV(ADATE) | _BV(ADIF) | 4;
  TIFR0 = _BV(TOV0);
  TCNT0 = 0;
  n = 0;
  TCNT1 = 0;
  uint8_t laps = 0;
  while (laps < 5) {
    if (TCNT1 >= 16384) { TCNT1 = 0; laps++; }
    if (ADCSRA & _BV(ADIF)) {
      ADCSRA |= _BV(ADIF);
      n++;
    }
  }
  printf("flag not cleared %u\n", n);
  /* ADC noise reduction sleep starts a conversion; its interrupt wakes the CPU */
  TCCR0B = 0;
  ADMUX = _BV(REFS0) | 14;
  ADCSRA = _BV(ADEN) | _BV(ADIE) | _BV(ADIF) | 7;
  isr_count = 0;
  set_sleep_mode(SLEEP_MODE_ADC);
  sei();
  sleep_mode();
  cli();
  printf("noise reduction isr %u value %u\n", isr_count, isr_value);
#endif
  finish();
  return 0;
}
