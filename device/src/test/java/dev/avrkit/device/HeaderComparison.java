package dev.avrkit.device;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Compares one avr-libc header with one device of the model; counts and lists disagreements. */
final class HeaderComparison {
  /** One disagreement: kind (address, bit, mask, missing-register, missing-bit, constant), the name, both sides. */
  record Diff(String device, String kind, String name, String header, String model) {
    @Override
    public String toString() { return device + " " + kind + " " + name + ": header " + header + ", model " + model; }
  }

  int registers;
  int bits;
  int masks;
  int constants;
  /** Header bits of registers that the ATDF describes without bit fields (explained, not compared). */
  int noFields;
  final List<Diff> diffs = new ArrayList<>();
  /** Header registers the model has at the same address under another name (address agrees). */
  final List<Diff> renamedRegisters = new ArrayList<>();
  /** Header masks the model has, with the same value, under another field name (mask agrees). */
  final List<Diff> renamedMasks = new ArrayList<>();
  /** Header masks of a module the device does not have (family headers shared by several parts). */
  final List<Diff> absentModules = new ArrayList<>();

  void compare(Device d, AvrLibcHeaders.Header h) {
    boolean classic = d.architecture() == Architecture.AVR8 || d.architecture() == Architecture.AVR8L;
    Map<String, List<ResolvedRegister>> byName = new HashMap<>();
    Map<String, List<ResolvedRegister>> byFull = new HashMap<>();
    for (Peripheral p : d.peripherals()) {
      for (ResolvedRegister r : p.registers()) {
        if (p.addressSpace().equals("data")) byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        String path = r.path().replace('.', '_').replaceAll("\\[(\\d+)\\]", "$1");
        byFull.computeIfAbsent(p.name() + "_" + path, k -> new ArrayList<>()).add(r);
        // avr-libc drops the underscore of instance names (PROD_SIGNATURES -> PRODSIGNATURES)
        byFull.computeIfAbsent(p.name().replace("_", "") + "_" + path, k -> new ArrayList<>()).add(r);
      }
    }
    Map<Long, List<ResolvedRegister>> byAddress = new HashMap<>();
    for (Peripheral p : d.peripherals()) {
      if (!p.addressSpace().equals("data")) continue;
      for (ResolvedRegister r : p.registers()) byAddress.computeIfAbsent(r.address(), k -> new ArrayList<>()).add(r);
    }
    // avr-libc's alias: ADCW is the 16-bit ADC data register ADC
    if (byName.containsKey("ADC")) byName.putIfAbsent("ADCW", byName.get("ADC"));
    for (AvrLibcHeaders.Reg hr : h.registers()) {
      List<ResolvedRegister> cands = classic ? byName.get(hr.name()) : byFull.get(hr.name());
      if (cands == null) cands = classic ? byFull.get(hr.name()) : byName.get(hr.name());
      int bitOffset = 0;
      if (cands == null && (hr.name().endsWith("L") || hr.name().endsWith("H")) && hr.size() == 1) {
        // 16-bit registers: the header also names their low and high bytes
        String base = hr.name().substring(0, hr.name().length() - 1);
        List<ResolvedRegister> b = classic ? byName.get(base) : byFull.get(base);
        if (b != null) {
          long want = hr.name().endsWith("H") ? hr.address() - 1 : hr.address();
          if (b.stream().anyMatch(r -> r.address() == want && r.size() >= 2)) {
            registers++;
            continue;
          }
        }
      }
      if (cands == null) {
        registers++;
        List<ResolvedRegister> same = new ArrayList<>(byAddress.getOrDefault(hr.address(), List.of()));
        for (int back = 1; back < 4 && same.isEmpty(); back++) {
          // a byte of a wider register (XMEGA TCC2_HPER is the high byte of TCC0's PER)
          for (ResolvedRegister r : byAddress.getOrDefault(hr.address() - back, List.of())) if (r.size() > back) same.add(r);
        }
        if (!same.isEmpty()) {
          renamedRegisters.add(new Diff(d.name(), "renamed-register", hr.name(), hex(hr.address()),
              same.stream().map(ResolvedRegister::name).distinct().toList().toString()));
        } else {
          diffs.add(new Diff(d.name(), "missing-register", hr.name(), hex(hr.address()), "-"));
        }
        continue;
      }
      registers++;
      Optional<ResolvedRegister> at = cands.stream().filter(r -> r.address() == hr.address()).findFirst();
      if (at.isEmpty()) {
        diffs.add(new Diff(d.name(), "address", hr.name(), hex(hr.address()),
            cands.stream().map(r -> hex(r.address())).distinct().toList().toString()));
        continue;
      }
      // one register may be described by several modules (ADCSRB in AC and ADC): join their fields
      List<BitField> joined = new ArrayList<>();
      for (ResolvedRegister r : cands) if (r.address() == hr.address()) joined.addAll(r.register().fields());
      for (ResolvedRegister r : byAddress.getOrDefault(hr.address(), List.of())) {
        if (r.name().equals(at.get().name())) joined.addAll(r.register().fields());
      }
      Register reg = new Register(at.get().name(), "", 0, at.get().size(), 1, Access.READ_WRITE, Optional.empty(), Optional.empty(), joined, List.of());
      for (Map.Entry<String, Integer> b : hr.bits().entrySet()) {
        bits++;
        int pos = b.getValue() + bitOffset;
        if (reg.fields().isEmpty()) {
          noFields++;
          continue;
        }
        String why = bitCheck(reg, b.getKey(), pos);
        if (why != null) diffs.add(new Diff(d.name(), why, hr.name() + "." + b.getKey(), Integer.toString(pos), fieldsOf(reg)));
      }
    }
    if (!classic) compareMasks(d, h);
    compareConstants(d, h);
  }

  /**
   * null when the header bit agrees; else the kind of disagreement. A bit agrees when the model
   * has a field covering its position; a field of exactly the header's name must cover it ("bit"
   * otherwise). Names of the form FIELDn are not checked further: avr-libc numbers them by field,
   * by register bit (TWSR.TWS3) or across registers (CANIDT3.IDT7), so only positions are compared.
   */
  static String bitCheck(Register reg, String bit, int pos) {
    Map<String, Long> byName = new HashMap<>();
    long all = 0;
    for (BitField f : reg.fields()) {
      byName.merge(f.name(), f.mask(), (a, b) -> a | b);
      all |= f.mask();
    }
    Long same = byName.get(bit);
    if (same != null) return (same & (1L << pos)) != 0 ? null : "bit";
    return (all & (1L << pos)) != 0 ? null : "missing-bit";
  }

  static String fieldsOf(Register r) {
    StringBuilder sb = new StringBuilder();
    for (BitField f : r.fields()) sb.append(sb.length() == 0 ? "" : ",").append(f.name()).append('=').append(hex(f.mask()));
    return "[" + sb + "]";
  }

  void compareMasks(Device d, AvrLibcHeaders.Header h) {
    Map<String, Set<Long>> expected = new HashMap<>();
    for (Module m : d.modules()) {
      for (RegisterGroup g : m.registerGroups()) {
        for (Register r : g.registers()) {
          for (BitField f : r.fields()) {
            for (String prefix : new String[] {g.name(), m.name()}) {
              expected.computeIfAbsent(prefix + "_" + f.name() + (f.width() == 1 ? "_bm" : "_gm"), k -> new HashSet<>()).add(f.mask());
              if (f.width() == 1) expected.computeIfAbsent(prefix + "_" + f.name() + "_gm", k -> new HashSet<>()).add(f.mask());
              int k = 0;
              for (int i = 0; i < 64; i++) {
                if ((f.mask() & (1L << i)) != 0) {
                  expected.computeIfAbsent(prefix + "_" + f.name() + k + "_bm", x -> new HashSet<>()).add(1L << i);
                  k++;
                }
              }
            }
          }
        }
      }
    }
    Map<String, Set<Long>> groupMasks = new HashMap<>();
    for (Module m : d.modules()) {
      for (RegisterGroup g : m.registerGroups()) {
        for (Register r : g.registers()) {
          for (BitField f : r.fields()) {
            for (String prefix : new String[] {g.name(), m.name()}) {
              Set<Long> set = groupMasks.computeIfAbsent(prefix, k -> new HashSet<>());
              set.add(f.mask());
              for (int i = 0; i < 64; i++) if ((f.mask() & (1L << i)) != 0) set.add(1L << i);
            }
          }
        }
      }
    }
    for (Map.Entry<String, Long> e : h.masks().entrySet()) {
      masks++;
      Set<Long> want = expected.get(e.getKey());
      if (want == null) {
        String name = e.getKey();
        String prefix = null;
        for (String g : groupMasks.keySet()) {
          if (name.startsWith(g + "_") && (prefix == null || g.length() > prefix.length())) prefix = g;
        }
        if (prefix == null) absentModules.add(new Diff(d.name(), "absent-module", name, hex(e.getValue()), "-"));
        else if (groupMasks.get(prefix).contains(e.getValue())) renamedMasks.add(new Diff(d.name(), "renamed-mask", name, hex(e.getValue()), prefix));
        else diffs.add(new Diff(d.name(), "missing-mask", name, hex(e.getValue()), "-"));
      }
      else if (!want.contains(e.getValue())) diffs.add(new Diff(d.name(), "mask", e.getKey(), hex(e.getValue()), want.stream().map(HeaderComparison::hex).toList().toString()));
    }
  }

  void compareConstants(Device d, AvrLibcHeaders.Header h) {
    MemoryMap m = d.memory();
    Map<String, Long> c = h.constants();
    check(d, c, "SIGNATURE_0", d.signature()[0] & 0xFF);
    check(d, c, "SIGNATURE_1", d.signature()[1] & 0xFF);
    check(d, c, "SIGNATURE_2", d.signature()[2] & 0xFF);
    if (m.flashSize() > 0) check(d, c, "FLASHEND", m.flashSize() - 1);
    if (m.flashSize() > 0 && m.flashPageSize() > 0) check(d, c, "SPM_PAGESIZE", m.flashPageSize());
    if (m.eepromSize() > 0) check(d, c, "E2END", m.eepromSize() - 1);
    if (m.ramSize() > 0) {
      check(d, c, "RAMSTART", m.ramStart());
      check(d, c, "RAMEND", m.ramStart() + m.ramSize() - 1);
    }
    if (c.containsKey("_VECTORS_SIZE")) {
      constants++;
      long per = c.get("_VECTORS_SIZE") / d.vectorCount();
      if (c.get("_VECTORS_SIZE") % d.vectorCount() != 0 || (per != 2 && per != 4)) {
        diffs.add(new Diff(d.name(), "constant", "_VECTORS_SIZE", Long.toString(c.get("_VECTORS_SIZE")), d.vectorCount() + " vectors"));
      }
    }
  }

  private void check(Device d, Map<String, Long> c, String name, long model) {
    Long v = c.get(name);
    if (v == null) return;
    constants++;
    if (v != model) diffs.add(new Diff(d.name(), "constant", name, hex(v), hex(model)));
  }

  static String hex(long v) { return "0x" + Long.toHexString(v).toUpperCase(); }
}
