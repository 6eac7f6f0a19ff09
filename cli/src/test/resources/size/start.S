; Start-up for the C blink (link with -nostartfiles): VECTORS jmp vectors (RESET, then the
; default handler), zero register, SREG, stack pointer at RAMEND, then main. avr-gcc links
; libgcc's .data copy and .bss clear loops (.init4) only when the program has .data or .bss.
  .section .vectors,"ax",@progbits
  .global __vectors
__vectors:
  jmp __init
  .rept VECTORS - 1
  jmp __bad_interrupt
  .endr

  .section .init0,"ax",@progbits
__init:
  clr r1
  out 0x3f, r1
  ldi r28, lo8(RAMEND)
  ldi r29, hi8(RAMEND)
  out 0x3d, r28
  out 0x3e, r29

  .section .init9,"ax",@progbits
  call main
  cli
1: rjmp 1b

  .text
__bad_interrupt:
  jmp 0
