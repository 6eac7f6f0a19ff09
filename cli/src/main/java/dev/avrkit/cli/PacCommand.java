package dev.avrkit.cli;

import dev.avrkit.codegen.GeneratedCrate;
import dev.avrkit.codegen.LinkerArgs;
import dev.avrkit.codegen.PacGenerator;
import dev.avrkit.codegen.AvrCore;
import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.codegen.GccDeviceSpecs;
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
          + " entry!/interrupt! macros), plus the avr-gcc device-specs file and linker arguments"
          + " for rustc's avr-none target.",
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
    // the chip's name as target-cpu when the installed rustc's LLVM knows it, else its core's family
    String cpu = AvrToolchain.detect().map(t -> t.targetCpu(d)).orElse(d.name().toLowerCase(java.util.Locale.ROOT));
    java.util.List<String> link = new java.util.ArrayList<>();
    String gcc = AvrToolchain.onPath("avr-gcc").orElse(null);
    if (gcc != null) {
      GccDeviceSpecs.write(gcc, out.toAbsolutePath(), cpu, AvrCore.of(d).gccArch());
      link.add("-B" + GccDeviceSpecs.prefix(out.toAbsolutePath()));
    }
    link.addAll(LinkerArgs.of(d).args());
    link.add(GccDeviceSpecs.writeVectorDefaults(out.toAbsolutePath(), Math.max(1, d.vectorCount())).toString());
    Files.writeString(out.resolve("link-args.txt"), String.join("\n", link) + "\n");
    System.out.printf("wrote crate %s for %s to %s in %d ms%s%n", c.name(), d.name(), out,
        (System.nanoTime() - t0) / 1_000_000, fmt ? " (rustfmt)" : " (rustfmt not found: unformatted)");
    System.out.println("rustc flags: --target " + AvrToolchain.TARGET + " -C target-cpu=" + cpu + " "
        + String.join(" ", LinkerArgs.compilerFlags(d)));
    System.out.println("linker arguments: " + String.join(" ", link)
        + (gcc == null ? "   (avr-gcc not found: no device-specs file written)" : ""));
    return 0;
  }
}
