/* Pins of the test programs on the Arduino Uno (ATmega328P) and Nano Every (ATmega4809):
 * D13 = LED, D2 = button (to GND, internal pull-up). */
#include <stdint.h>
#include <util/delay.h>
#include "console.h"

#if defined(__AVR_ATmega328P__)
#include <avr/io.h>
static void led_init(void) { DDRB |= 1 << 5; }
static void led_set(uint8_t on) { if (on) PORTB |= 1 << 5; else PORTB &= ~(1 << 5); }
static void button_init(void) { PORTD |= 1 << 2; }
static uint8_t button_down(void) { return !(PIND & (1 << 2)); }
#else
#define PORTA_IN R8(0x0408)
#define PORTA_PIN0CTRL R8(0x0410)
#define PORTE_DIRSET_ R8(0x0481)
#define PORTE_OUTSET R8(0x0485)
#define PORTE_OUTCLR R8(0x0486)
static void led_init(void) { PORTE_DIRSET_ = 1 << 2; }
static void led_set(uint8_t on) { if (on) PORTE_OUTSET = 1 << 2; else PORTE_OUTCLR = 1 << 2; }
static void button_init(void) { PORTA_PIN0CTRL = 0x08; /* PULLUPEN */ }
static uint8_t button_down(void) { return !(PORTA_IN & 1); }
#endif

/* D2, D3, D4 as outputs (the shift register's DS, SHCP, STCP) */
#if defined(__AVR_ATmega328P__)
static void d234_init(void) { DDRD |= (1 << 2) | (1 << 3) | (1 << 4); }
static void d_write(uint8_t d, uint8_t v) { if (v) PORTD |= 1 << d; else PORTD &= ~(1 << d); }
#else
#define PORTA_DIRSET R8(0x0401)
#define PORTA_OUTSET R8(0x0405)
#define PORTA_OUTCLR R8(0x0406)
#define PORTF_DIRSET R8(0x04A1)
#define PORTF_OUTSET R8(0x04A5)
#define PORTF_OUTCLR R8(0x04A6)
#define PORTC_DIRSET R8(0x0441)
#define PORTC_OUTSET R8(0x0445)
#define PORTC_OUTCLR R8(0x0446)
static void d234_init(void) { PORTA_DIRSET = 1; PORTF_DIRSET = 1 << 5; PORTC_DIRSET = 1 << 6; }
static void d_write(uint8_t d, uint8_t v) {
  if (d == 2) { if (v) PORTA_OUTSET = 1; else PORTA_OUTCLR = 1; }
  else if (d == 3) { if (v) PORTF_OUTSET = 1 << 5; else PORTF_OUTCLR = 1 << 5; }
  else { if (v) PORTC_OUTSET = 1 << 6; else PORTC_OUTCLR = 1 << 6; }
}
#endif

/* analogRead(A0) with the supply as reference, 10 bits */
#if defined(__AVR_ATmega328P__)
static uint16_t analog_read_a0(void) {
  ADMUX = (1 << REFS0); /* AVcc, ADC0 */
  ADCSRA = (1 << ADEN) | (1 << ADSC) | 7; /* /128 */
  while (ADCSRA & (1 << ADSC)) {}
  return ADC;
}
#else
#define ADC0_CTRLA R8(0x0600)
#define ADC0_CTRLC R8(0x0602)
#define ADC0_MUXPOS R8(0x0606)
#define ADC0_COMMAND R8(0x0608)
#define ADC0_INTFLAGS R8(0x060B)
#define ADC0_RES R16(0x0610)
static uint16_t analog_read_a0(void) {
  ADC0_CTRLC = 0x40 | 0x10 | 0x04; /* SAMPCAP, VDDREF, /32 */
  ADC0_MUXPOS = 3;                 /* A0 = PD3 = AIN3 */
  ADC0_CTRLA = 0x01;               /* enable, 10 bits */
  ADC0_COMMAND = 0x01;
  while (!(ADC0_INTFLAGS & 0x01)) {}
  return ADC0_RES;
}
#endif
