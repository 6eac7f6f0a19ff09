package dev.avrkit.device;

/**
 * A problem the user can fix: bad input, a missing file, an unknown device. The message is one
 * line first (what, where, how to fix); further lines may add detail. The CLI prints it without
 * a stack trace and exits non-zero. Every module throws this (or a subclass) for user mistakes.
 */
public class AvrkitException extends RuntimeException {
  public AvrkitException(String message) {
    super(message);
  }

  public AvrkitException(String message, Throwable cause) {
    super(message, cause);
  }
}
