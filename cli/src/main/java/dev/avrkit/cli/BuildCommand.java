package dev.avrkit.cli;

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
        "Builds the firmware project in DIR (default: here) like `cargo build` there, with the " +
        "toolchain its .cargo/config.toml is written for (rustup nightly, or Debian/Ubuntu's rustc + " +
        "rust-src offline; `avrkit new --config-only` switches). Prints flash and RAM use of each " +
        "firmware against the chip's sizes and fails when one does not fit.")
public final class BuildCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "project folder (default: the current one)")
  Path dir = Path.of(".");

  @Option(names = "--release", description = "release profile (both profiles optimise for size)")
  boolean release;

  @Option(names = "--example", paramLabel = "NAME", description = "build only this example")
  String example;

  @Override
  public Integer call() throws Exception {
    Project p = Project.find(dir);
    ProjectBuild.Result r = ProjectBuild.build(p, DeviceCatalog.fromEnvironment().device(p.device()),
        new ProjectBuild.Options(release, example), System.err);
    for (SizeReport s : r.sizes()) System.out.println(s.elf());
    return 0;
  }
}
