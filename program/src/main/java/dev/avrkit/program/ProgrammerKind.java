package dev.avrkit.program;

import dev.avrkit.device.AvrkitException;
import java.util.Locale;

/** The programming protocols avrkit speaks, with the names avrdude uses for them ({@code -c}). */
public enum ProgrammerKind {
  /** JTAGICE mkII frames to a jtag2updi bridge (the Nano Every's MuxTO, ElTangas' firmware). */
  JTAG2UPDI("jtag2updi", 115200),
  /** UPDI directly over a USB-serial adapter. */
  SERIALUPDI("serialupdi", 115200),
  /** STK500v1 to an Arduino bootloader (optiboot). */
  ARDUINO("arduino", 115200);

  private final String cliName;
  private final int defaultBaud;

  ProgrammerKind(String cliName, int defaultBaud) {
    this.cliName = cliName;
    this.defaultBaud = defaultBaud;
  }

  public String cliName() { return cliName; }

  public int defaultBaud() { return defaultBaud; }

  public static ProgrammerKind parse(String s) {
    for (ProgrammerKind k : values()) if (k.cliName.equalsIgnoreCase(s.trim())) return k;
    if (s.trim().toLowerCase(Locale.ROOT).equals("stk500v1")) return ARDUINO;
    throw new AvrkitException("unknown programmer '" + s + "'; use jtag2updi, serialupdi or arduino");
  }
}
