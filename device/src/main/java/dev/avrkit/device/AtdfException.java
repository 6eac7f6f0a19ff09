package dev.avrkit.device;

import java.util.Optional;

/**
 * A device file that cannot be read: malformed or truncated XML, a missing or malformed attribute,
 * a reference to something the file does not define. The message is one line: {@code
 * file:line:column: what is wrong (what was expected)}.
 */
public final class AtdfException extends AvrkitException {
  private final String file;
  private final int line;
  private final int column;

  public AtdfException(String file, int line, int column, String what) {
    super(file + ":" + line + ":" + column + ": " + oneLine(what));
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public AtdfException(String file, int line, int column, String what, Throwable cause) {
    super(file + ":" + line + ":" + column + ": " + oneLine(what), cause);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /** The file (as given to the reader). */
  public String file() { return file; }

  /** 1-based line, or 0 when unknown. */
  public int line() { return line; }

  /** 1-based column, or 0 when unknown. */
  public int column() { return column; }

  /** The cause, if an underlying parser gave one. */
  public Optional<Throwable> parserCause() { return Optional.ofNullable(getCause()); }

  private static String oneLine(String s) {
    if (s == null) return "unreadable device file";
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
