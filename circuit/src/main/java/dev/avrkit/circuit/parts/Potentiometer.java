package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;
import java.util.List;
import java.util.Locale;

/**
 * {@code wokwi-potentiometer} and {@code wokwi-slide-potentiometer}: the wiper (SIG) carries
 * position x supply volts, which an ADC pin on its net reads. Attribute {@code value} 0..1023 is
 * the starting position; control {@code position} 0.0..1.0 moves it.
 */
public final class Potentiometer implements Part {
  private final Circuit.Context ctx;
  private final Circuit.Driver wiper;
  private double position;

  public Potentiometer(Circuit.Context ctx) {
    this.ctx = ctx;
    this.position = ctx.number("value", 0, 0, 1023) / 1023.0;
    this.wiper = ctx.driver("SIG", true);
    apply();
  }

  private void apply() {
    wiper.volts(position * ctx.machine().pins().vcc());
  }

  @Override
  public String id() {
    return ctx.id();
  }

  @Override
  public List<String> controls() {
    return List.of("position");
  }

  @Override
  public void setControl(String control, double value) {
    if (!control.equals("position")) Part.super.setControl(control, value);
    if (!(value >= 0 && value <= 1)) throw new dev.avrkit.circuit.CircuitException("part " + id() + ": position must be 0.0..1.0, got " + value);
    position = value;
    ctx.event(String.format(Locale.ROOT, "position %.3f", value));
    apply();
  }

  public double position() {
    return position;
  }

  @Override
  public String state() {
    return String.format(Locale.ROOT, "position %.3f (%.3f V)", position, position * ctx.machine().pins().vcc());
  }
}
