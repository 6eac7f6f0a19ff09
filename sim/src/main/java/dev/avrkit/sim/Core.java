package dev.avrkit.sim;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.AvrkitException;

/**
 * An AVR CPU variant with its instruction timing, taken from the "#Clocks" columns of the AVR
 * Instruction Set Manual (DS40002198A, tables 4-2 to 4-6). Cycle counts here are the base
 * counts; the CPU adds the documented extras (taken branches, skips over one or two words, the
 * third PC byte on parts with a 22-bit PC, NVM reads in data space on AVRxt).
 */
public enum Core {
  /** ATmega328P, ATmega2560 and the other classic parts with MUL ("AVRe" column). */
  AVRE_PLUS("AVRe+", true, 0x20, 4),
  /** XMEGA ("AVRxm" column). */
  AVRXM("AVRxm", false, 0, 5),
  /** megaAVR 0, tinyAVR 0/1/2, AVR-Dx ("AVRxt" column). */
  AVRXT("AVRxt", false, 0, 5);

  private final String manualName;
  final boolean registersInDataSpace;
  final int ioOffset;
  final int interruptCycles;
  final int[] cycles = new int[Op.COUNT];

  Core(String manualName, boolean regsInData, int ioOffset, int interruptCycles) {
    this.manualName = manualName;
    this.registersInDataSpace = regsInData;
    this.ioOffset = ioOffset;
    this.interruptCycles = interruptCycles;
    java.util.Arrays.fill(cycles, 1);
    int[] c = cycles;
    c[Op.ADIW] = c[Op.SBIW] = 2;
    c[Op.MUL] = c[Op.MULS] = c[Op.MULSU] = c[Op.FMUL] = c[Op.FMULS] = c[Op.FMULSU] = 2;
    c[Op.RJMP] = c[Op.IJMP] = c[Op.EIJMP] = 2;
    c[Op.JMP] = 3;
    c[Op.RET] = c[Op.RETI] = 4;
    c[Op.LPM] = c[Op.LPM_P] = c[Op.ELPM] = c[Op.ELPM_P] = 3;
    c[Op.POP] = 2;
    c[Op.BREAKPOINT] = 0;
    c[Op.SPM] = c[Op.SPM_P] = 1;
    switch (manualName) {
      case "AVRe+" -> {
        c[Op.RCALL] = c[Op.ICALL] = 3;
        c[Op.EICALL] = 3; // manual: 4 on the 22-bit PC parts that have it (the CPU adds the third byte)
        c[Op.CALL] = 4;
        c[Op.LDS] = c[Op.STS] = 2;
        for (int op : new int[] {Op.LD_X, Op.LD_XP, Op.LD_MX, Op.LD_Y, Op.LD_YP, Op.LD_MY,
            Op.LD_Z, Op.LD_ZP, Op.LD_MZ, Op.LDD_Y, Op.LDD_Z, Op.ST_X, Op.ST_XP, Op.ST_MX, Op.ST_Y,
            Op.ST_YP, Op.ST_MY, Op.ST_Z, Op.ST_ZP, Op.ST_MZ, Op.STD_Y, Op.STD_Z}) c[op] = 2;
        c[Op.PUSH] = 2;
        c[Op.SBI] = c[Op.CBI] = 2;
      }
      case "AVRxm" -> {
        c[Op.RCALL] = c[Op.ICALL] = 2;
        c[Op.EICALL] = 2; // manual: 3, third PC byte included
        c[Op.CALL] = 3;
        c[Op.LDS] = 3;
        c[Op.STS] = 2;
        c[Op.LD_X] = c[Op.LD_XP] = c[Op.LD_Y] = c[Op.LD_YP] = c[Op.LD_Z] = c[Op.LD_ZP] = 2;
        c[Op.LD_MX] = c[Op.LD_MY] = c[Op.LD_MZ] = c[Op.LDD_Y] = c[Op.LDD_Z] = 3;
        c[Op.ST_X] = c[Op.ST_XP] = c[Op.ST_Y] = c[Op.ST_YP] = c[Op.ST_Z] = c[Op.ST_ZP] = 1;
        c[Op.ST_MX] = c[Op.ST_MY] = c[Op.ST_MZ] = c[Op.STD_Y] = c[Op.STD_Z] = 2;
        c[Op.PUSH] = 1;
        c[Op.SBI] = c[Op.CBI] = 1;
        c[Op.XCH] = c[Op.LAS] = c[Op.LAC] = c[Op.LAT] = 2;
        c[Op.DES] = 1;
      }
      default -> { // AVRxt
        c[Op.RCALL] = c[Op.ICALL] = 2;
        c[Op.EICALL] = 2; // manual: 3, third PC byte included
        c[Op.CALL] = 3;
        c[Op.LDS] = 3;
        c[Op.STS] = 2;
        for (int op : new int[] {Op.LD_X, Op.LD_XP, Op.LD_MX, Op.LD_Y, Op.LD_YP, Op.LD_MY,
            Op.LD_Z, Op.LD_ZP, Op.LD_MZ, Op.LDD_Y, Op.LDD_Z}) c[op] = 2;
        for (int op : new int[] {Op.ST_X, Op.ST_XP, Op.ST_MX, Op.ST_Y, Op.ST_YP, Op.ST_MY, Op.ST_Z,
            Op.ST_ZP, Op.ST_MZ, Op.STD_Y, Op.STD_Z}) c[op] = 1;
        c[Op.PUSH] = 1;
        c[Op.SBI] = c[Op.CBI] = 1;
      }
    }
  }

  /** The name the instruction set manual uses ("AVRe+", "AVRxt", "AVRxm"). */
  public String manualName() {
    return manualName;
  }

  /** Base cycle count of an instruction by mnemonic as {@code Op} names it (tests, docs). */
  int cycles(int op) {
    return cycles[op];
  }

  /** Whether the SBIC/SBIS skip adds one cycle (AVRxm: 2/3/4 instead of 1/2/3). */
  boolean slowIoSkip() {
    return this == AVRXM;
  }

  /** The core of a device architecture; AVRrc (AVR8L) is not simulated. */
  public static Core of(Architecture a) {
    return switch (a) {
      case AVR8 -> AVRE_PLUS;
      case AVR8X -> AVRXT;
      case AVR8_XMEGA -> AVRXM;
      case AVR8L ->
          throw new AvrkitException(
              "the reduced AVRrc core (ATtiny4/5/9/10/20/40/102/104) is not simulated; pick a device"
                  + " with an AVRe+, AVRxm or AVRxt core");
    };
  }
}
