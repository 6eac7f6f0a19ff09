package dev.avrkit.cli;

import dev.avrkit.codegen.GeneratedCrate;
import dev.avrkit.codegen.LinkerArgs;
import dev.avrkit.codegen.PacGenerator;
import dev.avrkit.codegen.TargetSpec;
import dev.avrkit.device.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit pac}: writes the Rust register crate + runtime for a device. */
@Command(
    name = "pac",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a no_std Rust crate (no dependencies) for a device: typed register access in the"
          + " style of svd2rust, interrupt names, the start-up runtime (vector table, reset handler,"
          + " entry!/interrupt! macros), plus the target JSON and the avr-gcc linker arguments.",
      "The crate is formatted with rustfmt when it is installed."
    })
public final class PacCommand implements Callable<Integer> {
  @Mixin DevicesCommand.PackOptions packOptions;

  @Parameters(index = "0", paramLabel = "DEVICE", description = "Device name, e.g. atmega4809.")
  String device;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
      description = "Folder to write the crate into (created; generated files are replaced).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Device d = packOptions.catalog().device(device);
    long t0 = System.nanoTime();
    GeneratedCrate c = PacGenerator.generate(d);
    boolean fmt = c.writeTo(out);
    TargetSpec spec = TargetSpec.of(d);
    Files.writeString(out.resolve(spec.fileName()), spec.json());
    Files.writeString(out.resolve("link-args.txt"), String.join("\n", LinkerArgs.of(d).args()) + "\n");
    System.out.printf("wrote crate %s for %s to %s in %d ms%s%n", c.name(), d.name(), out,
        (System.nanoTime() - t0) / 1_000_000, fmt ? " (rustfmt)" : " (rustfmt not found: unformatted)");
    System.out.println("target JSON: " + out.resolve(spec.fileName()) + " (llvm cpu " + spec.llvmCpu() + ")");
    System.out.println("linker arguments: " + String.join(" ", LinkerArgs.of(d).args()));
    return 0;
  }
}
