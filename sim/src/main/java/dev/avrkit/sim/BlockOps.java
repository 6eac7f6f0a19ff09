package dev.avrkit.sim;

/**
 * Register-only instructions as static methods {@code (r, x, sreg) -> sreg} for translated
 * blocks: a block is a straight sequence of calls with the decoded word {@code x} as a constant,
 * which the JIT inlines and folds into plain arithmetic. Flags as in {@link Cpu}.
 */
final class BlockOps {
  private BlockOps() {}

  static int d(int x) {
    return (x >>> 8) & 31;
  }

  static int s(int x) {
    return (x >>> 13) & 31;
  }

  static int k(int x) {
    return (x >>> 13) & 0xFF;
  }

  static int add(int[] r, int x, int sreg) { int t = Cpu.add8(r[d(x)], r[s(x)], 0, sreg); r[d(x)] = t & 0xFF; return t >>> 8; }
  static int adc(int[] r, int x, int sreg) { int t = Cpu.add8(r[d(x)], r[s(x)], sreg & 1, sreg); r[d(x)] = t & 0xFF; return t >>> 8; }
  static int sub(int[] r, int x, int sreg) { int t = Cpu.sub8(r[d(x)], r[s(x)], 0, 2, sreg); r[d(x)] = t & 0xFF; return t >>> 8; }
  static int sbc(int[] r, int x, int sreg) { int t = Cpu.sub8(r[d(x)], r[s(x)], sreg & 1, sreg & 2, sreg); r[d(x)] = t & 0xFF; return t >>> 8; }
  static int subi(int[] r, int x, int sreg) { int t = Cpu.sub8(r[d(x)], k(x), 0, 2, sreg); r[d(x)] = t & 0xFF; return t >>> 8; }
  static int sbci(int[] r, int x, int sreg) { int t = Cpu.sub8(r[d(x)], k(x), sreg & 1, sreg & 2, sreg); r[d(x)] = t & 0xFF; return t >>> 8; }
  static int cp(int[] r, int x, int sreg) { return Cpu.sub8(r[d(x)], r[s(x)], 0, 2, sreg) >>> 8; }
  static int cpc(int[] r, int x, int sreg) { return Cpu.sub8(r[d(x)], r[s(x)], sreg & 1, sreg & 2, sreg) >>> 8; }
  static int cpi(int[] r, int x, int sreg) { return Cpu.sub8(r[d(x)], k(x), 0, 2, sreg) >>> 8; }
  static int and(int[] r, int x, int sreg) { int v = r[d(x)] & r[s(x)]; r[d(x)] = v; return Cpu.logic8(v, sreg); }
  static int or(int[] r, int x, int sreg) { int v = r[d(x)] | r[s(x)]; r[d(x)] = v; return Cpu.logic8(v, sreg); }
  static int eor(int[] r, int x, int sreg) { int v = r[d(x)] ^ r[s(x)]; r[d(x)] = v; return Cpu.logic8(v, sreg); }
  static int andi(int[] r, int x, int sreg) { int v = r[d(x)] & k(x); r[d(x)] = v; return Cpu.logic8(v, sreg); }
  static int ori(int[] r, int x, int sreg) { int v = r[d(x)] | k(x); r[d(x)] = v; return Cpu.logic8(v, sreg); }
  static int mov(int[] r, int x, int sreg) { r[d(x)] = r[s(x)]; return sreg; }
  static int movw(int[] r, int x, int sreg) { r[d(x)] = r[s(x)]; r[d(x) + 1] = r[s(x) + 1]; return sreg; }
  static int ldi(int[] r, int x, int sreg) { r[d(x)] = k(x); return sreg; }
  static int swap(int[] r, int x, int sreg) { int a = r[d(x)]; r[d(x)] = ((a << 4) | (a >> 4)) & 0xFF; return sreg; }
  static int lsr(int[] r, int x, int sreg) { int a = r[d(x)]; r[d(x)] = a >> 1; return Cpu.shr8(a, a >> 1, sreg); }
  static int ror(int[] r, int x, int sreg) { int a = r[d(x)]; int v = (a >> 1) | (sreg & 1) << 7; r[d(x)] = v; return Cpu.shr8(a, v, sreg); }
  static int asr(int[] r, int x, int sreg) { int a = r[d(x)]; int v = (a >> 1) | (a & 0x80); r[d(x)] = v; return Cpu.shr8(a, v, sreg); }

  static int inc(int[] r, int x, int sreg) {
    int v = (r[d(x)] + 1) & 0xFF;
    r[d(x)] = v;
    int o = v == 0x80 ? 1 : 0, n = v >> 7;
    return (sreg & 0xE1) | (v == 0 ? 2 : 0) | n << 2 | o << 3 | (n ^ o) << 4;
  }

  static int dec(int[] r, int x, int sreg) {
    int v = (r[d(x)] - 1) & 0xFF;
    r[d(x)] = v;
    int o = v == 0x7F ? 1 : 0, n = v >> 7;
    return (sreg & 0xE1) | (v == 0 ? 2 : 0) | n << 2 | o << 3 | (n ^ o) << 4;
  }

  static int com(int[] r, int x, int sreg) {
    int v = ~r[d(x)] & 0xFF;
    r[d(x)] = v;
    int n = v >> 7;
    return (sreg & 0xE0) | 1 | (v == 0 ? 2 : 0) | n << 2 | n << 4;
  }

  static int neg(int[] r, int x, int sreg) {
    int a = r[d(x)];
    int v = (-a) & 0xFF;
    r[d(x)] = v;
    int h = ((v | a) >> 3) & 1, o = v == 0x80 ? 1 : 0, n = v >> 7;
    return (sreg & 0xC0) | (v != 0 ? 1 : 0) | (v == 0 ? 2 : 0) | n << 2 | o << 3 | (n ^ o) << 4 | h << 5;
  }

  static int adiw(int[] r, int x, int sreg) {
    int dd = d(x);
    int a = r[dd] | r[dd + 1] << 8;
    int v = (a + ((x >>> 13) & 63)) & 0xFFFF;
    r[dd] = v & 0xFF;
    r[dd + 1] = v >> 8;
    int h7 = a >> 15, r15 = v >> 15;
    int o = ~h7 & r15 & 1, c = ~r15 & h7 & 1;
    return (sreg & 0xE0) | c | (v == 0 ? 2 : 0) | r15 << 2 | o << 3 | (r15 ^ o) << 4;
  }

  static int sbiw(int[] r, int x, int sreg) {
    int dd = d(x);
    int a = r[dd] | r[dd + 1] << 8;
    int v = (a - ((x >>> 13) & 63)) & 0xFFFF;
    r[dd] = v & 0xFF;
    r[dd + 1] = v >> 8;
    int h7 = a >> 15, r15 = v >> 15;
    int o = h7 & ~r15 & 1, c = r15 & ~h7 & 1;
    return (sreg & 0xE0) | c | (v == 0 ? 2 : 0) | r15 << 2 | o << 3 | (r15 ^ o) << 4;
  }

  static int mul(int[] r, int x, int sreg) {
    int p = r[d(x)] * r[s(x)];
    r[0] = p & 0xFF;
    r[1] = p >> 8;
    return (sreg & 0xFC) | (p >> 15) | (p == 0 ? 2 : 0);
  }

  static int bst(int[] r, int x, int sreg) {
    return (sreg & ~0x40) | ((r[d(x)] >> ((x >>> 13) & 7)) & 1) << 6;
  }

  static int bld(int[] r, int x, int sreg) {
    int b = 1 << ((x >>> 13) & 7);
    r[d(x)] = (sreg & 0x40) != 0 ? r[d(x)] | b : r[d(x)] & ~b;
    return sreg;
  }

  /** Next PC of BRBS/BRBC at {@code pc}. */
  static int brbs(int x, int sreg, int pc) {
    return (sreg >> ((x >>> 8) & 7) & 1) != 0 ? pc + 1 + (x >> 11) : pc + 1;
  }

  static int brbc(int x, int sreg, int pc) {
    return (sreg >> ((x >>> 8) & 7) & 1) == 0 ? pc + 1 + (x >> 11) : pc + 1;
  }

  /**
   * LD through pointer register p (26 X, 28 Y, 30 Z); mode 0 plain, 1 post-increment, 2
   * pre-decrement, 3 displacement q. False (nothing changed) when the address is not SRAM.
   */
  static boolean ld(int[] r, int[] mem, int x, int p, int mode, int lo, int hi) {
    int a = r[p] | r[p + 1] << 8;
    if (mode == 2) a = (a - 1) & 0xFFFF;
    int ea = mode == 3 ? a + ((x >>> 13) & 63) : a;
    if (ea < lo || ea >= hi) return false;
    int v = mem[ea];
    if (mode == 1) a = (a + 1) & 0xFFFF;
    if (mode == 1 || mode == 2) {
      r[p] = a & 0xFF;
      r[p + 1] = a >> 8;
    }
    r[d(x)] = v;
    return true;
  }

  /** ST through a pointer register, modes as for {@link #ld}. */
  static boolean st(int[] r, int[] mem, int x, int p, int mode, int lo, int hi) {
    int a = r[p] | r[p + 1] << 8;
    if (mode == 2) a = (a - 1) & 0xFFFF;
    int ea = mode == 3 ? a + ((x >>> 13) & 63) : a;
    if (ea < lo || ea >= hi) return false;
    int v = r[d(x)];
    if (mode == 1) a = (a + 1) & 0xFFFF;
    if (mode == 1 || mode == 2) {
      r[p] = a & 0xFF;
      r[p + 1] = a >> 8;
    }
    mem[ea] = v;
    return true;
  }

  static boolean lds(int[] r, int[] mem, int x, int p, int mode, int lo, int hi) {
    int a = (x >>> 13) & 0xFFFF;
    if (a < lo || a >= hi) return false;
    r[d(x)] = mem[a];
    return true;
  }

  static boolean sts(int[] r, int[] mem, int x, int p, int mode, int lo, int hi) {
    int a = (x >>> 13) & 0xFFFF;
    if (a < lo || a >= hi) return false;
    mem[a] = r[d(x)];
    return true;
  }
}
