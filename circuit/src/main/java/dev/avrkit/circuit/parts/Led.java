package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;
import java.util.Locale;

/**
 * {@code wokwi-led}: lit while its anode net is high and its cathode net low. Brightness is the
 * share of time lit over one frame ({@code fps} attribute, 80 by default, as Wokwi): slow changes
 * (a frame or more apart) are reported as "on"/"off" at once, faster ones (PWM: three or more
 * changes in a frame) as "brightness N%" per frame when it moves by a percent or more.
 */
public final class Led implements Part {
  private final Circuit.Context ctx;
  private final double frame;
  private boolean on;
  private double lastEdge, windowStart, onTime;
  private int edges;
  private boolean pwm;
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
    double quiet = t - lastEdge;
    boolean first = edges == 0 && windowStart == 0 && lastEdge == 0;
    on = now;
    lastEdge = t;
    edges++;
    // a window closes at a rising edge once a frame has passed: whole PWM periods, exact duty
    if (on && t - windowStart >= frame) {
      double duty = onTime / (t - windowStart);
      // PWM: three or more changes a frame on average (a 1 Hz blink's window of 1 s has 3, no PWM)
      pwm = edges >= 3 && edges * frame >= 3 * (t - windowStart);
      windowStart = t;
      onTime = 0;
      edges = 0;
      if (pwm) {
        brightness = duty;
        report(String.format(Locale.ROOT, "brightness %d%%", Math.round(duty * 100)), true);
        return;
      }
    }
    // slow changes (a frame or more apart) are shown at once; faster ones as the next frame's brightness
    if (first || quiet >= frame) {
      pwm = false;
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
