package dev.avrkit.sim;

import java.lang.invoke.MethodHandles;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Translates hot straight-line runs of register-only instructions (ALU, moves, ending at most
 * with one conditional branch or RJMP) into a JVM class per block: a sequence of {@link
 * BlockOps} calls with constant operands that the JIT inlines. A block only runs when its
 * longest path ends before the next scheduled event, so it sees exactly what the interpreter
 * would (none of its instructions touches memory or peripherals).
 */
final class BlockCompiler {

  /** A translated block. */
  abstract static class Block {
    int cycles; // base cycles of all instructions
    int count; // instructions
    int fallthrough; // PC after the last instruction when a final branch is not taken
    boolean branch; // ends with a conditional branch (+1 cycle when taken)
    int start; // first PC
    int[] exitCycles; // by word offset: cycles of the instructions before a memory exit there
    int[] exitCount; // by word offset: instructions before a memory exit there

    /**
     * Runs the block; returns next PC << 32 | SREG, with bit 16 set when a memory access outside
     * SRAM ended it early at that PC (the interpreter runs that instruction).
     */
    abstract long run(int[] r, int sreg, int[] mem);
  }

  static final int MIN = 3;
  static final int MAX = 64;
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
   * Whether every SREG bit the instruction at {@code pc} writes is overwritten, unread, by later
   * register-only instructions of the same block (at most {@code left} more of them). Then its
   * flag result is dropped and the JIT removes the flag arithmetic. Anything else that follows
   * (a memory access that may leave the block, a branch, the block end, a breakpoint) counts as
   * reading every flag, so SREG is exact wherever the interpreter or a branch can see it.
   */
  private static boolean flagsDead(Cpu cpu, int pc, int written, int left) {
    int pending = written;
    for (int j = pc + 1; left > 0 && j < cpu.flashWords && !cpu.breakpoints[j]; j++, left--) {
      int op = cpu.decode(cpu.word(j), cpu.word(j + 1)) & 0xFF;
      if (method(op) == null) return false;
      if ((flagsRead(op) & pending) != 0) return false;
      pending &= ~flagsWritten(op);
      if (pending == 0) return true;
    }
    return false;
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

  /** Translates the block at {@code start}, or returns null when it would be too short. */
  static Block compile(Cpu cpu, int start) {
    int pc = start;
    int cycles = 0, count = 0;
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
    MethodVisitor mv = cw.visitMethod(0, "run", "([II[I)J", null, null);
    int[] exitCycles = new int[MAX * 2 + 2];
    int[] exitCount = new int[MAX * 2 + 2];
    mv.visitCode();
    String ops = "dev/avrkit/sim/BlockOps";
    boolean branch = false;
    boolean ended = false;
    while (count < MAX && pc < cpu.flashWords && !cpu.breakpoints[pc]) {
      int x = cpu.decode(cpu.word(pc), cpu.word(pc + 1));
      int op = x & 0xFF;
      String m = method(op);
      if (m != null) {
        if (!m.isEmpty()) {
          int w = flagsWritten(op);
          boolean dead = w != 0 && flagsDead(cpu, pc, w, MAX - count - 1);
          mv.visitVarInsn(Opcodes.ALOAD, 1);
          mv.visitLdcInsn(x);
          mv.visitVarInsn(Opcodes.ILOAD, 2);
          mv.visitMethodInsn(Opcodes.INVOKESTATIC, ops, m, "([III)I", false);
          if (dead) mv.visitInsn(Opcodes.POP); // flags overwritten before anything reads them
          else mv.visitVarInsn(Opcodes.ISTORE, 2);
        }
        cycles += cpu.core.cycles[op];
        count++;
        pc++;
        continue;
      }
      String mem = memory(op);
      if (mem != null) {
        exitCycles[pc - start] = cycles;
        exitCount[pc - start] = count;
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitLdcInsn(x);
        mv.visitLdcInsn(pointer(op));
        mv.visitLdcInsn(mode(op));
        mv.visitLdcInsn(cpu.ramStart);
        mv.visitLdcInsn(cpu.ramEnd);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, ops, mem, "([I[IIIIII)Z", false);
        org.objectweb.asm.Label ok = new org.objectweb.asm.Label();
        mv.visitJumpInsn(Opcodes.IFNE, ok);
        mv.visitLdcInsn(pc);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitLdcInsn(0x10000);
        mv.visitInsn(Opcodes.IOR);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/avrkit/sim/BlockCompiler", "pack", "(II)J", false);
        mv.visitInsn(Opcodes.LRETURN);
        mv.visitLabel(ok);
        cycles += cpu.core.cycles[op];
        count++;
        pc += op == Op.LDS || op == Op.STS ? 2 : 1;
        continue;
      }
      if (op == Op.BRBS || op == Op.BRBC) {
        mv.visitLdcInsn(x);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitLdcInsn(pc);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, ops, op == Op.BRBS ? "brbs" : "brbc", "(III)I", false);
        cycles += cpu.core.cycles[op];
        count++;
        branch = true;
        pc++;
        ended = true;
      } else if (op == Op.RJMP && (x >> 8) != -1) {
        mv.visitLdcInsn(pc + 1 + (x >> 8));
        cycles += cpu.core.cycles[op];
        count++;
        pc++;
        ended = true;
      }
      break;
    }
    if (count < MIN) return null;
    if (!ended) mv.visitLdcInsn(pc);
    mv.visitVarInsn(Opcodes.ILOAD, 2);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/avrkit/sim/BlockCompiler", "pack", "(II)J", false);
    mv.visitInsn(Opcodes.LRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    try {
      MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClass(cw.toByteArray(), true);
      Block b = (Block) l.findConstructor(l.lookupClass(), java.lang.invoke.MethodType.methodType(void.class)).invoke();
      b.cycles = cycles;
      b.count = count;
      b.fallthrough = pc;
      b.branch = branch;
      b.start = start;
      b.exitCycles = exitCycles;
      b.exitCount = exitCount;
      return b;
    } catch (Throwable e) {
      throw new IllegalStateException("block translation failed at 0x" + Integer.toHexString(start * 2), e);
    }
  }
}
