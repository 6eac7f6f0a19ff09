package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Signal;
import dev.avrkit.sim.Machine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pins a peripheral's PORTMUX route gives its signals, from the model: the signal's field
 * ("PORTMUX.TWISPIROUTEA.TWI0") is read, and the value's caption names the port and bits the
 * route uses ("SPI0 on PE[3:0]", "SCL/SDA on PC[3:2], Slave mode on PF[3:2] in dual TWI mode":
 * the first range is the main one); each signal group takes its pad inside that range. Without a
 * PORTMUX field (one route only) the signals' pads are used as they are; "Not connected" routes
 * have no pins.
 */
final class Route {
  private static final Pattern RANGE = Pattern.compile("P([A-Z])\\[(\\d):(\\d)\\]");

  private Route() {}

  /** Group ("SCL", "MOSI") to pad ("PA3") for the route selected now; empty when unrouted. */
  static Map<String, String> pads(Machine m, Peripheral p) {
    Map<String, String> out = new LinkedHashMap<>();
    String field = p.signals().stream().map(Signal::field).flatMap(java.util.Optional::stream).findFirst().orElse(null);
    if (field == null) {
      for (Signal s : p.signals()) out.putIfAbsent(s.group().toUpperCase(java.util.Locale.ROOT), s.pad());
      return out;
    }
    String[] parts = field.split("\\.");
    Peripheral mux = m.device().peripheral(parts[0]).orElse(null);
    if (mux == null || parts.length < 3) return out;
    int addr = Regs8x.find(mux, parts[1]);
    int mask = Fields.mask(mux, parts[1], parts[2]);
    if (addr < 0 || mask == 0) return out;
    int v = Fields.get(mask, m.bus().get(addr));
    String caption = Fields.field(mux, parts[1], parts[2])
        .flatMap(f -> f.values())
        .flatMap(g -> g.byValue(v))
        .map(x -> x.caption())
        .orElse("");
    Matcher mt = RANGE.matcher(caption);
    if (!mt.find()) return out;
    char port = mt.group(1).charAt(0);
    int hi = Integer.parseInt(mt.group(2)), lo = Integer.parseInt(mt.group(3));
    for (Signal s : p.signals()) {
      String pad = s.pad();
      if (pad.length() != 3 || pad.charAt(1) != port) continue;
      int bit = pad.charAt(2) - '0';
      if (bit >= Math.min(lo, hi) && bit <= Math.max(lo, hi)) {
        out.putIfAbsent(s.group().toUpperCase(java.util.Locale.ROOT), pad);
      }
    }
    return out;
  }
}
