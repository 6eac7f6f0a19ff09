package dev.avrkit.device;

import java.util.List;

/**
 * One instance of a module in the device ({@code <instance>}): PORTA, USART3, TCA0, FUSE...
 * {@code baseAddress} is the absolute address of its main register group in {@code addressSpace}
 * ("data" for I/O registers, "fuses"/"lockbits" on classic parts). {@code registers} is the
 * flattened, absolute register map of this instance (groups, arrays and unions resolved),
 * sorted by address.
 */
public record Peripheral(
    String name,
    String caption,
    Module module,
    String registerGroupName,
    String addressSpace,
    long baseAddress,
    List<ResolvedRegister> registers,
    List<Signal> signals) {
  public Peripheral {
    registers = List.copyOf(registers);
    signals = List.copyOf(signals);
  }

  /** Finds a register by path ("CTRLA", "SINGLE.CTRLA", "PIN2CTRL"), case-insensitive. */
  public java.util.Optional<ResolvedRegister> register(String path) {
    return registers.stream().filter(r -> r.path().equalsIgnoreCase(path)).findFirst();
  }
}
