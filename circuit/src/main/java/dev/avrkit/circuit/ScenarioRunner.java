package dev.avrkit.circuit;

import dev.avrkit.sim.Machine;
import dev.avrkit.sim.PinListener;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs a {@link Scenario} against a circuit in simulated time: {@code delay} runs the machine
 * for that long, {@code wait-serial} until the text appears, the others act at once. The whole
 * run is bounded by a simulated time-out. Also serves plain runs with {@code --expect-text} /
 * {@code --fail-text}. {@code avrkit test} and {@code avrkit sim --scenario} both call it.
 */
public final class ScenarioRunner {
  /**
   * avrkit's control of the board part (Wokwi's scenarios have none): {@code set-control: {
   * part-id: BOARD, control: reset, value: 1 }} presses and releases the board's RESET button, an
   * external reset (RAM and registers start again; the EEPROM, flash and the parts outside keep
   * their state).
   */
  public static final String RESET = "reset";

  /** How a run ended: passed, or the failing step and what was expected and seen. */
  public record Outcome(boolean passed, String report, RunResult lastRun) {}

  private final Circuit circuit;
  private final Machine m;
  private final SerialMonitor serial;
  private final double timeout;
  private final String failText;
  private final PrintStream log;
  private RunResult last;

  /** {@code timeoutSeconds} of simulated time for the whole run; {@code failText} may be null. */
  public ScenarioRunner(Circuit circuit, SerialMonitor serial, double timeoutSeconds, String failText, PrintStream log) {
    this.circuit = circuit;
    this.m = circuit.machine();
    this.serial = serial;
    this.timeout = timeoutSeconds;
    this.failText = failText;
    this.log = log;
  }

  /**
   * Checks a scenario against the circuit before anything runs: parts, pins, controls, display
   * parts and the sizes of compare-with pictures. A mistake is a {@link CircuitException}.
   */
  public static void check(Scenario s, Circuit c) {
    for (Scenario.Step st : s.steps()) {
      if (st instanceof Scenario.ExpectPin e) {
        c.checkPin(e.part(), e.pin()).ifPresent(msg -> {
          throw st.at().error("expect-pin: " + msg);
        });
      } else if (st instanceof Scenario.SetControl sc && sc.part().equals(c.boardId())) {
        if (!sc.control().equals(RESET)) {
          throw st.at().error("set-control: the board " + sc.part() + " has one control, \"" + RESET + "\" (avrkit's; not in Wokwi)");
        }
        if (sc.value() != 0 && sc.value() != 1) throw st.at().error("set-control: reset takes value 1 (press and release) or 0 (nothing)");
      } else if (st instanceof Scenario.SetControl sc) {
        Part p = part(c, st, sc.part(), "set-control");
        if (!p.controls().contains(sc.control())) {
          throw st.at().error("set-control: part " + sc.part() + " has no control \"" + sc.control() + "\""
              + (p.controls().isEmpty() ? " (it has none)" : "; controls: " + String.join(", ", p.controls())));
        }
      } else if (st instanceof Scenario.TakeScreenshot t) {
        Part p = part(c, st, t.part(), "take-screenshot");
        int[] size = p.screenSize();
        if (size == null) throw st.at().error("take-screenshot: part " + t.part() + " has no display");
        if (t.compareWith() != null) {
          BufferedImage img = Png.read(t.compareWith());
          if (img.getWidth() != size[0] || img.getHeight() != size[1]) {
            throw st.at().error("take-screenshot: " + t.compareWith() + " is " + img.getWidth() + "x" + img.getHeight()
                + " but " + t.part() + "'s screenshots are " + size[0] + "x" + size[1]);
          }
        }
      }
    }
  }

  private static Part part(Circuit c, Scenario.Step st, String id, String kind) {
    if (id.equals(c.boardId())) throw st.at().error(kind + ": part " + id + " is the board; give one of " + String.join(", ", c.parts().keySet()));
    return c.part(id).orElseThrow(() -> st.at().error(kind + ": no part \"" + id + "\" in the diagram; parts: " + String.join(", ", c.allIds())));
  }

  /** Runs the steps, then (when not null) waits for {@code expectText}. */
  public Outcome run(Scenario s, String expectText) {
    double deadline = m.seconds() + timeout;
    List<Scenario.Step> steps = s == null ? List.of() : s.steps();
    for (int i = 0; i < steps.size(); i++) {
      Scenario.Step st = steps.get(i);
      String head = (s.name().isEmpty() ? "scenario" : "scenario \"" + s.name() + "\"") + " failed at step " + (i + 1)
          + " (" + st.describe() + (st.label().isEmpty() ? "" : ", \"" + st.label() + "\"") + ", " + s.file() + ":"
          + st.at().where().replaceFirst("^.*?:(\\d+:\\d+)$", "$1") + ")";
      Optional<String> fail = step(st, deadline);
      if (fail.isPresent()) return new Outcome(false, head + " at " + time() + ":\n" + fail.get() + serialTail(), last);
      if (log != null) log.println(String.format(Locale.ROOT, "[%10.6f s] step %d ok: %s", m.seconds(), i + 1, st.describe()));
    }
    if (expectText != null) {
      String f = runUntil(deadline, () -> serial.seen(expectText), "the expected text \"" + expectText + "\"");
      if (f != null) return new Outcome(false, "--expect-text \"" + expectText + "\" not seen by " + time() + ":\n" + f + serialTail(), last);
    }
    return new Outcome(true, "", last);
  }

  private String time() {
    return String.format(Locale.ROOT, "%.6f s", m.seconds());
  }

  private String serialTail() {
    List<String> lines = serial.lastLines(5);
    if (lines.isEmpty()) return "\n  serial output: (none)";
    StringBuilder b = new StringBuilder("\n  last serial lines:");
    for (String l : lines) b.append("\n    | ").append(l);
    return b.toString();
  }

  private Optional<String> step(Scenario.Step st, double deadline) {
    if (st instanceof Scenario.Delay d) {
      return Optional.ofNullable(runUntil(m.seconds() + d.seconds(), () -> false, null));
    }
    if (st instanceof Scenario.WaitSerial w) {
      return Optional.ofNullable(runUntil(deadline, () -> serial.consume(w.text()), "serial text \"" + w.text() + "\""));
    }
    if (st instanceof Scenario.WriteSerial w) {
      serial.write(w.bytes());
      return Optional.empty();
    }
    if (st instanceof Scenario.ExpectPin e) {
      int seen = circuit.level(e.part(), e.pin());
      if (seen == e.value()) return Optional.empty();
      return Optional.of(String.format(Locale.ROOT, "  expected %s:%s = %d, saw %s (last changed at %.6f s)", e.part(), e.pin(),
          e.value(), seen == PinListener.FLOATING ? "floating" : Integer.toString(seen), circuit.lastChange(e.part(), e.pin())));
    }
    if (st instanceof Scenario.SetControl sc && sc.part().equals(circuit.boardId())) {
      if (sc.value() == 1) {
        m.reset(Machine.ResetCause.EXTERNAL);
        circuit.settle();
        if (log != null) log.println(String.format(Locale.ROOT, "[%10.6f s] %s reset", m.seconds(), sc.part()));
      }
      return Optional.empty();
    }
    if (st instanceof Scenario.SetControl sc) {
      circuit.part(sc.part()).orElseThrow().setControl(sc.control(), sc.value());
      return Optional.empty();
    }
    Scenario.TakeScreenshot t = (Scenario.TakeScreenshot) st;
    BufferedImage img = circuit.part(t.part()).orElseThrow().screenshot().orElseThrow();
    if (t.saveTo() != null) Png.write(img, t.saveTo());
    if (t.compareWith() != null) {
      Png.Difference d = Png.compare(img, Png.read(t.compareWith()));
      if (d.count() > 0) {
        return Optional.of("  " + d.count() + " pixels differ from " + t.compareWith() + ", the first at x=" + d.x() + " y=" + d.y()
            + (t.saveTo() == null ? " (add save-to to see the screenshot)" : "; the screenshot is in " + t.saveTo()));
      }
    }
    return Optional.empty();
  }

  /**
   * Runs until {@code done} holds (checked every simulated millisecond and when the run stops)
   * or {@code until} seconds; returns null when done (or, with {@code waitingFor} null, when the
   * time is reached), else why not.
   */
  String runUntil(double until, BooleanSupplier done, String waitingFor) {
    while (true) {
      if (failText != null && serial.seen(failText)) return "  the serial output has the --fail-text \"" + failText + "\"";
      if (done.getAsBoolean()) return null;
      double now = m.seconds();
      if (now >= until - 1e-12) {
        if (waitingFor == null) return null;
        return String.format(Locale.ROOT, "  timed out after %.3f s of simulated time waiting for %s", timeout, waitingFor);
      }
      long hz = m.clockHz();
      long left = (long) Math.ceil((until - now) * hz);
      RunResult r = m.run(Math.max(1, Math.min(left, hz / 1000)));
      last = r;
      if (r.reason() != StopReason.CYCLE_LIMIT) {
        if (failText != null && serial.seen(failText)) return "  the serial output has the --fail-text \"" + failText + "\"";
        if (done.getAsBoolean()) return null;
        if (r.reason().normal() && waitingFor == null) {
          return null; // the chip stopped for good (sleep with interrupts off): time passes, nothing changes
        }
        return "  the firmware stopped (" + r.summary() + ")" + (waitingFor == null ? "" : " while waiting for " + waitingFor);
      }
    }
  }

}
