package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;

/**
 * Read-only rows in data space: SIGROW (DEVICEID0..2 = the model's signature, the oscillator
 * error bytes 0, other bytes their ATDF reset value or 0xFF), FUSE (each fuse as given with --fuse or the model's default) and
 * LOCKBIT. CPU writes are ignored (fuses change only by programming).
 */
final class SignatureRow implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final Peripheral p;

  SignatureRow(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.p = p;
    for (ResolvedRegister r : p.registers()) {
      for (int k = 0; k < r.size() * Math.max(1, r.register().count()); k++) {
        bus.onWrite((int) r.address() + k, (a, v) -> {});
      }
    }
  }

  @Override
  public String name() {
    return p.name();
  }

  @Override
  public void reset() {
    String module = p.module().name().toUpperCase(java.util.Locale.ROOT);
    for (ResolvedRegister r : p.registers()) {
      int a = (int) r.address();
      if (module.equals("FUSE") || module.equals("LOCKBIT")) {
        String n = r.name();
        var f = m.fuse(n);
        if (f.isPresent()) bus.set(a, f.getAsInt());
        else if (module.equals("LOCKBIT")) bus.set(a, 0xC5);
      } else if (module.equals("SIGROW")) {
        if (r.register().initialValue().isEmpty()) {
          // oscillator error calibration: 0 (a perfect oscillator); other bytes erased (0xFF)
          int v = r.name().toUpperCase(java.util.Locale.ROOT).matches("OSC.*ERR.*") ? 0 : 0xFF;
          for (int k = 0; k < r.size() * Math.max(1, r.register().count()); k++) bus.set(a + k, v);
        }
      }
    }
    if (module.equals("SIGROW")) {
      byte[] sig = m.device().signature();
      int a0 = Regs8x.at(p, 0, "DEVICEID0");
      for (int i = 0; i < 3 && i < sig.length; i++) bus.set(a0 + i, sig[i] & 0xFF);
    }
  }
}
