package dev.avrkit.sim;

/**
 * Decides which interrupt the CPU takes. Peripherals {@link #raise} and {@link #lower} their
 * interrupt lines (or {@link #set} them) (the line is "flag and enable"); the CPU asks {@link #next} at instruction
 * boundaries when something changed, then calls {@link #entered} when it jumps to the vector and
 * {@link #returned} on RETI.
 *
 * <p>Two implementations: {@link ClassicInterruptController} (AVRe+: fixed priority, lowest
 * vector first, SREG.I cleared on entry and set by RETI) and CPUINT for AVR8X (levels 0/1, NMI,
 * LVL0PRI round robin, STATUS; in package {@code dev.avrkit.sim.avr8x}).
 */
public interface InterruptController {

  /** Asserts an interrupt line (vector number as the device model numbers it). */
  void raise(int vector);

  /** Deasserts an interrupt line. */
  void lower(int vector);

  /**
   * Raises the line when {@code on}, else lowers it (a peripheral's "flag and enable"); vector -1
   * (the device has no such vector) is ignored.
   */
  default void set(int vector, boolean on) {
    if (vector < 0) return;
    if (on) raise(vector);
    else lower(vector);
  }

  /** Whether a line is asserted. */
  boolean raised(int vector);

  /**
   * The vector the CPU should take now, or -1. {@code globalEnable} is SREG.I; implementations
   * may return a non-maskable vector while it is clear.
   */
  int next(boolean globalEnable);

  /** The CPU is jumping to {@code vector}; sources that clear their flag by hardware do it now. */
  void entered(int vector);

  /** The CPU executed RETI. */
  void returned();

  /** Whether entering an interrupt clears SREG.I and RETI sets it (AVRe+ yes, AVRxt no). */
  boolean clearsGlobalEnable();

  /** Byte address of the vector table (moves with IVSEL). */
  int vectorBase();

  /**
   * The slot of the vector table the CPU jumps to for {@code vector}: the vector itself, except
   * in AVR8X's compact vector table (CPUINT.CTRLA.CVT), where all level 0 interrupts share one.
   */
  default int slot(int vector) {
    return vector;
  }

  /** Back to the reset state. */
  void reset();

  /** Called when a source wants its flag cleared because the CPU took its vector. */
  @FunctionalInterface
  interface Acknowledge {
    void taken(int vector);
  }
}
