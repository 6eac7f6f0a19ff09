package dev.avrkit.image;

import java.util.Optional;

/**
 * The AVR instruction-set architecture an object was built for, as avr-gcc's {@code -mmcu}
 * families name it and as ELF {@code e_flags & 0x7F} records it (binutils' {@code bfd_mach_avr*}).
 * An {@code avr5} image (ATmega328P) must not go into an {@code avrxmega3} part (ATmega4809).
 */
public enum AvrArch {
  AVR1(1), AVR2(2), AVR25(25), AVR3(3), AVR31(31), AVR35(35), AVR4(4), AVR5(5), AVR51(51),
  AVR6(6), AVRTINY(100), AVRXMEGA1(101), AVRXMEGA2(102), AVRXMEGA3(103), AVRXMEGA4(104),
  AVRXMEGA5(105), AVRXMEGA6(106), AVRXMEGA7(107);

  private final int mach;

  AvrArch(int mach) { this.mach = mach; }

  /** binutils' machine number (the low 7 bits of {@code e_flags}). */
  public int mach() { return mach; }

  /** The lower-case name avr-gcc uses: "avr5", "avrxmega3", "avrtiny". */
  public String gccName() { return name().toLowerCase(); }

  /** The architecture of ELF {@code e_flags}, empty when the number is unknown (or 0). */
  public static Optional<AvrArch> ofElfFlags(int eFlags) {
    int m = eFlags & 0x7F;
    for (AvrArch a : values()) if (a.mach == m) return Optional.of(a);
    return Optional.empty();
  }

  /** By avr-gcc name ("avr5", "avrxmega3"), case-insensitive. */
  public static Optional<AvrArch> ofName(String n) {
    for (AvrArch a : values()) if (a.gccName().equalsIgnoreCase(n.trim())) return Optional.of(a);
    return Optional.empty();
  }

  @Override
  public String toString() { return gccName(); }
}
