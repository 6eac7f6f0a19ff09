package dev.avrkit.codegen.hal;

import dev.avrkit.device.BitField;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated half of {@code wdt.rs}: the watchdog's control register (AVR8X {@code WDT.CTRLA}
 * with {@code STATUS.SYNCBUSY} and the CCP key for protected I/O; classic {@code WDTCSR} with WDCE
 * and WDE), the {@code Period} enum from the period field's value group (its oscillator cycles from
 * the value names, {@code 8CLK}, or captions, "Oscillator Cycles 2K"), and the reset flags
 * ({@code RSTCTRL.RSTFR} or {@code MCUSR}). The watchdog oscillator's nominal frequency is
 * data-sheet text the model lacks: 1.024 kHz on AVR8X (the 32.768 kHz ULP oscillator / 32), 128
 * kHz on classic parts. A part whose model lacks a piece (classic parts with WDTOE instead of
 * WDCE) gets no {@code wdt} module.
 */
final class WdtGen {
  /** Nominal watchdog clock in Hz (data sheets: ATmega4809 WDT, ATmega328P watchdog timer). */
  static final long OSC_X = 1024, OSC_CLASSIC = 128_000;

  private final Model m;

  WdtGen(Model m) {
    this.m = m;
  }

  record Period(String variant, long bits, long oscCycles, long micros) {}

  private Optional<ResolvedRegister> control() {
    return m.x ? m.reg("WDT", "CTRLA") : m.reg("WDT", "WDTCSR").or(() -> m.reg("WDT", "WDTCR"));
  }

  private Optional<BitField> periodField() {
    return control().flatMap(r -> Model.field(r, m.x ? "PERIOD" : "WDP")).filter(f -> f.values().isPresent());
  }

  private static final Pattern X_CYCLES = Pattern.compile("(?i)^(\\d+)(K?)CLK$");
  private static final Pattern C_CYCLES = Pattern.compile("(?i)cycles\\s+(\\d+)(K?)");

  List<Period> periods() {
    List<Period> out = new java.util.ArrayList<>();
    Optional<BitField> f = periodField();
    if (f.isEmpty()) return out;
    long wde = m.x ? 0 : control().flatMap(r -> Model.field(r, "WDE")).map(BitField::mask).orElse(0L);
    long osc = m.x ? OSC_X : OSC_CLASSIC;
    for (Value v : f.get().values().get().values()) {
      Matcher k = m.x ? X_CYCLES.matcher(v.name()) : C_CYCLES.matcher(v.caption() == null ? "" : v.caption());
      if (!k.find()) continue;
      long cycles = Long.parseLong(k.group(1)) * (k.group(2).isEmpty() ? 1 : 1024);
      // the data sheets name the periods in nominal milliseconds: one AVR8X WDT cycle "1 ms", 128 classic cycles 1 ms
      long ms = m.x ? cycles : cycles / 128;
      String name = ms < 1000 ? "Ms" + ms : "S" + Math.round(ms / 1000.0);
      long bits = f.get().insert(0, v.value()) | wde;
      out.add(new Period(name, bits, cycles, cycles * 1_000_000 / osc));
    }
    return out;
  }

  /** Reset flag register and its flags in the order {@code ResetFlags::cause} reports them. */
  private Optional<ResolvedRegister> flags() {
    return m.x ? m.reg("RSTCTRL", "RSTFR") : m.reg("CPU", "MCUSR").or(() -> m.reg("CPU", "MCUCSR"));
  }

  Map<String, Long> flagBits() {
    Map<String, Long> out = new LinkedHashMap<>();
    Optional<ResolvedRegister> r = flags();
    if (r.isEmpty()) return out;
    String[][] order = {{"WDRF", "Watchdog"}, {"SWRF", "Software"}, {"UPDIRF", "Updi"}, {"JTRF", "Jtag"}, {"EXTRF", "External"},
        {"BORF", "BrownOut"}, {"PORF", "PowerOn"}};
    for (String[] o : order) Model.field(r.get(), o[0]).ifPresent(b -> out.put(o[1], b.mask()));
    return out;
  }

  boolean present() {
    return rust().isPresent();
  }

  Optional<String> rust() {
    if (control().isEmpty() || periods().isEmpty() || flags().isEmpty() || !flagBits().containsKey("Watchdog")
        || !flagBits().containsKey("PowerOn")) {
      return Optional.empty();
    }
    long status = 0, syncbusy = 0, ccp = 0, key = 0, change = 0, running;
    if (m.x) {
      Optional<ResolvedRegister> st = m.reg("WDT", "STATUS");
      Optional<Long> sb = m.mask("WDT", "STATUS", "SYNCBUSY");
      Optional<ResolvedRegister> c = m.reg("CPU", "CCP").filter(x -> x.address() < 0x40);
      Optional<Long> k = c.flatMap(x -> Model.field(x, "CCP")).flatMap(f -> f.values().flatMap(g -> g.byName("IOREG")))
          .map(Value::value);
      if (st.isEmpty() || sb.isEmpty() || c.isEmpty() || k.isEmpty()) return Optional.empty();
      status = st.get().address();
      syncbusy = sb.get();
      ccp = c.get().address();
      key = k.get();
      running = periodField().get().mask();
    } else {
      Optional<Long> wdce = control().flatMap(r -> Model.field(r, "WDCE")).map(BitField::mask);
      Optional<Long> wde = control().flatMap(r -> Model.field(r, "WDE")).map(BitField::mask);
      if (wdce.isEmpty() || wde.isEmpty()) return Optional.empty();
      change = wdce.get() | wde.get();
      running = wde.get();
    }
    long all = flagBits().values().stream().mapToLong(Long::longValue).reduce(0, (a, b) -> a | b);
    StringBuilder s = new StringBuilder();
    s.append("\n// ---- the ").append(m.d.name()).append("'s watchdog and reset flags (generated from the device model) ----\n\n");
    s.append("/// The watchdog peripheral.\npub type Instance = pac::WDT;\n\n");
    s.append("const CLASSIC: bool = ").append(!m.x).append(";\n");
    s.append("/// `").append(m.x ? "WDT.CTRLA" : control().get().register().name()).append("`.\nconst CONTROL: usize = ").append(Model.hex(control().get().address())).append(";\n");
    s.append("/// Bits of the control register set while the watchdog runs.\nconst RUNNING: u8 = ").append(b(running)).append(";\n");
    s.append("/// Classic: WDCE | WDE, the first write of the timed sequence.\nconst CHANGE_ENABLE: u8 = ").append(b(change)).append(";\n");
    s.append("/// AVR8X: `WDT.STATUS` and its SYNCBUSY bit.\nconst STATUS: usize = ").append(status == 0 ? "0" : Model.hex(status)).append(";\n");
    s.append("const SYNCBUSY: u8 = ").append(b(syncbusy)).append(";\n");
    s.append("/// AVR8X: `CPU.CCP` (I/O address) and its IOREG key.\nconst CCP: usize = ").append(ccp == 0 ? "0" : Model.hex(ccp)).append(";\n");
    s.append("const IOREG_KEY: u8 = ").append(b(key)).append(";\n");
    s.append("/// ").append(m.x ? "`RSTCTRL.RSTFR`" : "`MCUSR`").append(", its watchdog flag and all its flags.\n");
    s.append("const RESET_FLAGS: usize = ").append(Model.hex(flags().get().address())).append(";\n");
    s.append("const WDRF: u8 = ").append(b(flagBits().get("Watchdog"))).append(";\n");
    s.append("const ALL_FLAGS: u8 = ").append(b(all)).append(";\n");
    s.append("/// The causes with their flags, most specific first.\nconst FLAGS: [(ResetCause, u8); ").append(flagBits().size()).append("] = [\n");
    for (var e : flagBits().entrySet()) s.append("    (ResetCause::").append(e.getKey()).append(", ").append(b(e.getValue())).append("),\n");
    s.append("];\n\n");
    s.append("/// The watchdog's periods (").append(m.x ? "`WDT.CTRLA.PERIOD`" : "`WDTCSR.WDP`").append("), named by the data sheet's nominal time; the\n");
    s.append("/// watchdog oscillator (").append(m.x ? "1.024 kHz" : "128 kHz").append(" nominal) is not exact, see the data sheet's tolerance.\n");
    s.append("#[derive(Clone, Copy, PartialEq, Eq, Debug)]\npub enum Period {\n");
    for (Period p : periods()) {
      s.append("    /// ").append(p.oscCycles() >= 1024 ? (p.oscCycles() / 1024) + "K" : p.oscCycles()).append(" watchdog oscillator cycles, ")
          .append(p.micros()).append(" µs nominal.\n    ").append(p.variant()).append(",\n");
    }
    s.append("}\n\nimpl Period {\n    /// The value written to the control register.\n    pub const fn bits(self) -> u8 {\n        match self {\n");
    for (Period p : periods()) s.append("            Period::").append(p.variant()).append(" => ").append(b(p.bits())).append(",\n");
    s.append("        }\n    }\n\n    /// The nominal period in microseconds.\n    pub const fn micros(self) -> u32 {\n        match self {\n");
    for (Period p : periods()) s.append("            Period::").append(p.variant()).append(" => ").append(HalGenerator.rustInt(p.micros())).append(",\n");
    s.append("        }\n    }\n}\n");
    return Optional.of(s.toString());
  }

  private static String b(long v) {
    return String.format("0x%02X", v);
  }
}
