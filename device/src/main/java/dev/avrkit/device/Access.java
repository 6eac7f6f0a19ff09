package dev.avrkit.device;

/** Register or field access as ATDF's {@code rw} attribute gives it (missing means read-write). */
public enum Access {
  READ_ONLY,
  WRITE_ONLY,
  READ_WRITE;

  public boolean readable() { return this != WRITE_ONLY; }

  public boolean writable() { return this != READ_ONLY; }

  /** Parses ATDF's "R", "W", "RW" ("" or null means read-write). */
  public static Access ofAtdf(String rw) {
    if (rw == null || rw.isEmpty()) return READ_WRITE;
    return switch (rw.toUpperCase()) {
      case "R" -> READ_ONLY;
      case "W" -> WRITE_ONLY;
      default -> READ_WRITE;
    };
  }
}
