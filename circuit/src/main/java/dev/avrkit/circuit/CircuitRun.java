package dev.avrkit.circuit;

import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.SimRun;
import dev.avrkit.sim.StopReason;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code avrkit sim FIRMWARE --diagram diagram.json [--scenario test.yaml]}: the board comes from
 * the diagram's board part, the parts are wired to the simulated chip, the scenario (or a plain
 * run) goes in simulated time, then screenshots and the waveform picture are written.
 *
 * <p>Everything the user gave is checked before the run starts (diagram, scenario against the
 * circuit, compare-with pictures, output paths), so a mistake exits 2 with nothing written.
 * Exit codes: 0 passed / normal stop, 1 a step failed (or --fail-text seen, --expect-text
 * missing, abnormal stop), 2 a mistake in the input, 3 cycle limit of a plain run.
 */
public final class CircuitRun {

  /** Options of one run; {@code scenario}, {@code expectText}, {@code failText}, {@code wave} may be null. */
  public record Options(
      Path firmware,
      Path diagram,
      Path scenario,
      Double timeoutSeconds,
      String expectText,
      String failText,
      Map<String, Path> screenshots,
      Path wave,
      Long maxCycles,
      Map<String, Integer> fuses,
      boolean quiet) {
    public Options {
      screenshots = screenshots == null ? Map.of() : Map.copyOf(screenshots);
      fuses = fuses == null ? Map.of() : Map.copyOf(fuses);
    }
  }

  /** The default simulated time-out of a scenario or --expect-text run (Wokwi's CLI uses 30 s). */
  public static final double DEFAULT_TIMEOUT = 30;

  private CircuitRun() {}

  /** Parses "PART=FILE.png" settings of --screenshot. */
  public static Map<String, Path> parseScreenshots(List<String> settings) {
    Map<String, Path> out = new LinkedHashMap<>();
    if (settings == null) return out;
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) throw new CircuitException("--screenshot '" + s + "': expected PART=FILE.png, e.g. --screenshot oled1=oled.png");
      String file = s.substring(eq + 1);
      if (!file.toLowerCase(Locale.ROOT).endsWith(".png")) throw new CircuitException("--screenshot " + s + ": the file must end in .png");
      out.put(s.substring(0, eq), Path.of(file));
    }
    return out;
  }

  /** A prepared run: machine, circuit, serial monitor, scenario; nothing has run yet. */
  public record Prepared(Machine machine, Circuit circuit, SerialMonitor serial, Scenario scenario, Wave wave) {}

  /** Reads and checks everything and wires the circuit; throws {@link CircuitException} for mistakes. */
  public static Prepared prepare(Options o, InputStream stdin, PrintStream stdout) {
    if (!Files.isRegularFile(o.firmware())) {
      throw new CircuitException(o.firmware() + ": no such file; give the firmware ELF (or HEX) to simulate");
    }
    if (o.timeoutSeconds() != null && !(o.timeoutSeconds() > 0)) throw new CircuitException("--timeout must be positive (milliseconds of simulated time)");
    if (o.maxCycles() != null && o.maxCycles() <= 0) throw new CircuitException("--max-cycles must be positive, got " + o.maxCycles());
    if (o.expectText() != null && o.expectText().isEmpty()) throw new CircuitException("--expect-text must not be empty");
    if (o.failText() != null && o.failText().isEmpty()) throw new CircuitException("--fail-text must not be empty");
    if (o.wave() != null && !o.wave().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
      throw new CircuitException("--wave " + o.wave() + ": the waveform picture is SVG; give a file ending in .svg");
    }
    Diagram d = Diagram.read(o.diagram());
    BoardParts.Board board = Circuit.boardOf(d);
    Scenario scenario = o.scenario() == null ? null : Scenario.read(o.scenario());
    FirmwareImage image = FirmwareImage.load(o.firmware());
    SerialMonitor serial = new SerialMonitor(stdout, stdin);
    // a circuit is a whole board: a watchdog reset restarts the firmware (watchdogResets), as on the board
    Machine m = SimRun.machine(new SimRun.Options(o.firmware(), null, board.boardName(), o.maxCycles(), null, o.fuses(), null, true), serial);
    serial.setClock(() -> m.scheduler().now());
    m.load(image);
    Circuit c = Circuit.build(d, m);
    if (scenario != null) ScenarioRunner.check(scenario, c);
    for (Map.Entry<String, Path> e : o.screenshots().entrySet()) {
      Part p = c.part(e.getKey()).orElseThrow(() -> new CircuitException("--screenshot " + e.getKey() + ": no part \"" + e.getKey()
          + "\" in " + o.diagram() + "; parts: " + String.join(", ", c.parts().keySet())));
      if (p.screenSize() == null) throw new CircuitException("--screenshot " + e.getKey() + ": part " + e.getKey() + " has no display");
    }
    Wave wave = o.wave() == null ? null : Wave.attach(c, serial);
    return new Prepared(m, c, serial, scenario, wave);
  }

  /** Runs as {@code avrkit sim --diagram} does; returns the exit code. */
  public static int run(Options o, InputStream stdin, PrintStream stdout, PrintStream stderr) {
    Prepared p = prepare(o, stdin, stdout);
    Machine m = p.machine();
    Circuit c = p.circuit();
    if (!o.quiet()) {
      c.addListener(e -> {
        stdout.flush();
        stderr.printf(Locale.ROOT, "[%10.6f s] %s %s%n", e.seconds(), e.part(), e.what());
      });
    }
    Thread hook = new Thread(m::requestStop);
    Runtime.getRuntime().addShutdownHook(hook);
    int code;
    try {
      if (p.scenario() != null || o.expectText() != null) {
        double timeout = o.timeoutSeconds() != null ? o.timeoutSeconds() : DEFAULT_TIMEOUT;
        ScenarioRunner runner = new ScenarioRunner(c, p.serial(), timeout, o.failText(), null);
        ScenarioRunner.Outcome out = runner.run(p.scenario(), o.expectText());
        p.serial().flush();
        stderr.println();
        if (out.passed()) {
          stderr.println(String.format(Locale.ROOT, "avrkit sim: %s passed at %.6f s simulated",
              p.scenario() != null ? "scenario \"" + p.scenario().name() + "\"" : "--expect-text", m.seconds()));
          code = 0;
        } else {
          stderr.println("avrkit sim: " + out.report());
          code = 1;
        }
      } else {
        long max = o.maxCycles() != null ? o.maxCycles() : Long.MAX_VALUE;
        RunResult r;
        if (o.timeoutSeconds() != null || o.failText() != null) {
          double until = o.timeoutSeconds() != null ? o.timeoutSeconds() : Double.MAX_VALUE;
          ScenarioRunner runner = new ScenarioRunner(c, p.serial(), until, o.failText(), null);
          String f = runner.runUntil(Math.min(until, o.maxCycles() != null ? (double) max / m.clockHz() : until), () -> false, null);
          p.serial().flush();
          stderr.println();
          if (f != null) {
            stderr.println("avrkit sim: failed at " + String.format(Locale.ROOT, "%.6f s", m.seconds()) + ":\n" + f);
            code = 1;
          } else {
            stderr.println(String.format(Locale.ROOT, "avrkit sim: ran %.6f s simulated", m.seconds()));
            code = 0;
          }
        } else {
          r = m.run(max);
          p.serial().flush();
          stderr.println();
          stderr.println("avrkit sim: " + m.device().name() + " @ " + m.clockHz() / 1e6 + " MHz: " + r.summary());
          code = r.reason() == StopReason.CYCLE_LIMIT && o.maxCycles() != null ? 3 : SimRun.exitCode(r.reason());
        }
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
    }
    c.finish();
    for (Map.Entry<String, Path> e : o.screenshots().entrySet()) {
      Png.write(c.part(e.getKey()).orElseThrow().screenshot().orElseThrow(), e.getValue());
      stderr.println("avrkit sim: " + e.getKey() + " -> " + e.getValue());
    }
    if (p.wave() != null) {
      p.wave().write(o.wave());
      stderr.println("avrkit sim: waveform -> " + o.wave());
    }
    return code;
  }
}
