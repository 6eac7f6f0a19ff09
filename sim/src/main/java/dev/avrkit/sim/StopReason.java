package dev.avrkit.sim;

/** Why a run ended. {@link #normal()} tells whether the CLI exits with 0. */
public enum StopReason {
  /** SLEEP with interrupts disabled: nothing can wake the CPU. */
  SLEEP_INTERRUPTS_OFF(true, "sleep with interrupts disabled"),
  /** A jump to itself with interrupts disabled (avr-libc's exit loop). */
  HALTED(true, "endless loop with interrupts disabled (program exited)"),
  /** The BREAK instruction. */
  BREAK(true, "break instruction"),
  /** Sleeping with no event that could ever wake the CPU. */
  SLEEP_FOREVER(false, "sleep with no wake-up source"),
  /** The cycle limit was reached. */
  CYCLE_LIMIT(false, "cycle limit reached"),
  /** An opcode this core does not have. */
  ILLEGAL_OPCODE(false, "illegal opcode"),
  /** A push, call or pop outside SRAM. */
  STACK(false, "stack left RAM"),
  /** The watchdog reset the device (the simulation stops there). */
  WATCHDOG(false, "watchdog reset"),
  /** The program counter left flash. */
  PC_OUT_OF_FLASH(false, "program counter outside flash"),
  /** A debugger breakpoint. */
  BREAKPOINT(false, "breakpoint"),
  /** Stopped from outside (Ctrl-C, debugger). */
  REQUESTED(false, "stop requested");

  private final boolean normal;
  private final String text;

  StopReason(boolean normal, String text) {
    this.normal = normal;
    this.text = text;
  }

  /** Whether this is a normal end of the program. */
  public boolean normal() {
    return normal;
  }

  /** Human-readable description. */
  public String text() {
    return text;
  }
}
