package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;
import java.util.Locale;

/**
 * {@code wokwi-led}: lit while its anode net is high and its cathode net low. Brightness is the
 * share of time lit over one frame ({@code fps} attribute, 80 by default, as Wokwi): slow changes
 * are reported as "on"/"off" at once, PWM (three or more changes in a frame) as "brightness N%"
 * when it moves by a percent or more.
 */
public final class Led implements Part {
  private final Circuit.Context ctx;
  private final double frame;
  private boolean on;
  private double lastEdge, windowStart, onTime;
  private int edges;
  private double brightness;
  private String reported = "";

  public Led(Circuit.Context ctx) {
    this.ctx = ctx;
    this.frame = 1.0 / ctx.number("fps", 80, 1, 1_000_000);
    ctx.watch("A", "C");
  }

  @Override
  public String id() {
    return ctx.id();
  }

  @Override
  public void netsChanged() {
    boolean now = ctx.level("A") == 1 && ctx.level("C") == 0;
    if (now == on) return;
    double t = ctx.time();
    if (on) onTime += t - lastEdge;
    on = now;
    lastEdge = t;
    edges++;
    if (t - windowStart >= frame) {
      double duty = onTime / (t - windowStart);
      boolean pwm = edges >= 3;
      windowStart = t;
      onTime = 0;
      edges = 0;
      if (pwm) {
        brightness = duty;
        report(String.format(Locale.ROOT, "brightness %d%%", Math.round(duty * 100)), true);
        return;
      }
    }
    if (edges < 3) {
      brightness = on ? 1 : 0;
      report(on ? "on" : "off", false);
    }
  }

  private void report(String what, boolean pwm) {
    if (pwm && reported.startsWith("brightness")) {
      int before = Integer.parseInt(reported.replaceAll("\\D", ""));
      int after = Integer.parseInt(what.replaceAll("\\D", ""));
      if (Math.abs(before - after) < 1) return;
    }
    if (what.equals(reported)) return;
    reported = what;
    ctx.event(what);
  }

  /** Whether the LED is lit now. */
  public boolean lit() {
    return on;
  }

  /** 0..1: the duty over the last frame while PWM runs, else 0 or 1. */
  public double brightness() {
    double t = ctx.time();
    if (t - lastEdge > 2 * frame) return on ? 1 : 0;
    return brightness;
  }

  @Override
  public String state() {
    double b = brightness();
    return b == 0 || b == 1 ? (on ? "on" : "off") : String.format(Locale.ROOT, "brightness %d%%", Math.round(b * 100));
  }
}
