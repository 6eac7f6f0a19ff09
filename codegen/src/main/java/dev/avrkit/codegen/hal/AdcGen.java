package dev.avrkit.codegen.hal;

import dev.avrkit.device.BitField;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Signal;
import dev.avrkit.device.Value;
import dev.avrkit.device.ValueGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated half of {@code adc.rs}: the first ADC's registers and bits, its pins (signals)
 * with their channel and digital-input-disable control, the internal channels (the channel
 * field's other values), the references (ADC and VREF fields), resolutions, prescalers and
 * accumulation counts. Everything from the device model; a chip whose ADC lacks one of the
 * registers or fields the fixed code drives (tinyAVR 2's ADC, for instance) gets no {@code adc}
 * module.
 *
 * <p>Two pieces of data-sheet behaviour live here because the model cannot say them: the largest
 * ADC clock for full resolution (200 kHz on classic parts, 1.5 MHz on AVR8X), and that AVR8X parts
 * want the larger sample capacitance ({@code SAMPCAP}) for references of 1 V and more.
 */
final class AdcGen {
  private final Model m;
  private final Optional<Peripheral> adc;

  AdcGen(Model m) {
    this.m = m;
    this.adc = m.d.peripherals().stream()
        .filter(p -> p.module().name().equalsIgnoreCase("ADC") && p.name().matches("ADC\\d?")).findFirst();
  }

  /** One register field: data-space address and mask. */
  private record F(long addr, long mask, Optional<ValueGroup> values) {
    String pair() {
      return "(" + Model.hex(addr) + ", " + b(mask) + ")";
    }

    long value(long v) {
      return (v << Long.numberOfTrailingZeros(mask)) & mask;
    }

    Optional<Long> named(String name) {
      return values.flatMap(g -> g.byName(name)).map(Value::value).map(this::value);
    }
  }

  private Optional<F> f(Peripheral p, String reg, String field) {
    return p.register(reg).flatMap(r -> Model.field(r, field).map(bf -> new F(r.address(), bf.mask(), bf.values())));
  }

  private static String b(long v) {
    return String.format("0x%02X", v);
  }

  /** True when the chip gets the ADC module. */
  boolean present() {
    return rust().isPresent();
  }

  /** The ADC instance's name ("ADC0", "ADC"), when the module is generated. */
  Optional<String> instance() {
    return present() ? adc.map(Peripheral::name) : Optional.empty();
  }

  /** The generated part of adc.rs, or empty when the model lacks something the code needs. */
  Optional<String> rust() {
    if (adc.isEmpty()) return Optional.empty();
    Peripheral p = adc.get();
    return m.x ? avr8x(p) : classic(p);
  }

  private Optional<String> classic(Peripheral p) {
    Optional<F> en = f(p, "ADCSRA", "ADEN"), sc = f(p, "ADCSRA", "ADSC"), fl = f(p, "ADCSRA", "ADIF"),
        ie = f(p, "ADCSRA", "ADIE"), ps = f(p, "ADCSRA", "ADPS"), mux = f(p, "ADMUX", "MUX"), refs = f(p, "ADMUX", "REFS"),
        lar = f(p, "ADMUX", "ADLAR");
    Optional<ResolvedRegister> res = p.register("ADC").or(() -> p.register("ADCL"));
    if (en.isEmpty() || sc.isEmpty() || fl.isEmpty() || ie.isEmpty() || ps.isEmpty() || mux.isEmpty() || refs.isEmpty()
        || lar.isEmpty() || res.isEmpty() || mux.get().values().isEmpty() || refs.get().values().isEmpty()
        || ps.get().values().isEmpty() || divisors(ps.get(), AdcGen::classicDivisor).isEmpty()) {
      return Optional.empty();
    }
    StringBuilder s = head(p, true, en.get(), mux.get(), sc.get(), fl.get(), res.get().address(), ps.get(), Optional.empty(),
        Optional.empty(), Optional.empty(), ie.get(), 200_000);
    // references from the captions of REFS: AREF, AVCC, internal N.N V
    List<String[]> refVariants = new ArrayList<>();
    Pattern volts = Pattern.compile("(\\d+)\\.(\\d+)\\s*V");
    for (Value v : refs.get().values().get().values()) {
      String c = v.caption().toUpperCase(Locale.ROOT);
      String name;
      if (c.contains("RESERVED")) continue;
      if (c.startsWith("AREF")) name = "Aref";
      else if (c.startsWith("AVCC")) name = "AVcc";
      else {
        Matcher mv = volts.matcher(v.caption());
        if (!mv.find()) continue;
        name = "Internal" + mv.group(1) + "V" + mv.group(2);
      }
      String doc = v.caption().replaceAll("\\s+", " ").trim();
      refVariants.add(new String[] {name, doc, "modify(" + Model.hex(refs.get().addr()) + ", " + b(refs.get().mask()) + ", "
          + b(refs.get().value(v.value())) + ");"});
    }
    if (refVariants.stream().noneMatch(r -> r[0].equals("AVcc"))) return Optional.empty();
    enumWithApply(s, "Reference", "The voltage that reads as full scale (`ADMUX.REFS`). Changing to or from the internal\n"
        + "/// reference needs a short settling time before the first exact result.", refVariants, "AVcc");
    // resolution: ADLAR gives the 8 high bits in ADCH
    enumWithApply(s, "Resolution", "Bits per sample: 10, or the 8 high bits (left-adjusted, `ADMUX.ADLAR`).", List.of(
        new String[] {"Bits10", "10 bits: 0..=1023.", "modify(" + Model.hex(lar.get().addr()) + ", " + b(lar.get().mask()) + ", 0);"},
        new String[] {"Bits8", "8 bits: 0..=255.", "modify(" + Model.hex(lar.get().addr()) + ", " + b(lar.get().mask()) + ", "
            + b(lar.get().mask()) + ");"}), "Bits10");
    s.append("impl Resolution {\n    const fn left_adjusted(self) -> bool {\n        matches!(self, Resolution::Bits8)\n    }\n}\n\n");
    prescalers(s, ps.get(), AdcGen::classicDivisor);
    s.append("/// Samples per result: the classic ADC takes one.\n#[derive(Clone, Copy, PartialEq, Eq)]\npub enum Samples {\n"
        + "    /// One sample.\n    Acc1,\n}\n\nimpl Samples {\n    const fn bits(self) -> u8 {\n        0\n    }\n}\n\n");
    initDelays(s, Optional.empty());
    // pins: ADCn signals, DIDRn.ADCnD
    pins(s, p, "ADC", mux.get(), (pin, n) -> {
      for (ResolvedRegister r : p.registers()) {
        if (!r.name().toUpperCase(Locale.ROOT).startsWith("DIDR")) continue;
        Optional<BitField> bf = Model.field(r, "ADC" + n + "D");
        if (bf.isPresent()) return "(" + Model.hex(r.address()) + ", " + b(bf.get().mask()) + ", " + b(bf.get().mask()) + ")";
      }
      return "(0, 0, 0)";
    });
    return Optional.of(s.toString());
  }

  private Optional<String> avr8x(Peripheral p) {
    Optional<F> en = f(p, "CTRLA", "ENABLE"), ressel = f(p, "CTRLA", "RESSEL"), sampnum = f(p, "CTRLB", "SAMPNUM"),
        presc = f(p, "CTRLC", "PRESC"), mux = f(p, "MUXPOS", "MUXPOS"), st = f(p, "COMMAND", "STCONV"),
        rdy = f(p, "INTFLAGS", "RESRDY"), ie = f(p, "INTCTRL", "RESRDY");
    Optional<ResolvedRegister> res = p.register("RES");
    if (en.isEmpty() || ressel.isEmpty() || sampnum.isEmpty() || presc.isEmpty() || mux.isEmpty() || st.isEmpty() || rdy.isEmpty()
        || ie.isEmpty() || res.isEmpty() || ressel.get().values().isEmpty() || sampnum.get().values().isEmpty()
        || presc.get().values().isEmpty() || mux.get().values().isEmpty()) {
      return Optional.empty();
    }
    List<String[]> refs = references8x(p);
    if (refs.isEmpty() || divisors(presc.get(), AdcGen::divDivisor).isEmpty()) return Optional.empty();
    StringBuilder s = head(p, false, en.get(), mux.get(), st.get(), rdy.get(), res.get().address(), presc.get(), sampnum,
        f(p, "SAMPCTRL", "SAMPLEN"), f(p, "CTRLD", "INITDLY"), ie.get(), 1_500_000);
    enumWithApply(s, "Reference", "The voltage that reads as full scale (ADC `REFSEL` and the VREF module's selection).",
        refs, "Vdd");
    List<String[]> resv = new ArrayList<>();
    Pattern bits = Pattern.compile("^(\\d+)BIT$");
    String best = null;
    int bestBits = 0;
    for (Value v : ressel.get().values().get().values()) {
      Matcher mb = bits.matcher(v.name().toUpperCase(Locale.ROOT));
      if (!mb.find()) continue;
      int n = Integer.parseInt(mb.group(1));
      String name = "Bits" + n;
      resv.add(new String[] {name, n + " bits: 0..=" + ((1 << n) - 1) + ".", "modify(" + Model.hex(ressel.get().addr()) + ", "
          + b(ressel.get().mask()) + ", " + b(ressel.get().value(v.value())) + ");"});
      if (n > bestBits) {
        bestBits = n;
        best = name;
      }
    }
    if (best == null) return Optional.empty();
    enumWithApply(s, "Resolution", "Bits per sample (`CTRLA.RESSEL`).", resv, best);
    s.append("impl Resolution {\n    const fn left_adjusted(self) -> bool {\n        false\n    }\n}\n\n");
    prescalers(s, presc.get(), AdcGen::divDivisor);
    s.append("/// Samples summed into one result (`CTRLB.SAMPNUM`): the result is their sum.\n");
    s.append("#[derive(Clone, Copy, PartialEq, Eq)]\npub enum Samples {\n");
    StringBuilder bitsArms = new StringBuilder();
    for (Value v : sampnum.get().values().get().values()) {
      // AVR Dx names one sample NONE ("No accumulation") where megaAVR 0 and tinyAVR say ACC1
      String vn = v.name().toUpperCase(Locale.ROOT);
      Matcher ma = Pattern.compile("^ACC(\\d+)$").matcher(vn.equals("NONE") ? "ACC1" : vn);
      if (!ma.find()) continue;
      s.append("    /// ").append(ma.group(1)).append(ma.group(1).equals("1") ? " sample.\n" : " samples.\n");
      s.append("    Acc").append(ma.group(1)).append(",\n");
      bitsArms.append("            Samples::Acc").append(ma.group(1)).append(" => ").append(b(sampnum.get().value(v.value())))
          .append(",\n");
    }
    s.append("}\n\nimpl Samples {\n    const fn bits(self) -> u8 {\n        match self {\n").append(bitsArms)
        .append("        }\n    }\n}\n\n");
    initDelays(s, f(p, "CTRLD", "INITDLY"));
    // pins: AINn signals; PINnCTRL.ISC = INPUT_DISABLE
    pins(s, p, "AIN", mux.get(), (pin, n) -> {
      Optional<F> isc = m.d.peripheral("PORT" + pin.port()).flatMap(pp -> f(pp, "PIN" + pin.bit() + "CTRL", "ISC"));
      Optional<Long> off = isc.flatMap(i -> i.named("INPUT_DISABLE"));
      if (off.isEmpty()) return "(0, 0, 0)";
      return "(" + Model.hex(isc.get().addr()) + ", " + b(isc.get().mask()) + ", " + b(off.get()) + ")";
    });
    return Optional.of(s.toString());
  }

  /**
   * The AVR8X references: the ADC's REFSEL values (VDD, external), its internal one combined with
   * each VREF selection (megaAVR 0, tinyAVR 0/1), or VREF.ADC0REF alone (AVR Dx).
   */
  private List<String[]> references8x(Peripheral p) {
    List<String[]> out = new ArrayList<>();
    Optional<F> refsel = f(p, "CTRLC", "REFSEL");
    Optional<F> sampcap = f(p, "CTRLC", "SAMPCAP");
    Optional<Peripheral> vref = m.d.peripheral("VREF");
    Optional<F> vsel = vref.flatMap(v -> f(v, "CTRLA", p.name() + "REFSEL"));
    Optional<F> dx = vref.flatMap(v -> f(v, p.name() + "REF", "REFSEL"));
    if (refsel.isPresent() && refsel.get().values().isPresent()) {
      for (Value v : refsel.get().values().get().values()) {
        String n = v.name().toUpperCase(Locale.ROOT);
        String set = "modify(" + Model.hex(refsel.get().addr()) + ", " + b(refsel.get().mask()) + ", "
            + b(refsel.get().value(v.value())) + ");";
        String cap = sampcap.map(c -> " modify(" + Model.hex(c.addr()) + ", " + b(c.mask()) + ", " + b(c.mask()) + ");").orElse("");
        if (n.startsWith("VDD")) out.add(new String[] {"Vdd", "The supply (VDD).", set + cap});
        else if (n.equals("VREFA")) out.add(new String[] {"VrefA", "The voltage on the VREFA pin.", set + cap});
        else if (n.equals("INTREF") && vsel.isPresent() && vsel.get().values().isPresent()) {
          for (Value iv : vsel.get().values().get().values()) {
            Matcher mv = Pattern.compile("^(\\d+)V(\\d+)$").matcher(iv.name().toUpperCase(Locale.ROOT));
            if (!mv.find()) continue;
            double volts = Double.parseDouble(mv.group(1) + "." + mv.group(2));
            String c = volts >= 1.0 ? cap : sampcap.map(x -> " modify(" + Model.hex(x.addr()) + ", " + b(x.mask()) + ", 0x00);").orElse("");
            out.add(new String[] {"Internal" + mv.group(1) + "V" + mv.group(2), "The internal " + mv.group(1) + "." + mv.group(2)
                + " V reference.", set + " modify(" + Model.hex(vsel.get().addr()) + ", " + b(vsel.get().mask()) + ", "
                + b(vsel.get().value(iv.value())) + ");" + c});
          }
        }
      }
    } else if (dx.isPresent() && dx.get().values().isPresent()) {
      for (Value v : dx.get().values().get().values()) {
        String n = v.name().toUpperCase(Locale.ROOT);
        String set = "modify(" + Model.hex(dx.get().addr()) + ", " + b(dx.get().mask()) + ", " + b(dx.get().value(v.value())) + ");";
        Matcher mv = Pattern.compile("^(\\d+)V(\\d+)$").matcher(n);
        if (n.startsWith("VDD")) out.add(new String[] {"Vdd", "The supply (VDD).", set});
        else if (n.equals("VREFA")) out.add(new String[] {"VrefA", "The voltage on the VREFA pin.", set});
        else if (mv.find()) {
          out.add(new String[] {"Internal" + mv.group(1) + "V" + mv.group(2), "The internal " + mv.group(1) + "." + mv.group(2)
              + " V reference.", set});
        }
      }
    }
    return out.stream().anyMatch(r -> r[0].equals("Vdd")) ? out : List.of();
  }

  /**
   * {@code InitDelay}: the ADC clocks before the first sample after the ADC is enabled (or changed
   * to an internal reference), {@code CTRLD.INITDLY}'s values {@code DLYn}; one variant (no delay)
   * where the ADC has no such field.
   */
  private static void initDelays(StringBuilder s, Optional<F> field) {
    s.append("/// ADC clocks before the first sample after the ADC is enabled or changes to an internal\n")
        .append("/// reference (`CTRLD.INITDLY`), for the reference to settle.\n")
        .append("#[derive(Clone, Copy, PartialEq, Eq)]\npub enum InitDelay {\n");
    StringBuilder arms = new StringBuilder();
    if (field.isPresent() && field.get().values().isPresent()) {
      for (Value v : field.get().values().get().values()) {
        Matcher md = Pattern.compile("^DLY(\\d+)$").matcher(v.name().toUpperCase(Locale.ROOT));
        if (!md.find()) continue;
        s.append("    /// ").append(md.group(1)).append(md.group(1).equals("0") ? " (no delay).\n" : " ADC clocks.\n");
        s.append("    Dly").append(md.group(1)).append(",\n");
        arms.append("            InitDelay::Dly").append(md.group(1)).append(" => ").append(b(field.get().value(v.value())))
            .append(",\n");
      }
    }
    if (arms.isEmpty() || !arms.toString().contains("Dly0 ")) {
      s.setLength(s.lastIndexOf("pub enum InitDelay {\n") + "pub enum InitDelay {\n".length());
      s.append("    /// No delay (this ADC has none to set).\n    Dly0,\n}\n\nimpl InitDelay {\n    const fn bits(self) -> u8 {\n")
          .append("        0\n    }\n}\n\n");
      return;
    }
    s.append("}\n\nimpl InitDelay {\n    const fn bits(self) -> u8 {\n        match self {\n").append(arms)
        .append("        }\n    }\n}\n\n");
  }

  private StringBuilder head(Peripheral p, boolean classic, F en, F mux, F start, F done, long result, F presc,
      Optional<F> samples, Optional<F> sampleLength, Optional<F> initDelay, F ie, int maxClock) {
    StringBuilder s = new StringBuilder();
    s.append("\n// ---- the ").append(m.d.name()).append("'s ").append(p.name())
        .append(" (generated from the device model) ----\n\n");
    s.append("/// The ADC peripheral this driver owns.\npub type Instance = pac::").append(p.name()).append(";\n\n");
    s.append("/// The largest ADC clock for full resolution (data sheet).\nconst MAX_ADC_CLOCK: u32 = ")
        .append(HalGenerator.rustInt(maxClock)).append(";\n\n");
    s.append("const REGS: AdcRegs = AdcRegs {\n    classic: ").append(classic).append(",\n    enable: ").append(en.pair())
        .append(",\n    mux: ").append(mux.pair()).append(",\n    start: ").append(start.pair()).append(",\n    done: ")
        .append(done.pair()).append(",\n    result: ").append(Model.hex(result)).append(",\n    prescaler: ").append(presc.pair())
        .append(",\n    sample_length: ").append(sampleLength.map(F::pair).orElse("(0, 0)"))
        .append(",\n    init_delay: ").append(initDelay.filter(x -> x.values().isPresent()).map(F::pair).orElse("(0, 0)"))
        .append(",\n    samples: ").append(samples.map(F::pair).orElse("(0, 0)")).append(",\n    interrupt: ").append(ie.pair())
        .append(",\n};\n\n");
    return s;
  }

  /** An enum whose variants each run some register writes in {@code apply}. */
  private static void enumWithApply(StringBuilder s, String name, String doc, List<String[]> variants, String dflt) {
    s.append("/// ").append(doc).append("\n#[derive(Clone, Copy, PartialEq, Eq)]\npub enum ").append(name).append(" {\n");
    Set<String> seen = new LinkedHashSet<>();
    StringBuilder arms = new StringBuilder();
    for (String[] v : variants) {
      if (!seen.add(v[0])) continue;
      s.append("    /// ").append(v[1]).append("\n    ").append(v[0]).append(",\n");
      arms.append("            ").append(name).append("::").append(v[0]).append(" => {\n");
      for (String w : v[2].trim().split(";\\s*")) arms.append("                ").append(w.trim()).append(";\n");
      arms.append("            }\n");
    }
    s.append("}\n\nimpl Default for ").append(name).append(" {\n    fn default() -> Self {\n        ").append(name).append("::")
        .append(dflt).append("\n    }\n}\n\n");
    s.append("impl ").append(name).append(" {\n    fn apply(self) {\n        match self {\n").append(arms)
        .append("        }\n    }\n}\n\n");
  }

  /** A classic prescaler value's division: its caption is the number ("128"). */
  private static int classicDivisor(Value v) {
    return v.caption().trim().matches("\\d+") ? Integer.parseInt(v.caption().trim()) : -1;
  }

  /** An AVR8X prescaler value's division: its name ("DIV16"). */
  private static int divDivisor(Value v) {
    Matcher md = Pattern.compile("^DIV(\\d+)$").matcher(v.name().toUpperCase(Locale.ROOT));
    return md.find() ? Integer.parseInt(md.group(1)) : -1;
  }

  /** Division to field value (shifted), smallest division first; the first value of a division wins. */
  private static Map<Integer, Long> divisors(F presc, java.util.function.ToIntFunction<Value> divisor) {
    Map<Integer, Long> byDiv = new java.util.TreeMap<>();
    for (Value v : presc.values().get().values()) {
      int d = divisor.applyAsInt(v);
      if (d > 0) byDiv.putIfAbsent(d, presc.value(v.value()));
    }
    return byDiv;
  }

  private static void prescalers(StringBuilder s, F presc, java.util.function.ToIntFunction<Value> divisor) {
    Map<Integer, Long> byDiv = divisors(presc, divisor);
    s.append("/// ADC clock = F_CPU / the division.\n#[derive(Clone, Copy, PartialEq, Eq)]\npub enum Prescaler {\n");
    for (int d : byDiv.keySet()) s.append("    /// F_CPU / ").append(d).append(".\n    Div").append(d).append(",\n");
    s.append("}\n\n/// Every prescaler, the smallest division first.\nconst PRESCALERS: [Prescaler; ").append(byDiv.size()).append("] = [");
    s.append(String.join(", ", byDiv.keySet().stream().map(d -> "Prescaler::Div" + d).toList())).append("];\n\n");
    s.append("impl Prescaler {\n    /// The division.\n    pub const fn divisor(self) -> u16 {\n        match self {\n");
    for (int d : byDiv.keySet()) s.append("            Prescaler::Div").append(d).append(" => ").append(d).append(",\n");
    s.append("        }\n    }\n\n    const fn bits(self) -> u8 {\n        match self {\n");
    for (var e : byDiv.entrySet()) s.append("            Prescaler::Div").append(e.getKey()).append(" => ").append(b(e.getValue())).append(",\n");
    s.append("        }\n    }\n}\n\n");
  }

  private interface DigitalOff {
    String of(Model.PinRef pin, int n);
  }

  /** The ADC's pins and the internal channels (the channel field's values that are not pins). */
  private void pins(StringBuilder s, Peripheral p, String group, F mux, DigitalOff off) {
    s.append("use crate::port::*;\n\n");
    Map<String, Value> byName = new LinkedHashMap<>();
    for (Value v : mux.values().get().values()) byName.put(v.name().toUpperCase(Locale.ROOT), v);
    Set<String> pinChannels = new LinkedHashSet<>();
    for (Signal sig : p.signals()) {
      if (!sig.group().equalsIgnoreCase(group) || sig.index().isEmpty()) continue;
      if (!sig.pad().toUpperCase(Locale.ROOT).matches("P[A-Z][0-7]")) continue;
      Model.PinRef pin = Model.PinRef.parse(sig.pad());
      int n = sig.index().get();
      Value v = byName.get(group + n);
      if (v == null || !m.hasPin(pin)) continue;
      if (!pinChannels.add(group + n)) continue;
      s.append("/// ").append(pin).append(" is ").append(group).append(n).append(".\nimpl AdcPin for ").append(pin.rustType())
          .append(" {\n    const MUX: u8 = ").append(b(mux.value(v.value()))).append(";\n    const DIGITAL_OFF: (usize, u8, u8) = ")
          .append(off.of(pin, n)).append(";\n}\n\n");
    }
    s.append("/// The internal channels: `adc.read_blocking(&channel::Gnd)`.\npub mod channel {\n    use super::Channel;\n");
    Set<String> names = new LinkedHashSet<>();
    for (Value v : mux.values().get().values()) {
      String n = v.name().toUpperCase(Locale.ROOT);
      if (n.matches("(AIN|ADC)\\d+")) continue;
      String rn = channelName(n);
      if (rn.isEmpty() || !names.add(rn)) continue;
      s.append("\n    /// ").append(v.caption().replaceAll("\\s+", " ").trim()).append(" (").append(v.name()).append(").\n");
      s.append("    pub struct ").append(rn).append(";\n    impl Channel for ").append(rn).append(" {\n        const MUX: u8 = ")
          .append(b(mux.value(v.value()))).append(";\n    }\n");
    }
    s.append("}\n");
  }

  /** The Rust name of an internal channel ("ADC_GND" to "Gnd", "TEMPSENSE" to "Temperature"). */
  static String channelName(String model) {
    String n = model.toUpperCase(Locale.ROOT).replaceFirst("^ADC_", "");
    switch (n) {
      case "GND": return "Gnd";
      case "TEMPSENS": case "TEMPSENSE": return "Temperature";
      case "VBG": return "Bandgap";
      case "INTREF": return "IntRef";
      case "DACREF": return "DacRef";
      default:
        break;
    }
    if (!n.matches("[A-Z][A-Z0-9_]*")) return "";
    StringBuilder b = new StringBuilder();
    for (String part : n.split("_")) {
      if (part.isEmpty()) continue;
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
