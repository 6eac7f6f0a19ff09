package dev.avrkit.sim;

/** Instruction encodings written from the opcode columns of the AVR Instruction Set Manual. */
final class Asm {
  private Asm() {}

  private static int rr(int base, int d, int r) {
    return base | (r & 0x10) << 5 | (d & 0x1F) << 4 | (r & 0x0F);
  }

  private static int rk(int base, int d, int k) {
    return base | (k & 0xF0) << 4 | (d & 0x0F) << 4 | (k & 0x0F);
  }

  static int add(int d, int r) { return rr(0x0C00, d, r); }
  static int adc(int d, int r) { return rr(0x1C00, d, r); }
  static int sub(int d, int r) { return rr(0x1800, d, r); }
  static int sbc(int d, int r) { return rr(0x0800, d, r); }
  static int cp(int d, int r) { return rr(0x1400, d, r); }
  static int cpc(int d, int r) { return rr(0x0400, d, r); }
  static int cpse(int d, int r) { return rr(0x1000, d, r); }
  static int and(int d, int r) { return rr(0x2000, d, r); }
  static int eor(int d, int r) { return rr(0x2400, d, r); }
  static int or(int d, int r) { return rr(0x2800, d, r); }
  static int mov(int d, int r) { return rr(0x2C00, d, r); }
  static int mul(int d, int r) { return rr(0x9C00, d, r); }
  static int movw(int d, int r) { return 0x0100 | (d / 2) << 4 | (r / 2); }
  static int muls(int d, int r) { return 0x0200 | (d - 16) << 4 | (r - 16); }
  static int mulsu(int d, int r) { return 0x0300 | (d - 16) << 4 | (r - 16); }
  static int fmul(int d, int r) { return 0x0308 | (d - 16) << 4 | (r - 16); }
  static int fmuls(int d, int r) { return 0x0380 | (d - 16) << 4 | (r - 16); }
  static int fmulsu(int d, int r) { return 0x0388 | (d - 16) << 4 | (r - 16); }
  static int cpi(int d, int k) { return rk(0x3000, d, k); }
  static int sbci(int d, int k) { return rk(0x4000, d, k); }
  static int subi(int d, int k) { return rk(0x5000, d, k); }
  static int ori(int d, int k) { return rk(0x6000, d, k); }
  static int andi(int d, int k) { return rk(0x7000, d, k); }
  static int ldi(int d, int k) { return rk(0xE000, d, k); }
  static int one(int base, int d) { return base | (d & 0x1F) << 4; }
  static int com(int d) { return one(0x9400, d); }
  static int neg(int d) { return one(0x9401, d); }
  static int swap(int d) { return one(0x9402, d); }
  static int inc(int d) { return one(0x9403, d); }
  static int asr(int d) { return one(0x9405, d); }
  static int lsr(int d) { return one(0x9406, d); }
  static int ror(int d) { return one(0x9407, d); }
  static int dec(int d) { return one(0x940A, d); }
  static int push(int r) { return one(0x920F, r); }
  static int pop(int d) { return one(0x900F, d); }
  static int adiw(int d, int k) { return 0x9600 | (k & 0x30) << 2 | ((d - 24) / 2) << 4 | (k & 0x0F); }
  static int sbiw(int d, int k) { return 0x9700 | (k & 0x30) << 2 | ((d - 24) / 2) << 4 | (k & 0x0F); }
  static int bset(int s) { return 0x9408 | s << 4; }
  static int bclr(int s) { return 0x9488 | s << 4; }
  static int brbs(int s, int k) { return 0xF000 | (k & 0x7F) << 3 | s; }
  static int brbc(int s, int k) { return 0xF400 | (k & 0x7F) << 3 | s; }
  static int rjmp(int k) { return 0xC000 | (k & 0xFFF); }
  static int rcall(int k) { return 0xD000 | (k & 0xFFF); }
  static int[] jmp(int k) { return new int[] {0x940C | (k >> 16 & 0x3E) << 3 | (k >> 16 & 1), k & 0xFFFF}; }
  static int[] call(int k) { return new int[] {0x940E | (k >> 16 & 0x3E) << 3 | (k >> 16 & 1), k & 0xFFFF}; }
  static int[] lds(int d, int k) { return new int[] {0x9000 | d << 4, k}; }
  static int[] sts(int k, int r) { return new int[] {0x9200 | r << 4, k}; }
  static int ldX(int d) { return one(0x900C, d); }
  static int ldXp(int d) { return one(0x900D, d); }
  static int ldMx(int d) { return one(0x900E, d); }
  static int ldYp(int d) { return one(0x9009, d); }
  static int ldMy(int d) { return one(0x900A, d); }
  static int ldZp(int d) { return one(0x9001, d); }
  static int ldMz(int d) { return one(0x9002, d); }
  static int stX(int r) { return one(0x920C, r); }
  static int stXp(int r) { return one(0x920D, r); }
  static int stMx(int r) { return one(0x920E, r); }
  static int stYp(int r) { return one(0x9209, r); }
  static int stMy(int r) { return one(0x920A, r); }
  static int stZp(int r) { return one(0x9201, r); }
  static int stMz(int r) { return one(0x9202, r); }
  private static int q(int base, int d, int q) { return base | (q & 0x20) << 8 | (q & 0x18) << 7 | (d & 0x1F) << 4 | (q & 7); }
  static int lddY(int d, int qq) { return q(0x8008, d, qq); }
  static int lddZ(int d, int qq) { return q(0x8000, d, qq); }
  static int stdY(int qq, int r) { return q(0x8208, r, qq); }
  static int stdZ(int qq, int r) { return q(0x8200, r, qq); }
  static int lpm() { return 0x95C8; }
  static int lpmZ(int d) { return one(0x9004, d); }
  static int lpmZp(int d) { return one(0x9005, d); }
  static int elpmZp(int d) { return one(0x9007, d); }
  static int in(int d, int a) { return 0xB000 | (a & 0x30) << 5 | d << 4 | (a & 0x0F); }
  static int out(int a, int r) { return 0xB800 | (a & 0x30) << 5 | r << 4 | (a & 0x0F); }
  static int cbi(int a, int b) { return 0x9800 | a << 3 | b; }
  static int sbic(int a, int b) { return 0x9900 | a << 3 | b; }
  static int sbi(int a, int b) { return 0x9A00 | a << 3 | b; }
  static int sbis(int a, int b) { return 0x9B00 | a << 3 | b; }
  static int bld(int d, int b) { return 0xF800 | d << 4 | b; }
  static int bst(int d, int b) { return 0xFA00 | d << 4 | b; }
  static int sbrc(int r, int b) { return 0xFC00 | r << 4 | b; }
  static int sbrs(int r, int b) { return 0xFE00 | r << 4 | b; }
  static final int NOP = 0x0000, RET = 0x9508, RETI = 0x9518, SLEEP = 0x9588, BREAK = 0x9598,
      WDR = 0x95A8, SPM = 0x95E8, IJMP = 0x9409, ICALL = 0x9509, EIJMP = 0x9419, EICALL = 0x9519,
      SEI = 0x9478, CLI = 0x94F8;
}
