package dev.avrkit.circuit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test firmware: C programs of the test resources built with avr-gcc for the Uno or the Nano Every. */
final class Firmware {
  private Firmware() {}

  static Path repo() {
    return Path.of(System.getProperty("avrkit.repo", "..")).toAbsolutePath().normalize();
  }

  /** Copies test resource {@code circuit/NAME} to {@code dir} (same name, without folders). */
  static Path resource(Path dir, String name) throws IOException {
    Path out = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
    try (InputStream in = Firmware.class.getResourceAsStream("/circuit/" + name)) {
      if (in == null) throw new IOException("missing test resource circuit/" + name);
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  /** Builds {@code circuit/SOURCE} for "uno" (ATmega328P) or "every" (ATmega4809). */
  static Path build(Path dir, String source, String board) throws IOException, InterruptedException {
    resource(dir, "board.h");
    Path src = resource(dir, source);
    Path avr8x = repo().resolve("sim/src/test/resources/avr8x");
    Path elf = dir.resolve(src.getFileName().toString().replace(".c", "") + "-" + board + ".elf");
    List<String> cmd = new ArrayList<>(List.of("avr-gcc", "-Os", "-DF_CPU=16000000UL", "-I" + dir, "-I" + avr8x));
    if (board.equals("uno")) {
      cmd.add("-mmcu=atmega328p");
    } else {
      cmd.addAll(List.of("-mmcu=avrxmega3", "-nostartfiles",
          "-Wl,--defsym=__DATA_REGION_ORIGIN__=0x802800", "-Wl,--defsym=__DATA_REGION_LENGTH__=0x1800",
          "-Wl,--defsym=__TEXT_REGION_LENGTH__=0xC000", "-Wl,--defsym=__RODATA_PM_OFFSET__=0x4000",
          "-Wl,--defsym=__stack=0x803FFF", repo().resolve("sim/src/main/resources/dev/avrkit/sim/bench/crt4809.S").toString()));
    }
    cmd.addAll(List.of("-o", elf.toString(), src.toString()));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
    }
    return elf;
  }
}
