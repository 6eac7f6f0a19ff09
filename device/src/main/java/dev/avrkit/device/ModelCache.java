package dev.avrkit.device;

import dev.avrkit.device.RegisterGroup.GroupReference;
import dev.avrkit.device.RegisterGroup.Mode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A binary copy of one parsed device in {@code cacheDir()/models/}, keyed by the file's path, size,
 * modification time, pack, release and this format's version (the key heads the entry), so that
 * {@code avrkit info} need not parse XML. A cache entry that cannot be read, or whose key differs,
 * is ignored (the file is parsed again and the entry rewritten). Shared objects (a module
 * of many instances, a register of several paths, a value group of several fields) stay shared.
 */
final class ModelCache {
  private ModelCache() {}

  /** "AVKM". */
  private static final int MAGIC = 0x41564B4D;
  /** 3: the entry's key follows the version (2: the key was only hashed into the file name). */
  private static final int VERSION = 3;

  static boolean enabled() {
    return System.getenv(PackIndex.DISABLE_ENV) == null && !Boolean.getBoolean("avrkit.noIndex");
  }

  /**
   * What an entry is valid for: this format's version, the file's path, size and modification time,
   * its pack and release. Stored at the head of the entry and compared in full when read.
   */
  static String key(PackSources.PackFile f) throws IOException {
    BasicFileAttributes a = Files.readAttributes(f.file(), BasicFileAttributes.class);
    return "model v" + VERSION + "\n" + f.display() + "\n" + a.size() + "\n" + a.lastModifiedTime().toMillis()
        + "\n" + f.pack() + "\n" + f.release();
  }

  /** The entry's file: the device name and a hash of the key. */
  static Path entry(PackSources.PackFile f, String key) {
    return PackSources.cacheDir().resolve("models").resolve(f.device() + "-" + HexFormat.of().toHexDigits(hash64(key)) + ".bin");
  }

  /**
   * FNV-1a, 64 bits: names cache files. Not cryptographic, nor need it be (an entry holds its full
   * key); a message digest would load the security providers, a good part of a short command's
   * start-up.
   */
  static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** The cached device, if a valid entry exists. */
  static Optional<Device> load(PackSources.PackFile f) {
    if (!enabled()) return Optional.empty();
    try {
      String key = key(f);
      Path p = entry(f, key);
      if (!Files.isRegularFile(p)) return Optional.empty();
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) return Optional.empty();
        Reader r = new Reader(in);
        if (!r.s().equals(key)) return Optional.empty();
        return Optional.of(r.device());
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Stores the device (best effort: a read-only cache is no error). */
  static void store(PackSources.PackFile f, Device d) {
    if (!enabled()) return;
    try {
      String key = key(f);
      Path p = entry(f, key);
      Files.createDirectories(p.getParent());
      Path tmp = Files.createTempFile(p.getParent(), ".model", ".tmp");
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        Writer w = new Writer(out);
        w.s(key);
        w.device(d);
      }
      try {
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      // skipped: the next run parses the file again
    }
  }

  // ---------------------------------------------------------------------------------------------

  static final class Writer {
    final DataOutputStream o;
    final Map<Object, Integer> ids = new IdentityHashMap<>();

    Writer(DataOutputStream o) { this.o = o; }

    void s(String v) throws IOException {
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      o.writeInt(b.length);
      o.write(b);
    }

    void optS(Optional<String> v) throws IOException {
      o.writeBoolean(v.isPresent());
      if (v.isPresent()) s(v.get());
    }

    void optL(Optional<Long> v) throws IOException {
      o.writeBoolean(v.isPresent());
      if (v.isPresent()) o.writeLong(v.get());
    }

    void optI(Optional<Integer> v) throws IOException {
      o.writeBoolean(v.isPresent());
      if (v.isPresent()) o.writeInt(v.get());
    }

    void strings(List<String> l) throws IOException {
      o.writeInt(l.size());
      for (String x : l) s(x);
    }

    /** Writes a reference: -1 then the object the first time, its number after. */
    boolean ref(Object x) throws IOException {
      Integer id = ids.get(x);
      if (id != null) {
        o.writeInt(id);
        return false;
      }
      ids.put(x, ids.size());
      o.writeInt(-1);
      return true;
    }

    void device(Device d) throws IOException {
      s(d.name());
      s(d.family());
      o.writeInt(d.architecture().ordinal());
      optS(d.series());
      s(d.pack().name());
      s(d.pack().release());
      s(d.pack().source().toString());
      s(d.pack().schemaVersion());
      o.writeInt(d.addressSpaces().size());
      for (AddressSpace a : d.addressSpaces()) {
        s(a.id());
        s(a.name());
        o.writeLong(a.start());
        o.writeLong(a.size());
        o.writeInt(a.segments().size());
        for (MemorySegment m : a.segments()) {
          s(m.name());
          s(m.type());
          s(m.addressSpace());
          o.writeLong(m.start());
          o.writeLong(m.size());
          optI(m.pageSize());
          o.writeInt(m.access().ordinal());
          o.writeBoolean(m.executable());
          optS(m.external());
        }
      }
      o.writeInt(d.modules().size());
      for (Module m : d.modules()) module(m);
      o.writeInt(d.peripherals().size());
      for (Peripheral p : d.peripherals()) {
        s(p.name());
        s(p.caption());
        module(p.module());
        s(p.registerGroupName());
        s(p.addressSpace());
        o.writeLong(p.baseAddress());
        o.writeInt(p.registers().size());
        for (ResolvedRegister r : p.registers()) {
          s(r.path());
          o.writeLong(r.address());
          register(r.register());
          optS(r.mode());
        }
        o.writeInt(p.signals().size());
        for (Signal g : p.signals()) {
          s(g.group());
          s(g.function());
          s(g.pad());
          optI(g.index());
          optS(g.field());
        }
      }
      o.writeInt(d.interrupts().size());
      for (Interrupt i : d.interrupts()) {
        o.writeInt(i.index());
        s(i.name());
        s(i.caption());
        s(i.instance());
        strings(i.names());
      }
      o.writeInt(d.fuses().size());
      for (Fuse f : d.fuses()) {
        s(f.name());
        s(f.caption());
        o.writeInt(f.index());
        s(f.addressSpace());
        o.writeLong(f.address());
        o.writeInt(f.size());
        optL(f.defaultValue());
        fields(f.fields());
        o.writeBoolean(f.lockBits());
      }
      o.writeInt(d.pinouts().size());
      for (Pinout p : d.pinouts()) {
        s(p.name());
        s(p.caption());
        o.writeInt(p.pins().size());
        for (Pinout.Pin pin : p.pins()) {
          s(pin.position());
          s(pin.pad());
        }
      }
      strings(d.programmingInterfaces());
      o.writeInt(d.propertyGroups().size());
      for (Map.Entry<String, Map<String, String>> g : d.propertyGroups().entrySet()) {
        s(g.getKey());
        o.writeInt(g.getValue().size());
        for (Map.Entry<String, String> e : g.getValue().entrySet()) {
          s(e.getKey());
          s(e.getValue());
        }
      }
      strings(d.warnings());
    }

    void module(Module m) throws IOException {
      if (!ref(m)) return;
      s(m.name());
      s(m.caption());
      s(m.id());
      o.writeInt(m.valueGroups().size());
      for (ValueGroup v : m.valueGroups()) valueGroup(v);
      o.writeInt(m.registerGroups().size());
      for (RegisterGroup g : m.registerGroups()) {
        s(g.name());
        s(g.caption());
        optI(g.size());
        o.writeBoolean(g.union());
        optS(g.unionTag());
        o.writeInt(g.registers().size());
        for (Register r : g.registers()) register(r);
        o.writeInt(g.subgroups().size());
        for (GroupReference r : g.subgroups()) {
          s(r.name());
          s(r.groupName());
          o.writeLong(r.offset());
          o.writeInt(r.count());
          o.writeInt(r.stride());
          optL(r.unionTagValue());
        }
        o.writeInt(g.modes().size());
        for (Mode md : g.modes()) {
          s(md.name());
          s(md.caption());
          s(md.qualifier());
          o.writeLong(md.value());
        }
      }
    }

    void valueGroup(ValueGroup v) throws IOException {
      if (!ref(v)) return;
      s(v.name());
      s(v.caption());
      o.writeInt(v.values().size());
      for (Value x : v.values()) {
        s(x.name());
        s(x.caption());
        o.writeLong(x.value());
      }
    }

    void register(Register r) throws IOException {
      if (!ref(r)) return;
      s(r.name());
      s(r.caption());
      o.writeLong(r.offset());
      o.writeInt(r.size());
      o.writeInt(r.count());
      o.writeInt(r.access().ordinal());
      optL(r.initialValue());
      optL(r.mask());
      fields(r.fields());
      strings(r.modes());
    }

    void fields(List<BitField> fs) throws IOException {
      o.writeInt(fs.size());
      for (BitField f : fs) {
        s(f.name());
        s(f.caption());
        o.writeLong(f.mask());
        o.writeInt(f.access().ordinal());
        o.writeBoolean(f.values().isPresent());
        if (f.values().isPresent()) valueGroup(f.values().get());
        strings(f.modes());
      }
    }
  }

  static final class Reader {
    final DataInputStream in;
    final List<Object> objects = new ArrayList<>();

    Reader(DataInputStream in) { this.in = in; }

    String s() throws IOException {
      int n = in.readInt();
      if (n < 0 || n > (1 << 24)) throw new IOException("bad string length");
      byte[] b = new byte[n];
      in.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    Optional<String> optS() throws IOException { return in.readBoolean() ? Optional.of(s()) : Optional.empty(); }

    Optional<Long> optL() throws IOException { return in.readBoolean() ? Optional.of(in.readLong()) : Optional.empty(); }

    Optional<Integer> optI() throws IOException { return in.readBoolean() ? Optional.of(in.readInt()) : Optional.empty(); }

    int count() throws IOException {
      int n = in.readInt();
      if (n < 0 || n > (1 << 22)) throw new IOException("bad count");
      return n;
    }

    List<String> strings() throws IOException {
      int n = count();
      List<String> l = new ArrayList<>(n);
      for (int i = 0; i < n; i++) l.add(s());
      return l;
    }

    /** -1: a new object follows (the caller reads it and registers it); else the earlier object. */
    Object known() throws IOException {
      int id = in.readInt();
      if (id == -1) return null;
      return objects.get(id);
    }

    int reserve() {
      objects.add(null);
      return objects.size() - 1;
    }

    Device device() throws IOException {
      String name = s();
      String family = s();
      Architecture arch = Architecture.values()[in.readInt()];
      Optional<String> series = optS();
      PackInfo pack = new PackInfo(s(), s(), Path.of(s()), s());
      int ns = count();
      List<AddressSpace> spaces = new ArrayList<>();
      for (int i = 0; i < ns; i++) {
        String id = s();
        String nm = s();
        long start = in.readLong();
        long size = in.readLong();
        int nseg = count();
        List<MemorySegment> segs = new ArrayList<>();
        for (int k = 0; k < nseg; k++) {
          segs.add(new MemorySegment(s(), s(), s(), in.readLong(), in.readLong(), optI(), Access.values()[in.readInt()],
              in.readBoolean(), optS()));
        }
        spaces.add(new AddressSpace(id, nm, start, size, segs));
      }
      int nm = count();
      List<Module> modules = new ArrayList<>();
      for (int i = 0; i < nm; i++) modules.add(module());
      int np = count();
      List<Peripheral> ps = new ArrayList<>();
      for (int i = 0; i < np; i++) {
        String pn = s();
        String cap = s();
        Module mod = module();
        String gname = s();
        String space = s();
        long base = in.readLong();
        int nr = count();
        List<ResolvedRegister> regs = new ArrayList<>(nr);
        for (int k = 0; k < nr; k++) regs.add(new ResolvedRegister(s(), in.readLong(), register(), optS()));
        int ng = count();
        List<Signal> sigs = new ArrayList<>(ng);
        for (int k = 0; k < ng; k++) sigs.add(new Signal(s(), s(), s(), optI(), optS()));
        ps.add(new Peripheral(pn, cap, mod, gname, space, base, regs, sigs));
      }
      int ni = count();
      List<Interrupt> ints = new ArrayList<>();
      for (int i = 0; i < ni; i++) ints.add(new Interrupt(in.readInt(), s(), s(), s(), strings()));
      int nf = count();
      List<Fuse> fuses = new ArrayList<>();
      for (int i = 0; i < nf; i++) {
        fuses.add(new Fuse(s(), s(), in.readInt(), s(), in.readLong(), in.readInt(), optL(), fields(), in.readBoolean()));
      }
      int npo = count();
      List<Pinout> pinouts = new ArrayList<>();
      for (int i = 0; i < npo; i++) {
        String pn = s();
        String cap = s();
        int n = count();
        List<Pinout.Pin> pins = new ArrayList<>(n);
        for (int k = 0; k < n; k++) pins.add(new Pinout.Pin(s(), s()));
        pinouts.add(new Pinout(pn, cap, pins));
      }
      List<String> ifaces = strings();
      int ng = count();
      Map<String, Map<String, String>> props = new LinkedHashMap<>();
      for (int i = 0; i < ng; i++) {
        String g = s();
        int n = count();
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) m.put(s(), s());
        props.put(g, Map.copyOf(m));
      }
      List<String> warnings = strings();
      return new Device(name, family, arch, series, pack, spaces, modules, ps, ints, fuses, pinouts, ifaces, props, warnings);
    }

    Module module() throws IOException {
      Object k = known();
      if (k != null) return (Module) k;
      int id = reserve();
      String name = s();
      String cap = s();
      String mid = s();
      int nv = count();
      List<ValueGroup> vgs = new ArrayList<>();
      for (int i = 0; i < nv; i++) vgs.add(valueGroup());
      int ng = count();
      List<RegisterGroup> groups = new ArrayList<>();
      for (int i = 0; i < ng; i++) {
        String gn = s();
        String gc = s();
        Optional<Integer> size = optI();
        boolean union = in.readBoolean();
        Optional<String> tag = optS();
        int nr = count();
        List<Register> regs = new ArrayList<>(nr);
        for (int r = 0; r < nr; r++) regs.add(register());
        int nref = count();
        List<GroupReference> refs = new ArrayList<>();
        for (int r = 0; r < nref; r++) refs.add(new GroupReference(s(), s(), in.readLong(), in.readInt(), in.readInt(), optL()));
        int nmd = count();
        List<Mode> modes = new ArrayList<>();
        for (int r = 0; r < nmd; r++) modes.add(new Mode(s(), s(), s(), in.readLong()));
        groups.add(new RegisterGroup(gn, gc, size, union, tag, regs, refs, modes));
      }
      Module m = new Module(name, cap, mid, groups, vgs);
      objects.set(id, m);
      return m;
    }

    ValueGroup valueGroup() throws IOException {
      Object k = known();
      if (k != null) return (ValueGroup) k;
      int id = reserve();
      String name = s();
      String cap = s();
      int n = count();
      List<Value> vs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) vs.add(new Value(s(), s(), in.readLong()));
      ValueGroup v = new ValueGroup(name, cap, vs);
      objects.set(id, v);
      return v;
    }

    Register register() throws IOException {
      Object k = known();
      if (k != null) return (Register) k;
      int id = reserve();
      Register r = new Register(s(), s(), in.readLong(), in.readInt(), in.readInt(), Access.values()[in.readInt()], optL(), optL(),
          fields(), strings());
      objects.set(id, r);
      return r;
    }

    List<BitField> fields() throws IOException {
      int n = count();
      List<BitField> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String name = s();
        String cap = s();
        long mask = in.readLong();
        Access a = Access.values()[in.readInt()];
        Optional<ValueGroup> vg = in.readBoolean() ? Optional.of(valueGroup()) : Optional.empty();
        out.add(new BitField(name, cap, mask, a, vg, strings()));
      }
      return out;
    }
  }
}
