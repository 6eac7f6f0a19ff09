/* CCL of the ATmega4809: LUT0 is the XOR of its IO inputs PA0 and PA1 (driven by the program
 * itself) gated by IN2 = LINK (LUT1, the constant 1 while enabled), output on PA3 (LUT0_OUT) and
 * read back through VPORTA.IN; its edge flag. */
#include "common.h"

#define VPORTA_IN R8(0x0002)
#define PORTA_DIRSET_ R8(0x0401)
#define PORTA_OUTSET R8(0x0405)
#define PORTA_OUTCLR R8(0x0406)
#define CCL_CTRLA R8(0x01C0)
#define CCL_INTCTRL0 R8(0x01C5)
#define CCL_INTFLAGS R8(0x01C7)
#define CCL_LUT0CTRLA R8(0x01C8)
#define CCL_LUT0CTRLB R8(0x01C9)
#define CCL_LUT0CTRLC R8(0x01CA)
#define CCL_TRUTH0 R8(0x01CB)
#define CCL_LUT1CTRLA R8(0x01CC)
#define CCL_TRUTH1 R8(0x01CF)

int main(void) {
  console_init();
  PORTA_DIRSET_ = (1 << 0) | (1 << 1) | (1 << 3);
  CCL_LUT0CTRLB = 0x05 | (0x05 << 4); /* IN0 = IO (PA0), IN1 = IO (PA1) */
  CCL_LUT0CTRLC = 0x02;               /* IN2 = LINK (LUT1) */
  CCL_TRUTH0 = 0x60;                  /* 1 for IN2 = 1 and IN0 != IN1 */
  CCL_TRUTH1 = 0xFF;
  CCL_LUT1CTRLA = 1;
  CCL_LUT0CTRLA = 0x40 | 1;           /* OUTEN, ENABLE */
  CCL_INTCTRL0 = 3;                   /* both edges of LUT0 */
  CCL_CTRLA = 1;
  printf("xor");
  for (uint8_t v = 0; v < 4; v++) {
    PORTA_OUTCLR = 3;
    PORTA_OUTSET = v;
    printf(" %u", (VPORTA_IN >> 3) & 1);
  }
  uint8_t f = CCL_INTFLAGS & 1;
  CCL_INTFLAGS = 1;
  CCL_LUT1CTRLA = 0;                  /* LINK input now 0 */
  PORTA_OUTCLR = 3;
  PORTA_OUTSET = 1;
  printf(" flag %u linked-off %u\n", f, (VPORTA_IN >> 3) & 1);
  finish();
  return 0;
}
