package dev.avrkit.codegen.hal;

import dev.avrkit.device.BitField;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The generated half of {@code i2c.rs}: the first TWI's register addresses and bits, and its
 * PORTMUX routes (AVR8X; the values of the PORTMUX field named after the instance, with their
 * captions, which name the pins). A part whose TWI lacks a register or bit the fixed code drives
 * gets no {@code i2c} module.
 */
final class I2cGen {
  private final Model m;
  private final Optional<Peripheral> twi;

  I2cGen(Model m) {
    this.m = m;
    this.twi = m.d.peripherals().stream()
        .filter(p -> p.module().name().equalsIgnoreCase("TWI") && p.name().matches("TWI\\d?")).findFirst();
  }

  boolean present() {
    return rust().isPresent();
  }

  private static Optional<Long> bit(Peripheral p, String reg, String field) {
    return p.register(reg).flatMap(r -> Model.field(r, field)).map(BitField::mask);
  }

  private static Optional<Long> value(Peripheral p, String reg, String field, String name) {
    return p.register(reg).flatMap(r -> Model.field(r, field))
        .flatMap(f -> f.values().flatMap(g -> g.byName(name)).map(v -> (v.value() << f.shift()) & f.mask()));
  }

  private static Optional<Long> addr(Peripheral p, String reg) {
    return p.register(reg).map(ResolvedRegister::address);
  }

  Optional<String> rust() {
    if (twi.isEmpty()) return Optional.empty();
    Peripheral p = twi.get();
    Map<String, Optional<Long>> c = new LinkedHashMap<>();
    boolean classic = !m.x;
    if (classic) {
      c.put("CTRL", addr(p, "TWCR"));
      c.put("STATUS", addr(p, "TWSR"));
      c.put("BAUD", addr(p, "TWBR"));
      c.put("DATA", addr(p, "TWDR"));
      for (String b : List.of("TWINT", "TWEA", "TWSTA", "TWSTO", "TWEN")) c.put(b, bit(p, "TWCR", b));
    } else {
      c.put("CTRL", addr(p, "MCTRLA"));
      c.put("STATUS", addr(p, "MSTATUS"));
      c.put("BAUD", addr(p, "MBAUD"));
      c.put("DATA", addr(p, "MDATA"));
      c.put("CMD", addr(p, "MCTRLB"));
      c.put("ADDR", addr(p, "MADDR"));
      c.put("M_ENABLE", bit(p, "MCTRLA", "ENABLE"));
      for (String b : List.of("RIF", "WIF", "RXACK", "ARBLOST", "BUSERR")) c.put("M_" + b, bit(p, "MSTATUS", b));
      c.put("M_BUSSTATE", bit(p, "MSTATUS", "BUSSTATE"));
      c.put("M_IDLE", value(p, "MSTATUS", "BUSSTATE", "IDLE"));
      c.put("M_NACK", value(p, "MCTRLB", "ACKACT", "NACK"));
      c.put("M_FLUSH", bit(p, "MCTRLB", "FLUSH"));
      c.put("M_RECVTRANS", value(p, "MCTRLB", "MCMD", "RECVTRANS"));
      c.put("M_STOP", value(p, "MCTRLB", "MCMD", "STOP"));
    }
    if (c.values().stream().anyMatch(Optional::isEmpty)) return Optional.empty();
    StringBuilder s = new StringBuilder();
    s.append("\n// ---- the ").append(m.d.name()).append("'s ").append(p.name()).append(" (generated from the device model) ----\n\n");
    s.append("/// The TWI peripheral this driver owns.\npub type Instance = pac::").append(p.name()).append(";\n\n");
    s.append("const CLASSIC: bool = ").append(classic).append(";\n");
    List<String> all = List.of("CTRL", "STATUS", "BAUD", "DATA", "CMD", "ADDR", "TWINT", "TWEA", "TWSTA", "TWSTO", "TWEN", "M_ENABLE",
        "M_RIF", "M_WIF", "M_RXACK", "M_ARBLOST", "M_BUSERR", "M_BUSSTATE", "M_IDLE", "M_NACK", "M_FLUSH", "M_RECVTRANS", "M_STOP");
    for (String n : all) {
      boolean reg = List.of("CTRL", "STATUS", "BAUD", "DATA", "CMD", "ADDR").contains(n);
      long v = c.getOrDefault(n, Optional.of(0L)).orElse(0L);
      s.append("const ").append(n).append(reg ? ": usize = " : ": u8 = ").append(reg ? (v == 0 ? "0" : Model.hex(v)) : String.format("0x%02X", v))
          .append(";\n");
    }
    s.append("\n");
    // routes: the PORTMUX field named after the instance (AVR8X), else the fixed pins
    Optional<long[]> field = Optional.empty();
    List<Value> values = List.of();
    Optional<Peripheral> pm = m.d.peripheral("PORTMUX");
    if (m.x && pm.isPresent()) {
      for (ResolvedRegister r : pm.get().registers()) {
        for (BitField f : r.register().fields()) {
          if (f.name().equalsIgnoreCase(p.name()) && f.values().isPresent()) {
            field = Optional.of(new long[] {r.address(), f.mask(), f.shift()});
            values = f.values().get().values();
          }
        }
      }
    }
    s.append("/// The pins the TWI uses").append(field.isPresent() ? " (PORTMUX)" : "").append(".\n");
    s.append("#[derive(Clone, Copy, PartialEq, Eq)]\npub enum Route {\n");
    StringBuilder arms = new StringBuilder();
    boolean any = false;
    for (Value v : values) {
      if (v.name().equalsIgnoreCase("NONE")) continue;
      String name = camel(v.name());
      s.append("    /// ").append(v.caption().replaceAll("\\s+", " ").trim()).append(".\n    ").append(name).append(",\n");
      long[] f = field.get();
      arms.append("            Route::").append(name).append(" => modify(").append(Model.hex(f[0])).append(", ")
          .append(String.format("0x%02X", f[1])).append(", ").append(String.format("0x%02X", (v.value() << f[2]) & f[1])).append("),\n");
      any = true;
    }
    if (!any) {
      String pins = pinsOf(p);
      s.append("    /// The TWI's pins").append(pins.isEmpty() ? "" : " (" + pins + ")").append(".\n    Default,\n");
      arms.append("            Route::Default => {}\n");
    }
    s.append("}\n\nimpl Default for Route {\n    fn default() -> Self {\n        Route::")
        .append(any ? camel(values.stream().filter(v -> !v.name().equalsIgnoreCase("NONE")).findFirst().orElseThrow().name()) : "Default")
        .append("\n    }\n}\n\nimpl Route {\n    fn apply(self) {\n        match self {\n").append(arms).append("        }\n    }\n}\n");
    if (any) {
      s.append("\n#[inline(always)]\nfn modify(addr: usize, mask: u8, value: u8) {\n"
          + "    write(addr, (read(addr) & !mask) | value);\n}\n");
    }
    return Optional.of(s.toString());
  }

  private static String pinsOf(Peripheral p) {
    StringBuilder b = new StringBuilder();
    for (var sig : p.signals()) {
      String g = sig.group().toUpperCase(Locale.ROOT);
      if (!g.equals("SDA") && !g.equals("SCL")) continue;
      if (b.length() > 0) b.append(", ");
      b.append(g).append(" ").append(sig.pad());
    }
    return b.toString();
  }

  static String camel(String n) {
    StringBuilder b = new StringBuilder();
    for (String part : n.split("_")) {
      if (part.isEmpty()) continue;
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
