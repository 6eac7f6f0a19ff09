package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every instruction against the AVR Instruction Set Manual: results, each flag from the manual's
 * boolean formulas (exhaustively over all operands for the 8-bit ALU), cycles per core, skips
 * over two-word instructions, stack and PC width. Each case runs on the fast path and on the
 * plain interpreter.
 */
class InstructionTest {
  static final int C = 1, Z = 2, N = 4, V = 8, S = 16, H = 32, T = 64, I = 128;

  /** A machine like the ATmega328P (AVRe+) or ATmega4809 (AVRxt), without peripherals. */
  static Machine machine(Core core, int flashBytes, boolean reference) {
    MemoryLayout l =
        core == Core.AVRE_PLUS
            ? new MemoryLayout(core, flashBytes, 0x2200, 0x100, 0x2200, Integer.MAX_VALUE, 0, -1, 0x5F, 0x5D,
                flashBytes > 0x10000 ? 0x5B : -1, flashBytes > 0x20000 ? 0x5C : -1, 2, 57)
            : new MemoryLayout(core, flashBytes, 0x4000, 0x2800, 0x4000, 0x4000, 0, -1, 0x3F, 0x3D, -1, -1, 2, 41);
    Machine m = Machine.builder(l).build();
    m.cpu().reference = reference;
    return m;
  }

  static void program(Machine m, int at, int... words) {
    byte[] f = m.flash();
    for (int i = 0; i < words.length; i++) {
      f[2 * (at + i)] = (byte) words[i];
      f[2 * (at + i) + 1] = (byte) (words[i] >> 8);
    }
    m.flashWritten(2 * at, 2 * words.length);
  }

  static int[] cat(Object... parts) {
    java.util.List<Integer> l = new java.util.ArrayList<>();
    for (Object p : parts) {
      if (p instanceof Integer i) l.add(i);
      else for (int v : (int[]) p) l.add(v);
    }
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Runs one instruction at PC 0; returns its cycles. */
  static long step(Machine m) {
    long c = m.cpu().cycle();
    m.cpu().setPc(0);
    m.step();
    return m.cpu().cycle() - c;
  }

  static int bit(int v, int n) {
    return (v >> n) & 1;
  }

  // ---------------------------------------------------------------- exhaustive 8-bit ALU

  interface Expect {
    /** expected SREG (I and T untouched by the caller) for operands a, b, carry in, result r */
    int flags(int a, int b, int cin, int r, int zin);
  }

  static int addFlags(int a, int b, int cin, int r, int zin) {
    int h = bit(a, 3) & bit(b, 3) | bit(b, 3) & ~bit(r, 3) & 1 | ~bit(r, 3) & 1 & bit(a, 3);
    int v = bit(a, 7) & bit(b, 7) & ~bit(r, 7) & 1 | ~bit(a, 7) & 1 & ~bit(b, 7) & 1 & bit(r, 7);
    int c = bit(a, 7) & bit(b, 7) | bit(b, 7) & ~bit(r, 7) & 1 | ~bit(r, 7) & 1 & bit(a, 7);
    int n = bit(r, 7);
    int z = r == 0 ? 1 : 0;
    return c | z << 1 | n << 2 | v << 3 | (n ^ v) << 4 | h << 5;
  }

  static int subFlags(int a, int b, int cin, int r, int zin, boolean keepZ) {
    int h = ~bit(a, 3) & 1 & bit(b, 3) | bit(b, 3) & bit(r, 3) | bit(r, 3) & ~bit(a, 3) & 1;
    int v = bit(a, 7) & ~bit(b, 7) & 1 & ~bit(r, 7) & 1 | ~bit(a, 7) & 1 & bit(b, 7) & bit(r, 7);
    int c = ~bit(a, 7) & 1 & bit(b, 7) | bit(b, 7) & bit(r, 7) | bit(r, 7) & ~bit(a, 7) & 1;
    int n = bit(r, 7);
    int z = r == 0 ? (keepZ ? zin : 1) : 0;
    return c | z << 1 | n << 2 | v << 3 | (n ^ v) << 4 | h << 5;
  }

  static int logicFlags(int r, int sregIn) {
    int n = bit(r, 7);
    return (sregIn & (C | H)) | (r == 0 ? Z : 0) | n << 2 | n << 4;
  }

  private void exhaustive(String name, int word, boolean writes, boolean immediate, IntBinaryOperator result, Expect flags, boolean flagsAll) {
    for (boolean ref : new boolean[] {false, true}) {
      Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
      program(m, 0, word);
      Cpu cpu = m.cpu();
      for (int a = 0; a < 256; a++) {
        for (int b = 0; b < (immediate ? 1 : 256); b++) {
          for (int cz = 0; cz < 4; cz++) {
            int cin = cz & 1, zin = cz >> 1;
            int bb = immediate ? -1 : b;
            cpu.setReg(16, a);
            if (!immediate) cpu.setReg(17, b);
            int sin = T | H * (cz & 1) | cin | zin << 1 | (cz == 3 ? S | V | N : 0);
            cpu.setSreg(sin);
            assertEquals(1, step(m), name);
            int expect = result.applyAsInt(a, bb < 0 ? 0 : bb + 0 * cin) ;
            if (name.equals("ADC") || name.equals("SBC") || name.equals("CPC") || name.equals("SBCI")) {
              expect = name.equals("ADC") ? (a + b + cin) & 0xFF : (a - (immediate ? result.applyAsInt(-1, 0) : b) - cin) & 0xFF;
            }
            int r = writes ? cpu.reg(16) : expect;
            if (writes) assertEquals(expect, r, name + " " + a + "," + b + " c" + cin);
            else assertEquals(a, cpu.reg(16), name + " must not write");
            int bOperand = immediate ? result.applyAsInt(-1, 0) : b;
            int want = flags.flags(a, bOperand, cin, expect, zin);
            int mask = flagsAll ? 0x3F : 0x1E;
            assertEquals((sin & ~mask & 0xFF) | (want & mask), cpu.sreg(),
                () -> name + " flags a=" + Integer.toHexString(cpu.reg(16)) + " sreg");
          }
        }
      }
    }
  }

  @Test
  void addAndAdc() {
    exhaustive("ADD", Asm.add(16, 17), true, false, (a, b) -> (a + b) & 0xFF, InstructionTest::addFlags, true);
    exhaustive("ADC", Asm.adc(16, 17), true, false, (a, b) -> (a + b) & 0xFF,
        (a, b, c, r, z) -> addFlags(a, b, c, r, z), true);
  }

  @Test
  void subtractAndCompare() {
    exhaustive("SUB", Asm.sub(16, 17), true, false, (a, b) -> (a - b) & 0xFF, (a, b, c, r, z) -> subFlags(a, b, c, r, z, false), true);
    exhaustive("CP", Asm.cp(16, 17), false, false, (a, b) -> (a - b) & 0xFF, (a, b, c, r, z) -> subFlags(a, b, c, ((a - b) & 0xFF), z, false), true);
    exhaustive("SBC", Asm.sbc(16, 17), true, false, (a, b) -> (a - b) & 0xFF, (a, b, c, r, z) -> subFlags(a, b, c, r, z, true), true);
    exhaustive("CPC", Asm.cpc(16, 17), false, false, (a, b) -> (a - b) & 0xFF, (a, b, c, r, z) -> subFlags(a, b, c, (a - b - c) & 0xFF, z, true), true);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x5A})
  void immediates(int k) {
    IntBinaryOperator sub = (a, b) -> a < 0 ? k : (a - k) & 0xFF;
    exhaustive("SUBI", Asm.subi(16, k), true, true, sub, (a, b, c, r, z) -> subFlags(a, k, c, r, z, false), true);
    exhaustive("CPI", Asm.cpi(16, k), false, true, sub, (a, b, c, r, z) -> subFlags(a, k, c, (a - k) & 0xFF, z, false), true);
    exhaustive("SBCI", Asm.sbci(16, k), true, true, sub, (a, b, c, r, z) -> subFlags(a, k, c, r, z, true), true);
    IntBinaryOperator and = (a, b) -> a < 0 ? k : a & k;
    exhaustive("ANDI", Asm.andi(16, k), true, true, and, (a, b, c, r, z) -> logicFlags(r, 0), false);
    IntBinaryOperator or = (a, b) -> a < 0 ? k : a | k;
    exhaustive("ORI", Asm.ori(16, k), true, true, or, (a, b, c, r, z) -> logicFlags(r, 0), false);
  }

  @Test
  void logic() {
    exhaustive("AND", Asm.and(16, 17), true, false, (a, b) -> a & b, (a, b, c, r, z) -> logicFlags(r, 0), false);
    exhaustive("OR", Asm.or(16, 17), true, false, (a, b) -> a | b, (a, b, c, r, z) -> logicFlags(r, 0), false);
    exhaustive("EOR", Asm.eor(16, 17), true, false, (a, b) -> a ^ b, (a, b, c, r, z) -> logicFlags(r, 0), false);
  }

  /** Single-operand instructions over all 256 values and both carry values. */
  @Test
  void singleOperand() {
    for (boolean ref : new boolean[] {false, true}) {
      Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
      Cpu cpu = m.cpu();
      String[] names = {"COM", "NEG", "INC", "DEC", "ASR", "LSR", "ROR", "SWAP"};
      int[] words = {Asm.com(20), Asm.neg(20), Asm.inc(20), Asm.dec(20), Asm.asr(20), Asm.lsr(20), Asm.ror(20), Asm.swap(20)};
      for (int i = 0; i < names.length; i++) {
        program(m, 0, words[i]);
        for (int a = 0; a < 256; a++) {
          for (int cin = 0; cin < 2; cin++) {
            int sin = T | cin | (cin == 1 ? H : 0);
            cpu.setReg(20, a);
            cpu.setSreg(sin);
            assertEquals(1, step(m));
            int r, f;
            int d7 = bit(a, 7), d0 = bit(a, 0);
            switch (names[i]) {
              case "COM" -> { r = 0xFF - a; f = C | (r == 0 ? Z : 0) | bit(r, 7) * (N | S) | (sin & H); }
              case "NEG" -> {
                r = (0 - a) & 0xFF;
                int v = r == 0x80 ? 1 : 0;
                int n = bit(r, 7);
                f = (r != 0 ? C : 0) | (r == 0 ? Z : 0) | n << 2 | v << 3 | (n ^ v) << 4 | (bit(r, 3) | bit(a, 3)) << 5;
              }
              case "INC", "DEC" -> {
                r = (a + (names[i].equals("INC") ? 1 : -1)) & 0xFF;
                int v = names[i].equals("INC") ? (r == 0x80 ? 1 : 0) : (r == 0x7F ? 1 : 0);
                int n = bit(r, 7);
                f = (sin & (C | H)) | (r == 0 ? Z : 0) | n << 2 | v << 3 | (n ^ v) << 4;
              }
              case "SWAP" -> { r = ((a & 0x0F) << 4) | (a >> 4); f = sin & 0x3F; }
              default -> {
                r = names[i].equals("ASR") ? (a >> 1) | (a & 0x80) : names[i].equals("LSR") ? a >> 1 : (a >> 1) | cin << 7;
                int n = bit(r, 7);
                int v = n ^ d0;
                f = d0 | (r == 0 ? Z : 0) | n << 2 | v << 3 | (n ^ v) << 4 | (sin & H);
              }
            }
            assertEquals(r, cpu.reg(20), names[i] + " " + a);
            assertEquals(T | f, cpu.sreg(), names[i] + " flags of " + a + " c" + cin);
          }
        }
      }
    }
  }

  @Test
  void wordArithmetic() {
    for (boolean ref : new boolean[] {false, true}) {
      Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
      Cpu cpu = m.cpu();
      for (int k : new int[] {0, 1, 63}) {
        for (int a : new int[] {0, 1, 0x7FFF, 0x8000, 0xFFFF, 0xFFC1, 0x1234, 62}) {
          for (boolean add : new boolean[] {true, false}) {
            program(m, 0, add ? Asm.adiw(26, k) : Asm.sbiw(26, k));
            cpu.setReg(26, a & 0xFF);
            cpu.setReg(27, a >> 8);
            cpu.setSreg(H);
            assertEquals(2, step(m));
            int r = (add ? a + k : a - k) & 0xFFFF;
            int rdh7 = a >> 15, r15 = r >> 15;
            int v = add ? (~rdh7 & r15 & 1) : (rdh7 & ~r15 & 1);
            int c = add ? (~r15 & rdh7 & 1) : (r15 & ~rdh7 & 1);
            assertEquals(r, cpu.reg(26) | cpu.reg(27) << 8);
            assertEquals(H | c | (r == 0 ? Z : 0) | r15 << 2 | v << 3 | (r15 ^ v) << 4, cpu.sreg(), (add ? "ADIW " : "SBIW ") + a + "," + k);
          }
        }
      }
    }
  }

  @Test
  void multiplications() {
    for (boolean ref : new boolean[] {false, true}) {
      Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
      Cpu cpu = m.cpu();
      String[] names = {"MUL", "MULS", "MULSU", "FMUL", "FMULS", "FMULSU"};
      int[] words = {Asm.mul(16, 17), Asm.muls(16, 17), Asm.mulsu(16, 17), Asm.fmul(16, 17), Asm.fmuls(16, 17), Asm.fmulsu(16, 17)};
      for (int i = 0; i < names.length; i++) {
        program(m, 0, words[i]);
        for (int a = 0; a < 256; a += 3) {
          for (int b = 0; b < 256; b += 5) {
            cpu.setReg(16, a);
            cpu.setReg(17, b);
            cpu.setSreg(0);
            assertEquals(2, step(m));
            int sa = i == 1 || i == 2 || i == 4 || i == 5 ? (byte) a : a;
            int sb = i == 1 || i == 4 ? (byte) b : b;
            int p = (sa * sb) & 0xFFFF;
            int c = p >> 15;
            if (i >= 3) p = (p << 1) & 0xFFFF;
            assertEquals(p, cpu.reg(0) | cpu.reg(1) << 8, names[i] + " " + a + "*" + b);
            assertEquals(c | (p == 0 ? Z : 0), cpu.sreg(), names[i] + " flags");
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- flow, skips, cycles

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void branchesAndSkips(boolean ref) {
    Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
    Cpu cpu = m.cpu();
    for (int s = 0; s < 8; s++) {
      for (int set = 0; set < 2; set++) {
        program(m, 0, Asm.brbs(s, -5));
        cpu.setSreg(set << s);
        assertEquals(set == 1 ? 2 : 1, step(m));
        assertEquals(set == 1 ? -4 & 0x3FFF : 1, cpu.pc(), "BRBS " + s); // wraps: 14-bit PC
        program(m, 0, Asm.brbc(s, 63));
        cpu.setSreg(set << s);
        assertEquals(set == 0 ? 2 : 1, step(m));
        assertEquals(set == 0 ? 64 : 1, cpu.pc());
      }
    }
    // skips: 1 word, 2 words (LDS, STS, JMP, CALL), none
    int[][] next = {{Asm.NOP}, Asm.lds(1, 0x100), Asm.sts(0x100, 1), Asm.jmp(0x1234), Asm.call(0x1234)};
    for (int[] n : next) {
      program(m, 0, cat(Asm.cpse(1, 2), n));
      cpu.setReg(1, 5);
      cpu.setReg(2, 5);
      assertEquals(1 + n.length, step(m), "CPSE skipping " + n.length + " words");
      assertEquals(1 + n.length, cpu.pc());
      cpu.setReg(2, 6);
      assertEquals(1, step(m));
      assertEquals(1, cpu.pc());
      program(m, 0, cat(Asm.sbrs(3, 7), n));
      cpu.setReg(3, 0x80);
      assertEquals(1 + n.length, step(m));
      assertEquals(1 + n.length, cpu.pc());
      program(m, 0, cat(Asm.sbrc(3, 7), n));
      assertEquals(1, step(m));
      cpu.setReg(3, 0x7F);
      assertEquals(1 + n.length, step(m));
      program(m, 0, cat(Asm.sbic(0x1E, 2), n)); // GPIOR0 at I/O 0x1E
      m.bus().write(0x3E, 0);
      assertEquals(1 + n.length, step(m));
      program(m, 0, cat(Asm.sbis(0x1E, 2), n));
      assertEquals(1, step(m));
    }
  }

  /** A breakpoint survives resuming over it: every pass round the loop stops there again. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void breakpointStaysSetAfterResume(boolean ref) {
    Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
    Cpu cpu = m.cpu();
    // 0: inc r1; 1: inc r2; 2: rjmp 0 (breakpoint on word 1)
    program(m, 0, Asm.inc(1), Asm.inc(2), Asm.rjmp(-3));
    cpu.setPc(0);
    cpu.setBreakpoint(1, true);
    for (int pass = 1; pass <= 300; pass++) { // past Cpu.HOT, so blocks get translated too
      RunResult r = m.run(1_000_000);
      assertEquals(StopReason.BREAKPOINT, r.reason(), "pass " + pass);
      assertEquals(2, r.pcByteAddress());
      assertEquals(pass & 0xFF, cpu.reg(1));
      assertEquals((pass - 1) & 0xFF, cpu.reg(2), "INC r2 under the breakpoint ran once per resume");
      long c = cpu.cycle();
      cpu.resumeOverBreakpoint();
      RunResult s = m.step();
      assertEquals(4, s.pcByteAddress());
      assertEquals(pass & 0xFF, cpu.reg(2));
      assertEquals(c + 1, cpu.cycle(), "the resumed INC costs its own cycle");
    }
    cpu.setBreakpoint(1, false);
    m.run(3 * 10);
    assertThat(cpu.reg(2)).isNotEqualTo(300 & 0xFF);
  }

  /** Cycle counts of the manual's "#Clocks" columns: AVRe+ (AVRe) versus AVRxt. */
  @Test
  void cycleTables() {
    Object[][] table = {
      // words, AVRe+, AVRxt
      {new int[] {Asm.push(0)}, 2, 1},
      {new int[] {Asm.pop(0)}, 2, 2},
      {Asm.lds(0, 0x0100 + 0x2800 - 0x100), 0, 0},
      {new int[] {Asm.ldX(0)}, 2, 2},
      {new int[] {Asm.stX(0)}, 2, 1},
      {new int[] {Asm.stdY(5, 0)}, 2, 1},
      {new int[] {Asm.lddZ(0, 5)}, 2, 2},
      {new int[] {Asm.stMx(0)}, 2, 1},
      {new int[] {Asm.rcall(10)}, 3, 2},
      {Asm.call(10), 4, 3},
      {Asm.jmp(10), 3, 3},
      {new int[] {Asm.rjmp(10)}, 2, 2},
      {new int[] {Asm.ICALL}, 3, 2},
      {new int[] {Asm.IJMP}, 2, 2},
      {new int[] {Asm.RET}, 4, 4},
      {new int[] {Asm.RETI}, 4, 4},
      {new int[] {Asm.sbi(0x1E, 1)}, 2, 1},
      {new int[] {Asm.cbi(0x1E, 1)}, 2, 1},
      {new int[] {Asm.lpmZ(0)}, 3, 3},
      {new int[] {Asm.lpm()}, 3, 3},
      {new int[] {Asm.adiw(24, 1)}, 2, 2},
      {new int[] {Asm.mul(0, 1)}, 2, 2},
      {new int[] {Asm.in(0, 0x1E)}, 1, 1},
      {new int[] {Asm.out(0x1E, 0)}, 1, 1},
      {new int[] {Asm.movw(0, 2)}, 1, 1},
    };
    for (boolean ref : new boolean[] {false, true}) {
      for (Core core : new Core[] {Core.AVRE_PLUS, Core.AVRXT}) {
        Machine m = machine(core, 0x8000, ref);
        Cpu cpu = m.cpu();
        int ram = m.layout().ramStart();
        for (Object[] row : table) {
          int[] w = (int[]) row[0];
          int expect = core == Core.AVRE_PLUS ? (int) row[1] : (int) row[2];
          if (w[0] == (0x9000)) {
            w = Asm.lds(0, ram + 0x10);
            expect = core == Core.AVRE_PLUS ? 2 : 3;
          }
          program(m, 0, w);
          cpu.setSp(m.layout().ramEnd() - 10);
          for (int i = 26; i < 32; i += 2) {
            cpu.setReg(i, (ram + 0x20) & 0xFF);
            cpu.setReg(i + 1, (ram + 0x20) >> 8);
          }
          if (w[0] == Asm.ICALL || w[0] == Asm.IJMP) {
            cpu.setReg(30, 8);
            cpu.setReg(31, 0);
          }
          assertEquals(expect, step(m), core + " " + Integer.toHexString(w[0]) + (ref ? " (plain)" : ""));
          assertThat(cpu.stop).isEqualTo(StopReason.REQUESTED);
        }
        // STS 2 cycles everywhere
        program(m, 0, Asm.sts(ram + 5, 0));
        assertEquals(2, step(m));
      }
    }
  }

  /** An AVRxt sequence timed as a whole, as the manual's AVRxt column adds up. */
  @Test
  void avrxtSequence() {
    for (boolean ref : new boolean[] {false, true}) {
      Machine m = machine(Core.AVRXT, 0xC000, ref);
      Cpu cpu = m.cpu();
      // ldi r26,lo; ldi r27,hi; st X+,r16 (1); ld r17,-X (2); push r17 (1); pop r18 (2);
      // lds r19 (3); sts (2); rcall +0 (2); ret (4); sbi (1); nop (1) = 1+1+1+2+1+2+3+2+2+4+1+1
      int ram = 0x2800;
      int[] prog =
          cat(Asm.ldi(26, ram & 0xFF), Asm.ldi(27, ram >> 8), Asm.stXp(16), Asm.ldMx(17), Asm.push(17),
              Asm.pop(18), Asm.lds(19, ram), Asm.sts(ram + 1, 19), Asm.rcall(1), Asm.rjmp(1), Asm.RET,
              Asm.sbi(0x1C, 0), Asm.BREAK);
      program(m, 0, prog);
      cpu.setReg(16, 0x5A);
      RunResult r = m.run(1000);
      assertEquals(StopReason.BREAK, r.reason());
      // rjmp (2) is executed after the return, BREAK (1) ends the run
      assertEquals(1 + 1 + 1 + 2 + 1 + 2 + 3 + 2 + 2 + 4 + 2 + 1 + 1, r.cycles());
      assertEquals(0x5A, cpu.reg(19));
      assertEquals(0x5A, m.bus().peek(ram + 1));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void loadsStoresAndPointers(boolean ref) {
    Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
    Cpu cpu = m.cpu();
    DataBus bus = m.bus();
    int a = 0x200;
    bus.poke(a, 0x11);
    bus.poke(a + 1, 0x22);
    bus.poke(a + 63, 0x33);
    cpu.setReg(26, a & 0xFF);
    cpu.setReg(27, a >> 8);
    program(m, 0, Asm.ldXp(0));
    step(m);
    assertEquals(0x11, cpu.reg(0));
    assertEquals(a + 1, cpu.reg(26) | cpu.reg(27) << 8);
    program(m, 0, Asm.ldMx(1));
    step(m);
    assertEquals(0x11, cpu.reg(1));
    assertEquals(a, cpu.reg(26) | cpu.reg(27) << 8);
    cpu.setReg(30, a & 0xFF);
    cpu.setReg(31, a >> 8);
    program(m, 0, Asm.lddZ(2, 63));
    step(m);
    assertEquals(0x33, cpu.reg(2));
    cpu.setReg(28, a & 0xFF);
    cpu.setReg(29, a >> 8);
    cpu.setReg(3, 0x44);
    program(m, 0, Asm.stdY(62, 3));
    step(m);
    assertEquals(0x44, bus.peek(a + 62));
    program(m, 0, Asm.stMy(3));
    step(m);
    assertEquals(0x44, bus.peek(a - 1));
    assertEquals(a - 1, cpu.reg(28) | cpu.reg(29) << 8);
    // registers are data addresses 0..31 on AVRe+
    program(m, 0, Asm.lds(4, 3));
    step(m);
    assertEquals(0x44, cpu.reg(4));
    program(m, 0, Asm.sts(5, 3));
    step(m);
    assertEquals(0x44, cpu.reg(5));
    // IN/OUT address I/O + 0x20
    cpu.setReg(6, 0x99);
    program(m, 0, Asm.out(0x1E, 6));
    step(m);
    assertEquals(0x99, bus.peek(0x3E));
    // LPM Z+ reads flash bytes
    program(m, 0, Asm.lpmZp(7));
    cpu.setReg(30, 1);
    cpu.setReg(31, 0);
    step(m);
    assertEquals(Asm.lpmZp(7) >> 8, cpu.reg(7));
    assertEquals(2, cpu.reg(30));
    // MOVW, MOV, LDI, BST/BLD, SWAP
    cpu.setReg(8, 1);
    cpu.setReg(9, 2);
    program(m, 0, Asm.movw(10, 8));
    step(m);
    assertEquals(2, cpu.reg(11));
    cpu.setReg(12, 0x80);
    program(m, 0, Asm.bst(12, 7));
    cpu.setSreg(0);
    step(m);
    assertEquals(T, cpu.sreg());
    program(m, 0, Asm.bld(13, 3));
    cpu.setReg(13, 0);
    step(m);
    assertEquals(8, cpu.reg(13));
    // SREG and SP through I/O
    program(m, 0, Asm.in(14, 0x3F));
    cpu.setSreg(0xA5);
    step(m);
    assertEquals(0xA5, cpu.reg(14));
    program(m, 0, Asm.in(15, 0x3D));
    cpu.setSp(0x8FE);
    step(m);
    assertEquals(0xFE, cpu.reg(15));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void callsPushTwoOrThreeBytes(boolean ref) {
    for (int flash : new int[] {0x8000, 0x40000}) {
      Machine m = machine(Core.AVRE_PLUS, flash, ref);
      Cpu cpu = m.cpu();
      int sp = 0x8FF;
      cpu.setSp(sp);
      program(m, 0, Asm.call(0x100));
      long c = step(m);
      boolean pc22 = flash > 0x20000;
      assertEquals(pc22 ? 5 : 4, c);
      assertEquals(0x100, cpu.pc());
      assertEquals(sp - (pc22 ? 3 : 2), cpu.sp());
      assertEquals(2, m.bus().peek(sp));
      assertEquals(0, m.bus().peek(sp - 1));
      program(m, 0x100, Asm.RET);
      cpu.setPc(0x100);
      long c0 = cpu.cycle();
      m.step();
      assertEquals(pc22 ? 5 : 4, cpu.cycle() - c0);
      assertEquals(2, cpu.pc());
      assertEquals(sp, cpu.sp());
      if (pc22) {
        // EIND:Z for EICALL, RAMPZ:Z for ELPM
        m.bus().write(0x5C, 1);
        cpu.setReg(30, 0x34);
        cpu.setReg(31, 0x12);
        program(m, 0, Asm.EICALL);
        assertEquals(4, step(m));
        assertEquals(0x11234, cpu.pc());
        m.flash()[0x21234] = 0x77;
        m.bus().write(0x5B, 2);
        program(m, 0, Asm.elpmZp(20));
        step(m);
        assertEquals(0x77, cpu.reg(20));
        assertEquals(0x35, cpu.reg(30));
      }
    }
  }

  @Test
  void seiDelaysInterruptsByOneInstruction() {
    for (boolean ref : new boolean[] {false, true}) {
      Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
      // vector 3 at word 6: break; main: sei; inc r16; inc r16; ...
      program(m, 0, Asm.rjmp(10));
      program(m, 6, Asm.BREAK);
      program(m, 11, Asm.SEI, Asm.inc(16), Asm.inc(16), Asm.inc(16), Asm.rjmp(-1));
      m.interrupts().raise(3);
      m.cpu().setPc(0);
      RunResult r = m.run(100);
      assertEquals(StopReason.BREAK, r.reason());
      assertEquals(1, m.cpu().reg(16), "one instruction after SEI runs before the interrupt");
      assertEquals(0, m.cpu().sreg() & I, "entering clears I on AVRe+");
      // rjmp 2 + sei 1 + inc 1 + interrupt 4 + break 1
      assertEquals(9, r.cycles());
    }
  }

  @Test
  void retiRunsOneMainInstructionBeforeTheNextInterrupt() {
    for (boolean ref : new boolean[] {false, true}) {
      Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
      program(m, 0, Asm.rjmp(10));
      program(m, 6, Asm.inc(17), Asm.RETI);
      program(m, 11, Asm.SEI, Asm.inc(16), Asm.inc(16), Asm.inc(16), Asm.BREAK);
      m.interrupts().raise(3); // stays raised: the handler runs after every main instruction
      m.cpu().setSp(0x8FF);
      RunResult r = m.run(200);
      assertEquals(StopReason.BREAK, r.reason());
      assertEquals(3, m.cpu().reg(16));
      assertEquals(3, m.cpu().reg(17));
    }
  }

  @Test
  void stops() {
    for (boolean ref : new boolean[] {false, true}) {
      Machine m = machine(Core.AVRE_PLUS, 0x8000, ref);
      program(m, 0, 0xFFFF);
      assertEquals(StopReason.ILLEGAL_OPCODE, m.run(10).reason());
      assertEquals(0, m.cpu().pc());
      program(m, 0, Asm.CLI, Asm.SLEEP);
      m.cpu().setPc(0);
      assertEquals(StopReason.SLEEP_INTERRUPTS_OFF, m.run(10).reason());
      program(m, 0, Asm.CLI, Asm.rjmp(-1));
      m.cpu().setPc(0);
      assertEquals(StopReason.HALTED, m.run(10).reason());
      program(m, 0, Asm.rjmp(-1));
      m.cpu().setPc(0);
      m.cpu().setSreg(I);
      RunResult r = m.run(1000);
      assertEquals(StopReason.CYCLE_LIMIT, r.reason());
      program(m, 0, Asm.push(0), Asm.rjmp(-2));
      m.cpu().setPc(0);
      m.cpu().setSp(0x104);
      assertEquals(StopReason.STACK, m.run(100).reason());
      program(m, 0, Asm.SEI, Asm.SLEEP);
      m.cpu().setPc(0);
      assertEquals(StopReason.SLEEP_FOREVER, m.run(100).reason());
      // 0x95E8 SPM without a handler is a no-op; SPM Z+ does not exist on AVRe+
      program(m, 0, 0x95F8);
      m.cpu().setPc(0);
      assertEquals(StopReason.ILLEGAL_OPCODE, m.run(10).reason());
    }
  }

  @Test
  void avrxtRegisterFileIsNotInDataSpace() {
    Machine m = machine(Core.AVRXT, 0xC000, false);
    Cpu cpu = m.cpu();
    cpu.setReg(3, 0x42);
    program(m, 0, Asm.lds(4, 3));
    m.bus().poke(3, 0x17);
    step(m);
    assertEquals(0x17, cpu.reg(4));
    // flash mapped at 0x4000 in data space, one extra cycle to read it
    m.flash()[0x10] = 0x66;
    cpu.setReg(30, 0x10);
    cpu.setReg(31, 0x40);
    program(m, 0, Asm.lddZ(5, 0));
    assertEquals(3, step(m));
    assertEquals(0x66, cpu.reg(5));
    // IN/OUT address data space directly
    cpu.setReg(6, 0x5A);
    program(m, 0, Asm.out(0x1C, 6));
    step(m);
    assertEquals(0x5A, m.bus().peek(0x1C));
  }

  /**
   * Relative jumps, calls and branches wrap modulo the PC's width (32 KiB of flash: 14 bits), as on
   * the chip; jumps, returns and skips beyond flash stop with PC_OUT_OF_FLASH; 48 KiB of flash
   * (16-bit PC, the ATmega4809) stops where the wrapped PC lands past the end.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void relativeJumpsWrapAndThePcNeverLeavesFlashSilently(boolean reference) {
    Machine m = machine(Core.AVRE_PLUS, 0x8000, reference);
    program(m, 0, Asm.rjmp(-3)); // to word -2 = 0x3FFE
    program(m, 0x3FFE, 0x9598); // break
    RunResult r = m.run(100);
    assertThat(r.reason()).isEqualTo(StopReason.BREAK);
    assertThat(r.pcByteAddress()).isEqualTo(0x7FFC);

    m = machine(Core.AVRE_PLUS, 0x8000, reference);
    program(m, 0x3FFF, Asm.rcall(5)); // wraps to word 5; the return address is past the end
    program(m, 5, 0x9598);
    m.cpu().setPc(0x3FFF);
    r = m.run(100);
    assertThat(r.reason()).isEqualTo(StopReason.BREAK);
    assertThat(r.pcByteAddress()).isEqualTo(10);
    assertThat(m.bus().peek(m.cpu().sp() + 1) << 8 | m.bus().peek(m.cpu().sp() + 2)).as("return address").isEqualTo(0x4000);

    m = machine(Core.AVRE_PLUS, 0x8000, reference);
    program(m, 0, 0x940C, 0x7000); // jmp 0xE000 (word 0x7000)
    r = m.run(100);
    assertThat(r.reason()).isEqualTo(StopReason.PC_OUT_OF_FLASH);

    m = machine(Core.AVRE_PLUS, 0x8000, reference);
    program(m, 0, Asm.ldi(30, 0xFF), Asm.ldi(31, 0xFF), 0x9409); // ijmp to 0xFFFF
    r = m.run(100);
    assertThat(r.reason()).isEqualTo(StopReason.PC_OUT_OF_FLASH);
    assertThat(r.detail()).contains("PC 0x1FFFE");

    m = machine(Core.AVRXT, 0xC000, reference);
    program(m, 0, Asm.rjmp(-3)); // to word 0x7FFE: beyond 48 KiB
    r = m.run(100);
    assertThat(r.reason()).isEqualTo(StopReason.PC_OUT_OF_FLASH);
    assertThat(r.detail()).contains("PC 0xFFFC");

    m = machine(Core.AVRXT, 0xC000, reference);
    program(m, 0x5FFF, 0x0000); // nop on the last word, then the PC runs off the end
    m.cpu().setPc(0x5FFF);
    r = m.run(100);
    assertThat(r.reason()).isEqualTo(StopReason.PC_OUT_OF_FLASH);
  }
}
