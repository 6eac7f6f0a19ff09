/* avrkit bench sim: CPU-bound CRC-32 (bitwise, reflected 0xEDB88320) over a 256-byte buffer,
   ROUNDS times, with TIMER0 running and its overflow interrupt counting. Prints the CRC on
   USART0 and stops with a sleep with interrupts off (which ends simavr and avrkit alike). */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include <stdint.h>

#ifndef ROUNDS
#define ROUNDS 4
#endif

static uint8_t buf[256];
static volatile uint16_t ticks;

ISR(TIMER0_OVF_vect) { ticks++; }

static void put(char c) {
  loop_until_bit_is_set(UCSR0A, UDRE0);
  UDR0 = c;
}

static void put_hex32(uint32_t v) {
  for (int8_t s = 28; s >= 0; s -= 4) put("0123456789abcdef"[(v >> s) & 15]);
}

static uint32_t crc32(const uint8_t *p, uint16_t n, uint32_t crc) {
  crc = ~crc;
  while (n--) {
    crc ^= *p++;
    for (uint8_t k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320UL & -(crc & 1));
  }
  return ~crc;
}

int main(void) {
  UBRR0 = 8;
  UCSR0B = _BV(TXEN0);
  UCSR0C = 3 << UCSZ00;
  for (uint16_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 13 + 7);
  TCCR0B = _BV(CS01) | _BV(CS00);
  TIMSK0 = _BV(TOIE0);
  sei();
  uint32_t crc = 0;
  for (uint32_t r = 0; r < ROUNDS; r++) crc = crc32(buf, sizeof buf, crc);
  cli();
  put('c'); put('r'); put('c'); put('3'); put('2'); put(' ');
  put_hex32(crc);
  put('\n');
  UCSR0A = _BV(TXC0);
  loop_until_bit_is_set(UCSR0A, TXC0);
  sleep_enable();
  sleep_cpu();
  return 0;
}
