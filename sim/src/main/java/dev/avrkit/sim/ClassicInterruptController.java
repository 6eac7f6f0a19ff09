package dev.avrkit.sim;

/**
 * AVRe+ interrupts: the lowest asserted vector wins, taken only while SREG.I is set; entering
 * clears SREG.I (the CPU does that), RETI sets it. Sources whose flag hardware clears on entry
 * (timer overflow, compare match, INTn...) register an {@link Acknowledge}.
 */
public final class ClassicInterruptController extends InterruptLines {
  private final InterruptController.Acknowledge[] acks;
  private int vectorBase;

  ClassicInterruptController(Cpu cpu, int vectors) {
    super(cpu, vectors);
    this.acks = new InterruptController.Acknowledge[vectors()];
  }

  /** Registers what happens to the source's flag when the CPU takes its vector. */
  public void onTaken(int vector, InterruptController.Acknowledge a) {
    acks[vector] = a;
  }

  /** Moves the vector table (MCUCR.IVSEL). */
  public void setVectorBase(int byteAddress) {
    vectorBase = byteAddress;
  }

  @Override
  public int next(boolean globalEnable) {
    if (!globalEnable || !anyRaised()) return -1;
    for (int i = 1; i < vectors(); i++) if (raised(i)) return i;
    return -1;
  }

  @Override
  public void entered(int vector) {
    InterruptController.Acknowledge a = acks[vector];
    if (a != null) a.taken(vector);
  }

  @Override
  public void returned() {}

  @Override
  public boolean clearsGlobalEnable() {
    return true;
  }

  @Override
  public int vectorBase() {
    return vectorBase;
  }

  @Override
  public void reset() {
    lowerAll();
    vectorBase = 0;
  }
}
