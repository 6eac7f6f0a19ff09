package dev.avrkit.sim;

/**
 * Register-only instructions as pure static functions over register values for translated
 * blocks: a block keeps the registers it uses in JVM locals and calls these with them; the JIT
 * inlines them and folds the constant operands. Each instruction has a result function ({@code
 * add}: the new register value, 16 bits for ADIW/SBIW/MUL) and a flags function ({@code addF}: the
 * new SREG); a block calls the flags function only where a later instruction or the interpreter
 * can read the flags. Flags as in {@link Cpu}, without branches.
 */
final class BlockOps {
  private BlockOps() {}

  /** Z flag (2) of a non-negative result, without a branch. */
  static int zero(int v) {
    return ((v - 1) >>> 31) << 1;
  }

  static int add(int a, int b, int s) { return (a + b) & 0xFF; }
  static int addF(int a, int b, int s) { return Cpu.add8(a, b, 0, s) >>> 8; }
  static int adc(int a, int b, int s) { return (a + b + (s & 1)) & 0xFF; }
  static int adcF(int a, int b, int s) { return Cpu.add8(a, b, s & 1, s) >>> 8; }
  static int sub(int a, int b, int s) { return (a - b) & 0xFF; }
  static int subF(int a, int b, int s) { return Cpu.sub8(a, b, 0, 2, s) >>> 8; }
  static int sbc(int a, int b, int s) { return (a - b - (s & 1)) & 0xFF; }
  static int sbcF(int a, int b, int s) { return Cpu.sub8(a, b, s & 1, s & 2, s) >>> 8; }
  static int and(int a, int b, int s) { return a & b; }
  static int andF(int a, int b, int s) { return Cpu.logic8(a & b, s); }
  static int or(int a, int b, int s) { return a | b; }
  static int orF(int a, int b, int s) { return Cpu.logic8(a | b, s); }
  static int eor(int a, int b, int s) { return a ^ b; }
  static int eorF(int a, int b, int s) { return Cpu.logic8(a ^ b, s); }

  static int lsr(int a, int s) { return a >> 1; }
  static int lsrF(int a, int s) { return Cpu.shr8(a, a >> 1, s); }
  static int ror(int a, int s) { return (a >> 1) | (s & 1) << 7; }
  static int rorF(int a, int s) { return Cpu.shr8(a, ror(a, s), s); }
  static int asr(int a, int s) { return (a >> 1) | (a & 0x80); }
  static int asrF(int a, int s) { return Cpu.shr8(a, asr(a, s), s); }
  static int swap(int a, int s) { return ((a << 4) | (a >> 4)) & 0xFF; }
  static int inc(int a, int s) { return (a + 1) & 0xFF; }
  static int dec(int a, int s) { return (a - 1) & 0xFF; }
  static int com(int a, int s) { return ~a & 0xFF; }
  static int neg(int a, int s) { return -a & 0xFF; }

  static int incF(int a, int s) {
    int v = (a + 1) & 0xFF;
    int o = ((v ^ 0x80) - 1) >>> 31, n = v >> 7;
    return (s & 0xE1) | zero(v) | n << 2 | o << 3 | (n ^ o) << 4;
  }

  static int decF(int a, int s) {
    int v = (a - 1) & 0xFF;
    int o = ((v ^ 0x7F) - 1) >>> 31, n = v >> 7;
    return (s & 0xE1) | zero(v) | n << 2 | o << 3 | (n ^ o) << 4;
  }

  static int comF(int a, int s) {
    int v = ~a & 0xFF;
    int n = v >> 7;
    return (s & 0xE0) | 1 | zero(v) | n << 2 | n << 4;
  }

  static int negF(int a, int s) {
    int v = -a & 0xFF;
    int h = ((v | a) >> 3) & 1, o = ((v ^ 0x80) - 1) >>> 31, n = v >> 7;
    return (s & 0xC0) | (-v >>> 31) | zero(v) | n << 2 | o << 3 | (n ^ o) << 4 | h << 5;
  }

  /** ADIW on the 16-bit value {@code a}. */
  static int adiw(int a, int k, int s) { return (a + k) & 0xFFFF; }
  static int sbiw(int a, int k, int s) { return (a - k) & 0xFFFF; }

  static int adiwF(int a, int k, int s) {
    int v = (a + k) & 0xFFFF;
    int h7 = a >> 15, r15 = v >> 15;
    int o = ~h7 & r15 & 1, c = ~r15 & h7 & 1;
    return (s & 0xE0) | c | zero(v) | r15 << 2 | o << 3 | (r15 ^ o) << 4;
  }

  static int sbiwF(int a, int k, int s) {
    int v = (a - k) & 0xFFFF;
    int h7 = a >> 15, r15 = v >> 15;
    int o = h7 & ~r15 & 1, c = r15 & ~h7 & 1;
    return (s & 0xE0) | c | zero(v) | r15 << 2 | o << 3 | (r15 ^ o) << 4;
  }

  static int mul(int a, int b, int s) { return a * b; }
  static int mulF(int a, int b, int s) {
    int p = a * b;
    return (s & 0xFC) | (p >> 15) | zero(p);
  }

  /** BST: bit {@code b} of {@code a} into T. */
  static int bstF(int a, int b, int s) {
    return (s & ~0x40) | ((a >> b) & 1) << 6;
  }

  /** BLD: T into bit {@code b} of {@code a}. */
  static int bld(int a, int b, int s) {
    int m = 1 << b;
    return (a & ~m) | (m & -((s >> 6) & 1));
  }

  // single flags (C = 1, Z = 2) where a block needs only those of an instruction
  static int addC(int a, int b, int s) { return (a + b) >> 8; }
  static int addZ(int a, int b, int s) { return zero(add(a, b, s)); }
  static int adcC(int a, int b, int s) { return (a + b + (s & 1)) >> 8; }
  static int adcZ(int a, int b, int s) { return zero(adc(a, b, s)); }
  static int subC(int a, int b, int s) { return (a - b) >>> 31; }
  static int subZ(int a, int b, int s) { return zero(sub(a, b, s)); }
  static int sbcC(int a, int b, int s) { return (a - b - (s & 1)) >>> 31; }
  static int sbcZ(int a, int b, int s) { return s & zero(sbc(a, b, s)); }
  static int andZ(int a, int b, int s) { return zero(a & b); }
  static int orZ(int a, int b, int s) { return zero(a | b); }
  static int eorZ(int a, int b, int s) { return zero(a ^ b); }
  static int lsrC(int a, int s) { return a & 1; }
  static int lsrZ(int a, int s) { return zero(a >> 1); }
  static int rorC(int a, int s) { return a & 1; }
  static int rorZ(int a, int s) { return zero(ror(a, s)); }
  static int asrC(int a, int s) { return a & 1; }
  static int asrZ(int a, int s) { return zero(asr(a, s)); }
  static int incZ(int a, int s) { return zero(inc(a, s)); }
  static int decZ(int a, int s) { return zero(dec(a, s)); }
  static int comC(int a, int s) { return 1; }
  static int comZ(int a, int s) { return zero(com(a, s)); }
  static int negC(int a, int s) { return -a >>> 31; }
  static int negZ(int a, int s) { return zero(a); }
}
