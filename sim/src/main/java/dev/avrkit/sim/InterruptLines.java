package dev.avrkit.sim;

/**
 * The interrupt lines every {@link InterruptController} keeps: which vectors are asserted and how
 * many; raising a line asks the CPU to look at interrupts after the current instruction. Vectors
 * outside the table are ignored.
 */
public abstract class InterruptLines implements InterruptController {
  private final Cpu cpu;
  private final boolean[] lines;
  private int count;

  /** {@code vectors}: size of the vector table (at least one entry is kept). */
  protected InterruptLines(Cpu cpu, int vectors) {
    this.cpu = cpu;
    this.lines = new boolean[Math.max(vectors, 1)];
  }

  @Override
  public final void raise(int v) {
    if (v < 0 || v >= lines.length) return;
    if (!lines[v]) {
      lines[v] = true;
      count++;
      cpu.attention();
    }
  }

  @Override
  public final void lower(int v) {
    if (v < 0 || v >= lines.length) return;
    if (lines[v]) {
      lines[v] = false;
      count--;
    }
  }

  @Override
  public final boolean raised(int v) {
    return v >= 0 && v < lines.length && lines[v];
  }

  /** Whether any line is asserted. */
  protected final boolean anyRaised() {
    return count > 0;
  }

  /** Size of the vector table. */
  protected final int vectors() {
    return lines.length;
  }

  /** Lowers every line (reset). */
  protected final void lowerAll() {
    java.util.Arrays.fill(lines, false);
    count = 0;
  }
}
