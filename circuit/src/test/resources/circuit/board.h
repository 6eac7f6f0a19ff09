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
