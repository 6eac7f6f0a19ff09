package dev.avrkit.sim;

import java.lang.invoke.MethodHandles;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Translates hot runs of register and SRAM instructions (ALU, moves, loads and stores; RJMPs are
 * followed; ending at most with one conditional branch) into a JVM class per block. The
 * registers the block uses live in JVM locals while it runs (loaded at entry, the written ones
 * stored back at every exit); each instruction is a call of a pure {@link BlockOps} function with
 * constant operands that the JIT inlines. A block whose final branch jumps back to its own start
 * loops inside the generated method as long as another pass surely ends before the budget (the
 * next scheduled event). A block only runs when its longest path ends before the next event, so
 * it sees exactly what the interpreter would.
 */
final class BlockCompiler {

  /** A translated block. */
  abstract static class Block {
    int cycles; // base cycles of all instructions
    int count; // instructions
    boolean branch; // ends with a conditional branch (+1 cycle when taken: bit 17 of the result)
    int start; // first PC
    int[] exitCycles; // by instruction index: cycles of the instructions before a memory exit there
    int loopCycles; // cycles of one repeated pass of a self-loop (0: not a self-loop)
    int loops; // written by run: passes repeated before the last one (self-loops only)

    /**
     * Runs the block; returns next PC << 32 | SREG, with bit 16 set when a memory access outside
     * SRAM ended it early at that PC (the interpreter runs that instruction; bits 20.. hold its
     * index in the block, i.e. the instructions before it) and bit 17 set when the final branch
     * was taken. A self-loop starts another pass only while {@code loops *
     * loopCycles} plus that pass (at most cycles + 1) stays within {@code budget}; the cycles and
     * instructions of the last pass are counted as for any block.
     */
    abstract long run(int[] r, int sreg, int[] mem, int budget);
  }

  static final int MIN = 3;
  static final int MAX = 64;
  /** HotSpot leaves methods of more than 8000 bytecode bytes to its interpreter (the class is larger). */
  private static final int HUGE = 8000;
  private static int serial;

  private BlockCompiler() {}

  private static String method(int op) {
    return switch (op) {
      case Op.ADD -> "add";
      case Op.ADC -> "adc";
      case Op.SUB -> "sub";
      case Op.SBC -> "sbc";
      case Op.SUBI -> "subi";
      case Op.SBCI -> "sbci";
      case Op.CP -> "cp";
      case Op.CPC -> "cpc";
      case Op.CPI -> "cpi";
      case Op.AND -> "and";
      case Op.OR -> "or";
      case Op.EOR -> "eor";
      case Op.ANDI -> "andi";
      case Op.ORI -> "ori";
      case Op.MOV -> "mov";
      case Op.MOVW -> "movw";
      case Op.LDI -> "ldi";
      case Op.SWAP -> "swap";
      case Op.LSR -> "lsr";
      case Op.ROR -> "ror";
      case Op.ASR -> "asr";
      case Op.INC -> "inc";
      case Op.DEC -> "dec";
      case Op.COM -> "com";
      case Op.NEG -> "neg";
      case Op.ADIW -> "adiw";
      case Op.SBIW -> "sbiw";
      case Op.MUL -> "mul";
      case Op.BST -> "bst";
      case Op.BLD -> "bld";
      case Op.NOP -> "";
      default -> null;
    };
  }

  /** SREG bits a register-only instruction writes (0 for unknown ones). */
  private static int flagsWritten(int op) {
    return switch (op) {
      case Op.ADD, Op.ADC, Op.SUB, Op.SBC, Op.SUBI, Op.SBCI, Op.CP, Op.CPC, Op.CPI, Op.NEG -> 0x3F;
      case Op.AND, Op.OR, Op.EOR, Op.ANDI, Op.ORI, Op.INC, Op.DEC -> 0x1E;
      case Op.LSR, Op.ROR, Op.ASR, Op.COM, Op.ADIW, Op.SBIW -> 0x1F;
      case Op.MUL -> 0x03;
      case Op.BST -> 0x40;
      case Op.MOV, Op.MOVW, Op.LDI, Op.SWAP, Op.BLD, Op.NOP -> 0;
      default -> 0;
    };
  }

  /** SREG bits a register-only instruction reads (all for unknown ones). */
  private static int flagsRead(int op) {
    return switch (op) {
      case Op.ADC, Op.ROR -> 0x01;
      case Op.SBC, Op.SBCI, Op.CPC -> 0x03;
      case Op.BLD -> 0x40;
      case Op.ADD, Op.SUB, Op.SUBI, Op.CP, Op.CPI, Op.NEG, Op.AND, Op.OR, Op.EOR, Op.ANDI, Op.ORI,
          Op.INC, Op.DEC, Op.LSR, Op.ASR, Op.COM, Op.ADIW, Op.SBIW, Op.MUL, Op.BST, Op.MOV,
          Op.MOVW, Op.LDI, Op.SWAP, Op.NOP -> 0;
      default -> 0xFF;
    };
  }

  /**
   * The SREG bits among {@code written} (the flags instruction {@code i} of the block writes) that
   * may be read before later register-only instructions of the same block overwrite them. Only those are computed; the others keep their old value, which is
   * never seen. Anything else that follows (a memory access that may leave the block, a branch,
   * the block end, a breakpoint) counts as reading every flag, so SREG is exact wherever the
   * interpreter or a branch can see it.
   */
  private static int liveFlags(int[] xs, int i, int bodyCount, int written) {
    int pending = written, live = 0;
    for (int j = i + 1; j < bodyCount; j++) {
      int op = xs[j] & 0xFF;
      if (op == Op.RJMP) continue; // followed inside the block
      if (method(op) == null) break;
      live |= flagsRead(op) & pending;
      pending &= ~flagsWritten(op);
      if (pending == 0) return live;
    }
    return live | pending;
  }

  /**
   * The bits among {@code written} (by instruction {@code i}, the last flag writer of the body)
   * that the body reads after it (all of them when a memory access follows).
   */
  private static int readAfter(int[] xs, int i, int bodyCount, int written) {
    int live = 0;
    for (int j = i + 1; j < bodyCount; j++) {
      int op = xs[j] & 0xFF;
      if (op == Op.RJMP) continue;
      if (method(op) == null) return written;
      live |= flagsRead(op) & written;
    }
    return live;
  }

  /**
   * The bits among {@code written} that a self-loop's next pass reads before it overwrites them
   * (all of them that are still pending at a memory access).
   */
  private static int readFromStart(int[] xs, int bodyCount, int written) {
    int pending = written, live = 0;
    for (int j = 0; j < bodyCount && pending != 0; j++) {
      int op = xs[j] & 0xFF;
      if (op == Op.RJMP) continue;
      if (method(op) == null) return live | pending;
      live |= flagsRead(op) & pending;
      pending &= ~flagsWritten(op);
    }
    return live | pending;
  }

  /** The operands and flags function of the instruction whose full flags only exits compute. */
  private static final class Saved {
    String m;
    String desc;
  }

  /** next PC << 32 | low word. */
  static long pack(int pc, int low) {
    return (long) pc << 32 | (low & 0xFFFFFFFFL);
  }

  private static String memory(int op) {
    return switch (op) {
      case Op.LD_X, Op.LD_XP, Op.LD_MX, Op.LD_Y, Op.LD_YP, Op.LD_MY, Op.LDD_Y, Op.LD_Z, Op.LD_ZP,
          Op.LD_MZ, Op.LDD_Z -> "ld";
      case Op.ST_X, Op.ST_XP, Op.ST_MX, Op.ST_Y, Op.ST_YP, Op.ST_MY, Op.STD_Y, Op.ST_Z, Op.ST_ZP,
          Op.ST_MZ, Op.STD_Z -> "st";
      case Op.LDS -> "lds";
      case Op.STS -> "sts";
      default -> null;
    };
  }

  private static int pointer(int op) {
    return switch (op) {
      case Op.LD_X, Op.LD_XP, Op.LD_MX, Op.ST_X, Op.ST_XP, Op.ST_MX -> 26;
      case Op.LD_Y, Op.LD_YP, Op.LD_MY, Op.LDD_Y, Op.ST_Y, Op.ST_YP, Op.ST_MY, Op.STD_Y -> 28;
      default -> 30;
    };
  }

  private static int mode(int op) {
    return switch (op) {
      case Op.LD_XP, Op.LD_YP, Op.LD_ZP, Op.ST_XP, Op.ST_YP, Op.ST_ZP -> 1;
      case Op.LD_MX, Op.LD_MY, Op.LD_MZ, Op.ST_MX, Op.ST_MY, Op.ST_MZ -> 2;
      case Op.LDD_Y, Op.LDD_Z, Op.STD_Y, Op.STD_Z -> 3;
      default -> 0;
    };
  }

  // locals of the generated run(int[] r, int sreg, int[] mem, int budget)
  private static final int R_ARRAY = 1, SREG = 2, MEM = 3, BUDGET = 4, REG0 = 5;
  private static final int LOOPS = REG0 + 32, USED = LOOPS + 1, ADDR = USED + 1, EA = ADDR + 1;
  private static final int V = EA + 1, EXITPC = V + 1, TMP = EXITPC + 1;
  private static final int SAVE_A = TMP + 1, SAVE_B = SAVE_A + 1, SAVE_S = SAVE_B + 1;
  private static final String OPS = "dev/avrkit/sim/BlockOps";
  private static final String SELF = "dev/avrkit/sim/BlockCompiler";

  /** Registers an instruction reads or writes ({@code used}) and writes ({@code written}). */
  private static void touch(int op, int x, boolean[] used, boolean[] written) {
    int d = (x >>> 8) & 31, s = (x >>> 13) & 31;
    switch (op) {
      case Op.ADD, Op.ADC, Op.SUB, Op.SBC, Op.AND, Op.OR, Op.EOR, Op.MOV -> { used[s] = true; written[d] = true; }
      case Op.CP, Op.CPC -> { used[s] = true; used[d] = true; }
      case Op.CPI, Op.BST -> used[d] = true;
      case Op.MOVW -> { used[s] = used[s + 1] = true; written[d] = written[d + 1] = true; }
      case Op.ADIW, Op.SBIW -> written[d] = written[d + 1] = true;
      case Op.MUL -> { used[d] = used[s] = true; written[0] = written[1] = true; }
      case Op.NOP -> {}
      case Op.LDS -> written[d] = true;
      case Op.STS -> used[d] = true;
      default -> {
        if (memory(op) != null) {
          int p = pointer(op);
          used[p] = used[p + 1] = true;
          if (mode(op) == 1 || mode(op) == 2) written[p] = written[p + 1] = true;
          if (memory(op).equals("ld")) written[d] = true;
          else used[d] = true;
        } else {
          written[d] = true; // SUBI SBCI ANDI ORI LDI SWAP LSR ROR ASR INC DEC COM NEG BLD
        }
      }
    }
    for (int i = 0; i < 32; i++) used[i] |= written[i];
  }

  /** Translates the block at {@code start}, or returns null when it would be too short. */
  static Block compile(Cpu cpu, int start) {
    // registers in locals: no SRAM store may reach the register file (AVRe+ maps it at 0..31)
    if (cpu.r == cpu.mem && cpu.ramStart < 32) return null;
    // pass 1: the extent of the block
    int pc = start;
    int cycles = 0, count = 0;
    int[] xs = new int[MAX], pcs = new int[MAX];
    boolean branch = false;
    int last = -1; // final BRBS/BRBC/RJMP (its decoded word), or -1
    while (count < MAX && pc >= 0 && pc < cpu.flashWords && !cpu.breakpoints[pc]) {
      int x = cpu.decode(cpu.word(pc), cpu.word(pc + 1));
      int op = x & 0xFF;
      boolean direct = op == Op.LDS || op == Op.STS;
      if (direct && (((x >>> 13) & 0xFFFF) < cpu.ramStart || ((x >>> 13) & 0xFFFF) >= cpu.ramEnd)) break;
      boolean body = method(op) != null || memory(op) != null;
      boolean jump = op == Op.RJMP && (x >> 8) != -1;
      boolean end = op == Op.BRBS || op == Op.BRBC || (jump && (((pc + 1 + (x >> 8)) & cpu.pcMask) == start || count == MAX - 1));
      if (!body && !end && !jump) break;
      xs[count] = x;
      pcs[count] = pc;
      cycles += cpu.core.cycles[op];
      count++;
      if (jump && !end) { // followed: the block goes on at its target
        pc = (pc + 1 + (x >> 8)) & cpu.pcMask;
        continue;
      }
      pc += direct ? 2 : 1;
      if (end) {
        branch = op != Op.RJMP;
        last = x;
        break;
      }
    }
    if (count < MIN) return null;
    int fallthrough = pc;
    int bodyCount = last == -1 ? count : count - 1;
    int target = -1;
    if (last != -1) target = (pcs[count - 1] + 1 + ((last & 0xFF) == Op.RJMP ? last >> 8 : last >> 11)) & cpu.pcMask;
    boolean selfLoop = target == start;
    int loopCycles = cycles + (branch ? 1 : 0);

    boolean[] used = new boolean[32], written = new boolean[32];
    for (int i = 0; i < bodyCount; i++) if ((xs[i] & 0xFF) != Op.RJMP) touch(xs[i] & 0xFF, xs[i], used, written);

    // A self-loop's last flag writer (no memory access after it) computes on the way back only
    // the flags the branch and the next pass read; the exits compute the rest from its operands.
    int lazy = -1, lazyNeed = 0;
    if (selfLoop) {
      for (int i = bodyCount - 1; i >= 0; i--) {
        int op = xs[i] & 0xFF;
        if (memory(op) != null) break;
        int w = flagsWritten(op);
        if (w == 0) continue;
        int need = readAfter(xs, i, bodyCount, w) | readFromStart(xs, bodyCount, w);
        if (branch) need |= (1 << ((last >>> 8) & 7)) & w;
        if (need != w) {
          lazy = i;
          lazyNeed = need;
        }
        break;
      }
    }
    Saved saved = new Saved();

    // pass 2: bytecode
    String name = "dev/avrkit/sim/Block$" + (serial++);
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
    String sup = "dev/avrkit/sim/BlockCompiler$Block";
    cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null, sup, null);
    MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, sup, "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    MethodVisitor mv = cw.visitMethod(0, "run", "([II[II)J", null, null);
    int[] exitCycles = new int[MAX];
    mv.visitCode();
    for (int i = 0; i < 32; i++) {
      if (!used[i]) continue;
      mv.visitVarInsn(Opcodes.ALOAD, R_ARRAY);
      push(mv, i);
      mv.visitInsn(Opcodes.IALOAD);
      mv.visitVarInsn(Opcodes.ISTORE, REG0 + i);
    }
    if (selfLoop) {
      push(mv, 0);
      mv.visitVarInsn(Opcodes.ISTORE, LOOPS);
      push(mv, 0);
      mv.visitVarInsn(Opcodes.ISTORE, USED);
    }
    Label top = new Label();
    Label exit = new Label(); // EXITPC set; normal end
    mv.visitLabel(top);
    int cyc = 0;
    for (int i = 0; i < bodyCount; i++) {
      int x = xs[i], op = x & 0xFF;
      if (memory(op) != null) {
        exitCycles[i] = cyc;
        memoryOp(mv, cpu, x, pcs[i], i, exit);
      } else if (op != Op.RJMP) {
        int w = flagsWritten(op);
        if (i == lazy) registerOp(mv, x, lazyNeed, saved);
        else registerOp(mv, x, w == 0 ? 0 : liveFlags(xs, i, bodyCount, w), null);
      }
      cyc += cpu.core.cycles[op];
    }
    if (last == -1) {
      jumpTo(mv, fallthrough, exit);
    } else {
      Label notTaken = new Label();
      if ((last & 0xFF) != Op.RJMP) {
        mv.visitVarInsn(Opcodes.ILOAD, SREG);
        push(mv, (last >>> 8) & 7);
        mv.visitInsn(Opcodes.ISHR);
        push(mv, 1);
        mv.visitInsn(Opcodes.IAND);
        mv.visitJumpInsn((last & 0xFF) == Op.BRBS ? Opcodes.IFEQ : Opcodes.IFNE, notTaken);
      }
      if (selfLoop) {
        // another pass only while it surely ends before the budget (the next event)
        Label over = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, USED);
        push(mv, loopCycles + cycles + 1);
        mv.visitInsn(Opcodes.IADD);
        mv.visitVarInsn(Opcodes.ILOAD, BUDGET);
        mv.visitJumpInsn(Opcodes.IF_ICMPGT, over);
        mv.visitIincInsn(LOOPS, 1);
        mv.visitIincInsn(USED, loopCycles);
        mv.visitJumpInsn(Opcodes.GOTO, top);
        mv.visitLabel(over);
      }
      exactFlags(mv, saved);
      if (branch) { // bit 17: the branch was taken (one more cycle), also when it jumps to the next PC
        mv.visitVarInsn(Opcodes.ILOAD, SREG);
        push(mv, 0x20000);
        mv.visitInsn(Opcodes.IOR);
        mv.visitVarInsn(Opcodes.ISTORE, SREG);
      }
      jumpTo(mv, target, exit);
      mv.visitLabel(notTaken);
      if ((last & 0xFF) != Op.RJMP) {
        exactFlags(mv, saved);
        jumpTo(mv, fallthrough, exit);
      }
    }
    mv.visitLabel(exit);
    for (int i = 0; i < 32; i++) {
      if (!written[i]) continue;
      mv.visitVarInsn(Opcodes.ALOAD, R_ARRAY);
      push(mv, i);
      mv.visitVarInsn(Opcodes.ILOAD, REG0 + i);
      mv.visitInsn(Opcodes.IASTORE);
    }
    if (selfLoop) {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitVarInsn(Opcodes.ILOAD, LOOPS);
      mv.visitFieldInsn(Opcodes.PUTFIELD, sup, "loops", "I");
    }
    mv.visitVarInsn(Opcodes.ILOAD, EXITPC);
    mv.visitVarInsn(Opcodes.ILOAD, SREG);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SELF, "pack", "(II)J", false);
    mv.visitInsn(Opcodes.LRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    try {
      byte[] bytes = cw.toByteArray();
      if (bytes.length > HUGE) return null; // the JIT would not compile it: the interpreter is faster
      MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClass(bytes, true);
      Block b = (Block) l.findConstructor(l.lookupClass(), java.lang.invoke.MethodType.methodType(void.class)).invoke();
      b.cycles = cycles;
      b.count = count;
      b.branch = branch;
      b.start = start;
      b.exitCycles = exitCycles;
      b.loopCycles = selfLoop ? loopCycles : 0;
      return b;
    } catch (Throwable e) {
      throw new IllegalStateException("block translation failed at 0x" + Integer.toHexString(start * 2), e);
    }
  }

  private static void push(MethodVisitor mv, int v) {
    if (v >= -1 && v <= 5) mv.visitInsn(Opcodes.ICONST_0 + v);
    else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(Opcodes.BIPUSH, v);
    else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(Opcodes.SIPUSH, v);
    else mv.visitLdcInsn(v);
  }

  private static void jumpTo(MethodVisitor mv, int pc, Label exit) {
    push(mv, pc);
    mv.visitVarInsn(Opcodes.ISTORE, EXITPC);
    mv.visitJumpInsn(Opcodes.GOTO, exit);
  }

  private static void reg(MethodVisitor mv, int n) {
    mv.visitVarInsn(Opcodes.ILOAD, REG0 + n);
  }

  private static void setReg(MethodVisitor mv, int n) {
    mv.visitVarInsn(Opcodes.ISTORE, REG0 + n);
  }

  /**
   * One instruction through {@link BlockOps}: the SREG bits in {@code live} get their new value
   * (all from the flags function {@code mF}, or C and Z alone from {@code mC}/{@code mZ} when
   * only those are needed), the others keep theirs; the result function {@code m} gives the value
   * for {@code dest} (one register, or two for a 16-bit result, low byte first; none for compares
   * and BST). {@code args} pushes the operands (SREG is pushed here). With {@code save} the
   * operands and the SREG before it are kept in locals so that {@link #exactFlags} can compute all
   * its flags later, on the paths that leave the block.
   */
  private static void call(MethodVisitor mv, String m, String desc, int live, Saved save, Runnable args, int... dest) {
    if (save != null) { // keep operands and SREG for exactFlags
      boolean two = desc.equals("(III)I");
      args.run();
      if (two) mv.visitVarInsn(Opcodes.ISTORE, SAVE_B);
      mv.visitVarInsn(Opcodes.ISTORE, SAVE_A);
      mv.visitVarInsn(Opcodes.ILOAD, SREG);
      mv.visitVarInsn(Opcodes.ISTORE, SAVE_S);
      save.m = m;
      save.desc = desc;
      args = () -> {
        mv.visitVarInsn(Opcodes.ILOAD, SAVE_A);
        if (two) mv.visitVarInsn(Opcodes.ILOAD, SAVE_B);
      };
    }
    boolean single = (live & ~3) == 0 && !m.equals("mul") && !m.equals("adiw") && !m.equals("sbiw") && !m.equals("bst");
    if (live != 0) {
      if (single) {
        mv.visitVarInsn(Opcodes.ILOAD, SREG);
        push(mv, ~live);
        mv.visitInsn(Opcodes.IAND);
        for (int bit = 1; bit <= 2; bit <<= 1) {
          if ((live & bit) == 0) continue;
          args.run();
          mv.visitVarInsn(Opcodes.ILOAD, SREG);
          mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, m + (bit == 1 ? "C" : "Z"), desc, false);
          mv.visitInsn(Opcodes.IOR);
        }
      } else {
        args.run();
        mv.visitVarInsn(Opcodes.ILOAD, SREG);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, m + "F", desc, false);
        if (live != flagsOf(m)) { // the bits nobody reads keep their value
          push(mv, live);
          mv.visitInsn(Opcodes.IAND);
          mv.visitVarInsn(Opcodes.ILOAD, SREG);
          push(mv, ~live);
          mv.visitInsn(Opcodes.IAND);
          mv.visitInsn(Opcodes.IOR);
        }
      }
      mv.visitVarInsn(Opcodes.ISTORE, TMP);
    }
    if (dest.length > 0) {
      args.run();
      mv.visitVarInsn(Opcodes.ILOAD, SREG);
      mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, m, desc, false);
      if (dest.length == 2) {
        mv.visitInsn(Opcodes.DUP);
        push(mv, 0xFF);
        mv.visitInsn(Opcodes.IAND);
        setReg(mv, dest[0]);
        push(mv, 8);
        mv.visitInsn(Opcodes.IUSHR);
      }
      setReg(mv, dest[dest.length - 1]);
    }
    if (live != 0) {
      mv.visitVarInsn(Opcodes.ILOAD, TMP);
      mv.visitVarInsn(Opcodes.ISTORE, SREG);
    }
  }

  /** Recomputes all flags of the saved instruction (SREG exact where the block ends). */
  private static void exactFlags(MethodVisitor mv, Saved saved) {
    if (saved.m == null) return;
    mv.visitVarInsn(Opcodes.ILOAD, SAVE_A);
    if (saved.desc.equals("(III)I")) mv.visitVarInsn(Opcodes.ILOAD, SAVE_B);
    mv.visitVarInsn(Opcodes.ILOAD, SAVE_S);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, saved.m + "F", saved.desc, false);
    mv.visitVarInsn(Opcodes.ISTORE, SREG);
  }

  /** SREG bits the flags function {@code mF} may change. */
  private static int flagsOf(String m) {
    return switch (m) {
      case "add", "adc", "sub", "sbc", "neg" -> 0x3F;
      case "and", "or", "eor", "inc", "dec" -> 0x1E;
      case "lsr", "ror", "asr", "com", "adiw", "sbiw" -> 0x1F;
      case "mul" -> 0x03;
      case "bst" -> 0x40;
      default -> 0;
    };
  }

  /** A register-only instruction on the register locals; {@code live}: its flag bits read later. */
  private static void registerOp(MethodVisitor mv, int x, int live, Saved save) {
    int op = x & 0xFF;
    int d = (x >>> 8) & 31, s = (x >>> 13) & 31, k = (x >>> 13) & 0xFF;
    String bin = "(III)I", un = "(II)I";
    switch (op) {
      case Op.ADD, Op.ADC, Op.SUB, Op.SBC, Op.AND, Op.OR, Op.EOR ->
          call(mv, method(op), bin, live, save, () -> { reg(mv, d); reg(mv, s); }, d);
      case Op.SUBI, Op.SBCI, Op.ANDI, Op.ORI -> {
        String m = op == Op.SUBI ? "sub" : op == Op.SBCI ? "sbc" : op == Op.ANDI ? "and" : "or";
        call(mv, m, bin, live, save, () -> { reg(mv, d); push(mv, k); }, d);
      }
      case Op.CP, Op.CPC -> call(mv, op == Op.CPC ? "sbc" : "sub", bin, live, save, () -> { reg(mv, d); reg(mv, s); });
      case Op.CPI -> call(mv, "sub", bin, live, save, () -> { reg(mv, d); push(mv, k); });
      case Op.COM, Op.NEG, Op.INC, Op.DEC, Op.LSR, Op.ROR, Op.ASR ->
          call(mv, method(op), un, live, save, () -> reg(mv, d), d);
      case Op.SWAP -> call(mv, "swap", un, 0, save, () -> reg(mv, d), d);
      case Op.MOV -> {
        reg(mv, s);
        setReg(mv, d);
      }
      case Op.MOVW -> {
        reg(mv, s);
        setReg(mv, d);
        reg(mv, s + 1);
        setReg(mv, d + 1);
      }
      case Op.LDI -> {
        push(mv, k);
        setReg(mv, d);
      }
      case Op.ADIW, Op.SBIW -> call(mv, method(op), bin, live, save, () -> {
        reg(mv, d);
        reg(mv, d + 1);
        push(mv, 8);
        mv.visitInsn(Opcodes.ISHL);
        mv.visitInsn(Opcodes.IOR);
        push(mv, (x >>> 13) & 63);
      }, d, d + 1);
      case Op.MUL -> call(mv, "mul", bin, live, save, () -> { reg(mv, d); reg(mv, s); }, 0, 1);
      case Op.BST -> call(mv, "bst", bin, live, save, () -> { reg(mv, d); push(mv, (x >>> 13) & 7); });
      case Op.BLD -> call(mv, "bld", bin, 0, save, () -> { reg(mv, d); push(mv, (x >>> 13) & 7); }, d);
      case Op.NOP -> {}
      default -> throw new IllegalStateException("not a block instruction: " + Op.NAMES[op]);
    }
  }

  /**
   * A load or store on the register locals and {@code mem}; an address outside SRAM (I/O,
   * registers, mapped flash) leaves the block (bit 16 and the index {@code i} in the result, EXITPC
   * = this instruction), nothing
   * changed. LDS/STS addresses are known to be SRAM here (pass 1 ends the block before others).
   */
  private static void memoryOp(MethodVisitor mv, Cpu cpu, int x, int pc, int i, Label exit) {
    int op = x & 0xFF;
    int d = (x >>> 8) & 31;
    boolean load = memory(op).startsWith("ld");
    if (op == Op.LDS || op == Op.STS) {
      int a = (x >>> 13) & 0xFFFF;
      mv.visitVarInsn(Opcodes.ALOAD, MEM);
      push(mv, a);
      if (load) {
        mv.visitInsn(Opcodes.IALOAD);
        setReg(mv, d);
      } else {
        reg(mv, d);
        mv.visitInsn(Opcodes.IASTORE);
      }
      return;
    }
    int p = pointer(op), mode = mode(op);
    reg(mv, p);
    reg(mv, p + 1);
    push(mv, 8);
    mv.visitInsn(Opcodes.ISHL);
    mv.visitInsn(Opcodes.IOR);
    if (mode == 2) {
      push(mv, -1);
      mv.visitInsn(Opcodes.IADD);
      push(mv, 0xFFFF);
      mv.visitInsn(Opcodes.IAND);
    }
    mv.visitInsn(Opcodes.DUP);
    mv.visitVarInsn(Opcodes.ISTORE, ADDR);
    if (mode == 3) {
      push(mv, (x >>> 13) & 63);
      mv.visitInsn(Opcodes.IADD);
    }
    mv.visitVarInsn(Opcodes.ISTORE, EA);
    Label fail = new Label(), ok = new Label();
    mv.visitVarInsn(Opcodes.ILOAD, EA);
    push(mv, cpu.ramStart);
    mv.visitJumpInsn(Opcodes.IF_ICMPLT, fail);
    mv.visitVarInsn(Opcodes.ILOAD, EA);
    push(mv, cpu.ramEnd);
    mv.visitJumpInsn(Opcodes.IF_ICMPLT, ok);
    mv.visitLabel(fail);
    mv.visitVarInsn(Opcodes.ILOAD, SREG);
    push(mv, 0x10000 | i << 20);
    mv.visitInsn(Opcodes.IOR);
    mv.visitVarInsn(Opcodes.ISTORE, SREG);
    jumpTo(mv, pc, exit);
    mv.visitLabel(ok);
    if (load) {
      mv.visitVarInsn(Opcodes.ALOAD, MEM);
      mv.visitVarInsn(Opcodes.ILOAD, EA);
      mv.visitInsn(Opcodes.IALOAD);
      mv.visitVarInsn(Opcodes.ISTORE, V);
    } else {
      mv.visitVarInsn(Opcodes.ALOAD, MEM);
      mv.visitVarInsn(Opcodes.ILOAD, EA);
      reg(mv, d);
      mv.visitInsn(Opcodes.IASTORE);
    }
    if (mode == 1 || mode == 2) {
      if (mode == 1) {
        mv.visitVarInsn(Opcodes.ILOAD, ADDR);
        push(mv, 1);
        mv.visitInsn(Opcodes.IADD);
        push(mv, 0xFFFF);
        mv.visitInsn(Opcodes.IAND);
        mv.visitVarInsn(Opcodes.ISTORE, ADDR);
      }
      mv.visitVarInsn(Opcodes.ILOAD, ADDR);
      push(mv, 0xFF);
      mv.visitInsn(Opcodes.IAND);
      setReg(mv, p);
      mv.visitVarInsn(Opcodes.ILOAD, ADDR);
      push(mv, 8);
      mv.visitInsn(Opcodes.ISHR);
      setReg(mv, p + 1);
    }
    if (load) {
      mv.visitVarInsn(Opcodes.ILOAD, V);
      setReg(mv, d);
    }
  }
}
