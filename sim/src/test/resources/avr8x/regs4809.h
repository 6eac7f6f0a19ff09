/* ATmega4809 registers by address (avr-libc 2.0 has no io header for it); values from the
 * datasheet / ATDF. */
#include <stdint.h>
#define R8(a) (*(volatile uint8_t *)(a))
#define R16(a) (*(volatile uint16_t *)(a))
#define SLPCTRL_CTRLA R8(0x0050)
#define CPUINT_CTRLA R8(0x0110)
#define CPUINT_STATUS R8(0x0111)
#define CPUINT_LVL1VEC R8(0x0113)
#define RTC_STATUS R8(0x0141)
#define RTC_CLKSEL R8(0x0147)
#define RTC_PITCTRLA R8(0x0150)
#define RTC_PITINTCTRL R8(0x0152)
#define RTC_PITINTFLAGS R8(0x0153)
#define PORTB_DIRSET R8(0x0421)
#define PORTE_DIRSET R8(0x0481)
#define PORTE_OUTTGL R8(0x0487)
#define PORTMUX_USARTROUTEA R8(0x05E2)
#define USART3_TXDATAL R8(0x0862)
#define USART3_STATUS R8(0x0864)
#define USART3_CTRLB R8(0x0866)
#define USART3_BAUD R16(0x0868)
#define TCA0_CTRLA R8(0x0A00)
#define TCA0_INTCTRL R8(0x0A0A)
#define TCA0_INTFLAGS R8(0x0A0B)
#define TCA0_CNT R16(0x0A20)
#define TCA0_PER R16(0x0A26)
#define TCB0_CTRLA R8(0x0A80)
#define TCB0_CTRLB R8(0x0A81)
#define TCB0_INTCTRL R8(0x0A85)
#define TCB0_INTFLAGS R8(0x0A86)
#define TCB0_CCMP R16(0x0A8C)
#define TCB3_CTRLA R8(0x0AB0)
#define TCB3_CTRLB R8(0x0AB1)
#define TCB3_INTCTRL R8(0x0AB5)
#define TCB3_INTFLAGS R8(0x0AB6)
#define TCB3_CCMP R16(0x0ABC)

#define ISR(n) void __vector_##n(void) __attribute__((signal, used, externally_visible)); void __vector_##n(void)
#define TCA0_OVF_vect_num 7
#define TCB0_INT_vect_num 12
#define TCB3_INT_vect_num 36
#define RTC_PIT_vect_num 4

/* Main clock 16 MHz (OSCCFG = 16 MHz): prescaler off through the CCP-protected MCLKCTRLB. */
static inline void clock_16mhz(void) {
  __asm__ volatile("sts 0x0034, %0\n\tsts 0x0061, __zero_reg__" ::"d"((uint8_t)0xD8));
}

#define USART3_RXDATAL R8(0x0860)
#define USART3_CTRLA R8(0x0865)
#define TCB1_CTRLA R8(0x0A90)
#define TCB1_INTCTRL R8(0x0A95)
#define TCB1_INTFLAGS R8(0x0A96)
#define TCB1_CCMP R16(0x0A9C)
