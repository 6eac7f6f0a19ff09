package dev.avrkit.program;

import dev.avrkit.image.Region;
import java.util.function.Function;

/**
 * A programming session outside the flashing pipeline (read, erase, fuses): opens the
 * connection, connects, checks the signature, runs an action, leaves programming mode.
 */
public final class Session {
  private Session() {}

  /** Runs {@code action} on a connected programmer whose chip's signature matched. */
  public static <T> T run(Connection c, Progress progress, boolean unlockByErase,
      Function<Programmer, T> action) {
    try (Programmer p = c.open()) {
      if (unlockByErase) p.allowUnlockByErase();
      p.connect();
      byte[] sig = p.readSignature();
      if (!java.util.Arrays.equals(sig, c.effectiveTarget().signature())) sig = p.readSignature();
      c.effectiveTarget().checkSignature(sig, p.description());
      progress.note("signature " + java.util.HexFormat.ofDelimiter(" ").withUpperCase().formatHex(sig)
          + " (" + c.target().name() + ") via " + p.description());
      return action.apply(p);
    }
  }

  /** The size of a memory of the target (flash limited by a board's bootloader). */
  public static long size(TargetInfo t, Region r) {
    return switch (r) {
      case FLASH -> t.flashSize();
      case EEPROM -> t.eepromSize();
      case USERROW -> t.userRowSize();
      case FUSES -> t.fuseCount();
      case LOCK -> Math.max(1, t.lockSize());
      case SIGNATURE -> 3;
      case DATA -> 0;
    };
  }

  /** Reads {@code length} bytes of a memory from offset 0 in the programmer's read units. */
  public static byte[] read(Programmer p, Region r, long length, Progress progress) {
    if (!p.supports(r)) {
      throw new dev.avrkit.device.AvrkitException(p.description() + " cannot read " + r.memoryName());
    }
    byte[] out = new byte[(int) length];
    int unit = Math.max(1, p.readUnit(r));
    progress.begin("reading " + r.memoryName(), length);
    for (int off = 0; off < length; off += unit) {
      int n = (int) Math.min(unit, length - off);
      System.arraycopy(p.read(r, off, n), 0, out, off, n);
      progress.advance(n);
    }
    progress.end();
    return out;
  }
}
