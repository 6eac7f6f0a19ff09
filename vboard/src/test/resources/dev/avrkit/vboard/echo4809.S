; ATmega4809 test firmware for the virtual Nano Every: 16 MHz, USART3 (PB4/PB5, PORTMUX ALT1)
; at 9600 baud; prints "hello\n", then answers every received byte with that byte + 1.
.equ CCP, 0x0034
.equ MCLKCTRLB, 0x0061
.equ PORTMUX_USARTROUTEA, 0x05E2
.equ PORTB_DIRSET, 0x0421
.equ U3_RXDATAL, 0x0860
.equ U3_TXDATAL, 0x0862
.equ U3_STATUS, 0x0864
.equ U3_CTRLB, 0x0866
.equ U3_BAUD, 0x0868
.equ BAUD9600, 6667            ; 64 * 16 MHz / (16 * 9600)

.macro putc c
  ldi r18, \c
  rcall tx
.endm

.section .text
.global start
start:
  clr r1
  ldi r16, 0xD8
  sts CCP, r16
  sts MCLKCTRLB, r1            ; prescaler off: 16 MHz
  ldi r16, 0x40
  sts PORTMUX_USARTROUTEA, r16 ; USART3 on PB4/PB5
  ldi r16, 0x10
  sts PORTB_DIRSET, r16
  ldi r16, lo8(BAUD9600)
  ldi r17, hi8(BAUD9600)
  sts U3_BAUD, r16
  sts U3_BAUD+1, r17
  ldi r16, 0xC0                ; RXEN | TXEN
  sts U3_CTRLB, r16
  putc 'h'
  putc 'e'
  putc 'l'
  putc 'l'
  putc 'o'
  putc '\n'
loop:
  lds r16, U3_STATUS
  sbrs r16, 7                  ; RXCIF
  rjmp loop
  lds r18, U3_RXDATAL
  inc r18
  rcall tx
  rjmp loop
tx:
  lds r16, U3_STATUS
  sbrs r16, 5                  ; DREIF
  rjmp tx
  sts U3_TXDATAL, r18
  ret
