package dev.avrkit.sim;

/**
 * The AVR CPU: registers, SREG, SP, PC, and an interpreter over pre-decoded flash. Each flash word
 * is decoded once into an int (operation number in the low 8 bits, operands above) the first
 * time it executes; SPM and debugger writes invalidate the words they change.
 *
 * <p>Timing: {@link Core} holds each core's base cycles; extras (taken branches, skips, third PC
 * byte, NVM reads on AVRxt) are added here. {@link #cycle} is the cycle at which the current
 * instruction started while it executes (what peripherals see as "now"): its cycles are added
 * after it ran, so no scheduled event is ever due before "now".
 */
public final class Cpu {
  final Core core;
  final DataBus bus;
  final int[] mem;
  /** r0..r31; on AVRe+ the same array as the data space. */
  final int[] r;
  final byte[] flash;
  final int[] code;
  final boolean[] breakpoints;
  final int flashWords;
  /**
   * The program counter's width as a mask (the smallest power of two holding all flash words,
   * minus one): relative jumps and calls wrap modulo it, as on the chip. The decoded-code arrays
   * have {@code pcMask + 3} entries so that any PC a relative jump, a skip or a fall-through can
   * produce indexes them; words past flash decode as "PC outside flash".
   */
  final int pcMask;
  final int ramStart;
  final int ramEnd;
  final boolean pc22;
  final int vectorWords;
  final int ioOffset;
  private final int nvmStart;
  private final int nvmExtra;
  private final int[] cyc;

  int pc;
  int sp;
  int sreg;
  int rampz;
  int eind;
  long cycle;
  long instructions;
  /** The inner loop runs while cycle &lt; limit; lowering it asks for the slow path. */
  long limit;
  boolean sleeping;
  boolean inhibit;
  StopReason stop;
  String stopDetail;
  private int breakpointResume = -1;
  /** Forces the plain interpreter (tests compare both paths). */
  boolean reference;
  /** Translated blocks by start PC, and how often each branch target was reached. */
  BlockCompiler.Block[] blocks;
  private int[] hits;
  private static final BlockCompiler.Block NONE = new BlockCompiler.Block() {
    @Override
    long run(int[] r, int sreg, int[] mem, int budget) {
      throw new AssertionError();
    }
  };
  /** Translation on (tests turn it off to compare). */
  boolean translate = true;
  static final int HOT = 200;

  InterruptController irq;
  Machine machine;

  Cpu(Core core, DataBus bus, byte[] flash, int vectorWords, int nvmStart) {
    this.core = core;
    this.bus = bus;
    this.mem = bus.mem;
    this.r = core.registersInDataSpace ? bus.mem : new int[32];
    this.flash = flash;
    this.flashWords = flash.length / 2;
    this.pcMask = flashWords <= 1 ? 1 : (Integer.highestOneBit(flashWords - 1) << 1) - 1;
    this.code = new int[pcMask + 3];
    this.breakpoints = new boolean[pcMask + 3];
    this.ramStart = bus.ramStart;
    this.ramEnd = bus.ramEnd;
    this.pc22 = flash.length > 0x20000;
    this.vectorWords = vectorWords;
    this.ioOffset = core.ioOffset;
    this.nvmStart = nvmStart;
    this.nvmExtra = core == Core.AVRXT ? 1 : 0;
    this.cyc = core.cycles;
    this.blocks = new BlockCompiler.Block[pcMask + 3];
    this.hits = new int[pcMask + 3];
  }

  // ------------------------------------------------------------------ public view

  /** Program counter as a word address. */
  public int pc() {
    return pc;
  }

  /** Moves the PC (debugger jump); a sleeping CPU wakes up. */
  public void setPc(int wordAddress) {
    pc = wordAddress;
    sleeping = false;
  }

  public int sp() {
    return sp;
  }

  public void setSp(int v) {
    sp = v & 0xFFFF;
  }

  public int sreg() {
    return sreg;
  }

  public void setSreg(int v) {
    int old = sreg;
    sreg = v & 0xFF;
    if ((v & 0x80) != 0 && (old & 0x80) == 0) attention();
  }

  /** Register r0..r31. */
  public int reg(int n) {
    return r[n];
  }

  public void setReg(int n, int v) {
    r[n] = v & 0xFF;
  }

  /** Cycles since reset. */
  public long cycle() {
    return cycle;
  }

  public long instructions() {
    return instructions;
  }

  public boolean sleeping() {
    return sleeping;
  }

  public Core core() {
    return core;
  }

  /** Halts the CPU for {@code n} more cycles within the current instruction (EEPROM, NVM). */
  public void setCycleDelay(int n) {
    cycle += n;
  }

  /** Asks the run loop to leave the fast path after the current instruction. */
  public void attention() {
    limit = 0;
  }

  /** Ends the run after the current instruction. */
  public void stop(StopReason reason, String detail) {
    if (stop == null) {
      stop = reason;
      stopDetail = detail;
    }
    limit = 0;
  }

  /** Sets or clears a breakpoint at a word address. */
  public void setBreakpoint(int wordAddress, boolean on) {
    if (wordAddress < 0 || wordAddress >= flashWords) return;
    breakpoints[wordAddress] = on;
    code[wordAddress] = Op.UNDECODED;
    dropBlocks();
  }

  /** Forgets decoded instructions of a flash byte range (after SPM or a debugger write). */
  public void invalidate(int byteAddress, int length) {
    int from = Math.max(0, byteAddress / 2 - 1);
    int to = Math.min(flashWords, (byteAddress + length + 1) / 2);
    for (int i = from; i < to; i++) code[i] = Op.UNDECODED;
    dropBlocks();
  }

  /** Forgets all translated blocks (flash or breakpoints changed). */
  void dropBlocks() {
    java.util.Arrays.fill(blocks, null);
    java.util.Arrays.fill(hits, 0);
  }

  private void hot(int at) {
    if (!translate || at < 0 || at >= flashWords || blocks[at] != null) return;
    BlockCompiler.Block b = BlockCompiler.compile(this, at);
    blocks[at] = b == null ? NONE : b;
  }

  // ------------------------------------------------------------------ decode

  int word(int i) {
    if (i >= flashWords || i < 0) return 0xFFFF;
    return (flash[2 * i] & 0xFF) | (flash[2 * i + 1] & 0xFF) << 8;
  }

  private int decodeAt(int at) {
    int x;
    if (at >= flashWords || at < 0) x = Op.ILLEGAL;
    else if (breakpoints[at]) x = Op.BREAKPOINT; // never cached; breakpoint() runs the real one on resume
    else x = decode(word(at), word(at + 1));
    if (x != Op.BREAKPOINT && at >= 0 && at < code.length) code[at] = x;
    return x;
  }

  private static int dr(int op, int d, int r) {
    return op | d << 8 | r << 13;
  }

  /** Decodes one instruction (w2 is the following word, for two-word instructions). */
  int decode(int w, int w2) {
    int d5 = (w >> 4) & 31;
    int r5 = (w & 15) | ((w >> 5) & 16);
    int d4 = 16 + ((w >> 4) & 15);
    int k8 = (w & 15) | ((w >> 4) & 0xF0);
    switch (w >> 12) {
      case 0x0:
        switch ((w >> 8) & 0xF) {
          case 0:
            return w == 0 ? Op.NOP : Op.ILLEGAL;
          case 1:
            return dr(Op.MOVW, ((w >> 4) & 15) * 2, (w & 15) * 2);
          case 2:
            return dr(Op.MULS, d4, 16 + (w & 15));
          case 3: {
            int d = 16 + ((w >> 4) & 7), r = 16 + (w & 7);
            int sel = ((w >> 6) & 2) | ((w >> 3) & 1);
            int op = sel == 0 ? Op.MULSU : sel == 1 ? Op.FMUL : sel == 2 ? Op.FMULS : Op.FMULSU;
            return dr(op, d, r);
          }
          default:
            break;
        }
        return dr(new int[] {0, Op.CPC, Op.SBC, Op.ADD}[(w >> 10) & 3], d5, r5);
      case 0x1:
        return dr(new int[] {Op.CPSE, Op.CP, Op.SUB, Op.ADC}[(w >> 10) & 3], d5, r5);
      case 0x2:
        return dr(new int[] {Op.AND, Op.EOR, Op.OR, Op.MOV}[(w >> 10) & 3], d5, r5);
      case 0x3:
        return Op.CPI | d4 << 8 | k8 << 13;
      case 0x4:
        return Op.SBCI | d4 << 8 | k8 << 13;
      case 0x5:
        return Op.SUBI | d4 << 8 | k8 << 13;
      case 0x6:
        return Op.ORI | d4 << 8 | k8 << 13;
      case 0x7:
        return Op.ANDI | d4 << 8 | k8 << 13;
      case 0x8:
      case 0xA: {
        int q = (w & 7) | ((w >> 7) & 0x18) | ((w >> 8) & 0x20);
        boolean store = (w & 0x200) != 0;
        boolean y = (w & 8) != 0;
        int op;
        if (q == 0) op = store ? (y ? Op.ST_Y : Op.ST_Z) : (y ? Op.LD_Y : Op.LD_Z);
        else op = store ? (y ? Op.STD_Y : Op.STD_Z) : (y ? Op.LDD_Y : Op.LDD_Z);
        return op | d5 << 8 | q << 13;
      }
      case 0x9:
        return decode9(w, w2, d5);
      case 0xB:
        return ((w & 0x800) != 0 ? Op.OUT : Op.IN)
            | d5 << 8
            | (((w & 15) | ((w >> 5) & 0x30)) + ioOffset) << 13;
      case 0xC:
        return Op.RJMP | ((w << 20) >> 20) << 8;
      case 0xD:
        return Op.RCALL | ((w << 20) >> 20) << 8;
      case 0xE:
        return Op.LDI | d4 << 8 | k8 << 13;
      default: { // 0xF
        int sub = (w >> 9) & 7;
        if (sub < 4) {
          int k = ((w << 22) >> 25); // bits 9..3 signed
          return (sub < 2 ? Op.BRBS : Op.BRBC) | (w & 7) << 8 | k << 11;
        }
        if ((w & 8) != 0) return Op.ILLEGAL;
        int op = sub == 4 ? Op.BLD : sub == 5 ? Op.BST : sub == 6 ? Op.SBRC : Op.SBRS;
        return op | d5 << 8 | (w & 7) << 13;
      }
    }
  }

  private int decode9(int w, int w2, int d5) {
    boolean xm = core == Core.AVRXM;
    boolean spmZ = core != Core.AVRE_PLUS;
    boolean hasRampz = flash.length > 0x10000;
    boolean hasEind = pc22;
    switch ((w >> 8) & 0xF) {
      case 0:
      case 1:
        switch (w & 15) {
          case 0:
            return Op.LDS | d5 << 8 | w2 << 13;
          case 1:
            return Op.LD_ZP | d5 << 8;
          case 2:
            return Op.LD_MZ | d5 << 8;
          case 4:
            return Op.LPM | d5 << 8;
          case 5:
            return Op.LPM_P | d5 << 8;
          case 6:
            return hasRampz ? Op.ELPM | d5 << 8 : Op.ILLEGAL;
          case 7:
            return hasRampz ? Op.ELPM_P | d5 << 8 : Op.ILLEGAL;
          case 9:
            return Op.LD_YP | d5 << 8;
          case 10:
            return Op.LD_MY | d5 << 8;
          case 12:
            return Op.LD_X | d5 << 8;
          case 13:
            return Op.LD_XP | d5 << 8;
          case 14:
            return Op.LD_MX | d5 << 8;
          case 15:
            return Op.POP | d5 << 8;
          default:
            return Op.ILLEGAL;
        }
      case 2:
      case 3:
        switch (w & 15) {
          case 0:
            return Op.STS | d5 << 8 | w2 << 13;
          case 1:
            return Op.ST_ZP | d5 << 8;
          case 2:
            return Op.ST_MZ | d5 << 8;
          case 4:
            return xm ? Op.XCH | d5 << 8 : Op.ILLEGAL;
          case 5:
            return xm ? Op.LAS | d5 << 8 : Op.ILLEGAL;
          case 6:
            return xm ? Op.LAC | d5 << 8 : Op.ILLEGAL;
          case 7:
            return xm ? Op.LAT | d5 << 8 : Op.ILLEGAL;
          case 9:
            return Op.ST_YP | d5 << 8;
          case 10:
            return Op.ST_MY | d5 << 8;
          case 12:
            return Op.ST_X | d5 << 8;
          case 13:
            return Op.ST_XP | d5 << 8;
          case 14:
            return Op.ST_MX | d5 << 8;
          case 15:
            return Op.PUSH | d5 << 8;
          default:
            return Op.ILLEGAL;
        }
      case 4:
      case 5: {
        int lo = w & 15;
        if ((w & 0xC) == 0xC) {
          int k = ((w >> 3) & 0x3E) << 16 | (w & 1) << 16 | w2;
          return ((w & 2) != 0 ? Op.CALL : Op.JMP) | k << 8;
        }
        switch (lo) {
          case 0:
            return Op.COM | d5 << 8;
          case 1:
            return Op.NEG | d5 << 8;
          case 2:
            return Op.SWAP | d5 << 8;
          case 3:
            return Op.INC | d5 << 8;
          case 5:
            return Op.ASR | d5 << 8;
          case 6:
            return Op.LSR | d5 << 8;
          case 7:
            return Op.ROR | d5 << 8;
          case 10:
            return Op.DEC | d5 << 8;
          case 8:
            if ((w & 0x100) == 0) {
              return ((w & 0x80) == 0 ? Op.BSET : Op.BCLR) | ((w >> 4) & 7) << 8;
            }
            switch ((w >> 4) & 15) {
              case 0:
                return Op.RET;
              case 1:
                return Op.RETI;
              case 8:
                return Op.SLEEP;
              case 9:
                return Op.BREAK;
              case 10:
                return Op.WDR;
              case 12:
                return Op.LPM; // LPM R0, Z (d = 0)
              case 13:
                return hasRampz ? Op.ELPM : Op.ILLEGAL;
              case 14:
                return Op.SPM;
              case 15:
                return spmZ ? Op.SPM_P : Op.ILLEGAL;
              default:
                return Op.ILLEGAL;
            }
          case 9:
            switch (w) {
              case 0x9409:
                return Op.IJMP;
              case 0x9419:
                return hasEind ? Op.EIJMP : Op.ILLEGAL;
              case 0x9509:
                return Op.ICALL;
              case 0x9519:
                return hasEind ? Op.EICALL : Op.ILLEGAL;
              default:
                return Op.ILLEGAL;
            }
          case 11:
            return (xm && (w & 0x100) == 0) ? Op.DES | ((w >> 4) & 15) << 8 : Op.ILLEGAL;
          default:
            return Op.ILLEGAL;
        }
      }
      case 6:
      case 7: {
        int d = 24 + ((w >> 4) & 3) * 2;
        int k = (w & 15) | ((w >> 2) & 0x30);
        return ((w & 0x100) == 0 ? Op.ADIW : Op.SBIW) | d << 8 | k << 13;
      }
      case 8:
      case 9:
      case 10:
      case 11: {
        int op = new int[] {Op.CBI, Op.SBIC, Op.SBI, Op.SBIS}[(w >> 8) & 3];
        int a = ((w >> 3) & 31) + ioOffset;
        return op | a << 8 | (w & 7) << 24;
      }
      default: // 0x9C..0x9F
        return dr(Op.MUL, d5, (w & 15) | ((w >> 5) & 16));
    }
  }

  // ------------------------------------------------------------------ run

  /** Executes instructions until {@link #cycle} reaches {@link #limit} or something stops it. */
  void execute() {
    if (reference || bus.observer != null) {
      executeReference();
      return;
    }
    final int[] code = this.code;
    final int[] cyc = this.cyc;
    final int[] r = this.r;
    final int[] mem = this.mem;
    final int lo = this.ramStart;
    final int hi = this.ramEnd;
    int pc = this.pc;
    long cycle = this.cycle;
    long limit = this.limit;
    int sreg = this.sreg;
    long n = 0;
    final BlockCompiler.Block[] blocks = this.blocks;
    final int[] hits = this.hits;
    boolean afterExit = false;
    while (cycle < limit) {
      BlockCompiler.Block blk = blocks[pc];
      if (blk != null && blk != NONE && !afterExit && cycle + blk.cycles + 1 <= limit) {
        long t = blk.run(r, sreg, mem, (int) Math.min(limit - cycle, Integer.MAX_VALUE >> 1));
        pc = (int) (t >>> 32);
        if (blk.loopCycles != 0) {
          int loops = blk.loops;
          cycle += (long) loops * blk.loopCycles;
          n += (long) loops * blk.count;
        }
        int low = (int) t;
        sreg = low & 0xFF;
        if ((low & 0x10000) != 0) {
          // a load/store outside SRAM: the interpreter runs that instruction
          int at = (low >>> 20) & 0x7F;
          cycle += blk.exitCycles[at];
          n += at;
          afterExit = true;
        } else {
          cycle += blk.cycles + ((low >>> 17) & 1);
          n += blk.count;
          // where a block ends is worth a block of its own once hot (a fall-through, a loop exit)
          if (pc >= 0 && pc < flashWords && blocks[pc] == null && ++hits[pc] == HOT) hot(pc);
        }
        continue;
      }
      afterExit = false;
      int x = code[pc];
      int op = x & 0xFF;
      cycle += cyc[op];
      n++;
      fast:
      {
        switch (op) {
          case Op.NOP: pc++; continue;
          case Op.MOV: r[(x >>> 8) & 31] = r[(x >>> 13) & 31]; pc++; continue;
          case Op.MOVW: { int d = (x >>> 8) & 31, s = (x >>> 13) & 31; r[d] = r[s]; r[d + 1] = r[s + 1]; pc++; continue; }
          case Op.LDI: r[(x >>> 8) & 31] = (x >>> 13) & 0xFF; pc++; continue;
          case Op.ADD: { int d = (x >>> 8) & 31; int t = add8(r[d], r[(x >>> 13) & 31], 0, sreg); sreg = t >>> 8; r[d] = t & 0xFF; pc++; continue; }
          case Op.ADC: { int d = (x >>> 8) & 31; int t = add8(r[d], r[(x >>> 13) & 31], sreg & 1, sreg); sreg = t >>> 8; r[d] = t & 0xFF; pc++; continue; }
          case Op.SUB: { int d = (x >>> 8) & 31; int t = sub8(r[d], r[(x >>> 13) & 31], 0, 2, sreg); sreg = t >>> 8; r[d] = t & 0xFF; pc++; continue; }
          case Op.SBC: { int d = (x >>> 8) & 31; int t = sub8(r[d], r[(x >>> 13) & 31], sreg & 1, sreg & 2, sreg); sreg = t >>> 8; r[d] = t & 0xFF; pc++; continue; }
          case Op.SUBI: { int d = (x >>> 8) & 31; int t = sub8(r[d], (x >>> 13) & 0xFF, 0, 2, sreg); sreg = t >>> 8; r[d] = t & 0xFF; pc++; continue; }
          case Op.SBCI: { int d = (x >>> 8) & 31; int t = sub8(r[d], (x >>> 13) & 0xFF, sreg & 1, sreg & 2, sreg); sreg = t >>> 8; r[d] = t & 0xFF; pc++; continue; }
          case Op.CP: sreg = sub8(r[(x >>> 8) & 31], r[(x >>> 13) & 31], 0, 2, sreg) >>> 8; pc++; continue;
          case Op.CPC: sreg = sub8(r[(x >>> 8) & 31], r[(x >>> 13) & 31], sreg & 1, sreg & 2, sreg) >>> 8; pc++; continue;
          case Op.CPI: sreg = sub8(r[(x >>> 8) & 31], (x >>> 13) & 0xFF, 0, 2, sreg) >>> 8; pc++; continue;
          case Op.AND: { int d = (x >>> 8) & 31; int R = r[d] & r[(x >>> 13) & 31]; sreg = logic8(R, sreg); r[d] = R; pc++; continue; }
          case Op.OR: { int d = (x >>> 8) & 31; int R = r[d] | r[(x >>> 13) & 31]; sreg = logic8(R, sreg); r[d] = R; pc++; continue; }
          case Op.EOR: { int d = (x >>> 8) & 31; int R = r[d] ^ r[(x >>> 13) & 31]; sreg = logic8(R, sreg); r[d] = R; pc++; continue; }
          case Op.ANDI: { int d = (x >>> 8) & 31; int R = r[d] & ((x >>> 13) & 0xFF); sreg = logic8(R, sreg); r[d] = R; pc++; continue; }
          case Op.ORI: { int d = (x >>> 8) & 31; int R = r[d] | ((x >>> 13) & 0xFF); sreg = logic8(R, sreg); r[d] = R; pc++; continue; }
          case Op.INC: case Op.DEC: {
            int d = (x >>> 8) & 31;
            int R = (r[d] + (op == Op.INC ? 1 : -1)) & 0xFF;
            int v = R == (op == Op.INC ? 0x80 : 0x7F) ? 1 : 0;
            int nn = R >> 7;
            sreg = (sreg & 0xE1) | (R == 0 ? 2 : 0) | nn << 2 | v << 3 | (nn ^ v) << 4;
            r[d] = R;
            pc++;
            continue;
          }
          case Op.LSR: { int d = (x >>> 8) & 31; int a = r[d]; sreg = shr8(a, a >> 1, sreg); r[d] = a >> 1; pc++; continue; }
          case Op.ROR: { int d = (x >>> 8) & 31; int a = r[d]; int R = (a >> 1) | (sreg & 1) << 7; sreg = shr8(a, R, sreg); r[d] = R; pc++; continue; }
          case Op.ASR: { int d = (x >>> 8) & 31; int a = r[d]; int R = (a >> 1) | (a & 0x80); sreg = shr8(a, R, sreg); r[d] = R; pc++; continue; }
          case Op.ADIW: case Op.SBIW: {
            int d = (x >>> 8) & 31;
            int a = r[d] | r[d + 1] << 8;
            int k = (x >>> 13) & 63;
            int R = (op == Op.ADIW ? a + k : a - k) & 0xFFFF;
            int rdh7 = a >> 15, r15 = R >> 15;
            int v, c;
            if (op == Op.ADIW) {
              v = ~rdh7 & r15 & 1;
              c = ~r15 & rdh7 & 1;
            } else {
              v = rdh7 & ~r15 & 1;
              c = r15 & ~rdh7 & 1;
            }
            sreg = (sreg & 0xE0) | c | (R == 0 ? 2 : 0) | r15 << 2 | v << 3 | (r15 ^ v) << 4;
            r[d] = R & 0xFF;
            r[d + 1] = R >> 8;
            pc++;
            continue;
          }
          case Op.BRBS: if ((sreg >> ((x >>> 8) & 7) & 1) != 0) { pc = (pc + 1 + (x >> 11)) & pcMask; cycle++; if (++hits[pc] == HOT) hot(pc); } else pc++; continue;
          case Op.BRBC: if ((sreg >> ((x >>> 8) & 7) & 1) == 0) { pc = (pc + 1 + (x >> 11)) & pcMask; cycle++; if (++hits[pc] == HOT) hot(pc); } else pc++; continue;
          case Op.RJMP: { int k = x >> 8; if (k == -1) break fast; pc = (pc + 1 + k) & pcMask; if (++hits[pc] == HOT) hot(pc); continue; }
          case Op.JMP: { int t = x >>> 8; if (t >= flashWords) break fast; pc = t; continue; }
          case Op.CPSE: case Op.SBRC: case Op.SBRS: {
            boolean skip;
            int a = r[(x >>> 8) & 31];
            if (op == Op.CPSE) skip = a == r[(x >>> 13) & 31];
            else if (op == Op.SBRC) skip = (a & (1 << ((x >>> 13) & 7))) == 0;
            else skip = (a & (1 << ((x >>> 13) & 7))) != 0;
            if (skip) {
              int w = word(pc + 1);
              int k = Op.twoWord(w) ? 2 : 1;
              cycle += k;
              pc += 1 + k;
            } else pc++;
            continue;
          }
          case Op.LD_X: case Op.LD_Y: case Op.LD_Z: case Op.LDD_Y: case Op.LDD_Z: {
            int p = op == Op.LD_X ? 26 : op == Op.LD_Y || op == Op.LDD_Y ? 28 : 30;
            int a = (r[p] | r[p + 1] << 8) + (op >= Op.LDD_Y && op <= Op.LDD_Z ? (x >>> 13) & 63 : 0);
            if (a < lo || a >= hi) break fast;
            r[(x >>> 8) & 31] = mem[a];
            pc++;
            continue;
          }
          case Op.ST_X: case Op.ST_Y: case Op.ST_Z: case Op.STD_Y: case Op.STD_Z: {
            int p = op == Op.ST_X ? 26 : op == Op.ST_Y || op == Op.STD_Y ? 28 : 30;
            int a = (r[p] | r[p + 1] << 8) + (op == Op.STD_Y || op == Op.STD_Z ? (x >>> 13) & 63 : 0);
            if (a < lo || a >= hi) break fast;
            mem[a] = r[(x >>> 8) & 31];
            pc++;
            continue;
          }
          case Op.LD_XP: case Op.LD_YP: case Op.LD_ZP: {
            int p = op == Op.LD_XP ? 26 : op == Op.LD_YP ? 28 : 30;
            int a = r[p] | r[p + 1] << 8;
            if (a < lo || a >= hi) break fast;
            int v = mem[a];
            a++;
            r[p] = a & 0xFF;
            r[p + 1] = (a >> 8) & 0xFF;
            r[(x >>> 8) & 31] = v;
            pc++;
            continue;
          }
          case Op.ST_XP: case Op.ST_YP: case Op.ST_ZP: {
            int p = op == Op.ST_XP ? 26 : op == Op.ST_YP ? 28 : 30;
            int a = r[p] | r[p + 1] << 8;
            if (a < lo || a >= hi) break fast;
            int v = r[(x >>> 8) & 31];
            r[p] = (a + 1) & 0xFF;
            r[p + 1] = ((a + 1) >> 8) & 0xFF;
            mem[a] = v;
            pc++;
            continue;
          }
          case Op.LD_MX: case Op.LD_MY: case Op.LD_MZ: {
            int p = op == Op.LD_MX ? 26 : op == Op.LD_MY ? 28 : 30;
            int a = (r[p] | r[p + 1] << 8) - 1;
            if (a < lo || a >= hi) break fast;
            r[p] = a & 0xFF;
            r[p + 1] = a >> 8;
            r[(x >>> 8) & 31] = mem[a];
            pc++;
            continue;
          }
          case Op.ST_MX: case Op.ST_MY: case Op.ST_MZ: {
            int p = op == Op.ST_MX ? 26 : op == Op.ST_MY ? 28 : 30;
            int a = (r[p] | r[p + 1] << 8) - 1;
            if (a < lo || a >= hi) break fast;
            int v = r[(x >>> 8) & 31];
            r[p] = a & 0xFF;
            r[p + 1] = a >> 8;
            mem[a] = v;
            pc++;
            continue;
          }
          case Op.LDS: { int a = (x >>> 13) & 0xFFFF; if (a < lo || a >= hi) break fast; r[(x >>> 8) & 31] = mem[a]; pc += 2; continue; }
          case Op.STS: { int a = (x >>> 13) & 0xFFFF; if (a < lo || a >= hi) break fast; mem[a] = r[(x >>> 8) & 31]; pc += 2; continue; }
          case Op.LPM: { int a = r[30] | r[31] << 8; r[(x >>> 8) & 31] = a < flash.length ? flash[a] & 0xFF : 0xFF; pc++; continue; }
          case Op.LPM_P: {
            int a = r[30] | r[31] << 8;
            r[(x >>> 8) & 31] = a < flash.length ? flash[a] & 0xFF : 0xFF;
            a = (a + 1) & 0xFFFF;
            r[30] = a & 0xFF;
            r[31] = a >> 8;
            pc++;
            continue;
          }
          case Op.PUSH: { int s = this.sp; if (s < lo || s >= hi) break fast; mem[s] = r[(x >>> 8) & 31]; this.sp = s - 1; pc++; continue; }
          case Op.POP: { int s = this.sp + 1; if (s < lo || s >= hi) break fast; r[(x >>> 8) & 31] = mem[s]; this.sp = s; pc++; continue; }
          case Op.RCALL: case Op.CALL: {
            if (pc22) break fast;
            int s = this.sp;
            if (s - 1 < lo || s >= hi) break fast;
            int to = op == Op.CALL ? x >>> 8 : (pc + 1 + (x >> 8)) & pcMask;
            if (to >= flashWords) break fast;
            int ret = pc + (op == Op.CALL ? 2 : 1);
            mem[s] = ret & 0xFF;
            mem[s - 1] = (ret >> 8) & 0xFF;
            this.sp = s - 2;
            pc = to;
            continue;
          }
          case Op.RET: {
            if (pc22) break fast;
            int s = this.sp;
            if (s + 1 < lo || s + 2 >= hi) break fast;
            int to = mem[s + 1] << 8 | mem[s + 2];
            if (to >= flashWords) break fast;
            pc = to;
            this.sp = s + 2;
            continue;
          }
          case Op.MUL: {
            int p = r[(x >>> 8) & 31] * r[(x >>> 13) & 31];
            sreg = (sreg & 0xFC) | (p >> 15) | (p == 0 ? 2 : 0);
            r[0] = p & 0xFF;
            r[1] = p >> 8;
            pc++;
            continue;
          }
          case Op.SWAP: { int d = (x >>> 8) & 31; r[d] = ((r[d] << 4) | (r[d] >> 4)) & 0xFF; pc++; continue; }
          case Op.COM: {
            int d = (x >>> 8) & 31;
            int R = ~r[d] & 0xFF;
            int nn = R >> 7;
            sreg = (sreg & 0xE0) | 1 | (R == 0 ? 2 : 0) | nn << 2 | nn << 4;
            r[d] = R;
            pc++;
            continue;
          }
          case Op.BST: { int b = (r[(x >>> 8) & 31] >> ((x >>> 13) & 7)) & 1; sreg = (sreg & ~0x40) | b << 6; pc++; continue; }
          case Op.BLD: {
            int d = (x >>> 8) & 31;
            int b = 1 << ((x >>> 13) & 7);
            r[d] = (sreg & 0x40) != 0 ? r[d] | b : r[d] & ~b;
            pc++;
            continue;
          }
          default:
            break fast;
        }
      }
      // slow path: everything that may touch peripherals, the stack limits or the run loop
      cycle -= cyc[op];
      n--;
      this.pc = pc;
      this.cycle = cycle;
      this.sreg = sreg;
      this.instructions += n;
      n = 0;
      if (x == Op.UNDECODED) x = decodeAt(pc);
      instructions++;
      exec(x);
      this.cycle += cyc[x & 0xFF];
      if (this.pc < 0 || this.pc > pcMask) outsideFlash();
      pc = this.pc;
      cycle = this.cycle;
      sreg = this.sreg;
      limit = this.limit;
    }
    this.pc = pc;
    this.cycle = cycle;
    this.sreg = sreg;
    this.instructions += n;
  }

  /** ADD/ADC: returns new SREG << 8 | result. */
  static int add8(int a, int b, int c, int sreg) {
    int res = a + b + c;
    int R = res & 0xFF;
    int h = ((a & b) | (b & ~R) | (~R & a)) >> 3 & 1;
    int v = ((a & b & ~R) | (~a & ~b & R)) >> 7 & 1;
    int n = R >> 7;
    return ((sreg & 0xC0) | (res >> 8) | BlockOps.zero(R) | n << 2 | v << 3 | (n ^ v) << 4 | h << 5) << 8 | R;
  }

  /** SUB/SBC/CP/CPC/SUBI/SBCI/CPI; {@code zeroZ} is the Z value for a zero result (2 or the old Z). */
  static int sub8(int a, int b, int c, int zeroZ, int sreg) {
    int R = (a - b - c) & 0xFF;
    int borrow = (~a & b) | (b & R) | (R & ~a);
    int v = ((a & ~b & ~R) | (~a & b & R)) >> 7 & 1;
    int n = R >> 7;
    int z = zeroZ & -((R - 1) >>> 31);
    return ((sreg & 0xC0) | (borrow >> 7 & 1) | z | n << 2 | v << 3 | (n ^ v) << 4 | (borrow >> 3 & 1) << 5) << 8 | R;
  }

  static int logic8(int R, int sreg) {
    int n = R >> 7;
    return (sreg & 0xE1) | BlockOps.zero(R) | n << 2 | n << 4;
  }

  static int shr8(int a, int R, int sreg) {
    int c = a & 1;
    int n = R >> 7;
    int v = n ^ c;
    return (sreg & 0xE0) | c | BlockOps.zero(R) | n << 2 | v << 3 | (n ^ v) << 4;
  }

  /** The plain interpreter (every instruction through {@link #exec}); tests run both. */
  void executeReference() {
    final int[] code = this.code;
    final int[] cyc = this.cyc;
    while (cycle < limit) {
      int x = code[pc];
      if (x == Op.UNDECODED) x = decodeAt(pc);
      instructions++;
      exec(x);
      cycle += cyc[x & 0xFF];
      if (pc < 0 || pc > pcMask) outsideFlash();
    }
  }

  private void exec(int x) {
    final int[] r = this.r;
    switch (x & 0xFF) {
      case Op.NOP -> pc++;
      case Op.MOVW -> { int d = (x >>> 8) & 31, s = (x >>> 13) & 31; r[d] = r[s]; r[d + 1] = r[s + 1]; pc++; }
      case Op.MULS -> mul(x, (byte) r[(x >>> 8) & 31], (byte) r[(x >>> 13) & 31], false);
      case Op.MULSU -> mul(x, (byte) r[(x >>> 8) & 31], r[(x >>> 13) & 31], false);
      case Op.FMUL -> mul(x, r[(x >>> 8) & 31], r[(x >>> 13) & 31], true);
      case Op.FMULS -> mul(x, (byte) r[(x >>> 8) & 31], (byte) r[(x >>> 13) & 31], true);
      case Op.FMULSU -> mul(x, (byte) r[(x >>> 8) & 31], r[(x >>> 13) & 31], true);
      case Op.MUL -> mul(x, r[(x >>> 8) & 31], r[(x >>> 13) & 31], false);
      case Op.CPC -> { int d = (x >>> 8) & 31; sub(r[d], r[(x >>> 13) & 31], sreg & 1, true); pc++; }
      case Op.SBC -> { int d = (x >>> 8) & 31; r[d] = sub(r[d], r[(x >>> 13) & 31], sreg & 1, true); pc++; }
      case Op.ADD -> { int d = (x >>> 8) & 31; r[d] = add(r[d], r[(x >>> 13) & 31], 0); pc++; }
      case Op.ADC -> { int d = (x >>> 8) & 31; r[d] = add(r[d], r[(x >>> 13) & 31], sreg & 1); pc++; }
      case Op.CPSE -> skipIf(r[(x >>> 8) & 31] == r[(x >>> 13) & 31]);
      case Op.CP -> { sub(r[(x >>> 8) & 31], r[(x >>> 13) & 31], 0, false); pc++; }
      case Op.SUB -> { int d = (x >>> 8) & 31; r[d] = sub(r[d], r[(x >>> 13) & 31], 0, false); pc++; }
      case Op.AND -> { int d = (x >>> 8) & 31; r[d] = logic(r[d] & r[(x >>> 13) & 31]); pc++; }
      case Op.EOR -> { int d = (x >>> 8) & 31; r[d] = logic(r[d] ^ r[(x >>> 13) & 31]); pc++; }
      case Op.OR -> { int d = (x >>> 8) & 31; r[d] = logic(r[d] | r[(x >>> 13) & 31]); pc++; }
      case Op.MOV -> { r[(x >>> 8) & 31] = r[(x >>> 13) & 31]; pc++; }
      case Op.CPI -> { sub(r[(x >>> 8) & 31], (x >>> 13) & 0xFF, 0, false); pc++; }
      case Op.SBCI -> { int d = (x >>> 8) & 31; r[d] = sub(r[d], (x >>> 13) & 0xFF, sreg & 1, true); pc++; }
      case Op.SUBI -> { int d = (x >>> 8) & 31; r[d] = sub(r[d], (x >>> 13) & 0xFF, 0, false); pc++; }
      case Op.ORI -> { int d = (x >>> 8) & 31; r[d] = logic(r[d] | ((x >>> 13) & 0xFF)); pc++; }
      case Op.ANDI -> { int d = (x >>> 8) & 31; r[d] = logic(r[d] & ((x >>> 13) & 0xFF)); pc++; }
      case Op.LDI -> { r[(x >>> 8) & 31] = (x >>> 13) & 0xFF; pc++; }
      case Op.LD_Y -> { r[(x >>> 8) & 31] = ld(r[28] | r[29] << 8); pc++; }
      case Op.LD_Z -> { r[(x >>> 8) & 31] = ld(r[30] | r[31] << 8); pc++; }
      case Op.LDD_Y -> { r[(x >>> 8) & 31] = ld(((r[28] | r[29] << 8) + ((x >>> 13) & 63)) & 0xFFFF); pc++; }
      case Op.LDD_Z -> { r[(x >>> 8) & 31] = ld(((r[30] | r[31] << 8) + ((x >>> 13) & 63)) & 0xFFFF); pc++; }
      case Op.ST_Y -> { st(r[28] | r[29] << 8, r[(x >>> 8) & 31]); pc++; }
      case Op.ST_Z -> { st(r[30] | r[31] << 8, r[(x >>> 8) & 31]); pc++; }
      case Op.STD_Y -> { st(((r[28] | r[29] << 8) + ((x >>> 13) & 63)) & 0xFFFF, r[(x >>> 8) & 31]); pc++; }
      case Op.STD_Z -> { st(((r[30] | r[31] << 8) + ((x >>> 13) & 63)) & 0xFFFF, r[(x >>> 8) & 31]); pc++; }
      case Op.LDS -> { r[(x >>> 8) & 31] = ld((x >>> 13) & 0xFFFF); pc += 2; }
      case Op.STS -> { st((x >>> 13) & 0xFFFF, r[(x >>> 8) & 31]); pc += 2; }
      case Op.LD_X -> { r[(x >>> 8) & 31] = ld(r[26] | r[27] << 8); pc++; }
      case Op.LD_XP -> ldPost(x, 26);
      case Op.LD_YP -> ldPost(x, 28);
      case Op.LD_ZP -> ldPost(x, 30);
      case Op.LD_MX -> ldPre(x, 26);
      case Op.LD_MY -> ldPre(x, 28);
      case Op.LD_MZ -> ldPre(x, 30);
      case Op.ST_X -> { st(r[26] | r[27] << 8, r[(x >>> 8) & 31]); pc++; }
      case Op.ST_XP -> stPost(x, 26);
      case Op.ST_YP -> stPost(x, 28);
      case Op.ST_ZP -> stPost(x, 30);
      case Op.ST_MX -> stPre(x, 26);
      case Op.ST_MY -> stPre(x, 28);
      case Op.ST_MZ -> stPre(x, 30);
      case Op.LPM -> { r[(x >>> 8) & 31] = flashByte(r[30] | r[31] << 8); pc++; }
      case Op.LPM_P -> lpmPost(x);
      case Op.ELPM -> { r[(x >>> 8) & 31] = flashByte(rampz << 16 | r[30] | r[31] << 8); pc++; }
      case Op.ELPM_P -> elpmPost(x);
      case Op.XCH, Op.LAS, Op.LAC, Op.LAT -> rmw(x);
      case Op.PUSH -> { push(r[(x >>> 8) & 31]); pc++; }
      case Op.POP -> { r[(x >>> 8) & 31] = pop(); pc++; }
      case Op.COM -> com(x);
      case Op.NEG -> neg(x);
      case Op.SWAP -> { int d = (x >>> 8) & 31; r[d] = ((r[d] << 4) | (r[d] >> 4)) & 0xFF; pc++; }
      case Op.INC -> inc(x);
      case Op.DEC -> dec(x);
      case Op.ASR -> shiftRight(x, r[(x >>> 8) & 31] & 0x80);
      case Op.LSR -> shiftRight(x, 0);
      case Op.ROR -> shiftRight(x, (sreg & 1) << 7);
      case Op.BSET -> bset(x);
      case Op.BCLR -> { sreg &= ~(1 << ((x >>> 8) & 7)); pc++; }
      case Op.RET -> ret();
      case Op.RETI -> reti();
      case Op.SLEEP -> sleep();
      case Op.BREAK -> stop(StopReason.BREAK, null);
      case Op.WDR -> { pc++; machine.watchdogReset(); }
      case Op.SPM -> spm(false);
      case Op.SPM_P -> spm(true);
      case Op.IJMP -> pc = r[30] | r[31] << 8;
      case Op.EIJMP -> pc = eind << 16 | r[30] | r[31] << 8;
      case Op.ICALL -> call(r[30] | r[31] << 8, 1);
      case Op.EICALL -> call(eind << 16 | r[30] | r[31] << 8, 1);
      case Op.DES -> des(x);
      case Op.JMP -> pc = x >>> 8;
      case Op.CALL -> call(x >>> 8, 2);
      case Op.RCALL -> call((pc + 1 + (x >> 8)) & pcMask, 1);
      case Op.RJMP -> rjmp(x);
      case Op.ADIW -> adiw(x);
      case Op.SBIW -> sbiw(x);
      case Op.CBI -> { int a = (x >>> 8) & 0xFFFF; bus.write(a, bus.read(a) & ~(1 << ((x >>> 24) & 7))); pc++; }
      case Op.SBI -> { int a = (x >>> 8) & 0xFFFF; bus.write(a, bus.read(a) | (1 << ((x >>> 24) & 7))); pc++; }
      case Op.SBIC -> { if (core.slowIoSkip()) cycle++; skipIf((bus.read((x >>> 8) & 0xFFFF) & (1 << ((x >>> 24) & 7))) == 0); }
      case Op.SBIS -> { if (core.slowIoSkip()) cycle++; skipIf((bus.read((x >>> 8) & 0xFFFF) & (1 << ((x >>> 24) & 7))) != 0); }
      case Op.IN -> { r[(x >>> 8) & 31] = bus.read((x >>> 13) & 0xFFFF); pc++; }
      case Op.OUT -> { bus.write((x >>> 13) & 0xFFFF, r[(x >>> 8) & 31]); pc++; }
      case Op.BRBS -> branch(x, (sreg >> ((x >>> 8) & 7) & 1) != 0);
      case Op.BRBC -> branch(x, (sreg >> ((x >>> 8) & 7) & 1) == 0);
      case Op.BLD -> bld(x);
      case Op.BST -> { int b = (r[(x >>> 8) & 31] >> ((x >>> 13) & 7)) & 1; sreg = (sreg & ~0x40) | b << 6; pc++; }
      case Op.SBRC -> skipIf((r[(x >>> 8) & 31] & (1 << ((x >>> 13) & 7))) == 0);
      case Op.SBRS -> skipIf((r[(x >>> 8) & 31] & (1 << ((x >>> 13) & 7))) != 0);
      case Op.BREAKPOINT -> breakpoint();
      default -> illegal();
    }
  }

  // ------------------------------------------------------------------ helpers

  private int ld(int a) {
    if (a >= ramStart && a < ramEnd) {
      int v = mem[a];
      if (bus.observer != null) bus.observer.access(a, v, false);
      return v;
    }
    if (a >= nvmStart) cycle += nvmExtra;
    return bus.readSlow(a);
  }

  private void st(int a, int v) {
    if (a >= ramStart && a < ramEnd) {
      mem[a] = v;
      if (bus.observer != null) bus.observer.access(a, v, true);
      return;
    }
    bus.writeSlow(a, v);
  }

  private void ldPost(int x, int p) {
    int a = r[p] | r[p + 1] << 8;
    int d = (x >>> 8) & 31;
    int v = ld(a);
    a = (a + 1) & 0xFFFF;
    r[p] = a & 0xFF;
    r[p + 1] = a >> 8;
    r[d] = v;
    pc++;
  }

  private void ldPre(int x, int p) {
    int a = ((r[p] | r[p + 1] << 8) - 1) & 0xFFFF;
    r[p] = a & 0xFF;
    r[p + 1] = a >> 8;
    r[(x >>> 8) & 31] = ld(a);
    pc++;
  }

  private void stPost(int x, int p) {
    int a = r[p] | r[p + 1] << 8;
    int v = r[(x >>> 8) & 31];
    a = (a + 1) & 0xFFFF;
    r[p] = a & 0xFF;
    r[p + 1] = a >> 8;
    st((a - 1) & 0xFFFF, v);
    pc++;
  }

  private void stPre(int x, int p) {
    int a = ((r[p] | r[p + 1] << 8) - 1) & 0xFFFF;
    int v = r[(x >>> 8) & 31];
    r[p] = a & 0xFF;
    r[p + 1] = a >> 8;
    st(a, v);
    pc++;
  }

  int flashByte(int a) {
    return a < flash.length ? flash[a] & 0xFF : 0xFF;
  }

  private void lpmPost(int x) {
    int a = r[30] | r[31] << 8;
    r[(x >>> 8) & 31] = flashByte(a);
    a = (a + 1) & 0xFFFF;
    r[30] = a & 0xFF;
    r[31] = a >> 8;
    pc++;
  }

  private void elpmPost(int x) {
    int a = rampz << 16 | r[30] | r[31] << 8;
    r[(x >>> 8) & 31] = flashByte(a);
    a = (a + 1) & 0xFFFFFF;
    r[30] = a & 0xFF;
    r[31] = (a >> 8) & 0xFF;
    rampz = a >> 16;
    pc++;
  }

  private void rmw(int x) {
    int d = (x >>> 8) & 31;
    int a = r[30] | r[31] << 8;
    int m = ld(a);
    int rd = r[d];
    int n =
        switch (x & 0xFF) {
          case Op.XCH -> rd;
          case Op.LAS -> m | rd;
          case Op.LAC -> m & ~rd & 0xFF;
          default -> m ^ rd;
        };
    st(a, n);
    r[d] = m;
    pc++;
  }

  private int add(int a, int b, int c) {
    int res = a + b + c;
    int R = res & 0xFF;
    int h = ((a & b) | (b & ~R) | (~R & a)) >> 3 & 1;
    int v = ((a & b & ~R) | (~a & ~b & R)) >> 7 & 1;
    int n = R >> 7;
    sreg = (sreg & 0xC0) | (res >> 8) | (R == 0 ? 2 : 0) | n << 2 | v << 3 | (n ^ v) << 4 | h << 5;
    return R;
  }

  private int sub(int a, int b, int c, boolean keepZ) {
    int R = (a - b - c) & 0xFF;
    int borrow = (~a & b) | (b & R) | (R & ~a);
    int h = borrow >> 3 & 1;
    int cy = borrow >> 7 & 1;
    int v = ((a & ~b & ~R) | (~a & b & R)) >> 7 & 1;
    int n = R >> 7;
    int z = R == 0 ? (keepZ ? sreg & 2 : 2) : 0;
    sreg = (sreg & 0xC0) | cy | z | n << 2 | v << 3 | (n ^ v) << 4 | h << 5;
    return R;
  }

  private int logic(int R) {
    int n = R >> 7;
    sreg = (sreg & 0xE1) | (R == 0 ? 2 : 0) | n << 2 | n << 4;
    return R;
  }

  private void com(int x) {
    int d = (x >>> 8) & 31;
    int R = ~r[d] & 0xFF;
    int n = R >> 7;
    sreg = (sreg & 0xE0) | 1 | (R == 0 ? 2 : 0) | n << 2 | n << 4;
    r[d] = R;
    pc++;
  }

  private void neg(int x) {
    int d = (x >>> 8) & 31;
    int a = r[d];
    int R = (-a) & 0xFF;
    int h = ((R | a) >> 3) & 1;
    int v = R == 0x80 ? 1 : 0;
    int n = R >> 7;
    sreg = (sreg & 0xC0) | (R != 0 ? 1 : 0) | (R == 0 ? 2 : 0) | n << 2 | v << 3 | (n ^ v) << 4 | h << 5;
    r[d] = R;
    pc++;
  }

  private void inc(int x) {
    int d = (x >>> 8) & 31;
    int R = (r[d] + 1) & 0xFF;
    int v = R == 0x80 ? 1 : 0;
    int n = R >> 7;
    sreg = (sreg & 0xE1) | (R == 0 ? 2 : 0) | n << 2 | v << 3 | (n ^ v) << 4;
    r[d] = R;
    pc++;
  }

  private void dec(int x) {
    int d = (x >>> 8) & 31;
    int R = (r[d] - 1) & 0xFF;
    int v = R == 0x7F ? 1 : 0;
    int n = R >> 7;
    sreg = (sreg & 0xE1) | (R == 0 ? 2 : 0) | n << 2 | v << 3 | (n ^ v) << 4;
    r[d] = R;
    pc++;
  }

  private void shiftRight(int x, int top) {
    int d = (x >>> 8) & 31;
    int a = r[d];
    int R = (a >> 1) | top;
    int c = a & 1;
    int n = R >> 7;
    int v = n ^ c;
    sreg = (sreg & 0xE0) | c | (R == 0 ? 2 : 0) | n << 2 | v << 3 | (n ^ v) << 4;
    r[d] = R;
    pc++;
  }

  private void mul(int x, int a, int b, boolean fractional) {
    int p = (a * b) & 0xFFFF;
    int c = p >> 15;
    if (fractional) p = (p << 1) & 0xFFFF;
    sreg = (sreg & 0xFC) | c | (p == 0 ? 2 : 0);
    r[0] = p & 0xFF;
    r[1] = p >> 8;
    pc++;
  }

  private void adiw(int x) {
    int d = (x >>> 8) & 31;
    int a = r[d] | r[d + 1] << 8;
    int R = (a + ((x >>> 13) & 63)) & 0xFFFF;
    int rdh7 = a >> 15, r15 = R >> 15;
    int v = ~rdh7 & r15 & 1;
    int c = ~r15 & rdh7 & 1;
    sreg = (sreg & 0xE0) | c | (R == 0 ? 2 : 0) | r15 << 2 | v << 3 | (r15 ^ v) << 4;
    r[d] = R & 0xFF;
    r[d + 1] = R >> 8;
    pc++;
  }

  private void sbiw(int x) {
    int d = (x >>> 8) & 31;
    int a = r[d] | r[d + 1] << 8;
    int R = (a - ((x >>> 13) & 63)) & 0xFFFF;
    int rdh7 = a >> 15, r15 = R >> 15;
    int v = rdh7 & ~r15 & 1;
    int c = r15 & ~rdh7 & 1;
    sreg = (sreg & 0xE0) | c | (R == 0 ? 2 : 0) | r15 << 2 | v << 3 | (r15 ^ v) << 4;
    r[d] = R & 0xFF;
    r[d + 1] = R >> 8;
    pc++;
  }

  private void bld(int x) {
    int d = (x >>> 8) & 31;
    int b = 1 << ((x >>> 13) & 7);
    r[d] = (sreg & 0x40) != 0 ? r[d] | b : r[d] & ~b;
    pc++;
  }

  private void bset(int x) {
    int bit = 1 << ((x >>> 8) & 7);
    pc++;
    if (bit == 0x80 && (sreg & 0x80) == 0) {
      // SEI: the next instruction runs before any pending interrupt
      inhibit = true;
      attention();
    }
    sreg |= bit;
  }

  private void skipIf(boolean cond) {
    if (cond) {
      int n = Op.twoWord(word(pc + 1)) ? 2 : 1;
      cycle += n;
      pc += 1 + n;
    } else {
      pc++;
    }
  }

  private void branch(int x, boolean taken) {
    if (taken) {
      pc = (pc + 1 + (x >> 11)) & pcMask;
      cycle++;
    } else {
      pc++;
    }
  }

  private void rjmp(int x) {
    int k = x >> 8;
    pc = (pc + 1 + k) & pcMask;
    if (k == -1 && (sreg & 0x80) == 0 && !machine.canInterruptWithoutI()) {
      stop(StopReason.HALTED, null);
    }
  }

  void push(int v) {
    if (sp < ramStart || sp >= ramEnd) {
      stop(StopReason.STACK, String.format("push to 0x%04x, RAM is 0x%04x-0x%04x", sp, ramStart, ramEnd - 1));
    } else {
      mem[sp] = v;
      if (bus.observer != null) bus.observer.access(sp, v, true);
    }
    sp = (sp - 1) & 0xFFFF;
  }

  int pop() {
    sp = (sp + 1) & 0xFFFF;
    if (sp < ramStart || sp >= ramEnd) {
      stop(StopReason.STACK, String.format("pop from 0x%04x, RAM is 0x%04x-0x%04x", sp, ramStart, ramEnd - 1));
      return 0;
    }
    return mem[sp];
  }

  void pushPc(int ret) {
    push(ret & 0xFF);
    push((ret >> 8) & 0xFF);
    if (pc22) push((ret >> 16) & 0xFF);
  }

  private int popPc() {
    int hi = pc22 ? pop() << 16 : 0;
    int mid = pop() << 8;
    return hi | mid | pop();
  }

  private void call(int target, int words) {
    pushPc(pc + words);
    if (pc22) cycle++;
    pc = target;
  }

  private void ret() {
    if (pc22) cycle++;
    pc = popPc();
  }

  private void reti() {
    if (pc22) cycle++;
    pc = popPc();
    if (irq.clearsGlobalEnable()) sreg |= 0x80;
    irq.returned();
    inhibit = true;
    attention();
  }

  private void sleep() {
    pc++;
    if (!machine.sleepEnabled()) return;
    if ((sreg & 0x80) == 0 && !machine.canInterruptWithoutI()) {
      stop(StopReason.SLEEP_INTERRUPTS_OFF, null);
      return;
    }
    sleeping = true;
    attention();
    machine.sleepChanged(true);
  }

  private void spm(boolean post) {
    int z = r[30] | r[31] << 8;
    int addr = rampz << 16 | z;
    cycle += machine.spm(addr, r[0] | r[1] << 8);
    if (post) {
      int a = (addr + 2) & 0xFFFFFF;
      r[30] = a & 0xFF;
      r[31] = (a >> 8) & 0xFF;
      rampz = a >> 16;
    }
    pc++;
  }

  private void des(int x) {
    // DES rounds are not simulated: no AVR8X/AVRe+ part has them. Treated as illegal.
    illegal();
  }

  private void breakpoint() {
    if (breakpointResume == pc) {
      breakpointResume = -1;
      int x = decode(word(pc), word(pc + 1));
      exec(x);
      cycle += cyc[x & 0xFF];
    } else {
      instructions--;
      stop(StopReason.BREAKPOINT, null);
    }
  }

  /**
   * Lets the instruction under a breakpoint at the PC run once (after a debugger stop); the
   * breakpoint stays set and stops the CPU the next time the PC reaches it.
   */
  public void resumeOverBreakpoint() {
    breakpointResume = pc >= 0 && pc < flashWords && breakpoints[pc] ? pc : -1;
  }

  private void illegal() {
    instructions--;
    if (pc >= flashWords) outsideFlash();
    else stop(StopReason.ILLEGAL_OPCODE, String.format("opcode 0x%04x", word(pc)));
  }

  /** The PC left flash (a jump, call, return or skip beyond its end): the run stops there. */
  private void outsideFlash() {
    stop(StopReason.PC_OUT_OF_FLASH, String.format("PC 0x%X, flash ends at 0x%X", (long) pc * 2, flash.length - 1));
  }

  /** Jumps to an interrupt vector (the run loop calls this at an instruction boundary). */
  void enterInterrupt(int vector) {
    if (sleeping) {
      sleeping = false;
      cycle += machine.wakeCycles();
      machine.sleepChanged(false);
    }
    pushPc(pc);
    if (irq.clearsGlobalEnable()) sreg &= ~0x80;
    pc = irq.vectorBase() / 2 + irq.slot(vector) * vectorWords;
    cycle += core.interruptCycles + (pc22 ? 1 : 0);
    irq.entered(vector);
  }

  void reset() {
    pc = 0;
    sreg = 0;
    rampz = 0;
    eind = 0;
    sleeping = false;
    inhibit = false;
    if (r != mem) java.util.Arrays.fill(r, 0);
  }
}
