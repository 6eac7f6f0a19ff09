package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.image.IntelHex;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.image.Region;
import dev.avrkit.program.ConsoleProgress;
import dev.avrkit.program.Connection;
import dev.avrkit.program.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit read}: read a memory of a chip into a file. */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = "Read a whole memory (flash, eeprom, fuses, lock, userrow, signature) of a chip "
        + "into a file: Intel HEX when the file ends in .hex, else raw binary.")
public final class ReadCommand implements Callable<Integer> {
  @Mixin ProgrammerOptions options;

  @Parameters(index = "0", paramLabel = "MEMORY",
      description = "flash, eeprom, fuses, lock, userrow or signature.")
  String memory;

  @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write it.")
  Path out;

  @Option(names = "--format", paramLabel = "F", description = "hex or bin (default: by the file's extension).")
  String format;

  @Override
  public Integer call() {
    Region r = Region.ofName(memory).orElseThrow(() -> new AvrkitException("unknown memory '"
        + memory + "'; use flash, eeprom, fuses, lock, userrow or signature"));
    if (format != null && !format.equalsIgnoreCase("hex") && !format.equalsIgnoreCase("bin")) {
      throw new AvrkitException("--format " + format + ": use hex or bin");
    }
    checkWritable(out, "--out");
    Connection c = options.connection();
    ConsoleProgress progress = ConsoleProgress.forStdout();
    byte[] b = Session.run(c, progress, false,
        p -> Session.read(p, r, Session.size(c.effectiveTarget(), r), progress));
    char f = format == null ? (out.toString().toLowerCase().endsWith(".hex") ? 'i' : 'r')
        : format.equalsIgnoreCase("hex") ? 'i' : 'r';
    save(out, b, f);
    System.out.printf("%s: %d bytes of %s written to %s%n", c.target().name(), b.length,
        r.memoryName(), out);
    return 0;
  }

  /** Before the chip is touched: the file's folder exists (else the read would be lost). */
  static void checkWritable(Path file, String option) {
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      throw new AvrkitException(option + " " + file + ": is a folder; name a file in it");
    }
    if (parent != null && !Files.isDirectory(parent)) {
      throw new AvrkitException(option + " " + file + ": folder " + parent + " does not exist; "
          + "create it or write somewhere else");
    }
  }

  static void save(Path file, byte[] data, char format) {
    try {
      if (format == 'i' || (format == 'a' && file.toString().toLowerCase().endsWith(".hex"))) {
        IntelHex.write(file, MemoryContent.of(0, data));
      } else {
        Files.write(file, data);
      }
    } catch (IOException e) {
      throw new AvrkitException(file + ": cannot write (" + e.getMessage() + ")");
    }
  }
}
