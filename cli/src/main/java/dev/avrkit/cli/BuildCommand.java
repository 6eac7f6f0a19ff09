package dev.avrkit.cli;

import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.codegen.project.Project;
import dev.avrkit.codegen.project.ProjectBuild;
import dev.avrkit.codegen.project.SizeReport;
import dev.avrkit.device.DeviceCatalog;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit build}: builds a project with cargo and reports flash and RAM use. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description =
        "Builds the firmware project in DIR (default: here) with cargo: with a rustup nightly " +
        "(avr-none target) or, offline, with Debian/Ubuntu's rustc + rust-src (avrkit builds core " +
        "into a cached sysroot). Prints flash and RAM use of each firmware against the chip's " +
        "sizes and fails when one does not fit.")
public final class BuildCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "project folder (default: the current one)")
  Path dir = Path.of(".");

  @Option(names = "--release", description = "release profile (both profiles optimise for size)")
  boolean release;

  @Option(names = "--example", paramLabel = "NAME", description = "build only this example")
  String example;

  @Option(names = "--toolchain", paramLabel = "KIND", description = "auto, nightly or system (default auto: nightly when it has avr-none, else the system rustc)")
  String toolchain = "auto";

  @Override
  public Integer call() throws Exception {
    ProjectBuild.ToolchainChoice choice;
    try {
      choice = ProjectBuild.ToolchainChoice.valueOf(toolchain.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new dev.avrkit.device.AvrkitException("--toolchain " + toolchain + ": use auto, nightly or system");
    }
    Project p = Project.find(dir);
    ProjectBuild.Result r = ProjectBuild.build(p, DeviceCatalog.fromEnvironment().device(p.device()),
        new ProjectBuild.Options(release, example, choice, AvrToolchain.defaultCache()), System.err);
    for (SizeReport s : r.sizes()) System.out.println(s.elf());
    return 0;
  }
}
