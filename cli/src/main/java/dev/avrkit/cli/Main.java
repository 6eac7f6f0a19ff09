package dev.avrkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code avrkit} command. Commands only: every piece of logic lives in the part modules
 * (device, image, codegen, program, sim).
 */
@Command(
    name = "avrkit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "From an empty folder to Rust firmware running on an AVR microcontroller.",
    subcommands = {
      CommandLine.HelpCommand.class,
      // projects: from an empty folder to running firmware
      NewCommand.class,
      BuildCommand.class,
      RunCommand.class,
      DoctorCommand.class,
      // device data and code generation
      DevicesCommand.class,
      InfoCommand.class,
      PacksCommand.class,
      PacCommand.class,
      SvdCommand.class,
      // programming a board
      FlashCommand.class,
      ReadCommand.class,
      EraseCommand.class,
      FusesCommand.class,
      PortsCommand.class,
      MonitorCommand.class,
      // simulation and virtual boards
      SimCommand.class,
      BoardCommand.class,
      BenchCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (used by tests too). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new UserErrors());
    cl.setParameterExceptionHandler(new UserErrors.BadArguments());
    return cl.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"avrkit " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
