package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import picocli.CommandLine;

/**
 * Turns a user mistake ({@link AvrkitException}) into a one-line error and exit code 2, without a
 * stack trace. Anything else is a bug in avrkit and keeps its stack trace.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    if (ex instanceof AvrkitException) {
      cl.getErr().println("error: " + ex.getMessage());
      return 2;
    }
    cl.getErr().println("avrkit: internal error (please report): " + ex);
    ex.printStackTrace(cl.getErr());
    return 70;
  }
}
