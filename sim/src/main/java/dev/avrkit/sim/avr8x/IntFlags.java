package dev.avrkit.sim.avr8x;

import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;

/**
 * An AVR8X INTCTRL/INTFLAGS pair with one vector: INTFLAGS reads the flags and clears those
 * written as 1, INTCTRL holds the enables; the line is raised while a flag of {@code mask} and
 * its enable are both set. The peripheral sets flags with {@link #raise} and shows them (and the
 * line) with {@link #publish}, usually from its own publish step, which also runs after each
 * write to either register.
 */
final class IntFlags {
  private final DataBus bus;
  private final InterruptController irq;
  private final int intctrl, intflags, vector, mask;
  private int flags;

  IntFlags(Machine m, int intctrl, int intflags, int vector, int mask, Runnable changed) {
    this.bus = m.bus();
    this.irq = m.interrupts();
    this.intctrl = intctrl;
    this.intflags = intflags;
    this.vector = vector;
    this.mask = mask;
    Regs8x.storeThen(bus, intctrl, changed);
    Regs8x.flags(bus, intflags, () -> flags, v -> flags &= ~v, changed);
  }

  /** Sets flags (shown at the next {@link #publish}). */
  void raise(int bits) {
    flags |= bits;
  }

  /** Clears flags (shown at the next {@link #publish}). */
  void clear(int bits) {
    flags &= ~bits;
  }

  /** Writes the flags into INTFLAGS and raises or lowers the vector's line. */
  void publish() {
    bus.set(intflags, flags);
    irq.set(vector, (flags & bus.get(intctrl) & mask) != 0);
  }
}
