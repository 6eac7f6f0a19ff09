package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;
import dev.avrkit.sim.Scheduler;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code wokwi-pushbutton}: contacts 1 (1.l = 1.r) and 2 (2.l = 2.r) are joined while pressed.
 * Unless {@code bounce} is "0", pressing and releasing bounce as Horowitz &amp; Hill describe
 * (the contacts separate and reconnect several times within about a millisecond): a seeded,
 * repeatable series of 4 to 12 changes 20 to 150 us apart before the contact settles.
 */
public final class PushButton implements Part {
  private final Circuit.Context ctx;
  private final Circuit.Switch contact;
  private final boolean bounce;
  private final SplittableRandom random;
  private boolean pressed;
  private int bounces;
  private final Scheduler.Event step = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      contact.set(!contact.closed());
      if (--bounces > 0) scheduleNext();
      else contact.set(pressed);
    }
  };

  public PushButton(Circuit.Context ctx) {
    this.ctx = ctx;
    this.contact = ctx.addSwitch("1.l", "2.l");
    this.bounce = !"0".equals(ctx.attr("bounce", ""));
    this.random = new SplittableRandom(ctx.id().hashCode());
  }

  @Override
  public String id() {
    return ctx.id();
  }

  @Override
  public List<String> controls() {
    return List.of("pressed");
  }

  @Override
  public void setControl(String control, double value) {
    if (!control.equals("pressed")) Part.super.setControl(control, value);
    press(value != 0);
  }

  /** Presses (true) or releases the button now. */
  public void press(boolean down) {
    if (down == pressed) return;
    pressed = down;
    ctx.event(down ? "pressed" : "released");
    Scheduler s = ctx.machine().scheduler();
    s.cancel(step);
    if (!bounce) {
      contact.set(down);
      return;
    }
    // odd number of extra changes after the first contact, so the last one leaves it as pressed
    contact.set(down);
    bounces = 2 * (2 + random.nextInt(5));
    scheduleNext();
  }

  private void scheduleNext() {
    long hz = ctx.machine().clockHz();
    long delay = Math.max(1, hz * (20 + random.nextInt(131)) / 1_000_000);
    ctx.machine().scheduler().scheduleIn(step, delay);
  }

  public boolean pressed() {
    return pressed;
  }

  @Override
  public String state() {
    return pressed ? "pressed" : "released";
  }
}
