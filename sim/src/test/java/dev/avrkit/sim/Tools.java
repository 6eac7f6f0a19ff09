package dev.avrkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helpers: the device catalog, avr-gcc, simavr. */
final class Tools {
  private Tools() {}

  private static DeviceCatalog catalog;

  static synchronized Device device(String name) {
    if (catalog == null) catalog = DeviceCatalog.fromEnvironment();
    return catalog.device(name);
  }

  static Path corpus() {
    return Path.of(System.getProperty("avrkit.repo", "..")).resolve("sim/src/test/resources/corpus");
  }

  /** Runs a process, returns stdout; stderr goes to {@code err} when given. */
  static String run(List<String> cmd, Path dir, StringBuilder err, long timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Path errFile = Files.createTempFile(dir, "err", ".txt");
    pb.redirectError(errFile.toFile());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    String e = Files.readString(errFile);
    if (err != null) err.append(e);
    if (p.exitValue() != 0 && err == null) {
      throw new AssertionError(cmd + " failed (" + p.exitValue() + "):\n" + e);
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Compiles a corpus program with avr-gcc. */
  static Path compile(Path dir, String program, String mcu, String... extra) throws Exception {
    Path source = corpus().resolve(program + ".c");
    if (program.startsWith("bench/")) {
      source = corpus().resolve("../../../main/resources/dev/avrkit/sim/" + program + ".c").normalize();
      program = program.substring(6);
    }
    Path elf = dir.resolve(program + "-" + mcu + String.join("", extra).replaceAll("[^A-Za-z0-9]", "") + ".elf");
    List<String> cmd = new ArrayList<>(List.of("avr-gcc", "-mmcu=" + mcu, "-Os", "-DF_CPU=16000000UL", "-I", corpus().toString()));
    cmd.addAll(List.of(extra));
    cmd.addAll(List.of("-o", elf.toString(), source.toString()));
    run(cmd, dir, null, 120);
    return elf;
  }

  /** Runs an ELF in avrkit, returns the console output; asserts a normal stop. */
  static String avrkit(Path elf, String device, long maxCycles, boolean reference) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m = Machine.builder(device(device)).clockHz(16_000_000).console(UartConsole.of(out, null)).build();
    m.cpu().reference = reference;
    m.load(dev.avrkit.image.FirmwareImage.load(elf));
    RunResult r = m.run(maxCycles);
    assertEquals(StopReason.SLEEP_INTERRUPTS_OFF, r.reason(), () -> r.summary() + "\noutput: " + out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** Runs an ELF in simavr; returns the UART output (simavr prints it on stderr, line by line). */
  static String simavr(Path elf, String mcu) throws Exception {
    StringBuilder err = new StringBuilder();
    run(List.of("simavr", "-m", mcu, "-f", "16000000", elf.toString()), elf.getParent(), err, 120);
    StringBuilder out = new StringBuilder();
    for (String line : err.toString().split("\n", -1)) {
      String l = line.replaceAll("\u001b\\[[0-9;]*m", "");
      if (l.isEmpty()) continue;
      // simavr shows each byte it cannot print as '.', including the '\n' that ends the line
      if (l.endsWith(".")) l = l.substring(0, l.length() - 1);
      out.append(l).append('\n');
    }
    return out.toString();
  }
}
