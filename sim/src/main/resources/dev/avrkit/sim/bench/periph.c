/* avrkit bench sim --program periph: ADC conversions (ADC clock f/4, 52 cycles each) and TWI
   transfers at 400 kHz (START, address, STOP to an address nobody answers) back to back while
   TIMER1 counts ROUNDS overflows (4194304 cycles each), so every simulator runs the same
   simulated time whatever its peripheral timing. The bandgap read against the internal 1.1 V
   reference is 1023 on every simulator; the START status must be 0x08. Prints the result on
   USART0 and stops with a sleep with interrupts off. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include <stdint.h>

#ifndef ROUNDS
#define ROUNDS 2
#endif

static volatile uint16_t overflows;

ISR(TIMER1_OVF_vect) { overflows++; }

static void put(char c) {
  loop_until_bit_is_set(UCSR0A, UDRE0);
  UDR0 = c;
}

static void puts_(const char *s) {
  while (*s) put(*s++);
}

int main(void) {
  UBRR0 = 8;
  UCSR0B = _BV(TXEN0);
  UCSR0C = 3 << UCSZ00;
  ADMUX = _BV(REFS1) | _BV(REFS0) | 14; /* bandgap, internal 1.1 V reference */
  ADCSRA = _BV(ADEN) | 2;
  TWBR = 12;
  TCCR1B = _BV(CS11) | _BV(CS10);
  TIMSK1 = _BV(TOIE1);
  sei();
  uint8_t ok = 1;
  while (overflows < ROUNDS) {
    ADCSRA |= _BV(ADSC);
    TWCR = _BV(TWINT) | _BV(TWSTA) | _BV(TWEN);
    loop_until_bit_is_set(TWCR, TWINT);
    if ((TWSR & 0xF8) != 0x08) ok = 0;
    TWDR = 0x77 << 1;
    TWCR = _BV(TWINT) | _BV(TWEN);
    loop_until_bit_is_set(TWCR, TWINT);
    TWCR = _BV(TWINT) | _BV(TWSTO) | _BV(TWEN);
    loop_until_bit_is_clear(TWCR, TWSTO);
    loop_until_bit_is_clear(ADCSRA, ADSC);
    if (ADC != 1023) ok = 0;
  }
  cli();
  puts_(ok ? "periph adc 1023 twi ok\n" : "periph FAILED\n");
  UCSR0A = _BV(TXC0);
  loop_until_bit_is_set(UCSR0A, TXC0);
  sleep_enable();
  sleep_cpu();
  return 0;
}
