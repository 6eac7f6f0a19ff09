package dev.avrkit.circuit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code avrkit bench circuit}: an SSD1306 on the Uno's I2C at 400 kHz, driven the way Arduino's
 * Wire and Adafruit_SSD1306 do it (TWI interrupts, 32-byte chunks, whole frames), in a scenario
 * that waits for a number of frames. Reports simulated seconds per second of the simulation
 * thread's CPU time (the machine may be shared) and of the wall clock; best of the repeats.
 */
public final class CircuitBench {
  /** One run: simulated seconds, CPU and wall seconds. */
  public record Run(double simulated, double cpu, double wall, int frames) {
    public double cpuSpeed() {
      return simulated / cpu;
    }

    public double wallSpeed() {
      return simulated / wall;
    }
  }

  private CircuitBench() {}

  /** Builds the bench firmware with avr-gcc into {@code dir}; returns the ELF. */
  public static Path build(Path dir) throws IOException, InterruptedException {
    Path src = copy(dir, "oled.c");
    copy(dir, "diagram.json");
    Path elf = dir.resolve("oled.elf");
    List<String> cmd = List.of("avr-gcc", "-mmcu=atmega328p", "-Os", "-DF_CPU=16000000UL", "-o", elf.toString(), src.toString());
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new CircuitException("avr-gcc is needed to build the bench firmware (Debian: apt-get install gcc-avr avr-libc)");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new CircuitException("avr-gcc failed: " + out);
    return elf;
  }

  private static Path copy(Path dir, String name) throws IOException {
    Path out = dir.resolve(name);
    try (InputStream in = CircuitBench.class.getResourceAsStream("bench/" + name)) {
      Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  /** Runs the scenario "wait for frame N" once. */
  public static Run run(Path elf, int frames) throws IOException {
    Path dir = elf.toAbsolutePath().getParent();
    Path scenario = dir.resolve("bench.test.yaml");
    Files.writeString(scenario, "name: SSD1306 frames at 400 kHz\nversion: 1\nsteps:\n  - wait-serial: \"frame " + frames + "\\n\"\n"
        + "  - take-screenshot: { part-id: oled1, save-to: oled.png }\n");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    CircuitRun.Prepared p = CircuitRun.prepare(new CircuitRun.Options(elf, dir.resolve("diagram.json"), scenario, 600.0,
        null, null, null, null, null, null, true), null, new PrintStream(OutputStream.nullOutputStream()));
    ScenarioRunner.Outcome o = new ScenarioRunner(p.circuit(), p.serial(), 600, null, null).run(p.scenario(), null);
    if (!o.passed()) throw new CircuitException("bench scenario failed: " + o.report());
    double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
    double wall = (System.nanoTime() - wall0) / 1e9;
    return new Run(p.machine().seconds(), cpu, wall, frames);
  }

  public static String format(Run r) {
    return String.format(Locale.ROOT, "SSD1306 over I2C at 400 kHz: %d frames = %.3f s simulated in %.3f s CPU (%.1fx real time), %.3f s wall (%.1fx)%n",
        r.frames(), r.simulated(), r.cpu(), r.cpuSpeed(), r.wall(), r.wallSpeed());
  }
}
