package dev.avrkit.sim;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code avrkit bench sim}: one ELF built with avr-gcc for the ATmega328P, run on avrkit, simavr
 * and qemu-system-avr (those installed) in the same run; prints simulated MHz (simulated cycles
 * per CPU second) and ratios. Programs: {@code crc32} (CPU-bound CRC-32 over 256 bytes, many
 * rounds, TIMER0 interrupt running) and {@code periph} (ADC conversions and TWI transfers back to
 * back for a fixed simulated time, TIMER1 overflows counting it; qemu-system-avr models neither
 * peripheral, so it only runs crc32).
 * Both simulators must print the same line, and the cycle count comes from avrkit (which stops
 * exactly where simavr does: sleep with interrupts off; periph runs for the same simulated time
 * on every simulator).
 */
public final class SimBenchmark {

  /**
   * One simulator's result: wall-clock seconds, CPU seconds (NaN when unknown), simulated MHz
   * (cycles per CPU second when known, else per wall second) and what it printed.
   */
  public record Entry(String simulator, double seconds, double cpuSeconds, double mhz, String output) {}

  /** The whole report. */
  public record Report(String program, long cycles, int rounds, List<Entry> entries) {
    public Report(long cycles, int rounds, List<Entry> entries) {
      this("crc32", cycles, rounds, entries);
    }
  }

  /** The benchmark programs (sources in resources bench/NAME.c) and their default rounds. */
  public static final List<String> PROGRAMS = List.of("crc32", "periph");

  /** Default rounds: CRC-32 passes over 256 bytes, or TIMER1 overflows (4,194,304 cycles each). */
  public static int defaultRounds(String program) {
    return program.equals("periph") ? 20 : 20000;
  }

  private SimBenchmark() {}

  /** Builds the CRC-32 benchmark ELF (avr-gcc) into {@code dir}. */
  public static Path buildElf(Path dir, int rounds) {
    return buildElf(dir, "crc32", rounds);
  }

  /** Builds one of {@link #PROGRAMS} (avr-gcc) into {@code dir}. */
  public static Path buildElf(Path dir, String program, int rounds) {
    if (!PROGRAMS.contains(program)) {
      throw new AvrkitException("no benchmark program '" + program + "'; choose one of " + String.join(", ", PROGRAMS));
    }
    if (rounds < 1) throw new AvrkitException("--rounds must be at least 1, got " + rounds);
    Path src = copyResource(dir, program + ".c");
    Path elf = dir.resolve(program + ".elf");
    return avrGcc(dir, List.of("avr-gcc", "-mmcu=atmega328p", "-Os", "-DROUNDS=" + rounds + "UL", "-o", elf.toString(),
        src.toString()), elf, " or pass --elf");
  }

  /** Copies the benchmark resource {@code bench/NAME} into {@code dir}. */
  static Path copyResource(Path dir, String name) {
    Path out = dir.resolve(name);
    try (InputStream in = SimBenchmark.class.getResourceAsStream("bench/" + name)) {
      if (in == null) throw new AvrkitException("internal: benchmark resource bench/" + name + " is missing");
      Files.write(out, in.readAllBytes());
      return out;
    } catch (IOException e) {
      throw new AvrkitException("cannot write the benchmark into " + dir + ": " + e.getMessage());
    }
  }

  /** Runs the avr-gcc command line {@code cmd} that writes {@code elf}; errors say how to install it. */
  static Path avrGcc(Path dir, List<String> cmd, Path elf, String otherwise) {
    try {
      Process p;
      try {
        p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new AvrkitException("avr-gcc not found: install gcc-avr and avr-libc (Debian: apt-get install gcc-avr avr-libc)"
            + otherwise);
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new AvrkitException("avr-gcc failed to build the benchmark:\n" + out);
      return elf;
    } catch (IOException e) {
      throw new AvrkitException("cannot build the benchmark in " + dir + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AvrkitException("interrupted");
    }
  }

  /** avrkit's best run and the cycles it simulated. */
  record AvrkitTiming(long cycles, Entry entry) {}

  /**
   * Runs a fresh machine from {@code machines} to its end {@code repeat} + 1 times (the first
   * warms the JIT up and is not counted unless {@code repeat} is 0) and keeps the best wall and
   * CPU times. The program must end by sleeping with interrupts off.
   */
  static AvrkitTiming timeAvrkit(java.util.function.Function<java.io.OutputStream, Machine> machines, Path elf, int repeat,
      PrintStream log) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    double best = Double.MAX_VALUE;
    double bestCpu = Double.MAX_VALUE;
    long cycles = 0;
    String output = "";
    for (int i = 0; i < Math.max(1, repeat) + 1; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Machine m = machines.apply(out);
      long t0 = System.nanoTime();
      long c0 = threads.getCurrentThreadCpuTime();
      RunResult r = m.run(Long.MAX_VALUE);
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
      if (r.reason() != StopReason.SLEEP_INTERRUPTS_OFF) {
        throw new AvrkitException("benchmark ELF " + elf + " did not end normally on avrkit: " + r.summary());
      }
      cycles = r.cycles();
      output = out.toString(StandardCharsets.ISO_8859_1).trim();
      if (i > 0 || repeat == 0) {
        best = Math.min(best, s);
        bestCpu = Math.min(bestCpu, cpu);
      }
      if (log != null) log.printf("  avrkit run %d: %.3f s, CPU %.3f s%s%n", i, s, cpu, i == 0 ? " (warm-up)" : "");
    }
    return new AvrkitTiming(cycles, new Entry("avrkit", best, bestCpu, cycles / bestCpu / 1e6, output));
  }

  /** Runs the ELF on avrkit (best of {@code repeat}) and on simavr and qemu-system-avr if installed. */
  public static Report run(Path elf, int rounds, int repeat, boolean withSimavr, PrintStream log) {
    return run(elf, "crc32", rounds, repeat, withSimavr, log);
  }

  /** Runs {@code program}'s ELF on avrkit (best of {@code repeat}), simavr and (crc32) QEMU. */
  public static Report run(Path elf, String program, int rounds, int repeat, boolean withSimavr, PrintStream log) {
    Device d = DeviceCatalog.fromEnvironment().device("ATmega328P");
    FirmwareImage image = FirmwareImage.load(elf);
    List<Entry> entries = new ArrayList<>();
    AvrkitTiming a = timeAvrkit(out -> {
      Machine m = Machine.builder(d).clockHz(16_000_000).console(UartConsole.of(out, null)).build();
      m.load(image);
      return m;
    }, elf, repeat, log);
    long cycles = a.cycles();
    entries.add(a.entry());
    if (withSimavr) {
      double sb = Double.MAX_VALUE, sc = Double.MAX_VALUE;
      String so = null;
      for (int i = 0; i < Math.max(1, repeat); i++) {
        long t0 = System.nanoTime();
        double[] cpu = {Double.NaN};
        String o = runSimavr(elf, cpu);
        double s = (System.nanoTime() - t0) / 1e9;
        if (o == null) break;
        so = o;
        sb = Math.min(sb, s);
        sc = Math.min(sc, cpu[0]);
        if (log != null) log.printf("  simavr run %d: %.3f s, CPU %.3f s%n", i, s, cpu[0]);
      }
      if (so != null) entries.add(new Entry("simavr", sb, sc, cycles / (Double.isNaN(sc) ? sb : sc) / 1e6, so));
      double qb = Double.MAX_VALUE;
      String qo = null;
      for (int i = 0; i < (program.equals("crc32") ? Math.max(1, repeat) : 0); i++) {
        long t0 = System.nanoTime();
        String o = runQemu(elf);
        double s = (System.nanoTime() - t0) / 1e9;
        if (o == null) break;
        qo = o;
        qb = Math.min(qb, s);
        if (log != null) log.printf("  qemu-system-avr run %d: %.3f s%n", i, s);
      }
      if (qo != null) entries.add(new Entry("qemu", qb, Double.NaN, cycles / qb / 1e6, qo));
    }
    return new Report(program, cycles, rounds, entries);
  }

  /**
   * qemu-system-avr (machine uno) until the CRC line appears on its serial port; it never exits by
   * itself, so it is stopped then. QEMU does not count cycles: its "simulated MHz" is avrkit's
   * cycle count over QEMU's time. Null when QEMU is not installed.
   */
  private static String runQemu(Path elf) {
    Process p;
    try {
      p = new ProcessBuilder("qemu-system-avr", "-machine", "uno", "-bios", elf.toString(), "-nographic",
              "-serial", "stdio", "-monitor", "none")
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return null;
    }
    try (java.io.BufferedReader in =
        new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.ISO_8859_1))) {
      Thread guard = new Thread(() -> {
        try {
          if (!p.waitFor(30, TimeUnit.MINUTES)) p.destroyForcibly();
        } catch (InterruptedException e) {
          p.destroyForcibly();
        }
      });
      guard.setDaemon(true);
      guard.start();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("crc32")) return line.trim();
      }
      return null;
    } catch (IOException e) {
      return null;
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * simavr's UART output (it prints it on stderr), or null when simavr is not installed. Runs it
   * under bash to read its CPU time ({@code times}) into {@code cpu[0]}.
   */
  private static String runSimavr(Path elf, double[] cpu) {
    try {
      Path err = Files.createTempFile("simavr", ".txt");
      Path times = Files.createTempFile("simavr-times", ".txt");
      Process p =
          new ProcessBuilder(
                  "bash", "-c", "command -v simavr >/dev/null || exit 127; simavr -m atmega328p -f 16000000 \"$1\" 2>\"$2\" >/dev/null; times",
                  "bench", elf.toString(), err.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectOutput(times.toFile())
              .start();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AvrkitException("simavr did not finish the benchmark within 30 minutes");
      }
      if (p.exitValue() == 127) return null;
      String s = Files.readString(err).replaceAll("\u001b\\[[0-9;]*m", "").trim();
      String[] t = Files.readString(times).trim().split("\\s+");
      if (t.length >= 4) cpu[0] = seconds(t[2]) + seconds(t[3]);
      Files.deleteIfExists(err);
      Files.deleteIfExists(times);
      return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** "1m2.345s" to seconds. */
  private static double seconds(String t) {
    int m = t.indexOf('m');
    return Double.parseDouble(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
  }

  /** Whether this JVM has the optimizing (C2) JIT switched off. */
  static boolean c1Only() {
    try {
      return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .anyMatch(a -> a.startsWith("-XX:TieredStopAtLevel=") && !a.endsWith("=4"));
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** The table {@code avrkit bench sim} prints. */
  public static String format(Report r) {
    StringBuilder b = new StringBuilder();
    if (r.program().equals("periph")) {
      b.append(String.format("ADC conversions and 400 kHz TWI transfers for %d TIMER1 overflows; ATmega328P @ 16 MHz%n", r.rounds()));
    } else {
      b.append(String.format("CRC-32 over 256 bytes x %d rounds, TIMER0 interrupt on; ATmega328P @ 16 MHz%n", r.rounds()));
    }
    b.append(String.format("simulated cycles: %,d%n", r.cycles()));
    Entry base = r.entries().stream().filter(e -> e.simulator().equals("simavr")).findFirst().orElse(null);
    b.append(String.format("%-10s %8s %8s %15s %10s  %s%n", "simulator", "wall s", "CPU s", "simulated MHz", "vs simavr", "output"));
    for (Entry e : r.entries()) {
      String ratio = base == null ? "-" : String.format("%.2fx", e.mhz() / base.mhz());
      String cpu = Double.isNaN(e.cpuSeconds()) ? "-" : String.format("%.3f", e.cpuSeconds());
      b.append(String.format("%-10s %8.3f %8s %15.1f %10s  %s%n", e.simulator(), e.seconds(), cpu, e.mhz(), ratio, e.output()));
    }
    b.append("simulated MHz: cycles per CPU second of the simulator (per wall second where CPU time is unknown)\n");
    if (r.entries().stream().anyMatch(e -> e.simulator().equals("qemu"))) {
      b.append("qemu: translates code (TCG) without cycle timing; its MHz is avrkit's cycle count over QEMU's time\n");
    }
    if (c1Only()) {
      b.append("note: this JVM runs with -XX:TieredStopAtLevel=1 (no C2 JIT; the avrkit launcher's start-up"
          + " setting), which slows translated blocks; for peak speed: java -jar cli/target/avrkit.jar bench sim\n");
    }
    if (base == null) b.append("simavr not found: install simavr to compare\n");
    else if (!base.output().equals(r.entries().get(0).output())) {
      b.append("WARNING: simavr printed something else than avrkit\n");
    }
    return b.toString();
  }
}
