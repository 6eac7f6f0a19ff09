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
      TestCommand.class,
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
    CommandLine cl = args.length > 0 ? withOnly(args[0]) : null;
    if (cl == null) cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new UserErrors());
    cl.setParameterExceptionHandler(new UserErrors.BadArguments());
    return cl.execute(args);
  }

  /**
   * The command line of {@code avrkit NAME ...} when NAME is one of the subcommands above: the root
   * command with that subcommand only, so that picocli reads one command's classes instead of all
   * of them (each command's options load its module's classes: a good part of a short command's
   * start-up). Null for anything else (options, {@code help}, a mistyped name): the full tree
   * answers those, with its suggestions.
   */
  static CommandLine withOnly(String name) {
    Command root = Main.class.getAnnotation(Command.class);
    for (Class<?> c : root.subcommands()) {
      Command sub = c.getAnnotation(Command.class);
      if (c == CommandLine.HelpCommand.class || sub == null) continue;
      if (!sub.name().equals(name) && !java.util.Arrays.asList(sub.aliases()).contains(name)) continue;
      Main main = new Main();
      CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(main)
          .name(root.name())
          .mixinStandardHelpOptions(root.mixinStandardHelpOptions())
          .versionProvider(new Version());
      spec.usageMessage().description(root.description());
      main.spec = spec;
      CommandLine cl = new CommandLine(spec);
      cl.addSubcommand(c);
      return cl;
    }
    return null;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"avrkit " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
