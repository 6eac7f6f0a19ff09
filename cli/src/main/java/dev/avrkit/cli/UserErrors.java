package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import picocli.CommandLine;

/**
 * Turns a user mistake ({@link AvrkitException}) into a one-line error and exit code 2, without a
 * stack trace. Anything else is a bug in avrkit and keeps its stack trace. {@link BadArguments}
 * does the same for command lines picocli cannot parse.
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

  /**
   * A command line picocli cannot parse (unknown option, missing parameter, a value of the wrong
   * type): {@code error: <what>} first, then picocli's suggestions and where the help is; exit 2.
   */
  static final class BadArguments implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      java.io.PrintWriter err = cl.getErr();
      err.println("error: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("usage: " + cl.getCommandSpec().qualifiedName() + " --help");
      err.flush();
      return cl.getCommandSpec().exitCodeOnInvalidInput();
    }
  }
}
