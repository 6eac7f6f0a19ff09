package dev.avrkit.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the installed AVR toolchain (avr-gcc, binutils-avr) as the oracle. */
final class Tools {
  private Tools() {}

  static String run(Path dir, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timeout: " + String.join(" ", cmd));
    }
    String s = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed:\n" + s);
    return s;
  }

  /** Compiles one C file with avr-gcc for -mmcu and returns the ELF file. */
  static Path avrGcc(Path dir, String mmcu, String source, String... extra)
      throws IOException, InterruptedException {
    Path c = dir.resolve(mmcu + ".c");
    Files.writeString(c, source);
    Path elf = dir.resolve(mmcu + ".elf");
    List<String> cmd = new ArrayList<>(List.of("avr-gcc", "-mmcu=" + mmcu, "-Os", "-g"));
    cmd.addAll(List.of(extra));
    cmd.addAll(List.of(c.toString(), "-o", elf.toString()));
    run(dir, cmd.toArray(String[]::new));
    return elf;
  }

  /** avr-objcopy -O binary of some sections, their LMA moved to 0 when {@code lma0} is set. */
  static byte[] objcopyBinary(Path dir, Path elf, String... sections)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "oc", ".bin");
    List<String> cmd = new ArrayList<>(List.of("avr-objcopy", "-O", "binary", "--gap-fill", "0xff"));
    for (String s : sections) cmd.addAll(List.of("-j", s));
    if (sections.length == 1 && !sections[0].equals(".text")) {
      cmd.addAll(List.of("--change-section-lma", sections[0] + "=0"));
    }
    cmd.addAll(List.of(elf.toString(), out.toString()));
    run(dir, cmd.toArray(String[]::new));
    return Files.readAllBytes(out);
  }
}
