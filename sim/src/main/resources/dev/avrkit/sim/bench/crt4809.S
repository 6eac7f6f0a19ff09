; Minimal start-up for the ATmega4809 (AVRxt) built with avr-gcc -mmcu=avrxmega3 -nostartfiles:
; vector table (40 JMPs, unused ones go to __bad_interrupt), stack at __stack (link with
; -Wl,--defsym=__stack=0x803FFF: the end of SRAM),
; .data copied from flash, .bss cleared, main called, then "cli; rjmp ." as exit.
#define __SFR_OFFSET 0
#define SPL 0x3D
#define SPH 0x3E
#define SREG 0x3F

  .macro vec n
  .weak __vector_\n
  .set __vector_\n, __bad_interrupt
  jmp __vector_\n
  .endm

  .section .vectors,"ax",@progbits
  .global __vectors
__vectors:
  jmp __init
  .irp n,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39
  vec \n
  .endr

  .section .init0,"ax",@progbits
  .global __init
__init:
  clr r1
  out SREG, r1
  ldi r28, lo8(__stack)
  ldi r29, hi8(__stack)
  out SPL, r28
  out SPH, r29
  ; .data: from its load address in flash
  ldi r17, hi8(__data_end)
  ldi r26, lo8(__data_start)
  ldi r27, hi8(__data_start)
  ldi r30, lo8(__data_load_start)
  ldi r31, hi8(__data_load_start)
  rjmp 2f
1:
  lpm r0, Z+
  st X+, r0
2:
  cpi r26, lo8(__data_end)
  cpc r27, r17
  brne 1b
  ; .bss: zero
  ldi r18, hi8(__bss_end)
  ldi r26, lo8(__bss_start)
  ldi r27, hi8(__bss_start)
  rjmp 4f
3:
  st X+, r1
4:
  cpi r26, lo8(__bss_end)
  cpc r27, r18
  brne 3b
  call main
  .global _exit
_exit:
  cli
5:
  rjmp 5b

  .section .text
  .global __bad_interrupt
__bad_interrupt:
  jmp __vectors
