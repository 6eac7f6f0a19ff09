package dev.avrkit.device;

import dev.avrkit.device.DeviceCatalog.DeviceSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Human- and machine-readable descriptions of devices, as {@code avrkit devices} and {@code
 * avrkit info} print them. Text for people, JSON (via {@link Json}) for tools.
 */
public final class DeviceReport {
  private DeviceReport() {}

  /** What {@code avrkit info} shows besides the header, memory map and peripheral list. */
  public record InfoOptions(List<String> peripherals, boolean fuses, boolean interrupts) {
    public InfoOptions { peripherals = List.copyOf(peripherals); }
  }

  /** True when the summary's family, architecture, core or pack matches {@code f} (case- and space-insensitive). */
  public static boolean familyMatches(DeviceSummary d, String f) {
    String q = norm(f);
    return norm(d.family()).contains(q) || norm(d.architecture().name()).equals(q)
        || norm(d.architecture().coreName()).equals(q) || norm(d.pack()).startsWith(q);
  }

  private static String norm(String s) { return s.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", ""); }

  // ------------------------------------------------------------------------------------ devices

  public static String devicesText(List<DeviceSummary> list) {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-14s %-10s %-6s %7s %7s %7s  %-22s %s%n";
    sb.append(String.format(fmt, "DEVICE", "FAMILY", "CORE", "FLASH", "RAM", "EEPROM", "PROGRAMMING", "PACK"));
    for (DeviceSummary d : list) {
      sb.append(String.format(fmt, d.name(), d.family(), d.architecture().coreName(), size(d.flashSize()), size(d.ramSize()),
          size(d.eepromSize()), String.join(",", d.programmingInterfaces()), d.pack() + " " + d.release()));
    }
    sb.append(list.size()).append(" devices\n");
    return sb.toString();
  }

  public static String devicesJson(List<DeviceSummary> list) {
    List<Object> out = new ArrayList<>();
    for (DeviceSummary d : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", d.name());
      m.put("family", d.family());
      m.put("architecture", d.architecture().name());
      m.put("core", d.architecture().coreName());
      m.put("flashSize", d.flashSize());
      m.put("ramSize", d.ramSize());
      m.put("eepromSize", d.eepromSize());
      m.put("programmingInterfaces", d.programmingInterfaces());
      m.put("pack", d.pack());
      m.put("release", d.release());
      m.put("source", d.source().toString());
      out.add(m);
    }
    return Json.write(out);
  }

  /** 49152 -> "48K", 6144 -> "6K", 320 -> "320", 0 -> "-". */
  public static String size(long n) {
    if (n == 0) return "-";
    if (n >= 1024 && n % 1024 == 0) return (n / 1024) + "K";
    return Long.toString(n);
  }

  // ------------------------------------------------------------------------------------ info

  /** Peripherals selected by name ("all" = every one); unknown names fail with suggestions. */
  public static List<Peripheral> select(Device d, List<String> names) {
    List<Peripheral> out = new ArrayList<>();
    for (String n : names) {
      if (n.equalsIgnoreCase("all")) return d.peripherals();
      Optional<Peripheral> p = d.peripheral(n);
      if (p.isEmpty()) {
        List<String> close = PackCatalog.closest(n, d.peripherals().stream().map(Peripheral::name).toList(), 4);
        throw new AvrkitException(d.name() + " has no peripheral '" + n + "'"
            + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")
            + " (avrkit info " + d.name() + " lists them)");
      }
      out.add(p.get());
    }
    return out;
  }

  public static String infoText(Device d, InfoOptions o) {
    List<Peripheral> selected = select(d, o.peripherals());
    StringBuilder sb = new StringBuilder();
    MemoryMap m = d.memory();
    sb.append(d.name()).append(" (").append(d.family()).append(", ").append(d.architecture().name()).append(" = ")
        .append(d.architecture().coreName()).append(" core)\n");
    sb.append("  pack:        ").append(d.pack().name()).append(' ').append(d.pack().release()).append(" (schema ")
        .append(d.pack().schemaVersion()).append(") ").append(d.pack().source()).append('\n');
    sb.append("  signature:   ").append(hex(d.signature())).append('\n');
    sb.append("  programming: ").append(String.join(", ", d.programmingInterfaces())).append('\n');
    sb.append("  vectors:     ").append(d.vectorCount()).append('\n');
    sb.append("memory:\n");
    // plain padding instead of String.format: this runs at every start, where Formatter costs ~0.1 s
    sb.append("  flash   ").append(left(Long.toString(m.flashSize()), 6)).append(" bytes, page ").append(m.flashPageSize())
        .append(m.flashMappedAt().map(a -> ", mapped in data space at " + hex(a, 4)).orElse("")).append('\n');
    sb.append("  ram     ").append(left(Long.toString(m.ramSize()), 6)).append(" bytes at ").append(hex(m.ramStart(), 4)).append('\n');
    sb.append("  eeprom  ").append(left(Long.toString(m.eepromSize()), 6)).append(" bytes, page ").append(m.eepromPageSize())
        .append(m.eepromDataAddress().map(a -> ", in data space at " + hex(a, 4)).orElse(", own address space")).append('\n');
    sb.append("  segments:\n");
    for (MemorySegment s : d.segments()) {
      sb.append("    ").append(right(s.addressSpace(), 10)).append(' ').append(right(s.name(), 18)).append(' ').append(right(s.type(), 16))
          .append(' ').append(hex(s.start(), 6)).append("  ").append(left(Long.toString(s.size()), 7)).append(" bytes")
          .append(s.pageSize().map(p -> ", page " + p).orElse("")).append('\n');
    }
    sb.append("peripherals (").append(d.peripherals().size()).append("):\n");
    for (Peripheral p : d.peripherals()) {
      sb.append("  ").append(right(p.name(), 12)).append(' ').append(right(p.module().name(), 10)).append(' ').append(right(p.addressSpace(), 9))
          .append(' ').append(hex(p.baseAddress(), 4)).append("  ").append(left(Integer.toString(p.registers().size()), 3)).append(" registers  ")
          .append(p.module().caption()).append('\n');
    }
    for (Peripheral p : selected) registersText(sb, p);
    if (o.interrupts()) {
      sb.append("interrupts (").append(d.vectorCount()).append(" vectors):\n");
      for (Interrupt i : d.interrupts()) {
        sb.append(String.format("  %3d  %-28s %s", i.index(), String.join(" = ", i.names()), i.caption()).stripTrailing()).append('\n');
      }
    }
    if (o.fuses()) {
      sb.append("fuses (decoded from their factory defaults):\n");
      for (Fuse f : d.fuses()) {
        String label = f.lockBits() ? "lock" : "fuse" + f.index();
        sb.append(String.format("  %-6s %-10s %-8s 0x%04X  default %s%n", label, f.name(), f.addressSpace(), f.address(),
            f.defaultValue().map(v -> String.format("0x%02X", v)).orElse("-")));
        if (f.defaultValue().isPresent()) {
          for (Map.Entry<String, String> e : f.decode(f.defaultValue().get()).entrySet()) {
            BitField bf = f.field(e.getKey()).orElseThrow();
            sb.append(String.format("         %s.%s = %s%s%n", f.name(), e.getKey(), e.getValue(),
                bf.caption().isEmpty() ? "" : "  (" + bf.caption() + ")"));
          }
        }
      }
    }
    if (selected.isEmpty() && !o.fuses() && !o.interrupts()) {
      sb.append("(more: --peripheral NAME for registers, --interrupts, --fuses, --json)\n");
    }
    return sb.toString();
  }

  private static void registersText(StringBuilder sb, Peripheral p) {
    sb.append(String.format("%s (%s: %s) at %s 0x%04X:%n", p.name(), p.module().name(), p.module().caption(), p.addressSpace(),
        p.baseAddress()));
    for (ResolvedRegister r : p.registers()) {
      Register reg = r.register();
      sb.append(String.format("  0x%04X  %-18s %-2s %2d-bit%s%s  %s%n", r.address(), r.path() + (reg.count() > 1 ? "[" + reg.count() + "]" : ""),
          access(reg.access()), reg.size() * 8, reg.initialValue().map(v -> String.format(" reset 0x%02X", v)).orElse(""),
          "", reg.caption()));
      List<BitField> byBit = new ArrayList<>(reg.fields());
      byBit.sort(java.util.Comparator.comparingInt(BitField::shift).reversed());
      for (BitField f : byBit) {
        sb.append(String.format("            %-14s %-7s %s%s%n", f.name(), bits(f.mask()), f.caption(),
            f.modes().isEmpty() ? "" : " [mode " + String.join(",", f.modes()) + "]"));
        f.values().ifPresent(g -> {
          StringBuilder v = new StringBuilder();
          for (Value x : g.values()) v.append(' ').append(x.name()).append('=').append(x.value());
          sb.append("                           ").append(v.toString().trim()).append('\n');
        });
      }
    }
  }

  /** "0x" and at least {@code digits} upper-case hex digits. */
  static String hex(long v, int digits) {
    String h = Long.toHexString(v).toUpperCase(Locale.ROOT);
    return "0x" + "0".repeat(Math.max(0, digits - h.length())) + h;
  }

  /** Left-aligned in {@code width} columns. */
  static String right(String s, int width) { return s.length() >= width ? s : s + " ".repeat(width - s.length()); }

  /** Right-aligned in {@code width} columns. */
  static String left(String s, int width) { return s.length() >= width ? s : " ".repeat(width - s.length()) + s; }

  static String access(Access a) {
    return switch (a) {
      case READ_ONLY -> "R";
      case WRITE_ONLY -> "W";
      case READ_WRITE -> "RW";
    };
  }

  /** "[3:1]", "[7]", or the mask "0x27" when not contiguous. */
  static String bits(long mask) {
    int lo = Long.numberOfTrailingZeros(mask);
    int hi = 63 - Long.numberOfLeadingZeros(mask);
    long shifted = mask >>> lo;
    if ((shifted & (shifted + 1)) != 0) return String.format("0x%X", mask);
    return hi == lo ? "[" + lo + "]" : "[" + hi + ":" + lo + "]";
  }

  /** "1E 96 51" (no String.format: the signature is on the start-up path of avrkit info). */
  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      if (sb.length() > 0) sb.append(' ');
      sb.append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xF, 16))).append(Character.toUpperCase(Character.forDigit(x & 0xF, 16)));
    }
    return sb.toString();
  }

  public static String infoJson(Device d, InfoOptions o) {
    List<Peripheral> selected = select(d, o.peripherals());
    Map<String, Object> j = new LinkedHashMap<>();
    MemoryMap m = d.memory();
    j.put("name", d.name());
    j.put("family", d.family());
    j.put("architecture", d.architecture().name());
    j.put("core", d.architecture().coreName());
    j.put("pack", map("name", d.pack().name(), "release", d.pack().release(), "source", d.pack().source().toString(),
        "schemaVersion", d.pack().schemaVersion()));
    j.put("signature", hex(d.signature()));
    j.put("programmingInterfaces", d.programmingInterfaces());
    j.put("vectorCount", d.vectorCount());
    j.put("memory", map("flashSize", m.flashSize(), "flashPageSize", m.flashPageSize(), "flashMappedAt", m.flashMappedAt(),
        "ramStart", m.ramStart(), "ramSize", m.ramSize(), "eepromSize", m.eepromSize(), "eepromPageSize", m.eepromPageSize(),
        "eepromDataAddress", m.eepromDataAddress(), "ioSize", m.ioSize()));
    List<Object> segs = new ArrayList<>();
    for (MemorySegment s : d.segments()) {
      segs.add(map("addressSpace", s.addressSpace(), "name", s.name(), "type", s.type(), "start", s.start(), "size", s.size(),
          "pageSize", s.pageSize(), "access", s.access().name(), "executable", s.executable()));
    }
    j.put("segments", segs);
    List<Object> ps = new ArrayList<>();
    for (Peripheral p : d.peripherals()) {
      Map<String, Object> pm = map("name", p.name(), "module", p.module().name(), "addressSpace", p.addressSpace(),
          "baseAddress", p.baseAddress(), "registerCount", p.registers().size());
      if (selected.contains(p)) {
        List<Object> regs = new ArrayList<>();
        for (ResolvedRegister r : p.registers()) {
          Register reg = r.register();
          List<Object> fs = new ArrayList<>();
          for (BitField f : reg.fields()) {
            fs.add(map("name", f.name(), "caption", f.caption(), "mask", f.mask(), "access", f.access().name(), "modes", f.modes(),
                "values", f.values().map(g -> g.values().stream().map(v -> (Object) map("name", v.name(), "value", v.value(), "caption", v.caption())).toList())));
          }
          regs.add(map("path", r.path(), "address", r.address(), "size", reg.size(), "count", reg.count(), "access",
              reg.access().name(), "initialValue", reg.initialValue(), "mode", r.mode(), "caption", reg.caption(), "fields", fs));
        }
        pm.put("registers", regs);
      }
      ps.add(pm);
    }
    j.put("peripherals", ps);
    if (o.interrupts()) {
      List<Object> is = new ArrayList<>();
      for (Interrupt i : d.interrupts()) is.add(map("index", i.index(), "names", i.names(), "instance", i.instance(), "caption", i.caption()));
      j.put("interrupts", is);
    }
    if (o.fuses()) {
      List<Object> fs = new ArrayList<>();
      for (Fuse f : d.fuses()) {
        fs.add(map("name", f.name(), "index", f.index(), "lockBits", f.lockBits(), "addressSpace", f.addressSpace(),
            "address", f.address(), "size", f.size(), "default", f.defaultValue(),
            "decoded", f.defaultValue().map(f::decode).orElse(null)));
      }
      j.put("fuses", fs);
    }
    return Json.write(j);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
