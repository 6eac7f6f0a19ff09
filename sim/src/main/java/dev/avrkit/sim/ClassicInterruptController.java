package dev.avrkit.sim;

/**
 * AVRe+ interrupts: the lowest asserted vector wins, taken only while SREG.I is set; entering
 * clears SREG.I (the CPU does that), RETI sets it. Sources whose flag hardware clears on entry
 * (timer overflow, compare match, INTn...) register an {@link Acknowledge}.
 */
public final class ClassicInterruptController implements InterruptController {
  private final boolean[] lines;
  private final InterruptController.Acknowledge[] acks;
  private int count;
  private final Cpu cpu;
  private int vectorBase;

  ClassicInterruptController(Cpu cpu, int vectors) {
    this.cpu = cpu;
    this.lines = new boolean[Math.max(vectors, 1)];
    this.acks = new InterruptController.Acknowledge[lines.length];
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
  public void raise(int v) {
    if (!lines[v]) {
      lines[v] = true;
      count++;
      cpu.attention();
    }
  }

  @Override
  public void lower(int v) {
    if (lines[v]) {
      lines[v] = false;
      count--;
    }
  }

  @Override
  public boolean raised(int v) {
    return lines[v];
  }

  @Override
  public int next(boolean globalEnable) {
    if (!globalEnable || count == 0) return -1;
    for (int i = 1; i < lines.length; i++) if (lines[i]) return i;
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
    java.util.Arrays.fill(lines, false);
    count = 0;
    vectorBase = 0;
  }
}
