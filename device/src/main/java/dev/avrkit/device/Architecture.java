package dev.avrkit.device;

/**
 * The AVR core family of a device, from ATDF's {@code architecture} attribute. The instruction
 * set variant and timing follow from it (and, for AVR8, from the flash size and MUL support).
 */
public enum Architecture {
  /** Reduced core (AVRrc), ATtiny4/5/9/10/20/40/102/104: ATDF "AVR8L". */
  AVR8L("AVRrc"),
  /** Classic cores AVRe/AVRe+ (ATmega328P, ATmega2560, older ATtiny): ATDF "AVR8". */
  AVR8("AVRe+"),
  /** XMEGA core AVRxm: ATDF "AVR8_XMEGA". */
  AVR8_XMEGA("AVRxm"),
  /** AVRxt core (megaAVR 0, tinyAVR 0/1/2, AVR-Dx/Ex/DU): ATDF "AVR8X". */
  AVR8X("AVRxt");

  private final String coreName;

  Architecture(String coreName) { this.coreName = coreName; }

  /** The core's name as the instruction set manual uses it (AVRe+, AVRxt, ...). */
  public String coreName() { return coreName; }

  public static Architecture ofAtdf(String s) {
    if (s == null) throw new IllegalArgumentException("no architecture");
    return switch (s.trim().toUpperCase()) {
      case "AVR8L" -> AVR8L;
      case "AVR8X" -> AVR8X;
      case "AVR8_XMEGA", "AVR8XMEGA", "XMEGA" -> AVR8_XMEGA;
      default -> AVR8;
    };
  }
}
