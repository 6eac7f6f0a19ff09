package dev.avrkit.device;

import dev.avrkit.device.RegisterGroup.GroupReference;
import dev.avrkit.device.RegisterGroup.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one Microchip ATDF file (schema 0.3 and 4.x) into a {@link Device}.
 *
 * <p>What it resolves (see {@code device/QUIRKS.md}): register addresses as instance offset plus
 * register offset (AVR8X/XMEGA registers are relative to the instance, classic parts put absolute
 * offsets in the module and 0 in the instance: the sum is right for both); nested register groups,
 * arrays of groups ({@code count}, stride = the referenced group's size), unions ({@code
 * class="union"}, members become path prefixes "SINGLE."/"SPLIT.") and schema 4.x register modes
 * (which become the same prefixes); schema 0.3 {@code <mode>} wrappers around bit fields and 4.x
 * {@code modes} attributes on bit fields (kept in {@link BitField#modes()}); interrupts (per
 * instance, module interrupt groups of XMEGA parts, shared vectors merged, RESET added at index 0
 * when the file leaves it out); fuses and lock bits (data space on AVR8X, their own spaces
 * otherwise).
 *
 * <p>Errors are {@link AtdfException}s: one line, {@code file:line:column: what (expected)}.
 * Unknown elements are kept out of the model and reported in {@link Device#warnings()}.
 */
public final class AtdfReader {
  private AtdfReader() {}

  /** Reads a file; the pack is taken to be the file's folder. */
  public static Device read(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String folder = dir == null || dir.getFileName() == null ? "" : dir.getFileName().toString();
    PackSources.NameRelease nr = PackSources.NameRelease.ofFolder(folder);
    return read(file, nr.name(), nr.release());
  }

  /** Reads a file as part of the named pack release. */
  public static Device read(Path file, String packName, String release) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file, packName, release);
    } catch (NoSuchFileException e) {
      throw new AvrkitException("device file " + file + " does not exist (check AVRKIT_PACKS / --packs)");
    } catch (IOException e) {
      throw new AtdfException(file.toString(), 0, 0, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Reads ATDF from a stream; {@code source} names it in errors and in {@link PackInfo}. */
  public static Device read(InputStream in, Path source, String packName, String release) {
    String fileName = source.toString();
    Xml.Node root = Xml.parse(in, fileName);
    return new Builder(fileName, source, packName, release).build(root);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Faults in Microchip's files that avrkit corrects, each found by comparing with avr-libc's
   * headers and the datasheet (device/QUIRKS.md): device, module, register, field, the file's mask,
   * the right mask, why.
   */
  record Correction(String device, String module, String register, String field, long wrongMask, long rightMask, String why) {}

  static final List<Correction> CORRECTIONS = List.of(
      new Correction("ATmega32U4", "ADC", "ADCSRB", "ADTS", 0x17, 0x0F,
          "ADTS3:0 are ADCSRB bits 3:0 like on the ATmega16U4 (whose file says 0x0F) and in avr-libc (ADTS3 = 3)"));

  private static final Set<String> ROOT_CHILDREN = Set.of("variants", "devices", "modules", "pinouts");
  private static final Set<String> DEVICE_CHILDREN =
      Set.of("address-spaces", "peripherals", "interrupts", "interfaces", "property-groups", "parameters");
  private static final Set<String> MODULE_CHILDREN = Set.of("register-group", "value-group", "interrupt-group", "parameters");
  private static final Set<String> GROUP_CHILDREN = Set.of("register", "register-group", "mode");
  private static final Set<String> REGISTER_CHILDREN = Set.of("bitfield", "mode");

  /** A module as read, before instances are resolved. */
  private static final class RawModule {
    final String name;
    final Module module;
    final Map<String, RegisterGroup> groups;
    final Map<String, Xml.Node> interruptGroups;

    RawModule(String name, Module module, Map<String, RegisterGroup> groups, Map<String, Xml.Node> interruptGroups) {
      this.name = name;
      this.module = module;
      this.groups = groups;
      this.interruptGroups = interruptGroups;
    }
  }

  private static final class Builder {
    final String file;
    final Path source;
    final String packName;
    final String release;
    final List<String> warnings = new ArrayList<>();
    final Map<String, RawModule> modules = new LinkedHashMap<>();
    final Map<String, String> corrections = new TreeMap<>();
    Architecture arch;
    String deviceName = "";
    String currentModule = "";

    Builder(String file, Path source, String packName, String release) {
      this.file = file;
      this.source = source;
      this.packName = packName;
      this.release = release;
    }

    AtdfException error(Xml.Node at, String what) {
      return new AtdfException(file, at == null ? 0 : at.line, at == null ? 0 : at.column, what);
    }

    void warn(Xml.Node at, String what) {
      if (warnings.size() < 50) warnings.add(file + ":" + at.line + ":" + at.column + ": " + what);
    }

    void checkChildren(Xml.Node n, Set<String> known) {
      for (Xml.Node c : n.children) {
        if (!known.contains(c.tag)) warn(c, "unknown element <" + c.tag + "> in <" + n.tag + "> ignored");
      }
    }

    String req(Xml.Node n, String attr) {
      String v = n.attr(attr);
      if (v == null || v.isBlank()) {
        throw error(n, "<" + n.tag + "> lacks attribute '" + attr + "'" + (n.attr("name") != null ? " (element '" + n.attr("name") + "')" : ""));
      }
      return v.trim();
    }

    String opt(Xml.Node n, String attr) {
      String v = n.attr(attr);
      return v == null ? "" : v;
    }

    long num(Xml.Node n, String attr, String v) {
      String s = v.trim();
      try {
        long r;
        if (s.startsWith("0x") || s.startsWith("0X")) r = Long.parseUnsignedLong(s.substring(2), 16);
        else if (s.startsWith("0b") || s.startsWith("0B")) r = Long.parseUnsignedLong(s.substring(2), 2);
        else r = Long.parseLong(s);
        if (r < 0) throw new NumberFormatException();
        return r;
      } catch (NumberFormatException e) {
        throw error(n, "attribute " + attr + "=\"" + v + "\" of <" + n.tag + "> is not a number (expected e.g. 0x1F or 31)");
      }
    }

    long reqNum(Xml.Node n, String attr) { return num(n, attr, req(n, attr)); }

    Optional<Long> optNum(Xml.Node n, String attr) {
      String v = n.attr(attr);
      if (v == null || v.isBlank()) return Optional.empty();
      return Optional.of(num(n, attr, v));
    }

    int smallInt(Xml.Node n, String attr, long v, long max) {
      if (v > max) throw error(n, "attribute " + attr + "=" + v + " of <" + n.tag + "> is out of range (expected at most " + max + ")");
      return (int) v;
    }

    static List<String> modes(String s) {
      if (s == null || s.isBlank()) return List.of();
      List<String> out = new ArrayList<>();
      for (String m : s.trim().split("[\\s,]+")) if (!m.isEmpty()) out.add(m);
      return out;
    }

    Device build(Xml.Node root) {
      if (!root.tag.equals("avr-tools-device-file")) {
        throw error(root, "root element is <" + root.tag + "> (expected <avr-tools-device-file>: is this an ATDF file?)");
      }
      checkChildren(root, ROOT_CHILDREN);
      String schema = opt(root, "schema-version");
      Xml.Node devices = root.child("devices");
      if (devices == null) throw error(root, "no <devices> element (expected <devices><device ...>)");
      List<Xml.Node> devs = devices.all("device");
      if (devs.isEmpty()) throw error(devices, "no <device> in <devices>");
      if (devs.size() > 1) warn(devs.get(1), "more than one <device>: only the first is read");
      Xml.Node dev = devs.get(0);
      checkChildren(dev, DEVICE_CHILDREN);
      String name = req(dev, "name");
      deviceName = name;
      arch = Architecture.ofAtdf(req(dev, "architecture"));
      String family = opt(dev, "family");

      Xml.Node mods = root.child("modules");
      if (mods == null) throw error(root, "no <modules> element (expected the module definitions after <devices>)");
      checkChildren(mods, Set.of("module"));
      for (Xml.Node m : mods.all("module")) readModule(m);

      List<AddressSpace> spaces = readAddressSpaces(dev);
      List<Peripheral> peripherals = new ArrayList<>();
      Map<String, Long> instanceOffsets = new HashMap<>();
      Map<String, String> instanceModule = new HashMap<>();
      Map<String, Map<String, String>> props = new TreeMap<>();
      Xml.Node per = dev.child("peripherals");
      if (per == null) throw error(dev, "no <peripherals> in <device>");
      checkChildren(per, Set.of("module"));
      for (Xml.Node pm : per.all("module")) {
        String modName = req(pm, "name");
        RawModule raw = modules.get(modName);
        for (Xml.Node inst : pm.all("instance")) {
          Peripheral p = readInstance(pm, raw, modName, inst, instanceOffsets, props);
          peripherals.add(p);
          instanceModule.put(p.name(), modName);
        }
      }
      if (arch == Architecture.AVR8 && usesIoAddresses(spaces, peripherals)) peripherals = shiftToDataSpace(peripherals);
      peripherals.sort(Comparator.comparing(Peripheral::addressSpace).thenComparingLong(Peripheral::baseAddress).thenComparing(Peripheral::name));

      List<Interrupt> interrupts = readInterrupts(dev, instanceModule);
      List<Fuse> fuses = fuses(peripherals, instanceOffsets);

      List<String> ifaces = new ArrayList<>();
      Xml.Node ifs = dev.child("interfaces");
      if (ifs != null) for (Xml.Node i : ifs.all("interface")) ifaces.add(opt(i, "name").isEmpty() ? opt(i, "type") : i.attr("name"));

      Xml.Node pgs = dev.child("property-groups");
      if (pgs != null) {
        for (Xml.Node g : pgs.all("property-group")) {
          Map<String, String> m = props.computeIfAbsent(req(g, "name"), k -> new TreeMap<>());
          for (Xml.Node p : g.all("property")) m.put(req(p, "name"), opt(p, "value"));
        }
      }
      params(dev.child("parameters"), "PARAMETERS", props);
      if (!corrections.isEmpty()) props.put("AVRKIT_CORRECTIONS", corrections);
      Xml.Node variants = root.child("variants");
      if (variants != null) {
        for (Xml.Node v : variants.all("variant")) {
          Map<String, String> m = new TreeMap<>(v.attrs);
          props.put("VARIANT:" + opt(v, "ordercode"), m);
        }
      }
      List<Pinout> pinouts = new ArrayList<>();
      Xml.Node pos = root.child("pinouts");
      if (pos != null) {
        for (Xml.Node po : pos.all("pinout")) {
          List<Pinout.Pin> pins = new ArrayList<>();
          for (Xml.Node pin : po.all("pin")) pins.add(new Pinout.Pin(req(pin, "position"), req(pin, "pad")));
          pinouts.add(new Pinout(req(po, "name"), opt(po, "caption"), pins));
        }
      }
      // the signature must be readable as numbers, else Device.signature() would fail later
      Map<String, String> sig = props.get("SIGNATURES");
      if (sig != null) {
        for (Map.Entry<String, String> e : sig.entrySet()) {
          if (e.getKey().startsWith("SIGNATURE")) num(pgs, e.getKey(), e.getValue());
        }
      }
      List<Module> moduleList = modules.values().stream().map(r -> r.module).toList();
      return new Device(
          name, family, arch, Optional.empty(), new PackInfo(packName, release, source, schema),
          spaces, moduleList, peripherals, interrupts, fuses, pinouts, ifaces, props, warnings);
    }

    /**
     * Quirk: the files of the smallest classic parts without SRAM (ATtiny11/12/15, ...) give I/O
     * addresses (PORTB = 0x18) where every other classic file gives data-space addresses (0x38),
     * although their data space maps I/O at 0x20 like the others. Recognised by a data-space
     * register inside the register file's segment.
     */
    static boolean usesIoAddresses(List<AddressSpace> spaces, List<Peripheral> peripherals) {
      Optional<MemorySegment> regs = spaces.stream().filter(a -> a.id().equals("data")).flatMap(a -> a.segments().stream())
          .filter(s -> s.type().equals("regs") && s.start() == 0).findFirst();
      if (regs.isEmpty()) return false;
      return peripherals.stream().filter(p -> p.addressSpace().equals("data"))
          .flatMap(p -> p.registers().stream()).anyMatch(r -> regs.get().contains(r.address()));
    }

    static List<Peripheral> shiftToDataSpace(List<Peripheral> peripherals) {
      List<Peripheral> out = new ArrayList<>();
      for (Peripheral p : peripherals) {
        if (!p.addressSpace().equals("data")) {
          out.add(p);
          continue;
        }
        List<ResolvedRegister> regs = p.registers().stream()
            .map(r -> new ResolvedRegister(r.path(), r.address() + 0x20, r.register(), r.mode())).toList();
        out.add(new Peripheral(p.name(), p.caption(), p.module(), p.registerGroupName(), p.addressSpace(),
            regs.isEmpty() ? p.baseAddress() : regs.get(0).address(), regs, p.signals()));
      }
      return out;
    }

    void params(Xml.Node ps, String key, Map<String, Map<String, String>> props) {
      if (ps == null) return;
      Map<String, String> m = props.computeIfAbsent(key, k -> new TreeMap<>());
      for (Xml.Node p : ps.all("param")) m.put(req(p, "name"), opt(p, "value"));
    }

    // -------------------------------------------------------------------------- address spaces

    List<AddressSpace> readAddressSpaces(Xml.Node dev) {
      Xml.Node as = dev.child("address-spaces");
      if (as == null) throw error(dev, "no <address-spaces> in <device>");
      List<AddressSpace> out = new ArrayList<>();
      for (Xml.Node s : as.all("address-space")) {
        String id = req(s, "id");
        List<MemorySegment> segs = new ArrayList<>();
        for (Xml.Node m : s.all("memory-segment")) {
          Optional<Integer> page = optNum(m, "pagesize").map(v -> smallInt(m, "pagesize", v, 1 << 20));
          String ext = m.attr("external");
          Optional<String> external =
              ext == null || ext.equalsIgnoreCase("false") || ext.equals("0") ? Optional.empty() : Optional.of(ext);
          segs.add(new MemorySegment(
              req(m, "name"), opt(m, "type").toLowerCase(Locale.ROOT), id, reqNum(m, "start"), reqNum(m, "size"),
              page, Access.ofAtdf(m.attr("rw")), "1".equals(m.attr("exec")) || "true".equalsIgnoreCase(m.attr("exec")), external));
        }
        segs.sort(Comparator.comparingLong(MemorySegment::start).thenComparing(MemorySegment::name));
        out.add(new AddressSpace(id, opt(s, "name").isEmpty() ? id : s.attr("name"), optNum(s, "start").orElse(0L), reqNum(s, "size"), segs));
      }
      return out;
    }

    // -------------------------------------------------------------------------- modules

    void readModule(Xml.Node m) {
      String name = req(m, "name");
      currentModule = name;
      checkChildren(m, MODULE_CHILDREN);
      Map<String, ValueGroup> vgs = new LinkedHashMap<>();
      for (Xml.Node vg : m.all("value-group")) {
        List<Value> values = new ArrayList<>();
        for (Xml.Node v : vg.all("value")) values.add(new Value(req(v, "name"), opt(v, "caption"), reqNum(v, "value")));
        vgs.put(req(vg, "name"), new ValueGroup(vg.attr("name"), opt(vg, "caption"), values));
      }
      // group sizes first: array strides need the referenced group's size
      Map<String, Long> sizes = new HashMap<>();
      for (Xml.Node g : m.all("register-group")) optNum(g, "size").ifPresent(s -> sizes.put(g.attr("name"), s));
      Map<String, RegisterGroup> groups = new LinkedHashMap<>();
      for (Xml.Node g : m.all("register-group")) {
        RegisterGroup rg = readGroup(g, vgs, sizes);
        groups.put(rg.name(), rg);
      }
      Map<String, Xml.Node> igs = new LinkedHashMap<>();
      for (Xml.Node ig : m.all("interrupt-group")) igs.put(req(ig, "name"), ig);
      Module module = new Module(name, opt(m, "caption"), opt(m, "id"), List.copyOf(groups.values()), List.copyOf(vgs.values()));
      RawModule prev = modules.get(name);
      if (prev != null) {
        warn(m, "module " + name + " defined twice: the definitions are merged");
        Map<String, RegisterGroup> g2 = new LinkedHashMap<>(prev.groups);
        g2.putAll(groups);
        Map<String, Xml.Node> i2 = new LinkedHashMap<>(prev.interruptGroups);
        i2.putAll(igs);
        List<ValueGroup> v2 = new ArrayList<>(prev.module.valueGroups());
        v2.addAll(vgs.values());
        module = new Module(name, prev.module.caption(), prev.module.id(), List.copyOf(g2.values()), v2);
        modules.put(name, new RawModule(name, module, g2, i2));
      } else {
        modules.put(name, new RawModule(name, module, groups, igs));
      }
    }

    RegisterGroup readGroup(Xml.Node g, Map<String, ValueGroup> vgs, Map<String, Long> sizes) {
      String name = req(g, "name");
      checkChildren(g, GROUP_CHILDREN);
      boolean union = "union".equalsIgnoreCase(g.attr("class"));
      Optional<String> tag = Optional.ofNullable(g.attr("union-tag"));
      List<Register> regs = new ArrayList<>();
      for (Xml.Node r : g.all("register")) regs.add(readRegister(r, vgs));
      regs.sort(Comparator.comparingLong(Register::offset).thenComparing(Register::name));
      List<GroupReference> refs = new ArrayList<>();
      List<Mode> modes = new ArrayList<>();
      for (Xml.Node c : g.all("register-group")) {
        String refName = req(c, "name");
        String in = opt(c, "name-in-module").isEmpty() ? refName : c.attr("name-in-module");
        long offset = optNum(c, "offset").orElse(0L);
        int count = smallInt(c, "count", optNum(c, "count").orElse(1L), 4096);
        if (count < 1) throw error(c, "count=0 on register group " + refName + " (expected 1 or more)");
        long stride = sizes.getOrDefault(in, 0L);
        if (count > 1 && stride == 0) {
          stride = optNum(c, "size").orElse(0L) / count;
          if (stride == 0) throw error(c, "array of register group " + in + " has no element size (expected size= on the group " + in + ")");
        }
        Optional<Long> tv = optNum(c, "union-tag-value");
        refs.add(new GroupReference(refName, in, offset, count, smallInt(c, "size", stride, 1 << 24), tv));
        if (union && tv.isPresent() && tag.isPresent()) {
          // schema 0.3 union: each member is a mode selected by the union tag
          modes.add(new Mode(refName, opt(c, "caption"), tag.get(), tv.get()));
        }
      }
      for (Xml.Node md : g.all("mode")) {
        modes.add(new Mode(req(md, "name"), opt(md, "caption"), opt(md, "qualifier"), optNum(md, "value").orElse(0L)));
      }
      Optional<Integer> size = optNum(g, "size").map(v -> smallInt(g, "size", v, 1 << 24));
      return new RegisterGroup(name, opt(g, "caption"), size, union, tag, regs, refs, modes);
    }

    Register readRegister(Xml.Node r, Map<String, ValueGroup> vgs) {
      String name = req(r, "name");
      checkChildren(r, REGISTER_CHILDREN);
      long offset = reqNum(r, "offset");
      int size = smallInt(r, "size", optNum(r, "size").orElse(1L), 8);
      if (size < 1) throw error(r, "register " + name + " has size 0 (expected 1, 2 or 4)");
      int count = smallInt(r, "count", optNum(r, "count").orElse(1L), 1 << 16);
      if (count < 1) throw error(r, "register " + name + " has count 0 (expected 1 or more)");
      List<BitField> fields = new ArrayList<>();
      for (Xml.Node c : r.children) {
        if (c.tag.equals("bitfield")) fields.add(readField(c, vgs, modes(c.attr("modes"))));
        else if (c.tag.equals("mode")) {
          // schema 0.3: <mode name="..."> wraps the bit fields valid in that mode
          String mode = req(c, "name");
          for (Xml.Node b : c.all("bitfield")) fields.add(readField(b, vgs, List.of(mode)));
        }
      }
      for (Correction c : CORRECTIONS) {
        if (c.device().equalsIgnoreCase(deviceName) && c.module().equals(currentModule) && c.register().equals(name)) {
          for (int i = 0; i < fields.size(); i++) {
            BitField f = fields.get(i);
            if (f.name().equals(c.field()) && f.mask() == c.wrongMask()) {
              fields.set(i, new BitField(f.name(), f.caption(), c.rightMask(), f.access(), f.values(), f.modes()));
              corrections.put(currentModule + "." + name + "." + f.name(),
                  String.format("mask 0x%X corrected to 0x%X: %s", c.wrongMask(), c.rightMask(), c.why()));
            }
          }
        }
      }
      long maxMask = size >= 8 ? -1L : (1L << (8 * size)) - 1;
      for (BitField f : fields) {
        if ((f.mask() & ~maxMask) != 0) {
          warn(r, "bit field " + name + "." + f.name() + " mask 0x" + Long.toHexString(f.mask()) + " exceeds the register's " + size + " byte(s)");
        }
      }
      return new Register(name, opt(r, "caption"), offset, size, count, Access.ofAtdf(r.attr("rw")),
          optNum(r, "initval"), optNum(r, "mask"), fields, modes(r.attr("modes")));
    }

    BitField readField(Xml.Node b, Map<String, ValueGroup> vgs, List<String> modes) {
      String name = req(b, "name");
      long mask = reqNum(b, "mask");
      if (mask == 0) throw error(b, "bit field " + name + " has mask 0 (expected at least one bit)");
      Optional<ValueGroup> values = Optional.empty();
      String vg = b.attr("values");
      if (vg != null && !vg.isBlank()) {
        values = Optional.ofNullable(vgs.get(vg));
        if (values.isEmpty()) warn(b, "bit field " + name + " names value group " + vg + " which its module does not define");
      }
      return new BitField(name, opt(b, "caption"), mask, Access.ofAtdf(b.attr("rw")), values, modes);
    }

    // -------------------------------------------------------------------------- instances

    Peripheral readInstance(Xml.Node pm, RawModule raw, String modName, Xml.Node inst, Map<String, Long> instanceOffsets,
        Map<String, Map<String, String>> props) {
      String name = req(inst, "name");
      List<Xml.Node> rgs = inst.all("register-group");
      List<ResolvedRegister> regs = new ArrayList<>();
      String space = "data";
      long base = 0;
      String groupName = "";
      Module module = raw != null ? raw.module : new Module(modName, "", opt(pm, "id"), List.of(), List.of());
      for (int i = 0; i < rgs.size(); i++) {
        Xml.Node rg = rgs.get(i);
        String in = opt(rg, "name-in-module").isEmpty() ? req(rg, "name") : rg.attr("name-in-module");
        long off = optNum(rg, "offset").orElse(0L);
        String as = opt(rg, "address-space").isEmpty() ? "data" : rg.attr("address-space");
        RawModule owner = raw;
        RegisterGroup g = raw == null ? null : raw.groups.get(in);
        if (g == null) {
          for (RawModule other : modules.values()) {
            if (other.groups.containsKey(in)) {
              owner = other;
              g = other.groups.get(in);
              warn(rg, "instance " + name + " uses register group " + in + " of module " + other.name + " (not of " + modName + ")");
              break;
            }
          }
        }
        if (g == null) {
          throw error(rg, "instance " + name + " names register group '" + in + "' which module " + modName + " does not define (expected a <register-group name=\"" + in + "\"> in <module name=\"" + modName + "\">)");
        }
        String prefix = i == 0 ? "" : req(rg, "name") + ".";
        resolve(owner, g, off, prefix, Optional.empty(), regs, rg, 0);
        if (i == 0) {
          space = as;
          base = off;
          groupName = in;
          if (owner != raw) module = owner.module;
        }
      }
      instanceOffsets.put(name, base);
      regs.sort(Comparator.comparingLong(ResolvedRegister::address).thenComparing(ResolvedRegister::path));
      long shown = base;
      if (base == 0 && !regs.isEmpty() && (arch == Architecture.AVR8 || arch == Architecture.AVR8L) && space.equals("data")) {
        // classic parts: absolute offsets in the module, 0 in the instance; show the lowest register
        shown = regs.get(0).address();
      }
      List<Signal> signals = new ArrayList<>();
      Xml.Node sigs = inst.child("signals");
      if (sigs != null) {
        for (Xml.Node s : sigs.all("signal")) {
          Optional<Integer> idx = optNum(s, "index").map(v -> smallInt(s, "index", v, 1 << 16));
          signals.add(new Signal(opt(s, "group"), opt(s, "function"), req(s, "pad"), idx, Optional.ofNullable(s.attr("field"))));
        }
      }
      params(inst.child("parameters"), "PARAMETERS:" + name, props);
      return new Peripheral(name, opt(inst, "caption"), module, groupName, space, shown, regs, signals);
    }

    void resolve(RawModule owner, RegisterGroup g, long base, String prefix, Optional<String> mode,
        List<ResolvedRegister> out, Xml.Node at, int depth) {
      if (depth > 16) throw error(at, "register group " + g.name() + " nests too deep (a group referring to itself?)");
      if (out.size() > 100_000) throw error(at, "register group " + g.name() + " expands to more than 100000 registers (a wrong count?)");
      for (Register r : g.registers()) {
        if (r.modes().isEmpty()) {
          out.add(new ResolvedRegister(prefix + r.name(), base + r.offset(), r, mode));
        } else {
          // schema 4.x: modes="SINGLE" on registers plays the role of 0.3's union members
          for (String m : r.modes()) out.add(new ResolvedRegister(prefix + m + "." + r.name(), base + r.offset(), r, Optional.of(m)));
        }
      }
      for (GroupReference ref : g.subgroups()) {
        RegisterGroup sub = owner.groups.get(ref.groupName());
        if (sub == null) {
          throw error(at, "register group " + g.name() + " refers to group '" + ref.groupName() + "' which module " + owner.name + " does not define");
        }
        Optional<String> m = g.union() ? Optional.of(ref.name()) : mode;
        for (int i = 0; i < ref.count(); i++) {
          String p = prefix + ref.name() + (ref.count() > 1 ? "[" + i + "]" : "") + ".";
          resolve(owner, sub, base + ref.offset() + (long) i * ref.stride(), p, m, out, at, depth + 1);
        }
      }
    }

    // -------------------------------------------------------------------------- interrupts

    List<Interrupt> readInterrupts(Xml.Node dev, Map<String, String> instanceModule) {
      TreeMap<Integer, List<String[]>> byIndex = new TreeMap<>();
      Xml.Node ints = dev.child("interrupts");
      if (ints != null) {
        for (Xml.Node n : ints.children) {
          if (n.tag.equals("interrupt")) {
            int idx = smallInt(n, "index", reqNum(n, "index"), 1 << 12);
            String inst = opt(n, "module-instance");
            String nm = req(n, "name");
            String full = inst.isEmpty() || nm.startsWith(inst + "_") ? nm : inst + "_" + nm;
            byIndex.computeIfAbsent(idx, k -> new ArrayList<>()).add(new String[] {full, opt(n, "caption"), inst});
          } else if (n.tag.equals("interrupt-group")) {
            // XMEGA: the module lists its interrupts relative to the group's base index
            int base = smallInt(n, "index", reqNum(n, "index"), 1 << 12);
            String inst = req(n, "module-instance");
            String in = req(n, "name-in-module");
            Xml.Node ig = null;
            String mod = instanceModule.get(inst);
            if (mod != null && modules.containsKey(mod)) ig = modules.get(mod).interruptGroups.get(in);
            if (ig == null) for (RawModule rm : modules.values()) if (ig == null) ig = rm.interruptGroups.get(in);
            if (ig == null) throw error(n, "interrupt group '" + in + "' of " + inst + " is not defined by any module");
            for (Xml.Node i : ig.all("interrupt")) {
              int idx = base + smallInt(i, "index", reqNum(i, "index"), 1 << 12);
              byIndex.computeIfAbsent(idx, k -> new ArrayList<>()).add(new String[] {inst + "_" + req(i, "name"), opt(i, "caption"), inst});
            }
          } else {
            warn(n, "unknown element <" + n.tag + "> in <interrupts> ignored");
          }
        }
      }
      if (!byIndex.containsKey(0)) {
        // AVR8X files leave out the reset vector; it is always vector 0
        byIndex.put(0, List.<String[]>of(new String[] {"RESET", "Reset (added: the file lists no vector 0)", ""}));
      }
      List<Interrupt> out = new ArrayList<>();
      for (Map.Entry<Integer, List<String[]>> e : byIndex.entrySet()) {
        List<String[]> l = e.getValue();
        List<String> names = new ArrayList<>();
        for (String[] x : l) if (!names.contains(x[0])) names.add(x[0]);
        out.add(new Interrupt(e.getKey(), names.get(0), l.get(0)[1], l.get(0)[2], names));
      }
      return out;
    }

    // -------------------------------------------------------------------------- fuses

    List<Fuse> fuses(List<Peripheral> peripherals, Map<String, Long> instanceOffsets) {
      List<Fuse> out = new ArrayList<>();
      for (Peripheral p : peripherals) {
        String n = p.name().toUpperCase(Locale.ROOT);
        boolean fuse = n.equals("FUSE") || n.equals("FUSES");
        boolean lock = n.equals("LOCKBIT") || n.equals("LOCKBITS") || n.equals("LOCK");
        if (!fuse && !lock) continue;
        long base = instanceOffsets.getOrDefault(p.name(), 0L);
        for (ResolvedRegister r : p.registers()) {
          int index = (int) (r.address() - base);
          out.add(new Fuse(r.name(), r.register().caption(), index, p.addressSpace(), r.address(), r.size(),
              r.register().initialValue(), r.register().fields(), lock));
        }
      }
      out.sort(Comparator.comparing(Fuse::lockBits).thenComparingInt(Fuse::index));
      return out;
    }
  }
}
