package dev.avrkit.device;

import java.util.BitSet;
import java.util.Optional;

/**
 * Where the simulator's test channel sits ({@code cargo test} on the simulated chip): two adjacent
 * data-space addresses in the I/O area that no register of the device model and no other memory
 * segment covers, the highest such pair. Parts whose I/O area is full (ATmega16/32/8535,
 * ATtiny20/40, 261/461/861, 2313A/4313) have none: on-target tests do not run on them. Test
 * firmware writes its reports there and reads the runner's command from there; only the simulator
 * listens, and only while running tests. Both the
 * generated test harness (its address constants) and the runner take the addresses from here, so
 * they agree for every device.
 *
 * @param data bytes of a report field are written here; the runner's command is read from here
 * @param control each write starts a report field (a tag letter)
 */
public record TestPort(int data, int control) {

  /** The test channel of a device; empty when its I/O area has no two free adjacent addresses. */
  public static Optional<TestPort> of(Device d) {
    long ioEnd = 0;
    for (MemorySegment s : d.segments()) {
      if (s.addressSpace().equals("data") && s.type().equals("io")) ioEnd = Math.max(ioEnd, s.end());
    }
    if (ioEnd < 2 || ioEnd > 0x10000) return Optional.empty();
    BitSet used = new BitSet((int) ioEnd);
    for (MemorySegment s : d.segments()) {
      if (s.addressSpace().equals("data") && !s.type().equals("io")) {
        used.set((int) Math.min(s.start(), ioEnd), (int) Math.min(s.end(), ioEnd));
      }
    }
    for (Peripheral p : d.peripherals()) {
      if (!p.addressSpace().equals("data")) continue;
      for (ResolvedRegister r : p.registers()) {
        long from = r.address();
        long to = from + (long) r.size() * Math.max(1, r.register().count());
        if (from < ioEnd) used.set((int) Math.max(0, from), (int) Math.min(to, ioEnd));
      }
    }
    for (int a = (int) ioEnd - 2; a >= 0; a--) {
      if (!used.get(a) && !used.get(a + 1)) return Optional.of(new TestPort(a, a + 1));
    }
    return Optional.empty();
  }
}
