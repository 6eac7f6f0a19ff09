package dev.avrkit.circuit;

import dev.avrkit.device.AvrkitException;

/**
 * A mistake in a diagram, scenario or option: one line that names the file (and line:column, part
 * or step) and what would be right. The command line turns it into {@code error: ...} and exit 2.
 */
public final class CircuitException extends AvrkitException {
  public CircuitException(String message) {
    super(message);
  }
}
