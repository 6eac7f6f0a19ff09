package dev.avrkit.sim;

/** Internal operation numbers of pre-decoded instructions (low 8 bits of a decoded word). */
final class Op {
  private Op() {}

  static final int UNDECODED = 0;
  static final int NOP = 1, MOVW = 2, MULS = 3, MULSU = 4, FMUL = 5, FMULS = 6, FMULSU = 7;
  static final int CPC = 8, SBC = 9, ADD = 10, CPSE = 11, CP = 12, SUB = 13, ADC = 14;
  static final int AND = 15, EOR = 16, OR = 17, MOV = 18, CPI = 19, SBCI = 20, SUBI = 21;
  static final int ORI = 22, ANDI = 23, LDD_Y = 24, LDD_Z = 25, STD_Y = 26, STD_Z = 27;
  static final int LD_Y = 28, LD_Z = 29, ST_Y = 30, ST_Z = 31;
  static final int LDS = 32, LD_ZP = 33, LD_MZ = 34, LPM = 35, LPM_P = 36, ELPM = 37, ELPM_P = 38;
  static final int LD_YP = 39, LD_MY = 40, LD_X = 41, LD_XP = 42, LD_MX = 43, POP = 44;
  static final int STS = 45, ST_ZP = 46, ST_MZ = 47, XCH = 48, LAS = 49, LAC = 50, LAT = 51;
  static final int ST_YP = 52, ST_MY = 53, ST_X = 54, ST_XP = 55, ST_MX = 56, PUSH = 57;
  static final int COM = 58, NEG = 59, SWAP = 60, INC = 61, ASR = 62, LSR = 63, ROR = 64, DEC = 65;
  static final int BSET = 66, BCLR = 67, RET = 68, RETI = 69, SLEEP = 70, BREAK = 71, WDR = 72;
  static final int SPM = 73, SPM_P = 74, IJMP = 75, EIJMP = 76, ICALL = 77, EICALL = 78, DES = 79;
  static final int JMP = 80, CALL = 81, ADIW = 82, SBIW = 83, CBI = 84, SBIC = 85, SBI = 86;
  static final int SBIS = 87, MUL = 88, IN = 89, OUT = 90, RJMP = 91, RCALL = 92, LDI = 93;
  static final int BRBS = 94, BRBC = 95, BLD = 96, BST = 97, SBRC = 98, SBRS = 99;
  static final int ILLEGAL = 100, BREAKPOINT = 101;
  static final int COUNT = 102;

  static final String[] NAMES = new String[COUNT];

  static {
    String all =
        "UNDECODED NOP MOVW MULS MULSU FMUL FMULS FMULSU CPC SBC ADD CPSE CP SUB ADC AND EOR OR MOV"
            + " CPI SBCI SUBI ORI ANDI LDD_Y LDD_Z STD_Y STD_Z LD_Y LD_Z ST_Y ST_Z LDS LD_Z+ LD_-Z"
            + " LPM LPM_Z+ ELPM ELPM_Z+ LD_Y+ LD_-Y LD_X LD_X+ LD_-X POP STS ST_Z+ ST_-Z XCH LAS LAC"
            + " LAT ST_Y+ ST_-Y ST_X ST_X+ ST_-X PUSH COM NEG SWAP INC ASR LSR ROR DEC BSET BCLR RET"
            + " RETI SLEEP BREAK WDR SPM SPM_Z+ IJMP EIJMP ICALL EICALL DES JMP CALL ADIW SBIW CBI"
            + " SBIC SBI SBIS MUL IN OUT RJMP RCALL LDI BRBS BRBC BLD BST SBRC SBRS ILLEGAL"
            + " BREAKPOINT";
    String[] n = all.split(" ");
    if (n.length != COUNT) throw new AssertionError(n.length);
    System.arraycopy(n, 0, NAMES, 0, COUNT);
  }

  /** Whether a raw flash word starts a two-word instruction (LDS, STS, JMP, CALL). */
  static boolean twoWord(int w) {
    return (w & 0xFC0F) == 0x9000 || (w & 0xFE0C) == 0x940C;
  }
}
