package dev.avrkit.sim;

/**
 * How a run ended: the reason, the byte address of the PC where it stopped, the cycles and
 * instructions executed since reset, the simulated time in seconds and a detail line.
 */
public record RunResult(
    StopReason reason, int pcByteAddress, long cycles, long instructions, double seconds, String detail) {

  /** "stopped: ..., at 0x..., N cycles, M instructions, T s" */
  public String summary() {
    return String.format(
        "stopped: %s%s at 0x%04x after %d cycles, %d instructions, %s simulated",
        reason.text(),
        detail == null || detail.isEmpty() ? "" : " (" + detail + ")",
        pcByteAddress,
        cycles,
        instructions,
        formatTime(seconds));
  }

  private static String formatTime(double s) {
    if (s >= 1) return String.format("%.6f s", s);
    if (s >= 1e-3) return String.format("%.3f ms", s * 1e3);
    return String.format("%.3f us", s * 1e6);
  }
}
