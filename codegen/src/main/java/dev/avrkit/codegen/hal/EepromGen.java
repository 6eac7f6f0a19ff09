package dev.avrkit.codegen.hal;

import dev.avrkit.device.BitField;
import dev.avrkit.device.MemoryMap;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The generated half of {@code eeprom.rs}: the EEPROM's size, and on classic parts EEAR/EEDR/EECR
 * and their bits, on AVR8X parts where the EEPROM is mapped in data space, its page size, the NVM
 * controller's CTRLA and EEBUSY, the erase-and-write-page command and the CCP key for
 * self-programming. A part whose model lacks one of these (AVR Dx writes EEPROM with other
 * commands) gets no {@code eeprom} module.
 */
final class EepromGen {
  private final Model m;

  EepromGen(Model m) {
    this.m = m;
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

  Optional<String> rust() {
    MemoryMap mem = m.d.memory();
    if (mem.eepromSize() <= 0 || mem.eepromSize() > 0xFFFF) return Optional.empty();
    Map<String, Optional<Long>> c = new LinkedHashMap<>();
    String instance;
    if (!m.x) {
      Optional<Peripheral> p = m.d.peripheral("EEPROM");
      if (p.isEmpty()) return Optional.empty();
      instance = "EEPROM";
      Optional<ResolvedRegister> eear = p.get().register("EEAR").or(() -> p.get().register("EEARL"));
      c.put("EEAR", eear.map(ResolvedRegister::address));
      c.put("EEDR", p.get().register("EEDR").map(ResolvedRegister::address));
      c.put("EECR", p.get().register("EECR").map(ResolvedRegister::address));
      c.put("EERE", bit(p.get(), "EECR", "EERE"));
      c.put("EEMPE", bit(p.get(), "EECR", "EEMPE"));
      c.put("EEPE", bit(p.get(), "EECR", "EEPE"));
      c.put("BUSY_REG", c.get("EECR"));
      c.put("BUSY_BIT", c.get("EEPE"));
    } else {
      Optional<Peripheral> p = m.d.peripheral("NVMCTRL");
      Optional<Peripheral> cpu = m.d.peripheral("CPU");
      if (p.isEmpty() || cpu.isEmpty() || mem.eepromDataAddress().isEmpty() || mem.eepromPageSize() <= 0) return Optional.empty();
      instance = "NVMCTRL";
      c.put("MAPPED", mem.eepromDataAddress());
      c.put("PAGE", Optional.of((long) mem.eepromPageSize()));
      c.put("NVM_CTRLA", p.get().register("CTRLA").map(ResolvedRegister::address));
      c.put("ERASE_WRITE", value(p.get(), "CTRLA", "CMD", "PAGEERASEWRITE"));
      c.put("BUSY_REG", p.get().register("STATUS").map(ResolvedRegister::address));
      c.put("BUSY_BIT", bit(p.get(), "STATUS", "EEBUSY"));
      c.put("CCP", cpu.get().register("CCP").map(ResolvedRegister::address).filter(a -> a < 0x40));
      c.put("SPM_KEY", value(cpu.get(), "CCP", "CCP", "SPM"));
    }
    if (c.values().stream().anyMatch(Optional::isEmpty)) return Optional.empty();
    StringBuilder s = new StringBuilder();
    s.append("\n// ---- the ").append(m.d.name()).append("'s EEPROM (generated from the device model) ----\n\n");
    s.append("/// The peripheral that writes the EEPROM.\npub type Instance = pac::").append(instance).append(";\n\n");
    s.append("const CLASSIC: bool = ").append(!m.x).append(";\n");
    s.append("const SIZE: u16 = ").append(mem.eepromSize()).append(";\n");
    s.append("/// The busy flag: EECR.EEPE or NVMCTRL.STATUS.EEBUSY.\n");
    s.append("const BUSY: (usize, u8) = (").append(Model.hex(c.get("BUSY_REG").get())).append(", ")
        .append(String.format("0x%02X", c.get("BUSY_BIT").get())).append(");\n");
    String[][] all = {{"EEAR", "usize"}, {"EEDR", "usize"}, {"EECR", "usize"}, {"EERE", "u8"}, {"EEMPE", "u8"}, {"EEPE", "u8"},
        {"MAPPED", "usize"}, {"PAGE", "usize"}, {"NVM_CTRLA", "usize"}, {"ERASE_WRITE", "u8"}, {"CCP", "usize"}, {"SPM_KEY", "u8"}};
    for (String[] n : all) {
      long v = c.getOrDefault(n[0], Optional.of(0L)).orElse(0L);
      String lit = n[0].equals("PAGE") ? Long.toString(Math.max(1, v)) : n[1].equals("u8") ? String.format("0x%02X", v) : v == 0 ? "0" : Model.hex(v);
      s.append("const ").append(n[0]).append(": ").append(n[1]).append(" = ").append(lit).append(";\n");
    }
    return Optional.of(s.toString());
  }
}
