package dev.avrkit.circuit;

import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The simulated board of {@code avrkit run}: runs the machine in slices of 10 ms of simulated time
 * and, unless it runs as fast as it can, sleeps after each slice until the wall clock has caught
 * up with simulated time divided by the speed factor; so the console, the LED and every part
 * happen at the chip's pace for any firmware (not only when a pin changes). With a diagram the
 * parts' events are printed; without one, the board LED's changes.
 */
public final class LiveRun {
  /**
   * {@code seconds}: simulated seconds to run (null: until the firmware stops or Ctrl-C);
   * {@code speed}: 1 = real time, 0.5 = slow motion, 10 = ten times faster, 0 = as fast as possible.
   */
  public record Options(Double seconds, double speed) {}

  private LiveRun() {}

  /** The diagram of a project program: circuits/PROGRAM/diagram.json, else diagram.json in the project. */
  public static Path projectDiagram(Path projectDir, String program) {
    Path own = projectDir.resolve("circuits").resolve(program == null ? ProjectTests.MAIN : program).resolve("diagram.json");
    if (Files.isRegularFile(own)) return own;
    Path top = projectDir.resolve("diagram.json");
    return Files.isRegularFile(top) ? top : null;
  }

  /**
   * Runs a loaded machine; {@code circuit} may be null, then {@code led} ("PB5", or null) is the
   * pin whose changes are printed. Returns the stop result.
   */
  public static RunResult run(Machine m, Circuit circuit, String led, Options o, PrintStream out, PrintStream err) {
    if (!(o.speed() >= 0) || o.speed() > 1e6) throw new CircuitException("--speed must be a factor > 0 (1 = real time), got " + o.speed());
    if (o.seconds() != null && !(o.seconds() > 0)) throw new CircuitException("--seconds must be positive, got " + o.seconds());
    if (circuit != null) {
      circuit.addListener(e -> {
        out.flush();
        err.printf(Locale.ROOT, "[%10.6f s] %s %s%n", e.seconds(), e.part(), e.what());
      });
    } else if (led != null) {
      String port = "PORT" + led.charAt(1);
      int bit = led.charAt(2) - '0';
      m.addPinListener((p, b, level, cycle) -> {
        if (!p.equals(port) || b != bit || level > 1) return;
        out.flush();
        err.printf(Locale.ROOT, "[%10.6f s] LED %s %s%n", m.seconds(), led, level == 1 ? "on" : "off");
      });
    }
    Thread hook = new Thread(m::requestStop);
    Runtime.getRuntime().addShutdownHook(hook);
    long startNanos = System.nanoTime();
    double startSeconds = m.seconds();
    RunResult r;
    try {
      while (true) {
        long slice = Math.max(1, m.clockHz() / 100);
        if (o.seconds() != null) {
          long left = (long) Math.ceil((o.seconds() - m.seconds()) * m.clockHz());
          if (left <= 0) {
            r = m.run(1);
            break;
          }
          slice = Math.min(slice, left);
        }
        r = m.run(slice);
        if (r.reason() != StopReason.CYCLE_LIMIT) break;
        if (o.seconds() != null && m.seconds() >= o.seconds()) break;
        if (o.speed() > 0) pace(m.seconds() - startSeconds, o.speed(), startNanos, m);
      }
    } finally {
      m.console().flush();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
    }
    if (circuit != null) circuit.finish();
    return r;
  }

  private static void pace(double simulated, double speed, long startNanos, Machine m) {
    long due = startNanos + (long) (simulated / speed * 1e9);
    long ahead = due - System.nanoTime();
    if (ahead <= 0) return;
    try {
      Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      m.requestStop();
    }
  }
}
