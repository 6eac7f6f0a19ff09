package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Translated blocks against the interpreter: seeded random loops of register and SRAM
 * instructions (pointers also leaving SRAM, which ends a block early), branches and RJMPs (which a
 * block follows), run with and without translation; registers, SREG, PC, cycles and instruction
 * counts must be identical at every stop, also with the cycle limit falling inside blocks.
 */
class BlockTranslationTest {

  private static int[] randomLoop(Random rnd, boolean branches, int lo, int hi) {
    List<Integer> w = new ArrayList<>();
    int body = 4 + rnd.nextInt(40);
    for (int i = 0; i < body; i++) {
      int d = 16 + rnd.nextInt(16), s = rnd.nextInt(32), k = rnd.nextInt(256);
      int dl = rnd.nextInt(32);
      int[] choices = {
        Asm.add(dl, s), Asm.adc(dl, s), Asm.sub(dl, s), Asm.sbc(dl, s), Asm.cp(dl, s), Asm.cpc(dl, s),
        Asm.and(dl, s), Asm.or(dl, s), Asm.eor(dl, s), Asm.mov(dl, s), Asm.subi(d, k), Asm.sbci(d, k),
        Asm.cpi(d, k), Asm.andi(d, k), Asm.ori(d, k), Asm.ldi(d, k), Asm.com(dl), Asm.neg(dl),
        Asm.inc(dl), Asm.dec(dl), Asm.lsr(dl), Asm.ror(dl), Asm.asr(dl), Asm.swap(dl),
        Asm.movw(2 * rnd.nextInt(16), 2 * rnd.nextInt(16)), Asm.adiw(24 + 2 * rnd.nextInt(4), rnd.nextInt(64)),
        Asm.sbiw(24 + 2 * rnd.nextInt(4), rnd.nextInt(64)), Asm.mul(dl, s), Asm.bst(dl, rnd.nextInt(8)),
        Asm.bld(dl, rnd.nextInt(8)), Asm.NOP, Asm.rjmp(0),
        branches ? Asm.brbs(rnd.nextInt(8), 1) : Asm.NOP, branches ? Asm.brbc(rnd.nextInt(8), rnd.nextInt(2)) : Asm.NOP,
        Asm.ldX(dl), Asm.ldXp(dl), Asm.ldMx(dl), Asm.ldYp(dl), Asm.ldMy(dl), Asm.ldZp(dl), Asm.ldMz(dl),
        Asm.lddY(dl, rnd.nextInt(64)), Asm.lddZ(dl, rnd.nextInt(64)), Asm.stX(dl), Asm.stXp(dl),
        Asm.stMx(dl), Asm.stYp(dl), Asm.stMy(dl), Asm.stZp(dl), Asm.stMz(dl),
        Asm.stdY(rnd.nextInt(64), dl), Asm.stdZ(rnd.nextInt(64), dl), -1, -2
      };
      int c = choices[rnd.nextInt(choices.length)];
      if (c == -1) {
        for (int v : Asm.lds(dl, rnd.nextBoolean() ? lo + rnd.nextInt(hi - lo) : rnd.nextInt(0x100))) w.add(v);
      } else if (c == -2) {
        for (int v : Asm.sts(lo + rnd.nextInt(hi - lo), dl)) w.add(v);
      } else {
        w.add(c);
      }
    }
    // loop back to the start with a conditional branch on a counter, then rjmp back
    w.add(Asm.dec(16));
    int back = -(w.size() + 1);
    w.add(Asm.brbc(1, back)); // brne start
    w.add(Asm.rjmp(-(w.size() + 1)));
    return w.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void translatedBlocksBehaveLikeTheInterpreter() {
    compare(new Random(4809), true, Core.AVRE_PLUS);
  }

  /** Loops without inner branches: one block that repeats itself up to the next event. */
  @Test
  void selfLoopingBlocksBehaveLikeTheInterpreter() {
    compare(new Random(328), false, Core.AVRE_PLUS);
  }

  /** AVRxt: the register file is not in the data space; SRAM at 0x2800, other cycle counts. */
  @Test
  void translatedBlocksBehaveLikeTheInterpreterOnAvrxt() {
    compare(new Random(4808), true, Core.AVRXT);
    compare(new Random(3208), false, Core.AVRXT);
  }

  private static void compare(Random rnd, boolean branches, Core core) {
    int lo = core == Core.AVRE_PLUS ? 0x100 : 0x2800, hi = core == Core.AVRE_PLUS ? 0x2200 : 0x4000;
    int translatedSomething = 0, selfLoops = 0;
    for (int round = 0; round < 150; round++) {
      int[] prog = randomLoop(rnd, branches, lo, hi);
      long seed = rnd.nextLong();
      Machine a = InstructionTest.machine(core, 0x8000, false);
      Machine b = InstructionTest.machine(core, 0x8000, false);
      b.cpu().translate = false;
      for (Machine m : new Machine[] {a, b}) {
        InstructionTest.program(m, 0, prog);
        Random regs = new Random(seed);
        for (int i = 0; i < 32; i++) m.cpu().setReg(i, regs.nextInt(256));
        // pointers mostly into SRAM, sometimes into registers (AVRe+) and I/O
        for (int p = 27; p < 32; p += 2) {
          m.cpu().setReg(p, regs.nextInt(4) == 0 ? 0 : (lo >> 8) + regs.nextInt((hi - lo) >> 8));
        }
        for (int ad = lo; ad < hi; ad++) m.bus().poke(ad, regs.nextInt(256));
        m.cpu().setSreg(regs.nextInt(128));
        m.cpu().setPc(0);
      }
      for (int chunk = 0; chunk < 20; chunk++) {
        long n = 997 + rnd.nextInt(5000);
        RunResult ra = a.run(n), rb = b.run(n);
        assertEquals(rb.cycles(), ra.cycles(), "cycles, round " + round);
        assertEquals(rb.instructions(), ra.instructions(), "instructions, round " + round);
        assertEquals(b.cpu().pc(), a.cpu().pc(), "pc");
        assertEquals(b.cpu().sreg(), a.cpu().sreg(), "sreg, round " + round);
        for (int i = 0; i < 32; i++) assertEquals(b.cpu().reg(i), a.cpu().reg(i), "r" + i + ", round " + round);
      }
      for (int x = 0; x < hi; x++) assertEquals(b.bus().peek(x), a.bus().peek(x), "data 0x" + Integer.toHexString(x));
      for (BlockCompiler.Block blk : a.cpu().blocks) {
        if (blk != null && blk.count > 0) translatedSomething++;
        if (blk != null && blk.loopCycles > 0) selfLoops++;
      }
    }
    assertThat(translatedSomething).isGreaterThan(30);
    if (!branches) assertThat(selfLoops).isGreaterThan(30);
  }

  /**
   * A timer interrupt every 256 cycles (TIMER0, no prescaler) on an ATmega328P while random loops
   * run: the handler adds TCNT0 (which moves every cycle) to r2 and counts at 0x7F0, so an
   * interrupt taken one cycle early or late anywhere changes the state.
   */
  @Test
  void interruptsComeAtTheSameCycleWithBlocks() {
    Random rnd = new Random(1642);
    long entries = 0;
    for (int round = 0; round < 40; round++) {
      int[] loop = randomLoop(rnd, rnd.nextBoolean(), 0x100, 0x700);
      long seed = rnd.nextLong();
      Machine a = Machine.builder(Tools.device("ATmega328P")).build();
      Machine b = Machine.builder(Tools.device("ATmega328P")).build();
      b.cpu().translate = false;
      int vector = a.vector("TIMER0_OVF");
      for (Machine m : new Machine[] {a, b}) {
        InstructionTest.program(m, 0, Asm.jmp(0x40));
        InstructionTest.program(m, 2 * vector, Asm.jmp(0x34));
        // handler: push r16; in r16, TCNT0; add r2, r16; (0x7F0)++; pop r16; reti
        InstructionTest.program(m, 0x34, InstructionTest.cat(Asm.push(16), Asm.in(16, 0x26), Asm.add(2, 16),
            Asm.lds(16, 0x7F0), Asm.inc(16), Asm.sts(0x7F0, 16), Asm.pop(16), Asm.RETI));
        // main: TCCR0B = 1 (clk/1), TIMSK0 = TOIE0, sei, then the loop
        InstructionTest.program(m, 0x40, InstructionTest.cat(Asm.ldi(16, 1), Asm.out(0x25, 16), Asm.sts(0x6E, 16), Asm.SEI, loop));
        Random regs = new Random(seed);
        for (int r = 0; r < 32; r++) m.cpu().setReg(r, regs.nextInt(256));
        for (int p = 27; p < 32; p += 2) m.cpu().setReg(p, 1 + regs.nextInt(6));
        for (int ad = 0x100; ad < 0x700; ad++) m.bus().poke(ad, regs.nextInt(256));
      }
      for (int chunk = 0; chunk < 10; chunk++) {
        long n = 997 + rnd.nextInt(5000);
        RunResult ra = a.run(n), rb = b.run(n);
        assertEquals(rb.reason(), ra.reason(), "stop, round " + round);
        assertEquals(rb.cycles(), ra.cycles(), "cycles, round " + round);
        assertEquals(rb.instructions(), ra.instructions(), "instructions, round " + round);
        assertEquals(b.cpu().pc(), a.cpu().pc(), "pc, round " + round);
        assertEquals(b.cpu().sreg(), a.cpu().sreg(), "sreg, round " + round);
        for (int i = 0; i < 32; i++) assertEquals(b.cpu().reg(i), a.cpu().reg(i), "r" + i + ", round " + round);
        if (ra.reason() != StopReason.CYCLE_LIMIT) break;
      }
      for (int x = 0x100; x < 0x900; x++) assertEquals(b.bus().peek(x), a.bus().peek(x), "data 0x" + Integer.toHexString(x));
      entries += a.bus().peek(0x7F0);
    }
    assertThat(entries).isGreaterThan(200);
  }
}
