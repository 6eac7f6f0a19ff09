package dev.avrkit.program;

import dev.avrkit.device.AvrkitException;

/**
 * The link to the programmer or chip failed: no answer, a garbled answer, a refused command, a
 * port that went away. The message says what was expected and what happened; the flashing
 * pipeline adds what had been written so far and how to recover.
 */
public class LinkException extends AvrkitException {
  public LinkException(String message) { super(message); }

  public LinkException(String message, Throwable cause) { super(message, cause); }
}
