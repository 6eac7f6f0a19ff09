package dev.avrkit.cli;

import dev.avrkit.codegen.SvdWriter;
import dev.avrkit.device.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit svd}: writes CMSIS-SVD for a device. */
@Command(
    name = "svd",
    mixinStandardHelpOptions = true,
    description = {
      "Write a device as CMSIS-SVD 1.3 (for svd2rust and other SVD tools): peripherals"
          + " (derivedFrom for instances of a shared module), registers, fields, enumerated values"
          + " and interrupts."
    })
public final class SvdCommand implements Callable<Integer> {
  @Mixin DevicesCommand.PackOptions packOptions;

  @Parameters(index = "0", paramLabel = "DEVICE", description = "Device name, e.g. atmega4809.")
  String device;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "The SVD file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Device d = packOptions.catalog().device(device);
    String svd = SvdWriter.write(d);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(out, svd);
    System.out.printf("wrote %s (%d peripherals, %d bytes)%n", out,
        svd.split("<peripheral[ >]", -1).length - 1, svd.length());
    return 0;
  }
}
