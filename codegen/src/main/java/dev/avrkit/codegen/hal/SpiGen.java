package dev.avrkit.codegen.hal;

import dev.avrkit.device.BitField;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Signal;
import dev.avrkit.device.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated half of {@code spi.rs}: the first SPI's registers and bits (classic SPCR/SPSR/SPDR
 * or AVR8X CTRLA/CTRLB/INTFLAGS/DATA), and its routes: the pads of its SCK, MOSI and SS signals per
 * PORTMUX value (a signal's function "SPI", "SPI_ALT", "SPI_ALT2" is the route DEFAULT, ALT1,
 * ALT2), whose direction bits {@code Route::apply} sets. A part whose SPI lacks a register or bit
 * the fixed code drives gets no {@code spi} module.
 */
final class SpiGen {
  private final Model m;
  private final Optional<Peripheral> spi;

  SpiGen(Model m) {
    this.m = m;
    this.spi = m.d.peripherals().stream()
        .filter(p -> p.module().name().equalsIgnoreCase("SPI") && p.name().matches("SPI\\d?")).findFirst();
  }

  boolean present() {
    return rust().isPresent();
  }

  private static Optional<BitField> bf(Peripheral p, String reg, String field) {
    return p.register(reg).flatMap(r -> Model.field(r, field));
  }

  private static Optional<Long> addr(Peripheral p, String reg) {
    return p.register(reg).map(ResolvedRegister::address);
  }

  private static final Pattern ALT = Pattern.compile("(?i)_ALT(\\d*)$");

  Optional<String> rust() {
    if (spi.isEmpty()) return Optional.empty();
    Peripheral p = spi.get();
    boolean classic = !m.x;
    String ctrl = classic ? "SPCR" : "CTRLA";
    Optional<Long> ctrlA = addr(p, ctrl), data = addr(p, classic ? "SPDR" : "DATA"), flags = addr(p, classic ? "SPSR" : "INTFLAGS"),
        ctrlB = classic ? Optional.of(0L) : addr(p, "CTRLB");
    Optional<BitField> en = bf(p, ctrl, classic ? "SPE" : "ENABLE"), master = bf(p, ctrl, classic ? "MSTR" : "MASTER"),
        dord = bf(p, ctrl, "DORD"), presc = bf(p, ctrl, classic ? "SPR" : "PRESC"),
        dbl = classic ? bf(p, "SPSR", "SPI2X") : bf(p, "CTRLA", "CLK2X"), done = bf(p, classic ? "SPSR" : "INTFLAGS", classic ? "SPIF" : "IF"),
        mode = classic ? bf(p, "SPCR", "CPHA") : bf(p, "CTRLB", "MODE"), cpol = classic ? bf(p, "SPCR", "CPOL") : Optional.empty(),
        ssd = classic ? Optional.empty() : bf(p, "CTRLB", "SSD");
    if (ctrlA.isEmpty() || data.isEmpty() || flags.isEmpty() || ctrlB.isEmpty() || en.isEmpty() || master.isEmpty() || dord.isEmpty()
        || presc.isEmpty() || dbl.isEmpty() || done.isEmpty() || mode.isEmpty() || (classic ? cpol.isEmpty() : ssd.isEmpty())) {
      return Optional.empty();
    }
    // the classic mode is CPOL:CPHA as two adjacent bits
    if (classic && cpol.get().mask() != mode.get().mask() << 1) return Optional.empty();
    long dblReg = classic ? flags.get() : ctrlA.get();
    // routes: pads of SCK, MOSI, MISO, SS by route name
    Map<String, Map<String, Model.PinRef>> routes =
        new java.util.TreeMap<>(java.util.Comparator.comparing((String r) -> !r.equals("DEFAULT")).thenComparing(r -> r));
    for (Signal s : p.signals()) {
      String g = s.group().toUpperCase(Locale.ROOT);
      if (!List.of("SCK", "MOSI", "MISO", "SS").contains(g) || !s.pad().toUpperCase(Locale.ROOT).matches("P[A-Z][0-7]")) continue;
      Matcher a = ALT.matcher(s.function());
      String route = a.find() ? "ALT" + (a.group(1).isEmpty() ? "1" : a.group(1)) : "DEFAULT";
      routes.computeIfAbsent(route, k -> new LinkedHashMap<>()).put(g, Model.PinRef.parse(s.pad()));
    }
    Optional<long[]> field = Optional.empty();
    Map<String, Value> muxValues = new LinkedHashMap<>();
    Optional<Peripheral> pm = m.d.peripheral("PORTMUX");
    if (m.x && pm.isPresent()) {
      for (ResolvedRegister r : pm.get().registers()) {
        for (BitField f : r.register().fields()) {
          if (f.name().equalsIgnoreCase(p.name()) && f.values().isPresent()) {
            field = Optional.of(new long[] {r.address(), f.mask(), f.shift()});
            for (Value v : f.values().get().values()) muxValues.put(v.name().toUpperCase(Locale.ROOT), v);
          }
        }
      }
    }
    StringBuilder s = new StringBuilder();
    s.append("\n// ---- the ").append(m.d.name()).append("'s ").append(p.name()).append(" (generated from the device model) ----\n\n");
    s.append("/// The SPI peripheral this driver owns.\npub type Instance = pac::").append(p.name()).append(";\n\n");
    s.append("const CLASSIC: bool = ").append(classic).append(";\n");
    s.append("const CTRL: usize = ").append(Model.hex(ctrlA.get())).append(";\n");
    s.append("const CTRLB: usize = ").append(ctrlB.get() == 0 ? "0" : Model.hex(ctrlB.get())).append(";\n");
    s.append("const DATA: usize = ").append(Model.hex(data.get())).append(";\n");
    s.append("const FLAGS: usize = ").append(Model.hex(flags.get())).append(";\n");
    s.append("const DONE: u8 = ").append(b(done.get().mask())).append(";\n");
    s.append("const ENABLE: u8 = ").append(b(en.get().mask())).append(";\n");
    s.append("const MASTER: u8 = ").append(b(master.get().mask())).append(";\n");
    s.append("const DORD: u8 = ").append(b(dord.get().mask())).append(";\n");
    s.append("const PRESC_SHIFT: u8 = ").append(presc.get().shift()).append(";\n");
    s.append("const MODE_SHIFT: u8 = ").append(mode.get().shift()).append(";\n");
    s.append("const SSD: u8 = ").append(b(ssd.map(BitField::mask).orElse(0L))).append(";\n");
    s.append("/// The double-speed bit: SPSR.SPI2X or CTRLA.CLK2X.\nconst DOUBLE: (usize, u8) = (").append(Model.hex(dblReg)).append(", ")
        .append(b(dbl.get().mask())).append(");\n\n");
    s.append("/// The pins the SPI uses").append(field.isPresent() ? " (PORTMUX)" : "").append(".\n");
    s.append("#[derive(Clone, Copy, PartialEq, Eq)]\npub enum Route {\n");
    StringBuilder arms = new StringBuilder();
    List<String> names = new ArrayList<>();
    for (var e : routes.entrySet()) {
      Map<String, Model.PinRef> pins = e.getValue();
      if (!pins.containsKey("SCK") || !pins.containsKey("MOSI") || !pins.containsKey("MISO")) continue;
      if (!pins.values().stream().allMatch(m::hasPin)) continue;
      Value mux = muxValues.get(e.getKey());
      if (m.x && (field.isEmpty() || mux == null)) continue;
      String name = I2cGen.camel(e.getKey());
      names.add(name);
      s.append("    /// SCK ").append(pins.get("SCK")).append(", MOSI ").append(pins.get("MOSI")).append(", MISO ").append(pins.get("MISO"))
          .append(pins.containsKey("SS") ? ", SS " + pins.get("SS") : "").append(".\n    ").append(name).append(",\n");
      arms.append("            Route::").append(name).append(" => {\n");
      if (mux != null) {
        long[] f = field.get();
        arms.append("                write(").append(Model.hex(f[0])).append(", (read(").append(Model.hex(f[0])).append(") & !")
            .append(b(f[1])).append(") | ").append(b((mux.value() << f[2]) & f[1])).append(");\n");
      }
      List<String> outs = new ArrayList<>(List.of("SCK", "MOSI"));
      if (classic && pins.containsKey("SS")) outs.add("SS");
      for (String o : outs) {
        Model.PinRef r = pins.get(o);
        Model.Port port = m.port(r.port()).orElseThrow();
        arms.append("                set_bits(").append(Model.hex(port.dir())).append(", ").append(b(1L << r.bit())).append("); // ")
            .append(o).append(" ").append(r).append(" out\n");
      }
      arms.append("            }\n");
    }
    if (names.isEmpty()) return Optional.empty();
    s.append("}\n\nimpl Default for Route {\n    fn default() -> Self {\n        Route::").append(names.get(0))
        .append("\n    }\n}\n\nimpl Route {\n    fn apply(self) {\n        match self {\n").append(arms).append("        }\n    }\n}\n");
    return Optional.of(s.toString());
  }

  private static String b(long v) {
    return String.format("0x%02X", v);
  }
}
