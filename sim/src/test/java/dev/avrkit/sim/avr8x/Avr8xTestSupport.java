package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.UartConsole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared helpers: the ATmega4809 model, raw programs, avr-gcc builds and console capture. */
public final class Avr8xTestSupport {
  private static Device m4809;
  private static Device m328p;

  private Avr8xTestSupport() {}

  static synchronized Device atmega4809() {
    if (m4809 == null) m4809 = DeviceCatalog.fromEnvironment().device("ATmega4809");
    return m4809;
  }

  /**
   * A 4809 whose program is "sei; rjmp ." at word 0x60 and a BREAK in every interrupt vector,
   * so a run stops with BREAK at the vector the CPU took.
   */
  static Machine idle() {
    return idle(Machine.builder(atmega4809()));
  }

  /** {@link #idle()} with builder options (fuses, console). */
  static Machine idle(Machine.Builder b) {
    Machine m = b.build();
    byte[] f = m.flash();
    put(f, 0, 0xC000 | (0x60 - 1)); // rjmp 0x60
    for (int v = 1; v < 40; v++) put(f, 2 * v, 0x9598); // break
    put(f, 0x60, 0x9478); // sei
    put(f, 0x61, 0xCFFF); // rjmp .
    m.flashWritten(0, f.length);
    m.reset(Machine.ResetCause.POWER_ON);
    return m;
  }

  static void put(byte[] flash, int word, int value) {
    flash[2 * word] = (byte) value;
    flash[2 * word + 1] = (byte) (value >> 8);
  }

  /** The vector a run stopped in (BREAK in the vector table), or -1. */
  static int vectorOf(RunResult r) {
    int pc = r.pcByteAddress();
    return pc < 160 ? pc / 4 : -1;
  }

  /** Writes a register the way a program does right after CCP = 0xD8. */
  static void protectedWrite(Machine m, int addr, int value) {
    m.bus().write(0x34, 0xD8);
    m.bus().write(addr, value);
  }

  static boolean haveAvrGcc() {
    try {
      Process p = new ProcessBuilder("avr-gcc", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Copies a test resource of this package to {@code dir}. */
  /**
   * The ATmega4809 start-up (vectors, stack, .data/.bss) that avr-libc lacks: the one {@code avrkit
   * bench sim} builds with, from sim's main resources, copied into {@code dir}.
   */
  public static Path startup(Path dir) throws IOException {
    Path out = dir.resolve("crt4809.S");
    try (InputStream in = Avr8xTestSupport.class.getResourceAsStream("/dev/avrkit/sim/bench/crt4809.S")) {
      if (in == null) throw new IOException("missing resource dev/avrkit/sim/bench/crt4809.S");
      Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  static Path resource(Path dir, String name) throws IOException {
    Path out = dir.resolve(name);
    try (InputStream in = Avr8xTestSupport.class.getResourceAsStream("/avr8x/" + name)) {
      if (in == null) throw new IOException("missing test resource avr8x/" + name);
      Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  /**
   * Builds a C program for the ATmega4809 with the project's start-up: {@code source} from
   * {@code dir} if it is there, else from the resources.
   */
  static Path build4809(Path dir, String source, String... extra) throws IOException, InterruptedException {
    resource(dir, "console.h");
    Path crt = startup(dir);
    Path src = Files.exists(dir.resolve(source)) ? dir.resolve(source) : resource(dir, source);
    Path elf = dir.resolve(source.replace(".c", "") + "-4809.elf");
    List<String> cmd = new ArrayList<>(List.of(
        "avr-gcc", "-mmcu=avrxmega3", "-nostartfiles", "-Os", "-g", "-DF_CPU=16000000UL",
        "-I" + dir,
        "-Wl,--defsym=__DATA_REGION_ORIGIN__=0x802800",
        "-Wl,--defsym=__DATA_REGION_LENGTH__=0x1800",
        "-Wl,--defsym=__TEXT_REGION_LENGTH__=0xC000",
        "-Wl,--defsym=__RODATA_PM_OFFSET__=0x4000",
        "-Wl,--defsym=__stack=0x803FFF"));
    cmd.addAll(List.of(extra));
    cmd.addAll(List.of("-o", elf.toString(), crt.toString(), src.toString()));
    run(cmd, dir);
    return elf;
  }

  /** Builds a C program of the resources for the ATmega328P with avr-libc's start-up. */
  static Path build328p(Path dir, String source) throws IOException, InterruptedException {
    resource(dir, "console.h");
    Path src = resource(dir, source);
    Path elf = dir.resolve(source.replace(".c", "") + "-328p.elf");
    run(List.of("avr-gcc", "-mmcu=atmega328p", "-Os", "-DF_CPU=16000000UL", "-I" + dir, "-o",
        elf.toString(), src.toString()), dir);
    return elf;
  }

  /** Builds a C program of the resources for this host and returns its output. */
  static String runOnHost(Path dir, String source) throws IOException, InterruptedException {
    Path src = resource(dir, source);
    Path exe = dir.resolve(source.replace(".c", "") + ".host");
    run(List.of("cc", "-O1", "-o", exe.toString(), src.toString()), dir);
    return run(List.of(exe.toString()), dir);
  }

  static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Runs an ELF in simavr; returns the UART output (simavr prints it on stderr, line by line). */
  static String simavr(Path elf, String mcu) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("simavr", "-m", mcu, "-f", "16000000", elf.toString())
        .directory(elf.getParent().toFile()).redirectErrorStream(true).start();
    byte[] all = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("simavr did not end: " + elf);
    }
    StringBuilder out = new StringBuilder();
    for (String line : new String(all, StandardCharsets.ISO_8859_1).split("\n", -1)) {
      String l = line.replaceAll("\u001b\\[[0-9;]*m", "");
      if (l.isEmpty() || l.startsWith("Loaded ")) continue;
      // simavr shows each byte it cannot print as '.', including the '\n' that ends the line
      if (l.endsWith(".")) l = l.substring(0, l.length() - 1);
      out.append(l).append('\n');
    }
    return out.toString();
  }

  /** The console output and the stop of one run. */
  record Output(String text, RunResult result, Machine machine) {}

  static Output simulate328(Path elf) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    synchronized (Avr8xTestSupport.class) {
      if (m328p == null) m328p = DeviceCatalog.fromEnvironment().device("ATmega328P");
    }
    Machine m = Machine.builder(m328p)
        .console(UartConsole.of(out, null)).build();
    m.load(FirmwareImage.load(elf));
    RunResult r = m.run(200_000_000L);
    return new Output(out.toString(StandardCharsets.ISO_8859_1), r, m);
  }

  static Output simulate(Device d, Path elf, long maxCycles) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m = Machine.builder(d).console(UartConsole.of(out, null)).fuse("OSCCFG", 1).build();
    m.load(FirmwareImage.load(elf));
    RunResult r = m.run(maxCycles);
    return new Output(out.toString(StandardCharsets.ISO_8859_1), r, m);
  }
}
