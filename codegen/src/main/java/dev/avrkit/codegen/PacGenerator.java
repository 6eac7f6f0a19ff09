package dev.avrkit.codegen;

import dev.avrkit.device.Access;
import dev.avrkit.device.Architecture;
import dev.avrkit.device.BitField;
import dev.avrkit.device.Device;
import dev.avrkit.device.Interrupt;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Register;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Value;
import dev.avrkit.device.ValueGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the Rust register crate ("peripheral access crate") and start-up runtime for one
 * device from the device model. The crate has no dependencies and is {@code no_std}; see {@link
 * GeneratedCrate#writeTo} to put it on disk.
 *
 * <p>Layout of the generated crate: {@code src/generic.rs} (register access machinery), one module
 * per peripheral type (shared by all instances with the same register layout), {@code
 * Peripherals} with one field per instance, {@code Interrupt}, {@code interrupt} (enable, disable,
 * free), {@code ccp} (AVR8X protected writes), {@code runtime} (vector table, reset handler) and
 * the {@code entry!}/{@code interrupt!} macros.
 */
public final class PacGenerator {
  private PacGenerator() {}

  /** The crate name for a device: {@code avr-atmega4809} (Rust name {@code avr_atmega4809}). */
  public static String crateName(Device d) {
    return "avr-" + d.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  /** Generates the crate's files for a device. */
  public static GeneratedCrate generate(Device d) {
    return new PacGenerator.Gen(d).run();
  }

  /** The address that a peripheral's register block starts at (its lowest register address). */
  static long origin(Peripheral p) {
    return Gen.origin(p);
  }

  private static String resource(String name) {
    try (InputStream in = PacGenerator.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One register of a block, with its offset relative to the block origin. */
  private record Item(String name, long offset, int size, int count, Register reg, String caption, List<String> sources) {
    long end() {
      return offset + (long) size * count;
    }
  }

  /** A register block type: the main (mode-less) items plus one list per mode. */
  private record BlockType(
      String moduleName, String caption, long size, List<Item> main, Map<String, List<Item>> modes,
      boolean portLike) {}

  private static final Pattern NUMBERED = Pattern.compile("^([A-Za-z_]*?[A-Za-z_])(\\d+)([A-Za-z_]*)$");
  private static final java.util.Set<String> RESERVED_R = java.util.Set.of("bits", "extract", "variant");
  private static final java.util.Set<String> RESERVED_W = java.util.Set.of("bits", "set", "new", "variant");

  private static final class Gen {
    final Device d;
    final AvrCore core;
    final StringBuilder lib = new StringBuilder();
    final Map<String, String> files = new TreeMap<>();
    /** instance type module -> (register source path -> offset expression inside the module). */
    final Map<String, Map<String, String>> offsetExprs = new LinkedHashMap<>();
    final Map<String, Long> fieldMasks = new TreeMap<>();
    final RustNames.Scope rootScope =
        new RustNames.Scope("generic", "runtime", "interrupt", "ccp", "Peripherals", "Interrupt", "DEVICE");

    Gen(Device d) {
      this.d = d;
      this.core = AvrCore.of(d);
    }

    GeneratedCrate run() {
      String crate = crateName(d);
      // peripheral instances in data space, grouped by identical layout
      List<Peripheral> periphs = d.peripherals().stream()
          .filter(p -> p.addressSpace().equals("data") && !p.registers().isEmpty())
          .sorted(Comparator.comparingLong(Gen::origin).thenComparing(Peripheral::name))
          .toList();
      Map<String, BlockType> types = new LinkedHashMap<>(); // signature -> type
      Map<String, List<String>> sigsByModule = new LinkedHashMap<>();
      Map<Peripheral, String> sigOf = new LinkedHashMap<>();
      Map<String, Peripheral> firstBySig = new LinkedHashMap<>();
      for (Peripheral p : periphs) {
        String sig = signature(p);
        sigOf.put(p, sig);
        firstBySig.putIfAbsent(sig, p);
        List<String> l = sigsByModule.computeIfAbsent(p.module().name(), k -> new ArrayList<>());
        if (!l.contains(sig)) l.add(sig);
      }
      StringBuilder modules = new StringBuilder();
      for (var e : firstBySig.entrySet()) {
        Peripheral p = e.getValue();
        boolean single = sigsByModule.get(p.module().name()).size() == 1;
        String modName = rootScope.unique(RustNames.snake(single ? p.module().name() : p.registerGroupName()));
        BlockType t = blockType(p, modName);
        types.put(e.getKey(), t);
        modules.append(emitModule(t, p));
      }

      StringBuilder s = lib;
      s.append("//! Register access and start-up runtime for the ").append(d.name())
          .append(" (").append(d.architecture().coreName()).append(" core), generated by avrkit from\n")
          .append("//! ").append(d.pack().name()).append(" ").append(d.pack().release()).append(".\n")
          .append("//!\n//! ```ignore\n//! entry!(main);\n//!\n//! fn main(dp: Peripherals) -> ! {\n//!     loop {}\n//! }\n//! ```\n");
      s.append("#![no_std]\n");
      s.append("#![cfg_attr(target_arch = \"avr\", feature(asm_experimental_arch))]\n");
      s.append("#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals, clippy::all)]\n\n");
      s.append("use core::marker::PhantomData;\nuse core::ops::Deref;\n\n");
      s.append("pub mod generic;\npub mod runtime;\n\n");
      s.append("/// The device this crate was generated for.\npub const DEVICE: &str = \"").append(d.name()).append("\";\n\n");
      emitInterrupts(s);
      emitPeripherals(s, periphs, sigOf, types);
      if (d.architecture() == Architecture.AVR8X && ccpAddress().isPresent()) emitCcp(s);
      s.append(modules);
      files.put("src/lib.rs", s.toString());
      files.put("src/generic.rs", resource("generic.rs").replace("@HIGH_BYTE_FIRST@", Boolean.toString(core.classic16BitOrder())));
      files.put("src/runtime.rs", new RuntimeWriter(d, core).runtime());
      files.put("Cargo.toml", """
          [package]
          name = "%s"
          version = "0.1.0"
          edition = "2021"
          description = "Register access and start-up runtime for the %s (generated by avrkit)"
          license = "MIT OR Apache-2.0"

          [lib]
          path = "src/lib.rs"

          [dependencies]
          """.formatted(crate, d.name()));
      Map<String, String> layout = new TreeMap<>();
      for (Peripheral p : periphs) {
        Map<String, String> m = offsetExprs.getOrDefault(types.get(sigOf.get(p)).moduleName(), Map.of());
        String inst = RustNames.upper(p.name());
        m.forEach((path, expr) -> layout.put(p.name() + "." + path, inst + "::ADDRESS + " + expr));
      }
      return new GeneratedCrate(crate, d.name(), files, layout, fieldMasks);
    }

    static long origin(Peripheral p) {
      long min = p.registers().stream().mapToLong(ResolvedRegister::address).min().orElse(0);
      return p.baseAddress() > 0 && p.baseAddress() <= min ? p.baseAddress() : min;
    }

    static String signature(Peripheral p) {
      long o = origin(p);
      StringBuilder b = new StringBuilder(p.module().name()).append('|');
      for (ResolvedRegister r : p.registers()) {
        Register g = r.register();
        b.append(r.path()).append('@').append(r.address() - o).append(':').append(g.size()).append('x')
            .append(g.count()).append(g.access()).append(r.mode().orElse("")).append(g.initialValue().orElse(0L))
            .append('[');
        for (BitField f : g.fields()) {
          b.append(f.name()).append('=').append(f.mask()).append(f.access())
              .append(f.values().map(ValueGroup::name).orElse("")).append(',');
        }
        b.append(']');
      }
      return b.toString();
    }

    BlockType blockType(Peripheral p, String modName) {
      long o = origin(p);
      List<Item> main = new ArrayList<>();
      Map<String, List<Item>> modes = new LinkedHashMap<>();
      long size = 0;
      for (ResolvedRegister r : p.registers()) {
        Register g = r.register();
        String path = r.path();
        if (r.mode().isPresent()) {
          String m = r.mode().get();
          if (path.toUpperCase(Locale.ROOT).startsWith(m.toUpperCase(Locale.ROOT) + ".")) path = path.substring(m.length() + 1);
        }
        Item it = new Item(path.replace('.', '_'), r.address() - o, g.size(), Math.max(1, g.count()), g, g.caption(),
            List.of(r.path()));
        size = Math.max(size, it.end());
        (r.mode().isPresent() ? modes.computeIfAbsent(r.mode().get(), k -> new ArrayList<>()) : main).add(it);
      }
      boolean portLike = p.module().name().equalsIgnoreCase("PORT") || p.module().name().equalsIgnoreCase("VPORT");
      Map<String, List<Item>> mergedModes = new LinkedHashMap<>();
      modes.forEach((k, v) -> mergedModes.put(k, mergeArrays(v)));
      return new BlockType(modName, p.module().caption(), size, mergeArrays(main), mergedModes, portLike);
    }

    /** Merges numbered registers at consecutive addresses with equal fields (PIN0CTRL..PIN7CTRL). */
    static List<Item> mergeArrays(List<Item> items) {
      List<Item> sorted = new ArrayList<>(items);
      sorted.sort(Comparator.comparingLong(Item::offset).thenComparing(Item::name));
      Map<String, List<Item>> byPattern = new LinkedHashMap<>();
      for (Item it : sorted) {
        Matcher m = NUMBERED.matcher(it.name());
        if (it.count() == 1 && m.matches()) byPattern.computeIfAbsent(m.group(1) + "#" + m.group(3), k -> new ArrayList<>()).add(it);
      }
      List<Item> out = new ArrayList<>(sorted);
      java.util.Set<String> names = new java.util.HashSet<>();
      for (Item it : sorted) names.add(it.name());
      for (var e : byPattern.entrySet()) {
        List<Item> g = e.getValue();
        if (g.size() < 2) continue;
        boolean ok = true;
        for (int i = 0; i < g.size() && ok; i++) {
          Matcher m = NUMBERED.matcher(g.get(i).name());
          m.matches();
          Item first = g.get(0);
          ok = Integer.parseInt(m.group(2)) == i && g.get(i).size() == first.size()
              && g.get(i).offset() == first.offset() + (long) i * first.size()
              && fieldsKey(g.get(i).reg()).equals(fieldsKey(first.reg()))
              && g.get(i).reg().access() == first.reg().access();
        }
        String name = e.getKey().replace("#", "");
        if (!ok || names.contains(name)) continue;
        Item first = g.get(0);
        out.removeAll(g);
        String cap = first.caption() == null ? "" : first.caption().replaceAll("\\b0\\b", "n");
        List<String> src = new ArrayList<>();
        for (Item x : g) src.addAll(x.sources());
        out.add(new Item(name, first.offset(), first.size(), g.size(), first.reg(), cap, src));
      }
      out.sort(Comparator.comparingLong(Item::offset).thenComparing(Item::name));
      return out;
    }

    static String fieldsKey(Register r) {
      StringBuilder b = new StringBuilder();
      for (BitField f : r.fields()) b.append(f.name()).append(f.mask()).append(f.values().map(ValueGroup::name).orElse("")).append(';');
      return b.toString() + r.initialValue().orElse(0L);
    }

    // ---------------------------------------------------------------- modules

    String emitModule(BlockType t, Peripheral p) {
      StringBuilder s = new StringBuilder();
      String m = t.moduleName();
      s.append("/// ").append(RustNames.doc(t.caption(), p.module().name())).append("\npub mod ").append(m).append(" {\n");
      // enumerations used by this type's fields
      Map<String, String> enumNames = new LinkedHashMap<>(); // value group name -> rust enum name
      Map<String, String> enumRaw = new LinkedHashMap<>();
      RustNames.Scope scope = new RustNames.Scope("RegisterBlock");
      List<Item> all = new ArrayList<>(t.main());
      t.modes().values().forEach(all::addAll);
      // register type names first (they are the user-visible ones)
      Map<Item, String> mainTypes = new LinkedHashMap<>();
      for (Item it : t.main()) mainTypes.put(it, scope.unique(RustNames.upper(it.name())));
      StringBuilder enums = new StringBuilder();
      for (Item it : all) {
        for (BitField f : it.reg().fields()) {
          if (f.values().isEmpty() || f.values().get().values().isEmpty()) continue;
          ValueGroup vg = f.values().get();
          if (enumNames.containsKey(vg.name())) continue;
          String raw = rawType(f.width());
          String en = emitEnum(enums, vg, raw, scope, p.module().name());
          if (en != null) {
            enumNames.put(vg.name(), en);
            enumRaw.put(vg.name(), raw);
          }
        }
      }
      Ctx ctx = new Ctx("crate::" + m, enumNames, enumRaw, t.portLike());
      emitBlock(s, t.main(), mainTypes, t.size(), t.modes().keySet(), ctx, "    ", m + "::RegisterBlock", p.module().name());
      s.append(enums);
      for (var e : t.modes().entrySet()) {
        String vm = RustNames.snake(e.getKey());
        s.append("    /// Registers in ").append(e.getKey()).append(" mode (a view of the same memory).\n");
        s.append("    pub mod ").append(vm).append(" {\n");
        RustNames.Scope vs = new RustNames.Scope("RegisterBlock");
        Map<Item, String> vt = new LinkedHashMap<>();
        for (Item it : e.getValue()) vt.put(it, vs.unique(RustNames.upper(it.name())));
        emitBlock(s, e.getValue(), vt, t.size(), java.util.Set.of(), ctx, "        ", m + "::" + vm + "::RegisterBlock",
            p.module().name());
        s.append("    }\n");
      }
      s.append("}\n\n");
      return s.toString();
    }

    record Ctx(String modPath, Map<String, String> enumNames, Map<String, String> enumRaw, boolean portLike) {}

    void emitBlock(StringBuilder s, List<Item> items, Map<Item, String> typeNames, long size,
        java.util.Set<String> views, Ctx ctx, String ind, String blockPath, String moduleName) {
      Map<String, String> exprs = offsetExprs.computeIfAbsent(ctx.modPath().substring("crate::".length()), k -> new LinkedHashMap<>());
      RustNames.Scope members = new RustNames.Scope();
      StringBuilder st = new StringBuilder();
      StringBuilder methods = new StringBuilder();
      st.append(ind).append("/// The registers, at their offsets from the instance's address.\n");
      st.append(ind).append("#[repr(C)]\n").append(ind).append("pub struct RegisterBlock {\n");
      long cursor = 0;
      int reserved = 0;
      for (Item it : items) {
        String tn = typeNames.get(it);
        String fname = members.unique(RustNames.snake(it.name()));
        String ty = it.count() > 1 ? "[" + tn + "; " + it.count() + "]" : tn;
        String doc = RustNames.doc(it.caption(), it.name());
        if (it.offset() >= cursor) {
          if (it.offset() > cursor) {
            st.append(ind).append("    _reserved").append(reserved++).append(": [u8; ").append(it.offset() - cursor).append("],\n");
          }
          st.append(ind).append("    /// ").append(doc).append(" (offset 0x").append(Long.toHexString(it.offset())).append(")\n");
          st.append(ind).append("    pub ").append(fname).append(": ").append(ty).append(",\n");
          cursor = it.end();
          for (int k = 0; k < it.sources().size(); k++) {
            exprs.put(it.sources().get(k), "core::mem::offset_of!(crate::" + blockPath + ", " + fname + ")"
                + (it.sources().size() > 1 ? " + " + k * it.size() : ""));
          }
          if (it.count() > 1) {
            methods.append(ind).append("    /// ").append(doc).append(": element `n` (panics when out of range).\n");
            methods.append(ind).append("    #[inline(always)]\n");
            methods.append(ind).append("    pub fn ").append(fname).append("(&self, n: usize) -> &").append(tn).append(" {\n");
            methods.append(ind).append("        &self.").append(fname).append("[n]\n").append(ind).append("    }\n");
          }
        } else {
          // overlaps an earlier register: reachable through an accessor
          methods.append(ind).append("    /// ").append(doc).append(" (offset 0x").append(Long.toHexString(it.offset()))
              .append(", overlaps another register)\n");
          methods.append(ind).append("    #[inline(always)]\n");
          methods.append(ind).append("    pub fn ").append(fname).append("(&self) -> &").append(ty).append(" {\n");
          methods.append(ind).append("        unsafe { &*(self as *const Self as *const u8).add(").append(it.offset())
              .append(").cast() }\n").append(ind).append("    }\n");
        }
      }
      if (size > cursor) st.append(ind).append("    _reserved").append(reserved).append(": [u8; ").append(size - cursor).append("],\n");
      st.append(ind).append("}\n\n");
      for (String v : views) {
        String vm = RustNames.snake(v);
        String mname = members.unique(vm);
        methods.append(ind).append("    /// The registers in ").append(v).append(" mode.\n");
        methods.append(ind).append("    #[inline(always)]\n");
        methods.append(ind).append("    pub fn ").append(mname).append("(&self) -> &").append(vm).append("::RegisterBlock {\n");
        methods.append(ind).append("        unsafe { &*(self as *const Self).cast() }\n").append(ind).append("    }\n");
      }
      s.append(st);
      if (methods.length() > 0) {
        s.append(ind).append("impl RegisterBlock {\n").append(methods).append(ind).append("}\n\n");
      }
      s.append(ind).append("const _: () = assert!(core::mem::size_of::<RegisterBlock>() == ").append(size).append(");\n\n");
      for (Item it : items) emitRegister(s, it, typeNames.get(it), ctx, ind, moduleName);
    }

    void emitRegister(StringBuilder s, Item it, String tn, Ctx ctx, String ind, String moduleName) {
      Register g = it.reg();
      String ux = "u" + (8 * g.size());
      String spec = tn + "_SPEC";
      String doc = RustNames.doc(it.caption(), it.name());
      long regMask = g.size() >= 4 ? 0xFFFFFFFFL : (1L << (8 * g.size())) - 1;
      List<BitField> fields = new ArrayList<>();
      for (BitField f : g.fields()) if ((f.mask() & regMask) != 0) fields.add(f);
      if (fields.isEmpty() && ctx.portLike() && g.size() == 1) {
        long m = g.mask().orElse(0xFFL);
        for (int i = 0; i < 8; i++) {
          if ((m & (1L << i)) != 0) {
            fields.add(new BitField("PIN" + i, "Pin " + i, 1L << i, g.access(), Optional.empty(), List.of()));
          }
        }
      }
      s.append(ind).append("/// ").append(doc).append("\n");
      s.append(ind).append("pub type ").append(tn).append(" = crate::generic::Reg<").append(spec).append(">;\n");
      s.append(ind).append("/// Describes the register [`").append(tn).append("`].\n");
      s.append(ind).append("pub struct ").append(spec).append(";\n");
      s.append(ind).append("impl crate::generic::RegisterSpec for ").append(spec).append(" {\n")
          .append(ind).append("    type Ux = ").append(ux).append(";\n").append(ind).append("}\n");
      if (g.access().readable()) s.append(ind).append("impl crate::generic::Readable for ").append(spec).append(" {}\n");
      if (g.access().writable()) s.append(ind).append("impl crate::generic::Writable for ").append(spec).append(" {}\n");
      if (g.fields().isEmpty() && !(ctx.portLike() && g.size() == 1)) {
        s.append(ind).append("impl crate::generic::SafeBits for ").append(spec).append(" {}\n");
      }
      s.append(ind).append("impl crate::generic::Resettable for ").append(spec).append(" {\n")
          .append(ind).append("    const RESET_VALUE: ").append(ux).append(" = 0x")
          .append(Long.toHexString(g.initialValue().orElse(0L) & regMask)).append(";\n").append(ind).append("}\n");
      if (fields.isEmpty()) {
        s.append('\n');
        return;
      }
      RustNames.Scope rs = new RustNames.Scope(RESERVED_R.toArray(String[]::new));
      RustNames.Scope ws = new RustNames.Scope(RESERVED_W.toArray(String[]::new));
      StringBuilder r = new StringBuilder();
      StringBuilder w = new StringBuilder();
      for (BitField f : fields) {
        long mask = f.mask() & regMask;
        String hex = "0x" + Long.toHexString(mask);
        String fdoc = RustNames.doc(f.caption(), f.name());
        int width = Long.bitCount(mask);
        String fi = rawType(width);
        String en = "()";
        if (f.values().isPresent() && ctx.enumNames().containsKey(f.values().get().name())
            && ctx.enumRaw().get(f.values().get().name()).equals(fi)) {
          en = ctx.modPath() + "::" + ctx.enumNames().get(f.values().get().name());
        }
        String base = RustNames.snake(f.name());
        fieldMasks.merge(moduleName.toUpperCase(Locale.ROOT) + "." + it.name().toUpperCase(Locale.ROOT) + "." + f.name().toUpperCase(Locale.ROOT),
            mask, (x, y) -> x | y);
        if (g.access().readable() && f.access().readable()) {
          String n = rs.unique(base);
          r.append(ind).append("    /// ").append(fdoc).append(" (mask ").append(hex).append(")\n");
          r.append(ind).append("    #[inline(always)]\n");
          if (width == 1) {
            r.append(ind).append("    pub fn ").append(n).append("(&self) -> crate::generic::BitReader {\n")
                .append(ind).append("        crate::generic::BitReader::extract::<").append(hex).append(">(self.bits as u32)\n");
          } else {
            r.append(ind).append("    pub fn ").append(n).append("(&self) -> crate::generic::FieldReader<").append(fi).append(", ").append(en).append("> {\n")
                .append(ind).append("        crate::generic::FieldReader::extract::<").append(hex).append(">(self.bits as u32)\n");
          }
          r.append(ind).append("    }\n");
        }
        if (g.access().writable() && f.access().writable()) {
          String n = ws.unique(base);
          w.append(ind).append("    /// ").append(fdoc).append(" (mask ").append(hex).append(")\n");
          w.append(ind).append("    #[inline(always)]\n");
          if (width == 1) {
            w.append(ind).append("    pub fn ").append(n).append("(&mut self) -> crate::generic::BitWriter<'_, ").append(spec).append(", ").append(hex).append("> {\n")
                .append(ind).append("        crate::generic::BitWriter::new(self)\n");
          } else {
            w.append(ind).append("    pub fn ").append(n).append("(&mut self) -> crate::generic::FieldWriter<'_, ").append(spec).append(", ")
                .append(fi).append(", ").append(en).append(", ").append(hex).append("> {\n")
                .append(ind).append("        crate::generic::FieldWriter::new(self)\n");
          }
          w.append(ind).append("    }\n");
        }
      }
      if (r.length() > 0) s.append(ind).append("impl crate::generic::R<").append(spec).append("> {\n").append(r).append(ind).append("}\n");
      if (w.length() > 0) s.append(ind).append("impl crate::generic::W<").append(spec).append("> {\n").append(w).append(ind).append("}\n");
      s.append('\n');
    }

    static String rawType(int width) {
      return width <= 8 ? "u8" : width <= 16 ? "u16" : "u32";
    }

    /** Emits an enumeration for a value group; null when none of its values fits. */
    String emitEnum(StringBuilder s, ValueGroup vg, String raw, RustNames.Scope scope, String moduleName) {
      long max = raw.equals("u8") ? 0xFF : raw.equals("u16") ? 0xFFFF : 0xFFFFFFFFL;
      Map<Long, String> variants = new LinkedHashMap<>();
      Map<String, String> aliases = new LinkedHashMap<>();
      RustNames.Scope vs = new RustNames.Scope();
      Map<String, String> docs = new LinkedHashMap<>();
      for (Value v : vg.values()) {
        if (v.value() < 0 || v.value() > max) continue;
        String n = vs.unique(RustNames.upper(v.name()));
        docs.put(n, RustNames.doc(v.caption(), v.name()));
        if (variants.containsKey(v.value())) aliases.put(n, variants.get(v.value()));
        else variants.put(v.value(), n);
      }
      if (variants.isEmpty()) return null;
      // value groups are named MODULE_FIELD in ATDF; inside the module's Rust module drop the prefix
      String vgName = vg.name();
      String prefix = moduleName.toUpperCase(Locale.ROOT) + "_";
      if (vgName.toUpperCase(Locale.ROOT).startsWith(prefix) && vgName.length() > prefix.length()) vgName = vgName.substring(prefix.length());
      String en = scope.unique(RustNames.upper(vgName) + "_A");
      s.append("    /// ").append(RustNames.doc(vg.caption(), vg.name())).append("\n");
      s.append("    #[derive(Clone, Copy, Debug, PartialEq, Eq)]\n    #[repr(").append(raw).append(")]\n");
      s.append("    pub enum ").append(en).append(" {\n");
      for (var v : variants.entrySet()) {
        s.append("        /// ").append(docs.get(v.getValue())).append("\n");
        s.append("        ").append(v.getValue()).append(" = 0x").append(Long.toHexString(v.getKey())).append(",\n");
      }
      s.append("    }\n");
      if (!aliases.isEmpty()) {
        s.append("    impl ").append(en).append(" {\n");
        for (var a : aliases.entrySet()) {
          s.append("        /// ").append(docs.get(a.getKey())).append(" (same value as `").append(a.getValue()).append("`)\n");
          s.append("        pub const ").append(a.getKey()).append(": Self = Self::").append(a.getValue()).append(";\n");
        }
        s.append("    }\n");
      }
      s.append("    impl crate::generic::FieldEnum for ").append(en).append(" {\n");
      s.append("        type Raw = ").append(raw).append(";\n");
      s.append("        #[inline(always)]\n        fn from_raw(raw: ").append(raw).append(") -> Option<Self> {\n");
      s.append("            match raw {\n");
      for (var v : variants.entrySet()) {
        s.append("                0x").append(Long.toHexString(v.getKey())).append(" => Some(Self::").append(v.getValue()).append("),\n");
      }
      s.append("                _ => None,\n            }\n        }\n");
      s.append("        #[inline(always)]\n        fn raw(self) -> ").append(raw).append(" {\n            self as ").append(raw).append("\n        }\n");
      s.append("    }\n\n");
      return en;
    }

    // ---------------------------------------------------------------- peripherals

    void emitPeripherals(StringBuilder s, List<Peripheral> periphs, Map<Peripheral, String> sigOf, Map<String, BlockType> types) {
      StringBuilder fields = new StringBuilder();
      StringBuilder inits = new StringBuilder();
      for (Peripheral p : periphs) {
        BlockType t = types.get(sigOf.get(p));
        String n = rootScope.unique(RustNames.upper(p.name()));
        String doc = RustNames.doc(p.caption(), p.name());
        String rb = t.moduleName() + "::RegisterBlock";
        s.append("/// ").append(doc).append(" (").append(p.name()).append(" at 0x")
            .append(String.format("%04x", origin(p))).append(")\n");
        s.append("pub struct ").append(n).append(" {\n    _marker: PhantomData<*const ()>,\n}\n");
        s.append("unsafe impl Send for ").append(n).append(" {}\n");
        s.append("impl ").append(n).append(" {\n");
        s.append("    /// The address of the register block, as a number.\n");
        s.append("    pub const ADDRESS: usize = 0x").append(String.format("%04x", origin(p))).append(";\n");
        s.append("    /// The address of the register block.\n");
        s.append("    pub const PTR: *const ").append(rb).append(" = 0x").append(String.format("%04x", origin(p))).append(" as *const _;\n");
        s.append("    /// The address of the register block.\n    #[inline(always)]\n");
        s.append("    pub const fn ptr() -> *const ").append(rb).append(" {\n        Self::PTR\n    }\n");
        s.append("    /// Another handle to this peripheral.\n    ///\n    /// # Safety\n")
            .append("    /// The caller must make sure that the handles do not conflict.\n    #[inline(always)]\n");
        s.append("    pub unsafe fn steal() -> Self {\n        Self {\n            _marker: PhantomData,\n        }\n    }\n}\n");
        s.append("impl Deref for ").append(n).append(" {\n    type Target = ").append(rb).append(";\n    #[inline(always)]\n");
        s.append("    fn deref(&self) -> &Self::Target {\n        unsafe { &*Self::PTR }\n    }\n}\n\n");
        fields.append("    /// ").append(doc).append("\n    pub ").append(n).append(": ").append(n).append(",\n");
        inits.append("            ").append(n).append(": ").append(n).append("::steal(),\n");
      }
      s.append("/// All peripherals of the device, each once.\npub struct Peripherals {\n").append(fields).append("}\n\n");
      s.append("static mut TAKEN: bool = false;\n\n");
      s.append("""
          /// The type `!` where stable Rust does not take it (in bounds): the return type of `fn() -> !`.
          #[doc(hidden)]
          pub type Never = <fn() -> ! as FnReturn>::Output;

          #[doc(hidden)]
          pub trait FnReturn {
              type Output;
          }

          impl<R> FnReturn for fn() -> R {
              type Output = R;
          }

          /// What [`entry!`] accepts: `fn main() -> !`, or `fn main(dp: Peripherals) -> !`.
          #[doc(hidden)]
          pub trait EntryPoint<Args> {
              /// Calls the entry point.
              fn start(self) -> !;
          }

          impl<F: FnOnce() -> Never> EntryPoint<()> for F {
              #[inline(always)]
              fn start(self) -> ! {
                  self()
              }
          }

          impl<F: FnOnce(Peripherals) -> Never> EntryPoint<(Peripherals,)> for F {
              #[inline(always)]
              fn start(self) -> ! {
                  // at reset nothing has the peripherals yet; from now on `take()` returns `None`
                  // (when the firmware never calls `take()`, LTO drops the flag altogether)
                  unsafe {
                      TAKEN = true;
                      self(Peripherals::steal())
                  }
              }
          }

          """);
      s.append("impl Peripherals {\n");
      s.append("    /// The peripherals, the first time it is called; `None` after that.\n    #[inline]\n");
      s.append("    pub fn take() -> Option<Self> {\n        interrupt::free(|| unsafe {\n            if TAKEN {\n                None\n            } else {\n");
      s.append("                TAKEN = true;\n                Some(Self::steal())\n            }\n        })\n    }\n\n");
      s.append("    /// The peripherals, without checking that they are not in use.\n    ///\n    /// # Safety\n");
      s.append("    /// The caller must make sure that the handles do not conflict.\n    #[inline]\n");
      s.append("    pub unsafe fn steal() -> Self {\n        Self {\n").append(inits).append("        }\n    }\n}\n\n");
    }

    // ---------------------------------------------------------------- interrupts

    void emitInterrupts(StringBuilder s) {
      List<Interrupt> irqs = d.interrupts().stream().filter(i -> i.index() > 0)
          .sorted(Comparator.comparingInt(Interrupt::index)).toList();
      RustNames.Scope vs = new RustNames.Scope();
      Map<String, Integer> variantIndex = new LinkedHashMap<>();
      Map<String, String> aliasOf = new LinkedHashMap<>();
      Map<String, String> docs = new LinkedHashMap<>();
      Map<Integer, String> byIndex = new LinkedHashMap<>();
      for (Interrupt i : irqs) {
        List<String> names = new ArrayList<>();
        names.add(i.name());
        for (String n : i.names()) if (!names.contains(n)) names.add(n);
        for (String raw : names) {
          String n = vs.unique(RustNames.upper(raw));
          docs.put(n, RustNames.doc(i.caption(), raw));
          if (!byIndex.containsKey(i.index())) {
            byIndex.put(i.index(), n);
            variantIndex.put(n, i.index());
          } else {
            aliasOf.put(n, byIndex.get(i.index()));
          }
        }
      }
      s.append("/// The interrupt sources, numbered by vector (RESET is vector 0).\n");
      s.append("#[derive(Clone, Copy, Debug, PartialEq, Eq)]\n#[repr(u8)]\npub enum Interrupt {\n");
      for (var e : variantIndex.entrySet()) {
        s.append("    /// ").append(e.getValue()).append(": ").append(docs.get(e.getKey())).append("\n");
        s.append("    ").append(e.getKey()).append(" = ").append(e.getValue()).append(",\n");
      }
      if (variantIndex.isEmpty()) s.append("    /// (this device has no interrupts besides RESET)\n    _None = 0,\n");
      s.append("}\n\nimpl Interrupt {\n");
      for (var e : aliasOf.entrySet()) {
        s.append("    /// ").append(docs.get(e.getKey())).append(" (shares the vector of `").append(e.getValue()).append("`)\n");
        s.append("    pub const ").append(e.getKey()).append(": Interrupt = Interrupt::").append(e.getValue()).append(";\n");
      }
      s.append("    /// The vector number.\n    #[inline(always)]\n    pub const fn nr(self) -> u8 {\n        self as u8\n    }\n}\n\n");
      // interrupt control
      s.append("/// Global interrupt control.\npub mod interrupt {\n");
      s.append("    pub use crate::Interrupt;\n\n");
      s.append("    /// Disables interrupts (`cli`).\n    #[inline(always)]\n    pub fn disable() {\n");
      s.append("        #[cfg(target_arch = \"avr\")]\n        unsafe {\n            core::arch::asm!(\"cli\");\n        }\n    }\n\n");
      s.append("    /// Enables interrupts (`sei`).\n    ///\n    /// # Safety\n    /// Interrupt handlers may now run and share state with the caller.\n");
      s.append("    #[inline(always)]\n    pub unsafe fn enable() {\n");
      s.append("        #[cfg(target_arch = \"avr\")]\n        core::arch::asm!(\"sei\");\n    }\n\n");
      s.append("    /// Runs `f` with interrupts disabled and restores the interrupt flag afterwards.\n");
      s.append("    #[inline(always)]\n    pub fn free<F: FnOnce() -> R, R>(f: F) -> R {\n");
      s.append("        #[cfg(target_arch = \"avr\")]\n        {\n            let sreg: u8;\n");
      s.append("            unsafe {\n                core::arch::asm!(\"in {0}, 0x3F\", \"cli\", out(reg) sreg);\n            }\n");
      s.append("            let r = f();\n            unsafe {\n                core::arch::asm!(\"out 0x3F, {0}\", in(reg) sreg);\n            }\n            r\n        }\n");
      s.append("        #[cfg(not(target_arch = \"avr\"))]\n        f()\n    }\n}\n\n");
      // macros
      s.append("/// Installs a handler for an interrupt: `interrupt!(").append(variantIndex.keySet().stream().findFirst().orElse("NAME"))
          .append(", handler);` with `fn handler()`.\n");
      s.append("/// The firmware crate needs `#![feature(abi_avr_interrupt)]`.\n#[macro_export]\nmacro_rules! interrupt {\n");
      for (var e : variantIndex.entrySet()) {
        s.append("    (").append(e.getKey()).append(", $handler:path) => {\n        $crate::__avrkit_isr!(\"__vector_").append(e.getValue()).append("\", $handler);\n    };\n");
      }
      for (var e : aliasOf.entrySet()) {
        s.append("    (").append(e.getKey()).append(", $handler:path) => {\n        $crate::__avrkit_isr!(\"__vector_").append(variantIndex.get(e.getValue())).append("\", $handler);\n    };\n");
      }
      s.append("    ($other:ident, $handler:path) => {\n        compile_error!(concat!(\"no interrupt \", stringify!($other), \" on the ")
          .append(d.name()).append("\"));\n    };\n}\n\n");
      s.append("#[doc(hidden)]\n#[macro_export]\nmacro_rules! __avrkit_isr {\n    ($vector:literal, $handler:path) => {\n");
      s.append("        const _: () = {\n            #[unsafe(export_name = $vector)]\n            pub unsafe extern \"avr-interrupt\" fn __avrkit_isr() {\n");
      s.append("                let handler: fn() = $handler;\n                handler()\n            }\n        };\n    };\n}\n\n");
      s.append("/// Names the firmware's entry point: `entry!(main);` with `fn main(dp: Peripherals) -> !` (it is\n");
      s.append("/// handed the peripherals: no `take()`, no `unwrap()`) or `fn main() -> !`. The runtime's reset\n");
      s.append("/// handler calls it after setting up the stack, `.data` and `.bss`.\n#[macro_export]\nmacro_rules! entry {\n");
      s.append("    ($main:path) => {\n        const _: () = {\n            #[unsafe(export_name = \"__avrkit_main\")]\n");
      s.append("            pub unsafe extern \"C\" fn __avrkit_main() -> ! {\n                $crate::EntryPoint::start($main)\n");
      s.append("            }\n        };\n    };\n}\n\n");
    }

    Optional<Long> ccpAddress() {
      return d.peripheral("CPU").flatMap(p -> p.register("CCP")).map(ResolvedRegister::address);
    }

    void emitCcp(StringBuilder s) {
      long addr = ccpAddress().orElseThrow();
      s.append("/// Configuration change protection: writes to protected registers must follow the key\n");
      s.append("/// written to `CPU.CCP` within 4 instructions.\npub mod ccp {\n");
      s.append("    /// Key that unlocks protected I/O registers.\n    pub const IOREG: u8 = 0xD8;\n");
      s.append("    /// Key that unlocks self-programming (SPM) for NVMCTRL commands.\n    pub const SPM: u8 = 0x9D;\n\n");
      s.append("    /// Writes `key` to CCP, then `value` to the byte register at `reg`, in two consecutive\n");
      s.append("    /// instructions (`out`, `st`).\n    ///\n    /// # Safety\n    /// `reg` must be a register address.\n");
      s.append("    #[inline(always)]\n    pub unsafe fn write(key: u8, reg: *mut u8, value: u8) {\n");
      s.append("        #[cfg(target_arch = \"avr\")]\n        core::arch::asm!(\n            \"out 0x")
          .append(Long.toHexString(addr)).append(", {key}\",\n            \"st Z, {value}\",\n");
      s.append("            key = in(reg) key,\n            value = in(reg) value,\n            in(\"Z\") reg as u16,\n        );\n");
      s.append("        #[cfg(not(target_arch = \"avr\"))]\n        {\n            let _ = key;\n            core::ptr::write_volatile(reg, value);\n        }\n    }\n}\n\n");
      s.append("impl<REG: generic::Writable + generic::Resettable + generic::RegisterSpec<Ux = u8>> generic::Reg<REG> {\n");
      s.append("    /// Writes a configuration-change-protected register: the value `f` builds (from the reset\n");
      s.append("    /// value) goes right after the CCP key `IOREG` (0xD8).\n    #[inline(always)]\n");
      s.append("    pub fn write_protected<F>(&self, f: F)\n    where\n        F: FnOnce(&mut generic::W<REG>) -> &mut generic::W<REG>,\n    {\n");
      s.append("        let mut w = generic::W::<REG>::reset_value();\n        f(&mut w);\n");
      s.append("        unsafe { ccp::write(ccp::IOREG, self.as_ptr(), w.bits) }\n    }\n}\n\n");
    }
  }
}
