/* examples/adc.rs in C: A0 every 20 ms, printed when it moves by more than two steps. */
#include "console.h"

#if defined(__AVR_ATmega328P__)
static void adc_init(void) {
  ADMUX = 1 << REFS0;                           /* AVcc reference, channel 0 (A0) */
  DIDR0 = 1 << ADC0D;                           /* digital input of A0 off */
  ADCSRA = (1 << ADEN) | (7 << ADPS0);          /* enabled, F_CPU / 128 */
}
static uint16_t adc_read(void) {
  ADCSRA |= 1 << ADSC;
  while (ADCSRA & (1 << ADSC)) {}
  return ADC;
}
#else
static void adc_init(void) {
  R8(PORTD_PIN3CTRL) = 4;                       /* A0 = PD3 = AIN3: digital input off */
  R8(ADC0_CTRLC) = 0x10 | 0x03;                 /* REFSEL = VDD, PRESC = DIV16 (1 MHz) */
  R8(ADC0_MUXPOS) = 3;                          /* AIN3 */
  R8(ADC0_CTRLA) = 1;                           /* ENABLE, 10 bits */
}
static uint16_t adc_read(void) {
  R8(ADC0_COMMAND) = 1;                         /* STCONV */
  while (!(R8(ADC0_INTFLAGS) & 1)) {}           /* RESRDY */
  return R16(ADC0_RES);
}
#endif

int main(void) {
  board_init();
  adc_init();
  int32_t last = -1;
  for (;;) {
    uint16_t v = adc_read();
    int32_t diff = (int32_t)v - last;
    if (last < 0 || diff > 2 || diff < -2) {
      last = v;
      put_str("A0 = ");
      put_u32(v);
      put_str(" (");
      put_u32((uint32_t)v * 5000 / 1024);
      put_str(" mV)\r\n");
    }
    _delay_ms(20);
  }
}
