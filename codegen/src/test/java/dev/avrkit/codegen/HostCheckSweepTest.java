package dev.avrkit.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every device's crate passes {@code cargo check} on the host (rustup stable, offline, no
 * warnings), all in one cargo workspace with one target folder. For each device that avr-libc
 * knows, a module generated from avr-libc's {@code <avr/io.h>} (added to the test's copy of the
 * crate) asserts at compile time that the crate's register structs put every register at avr-libc's
 * address; field masks are compared with
 * avr-libc's {@code _gm}/{@code _bm} masks (AVR8X, XMEGA) and bit numbers.
 */
class HostCheckSweepTest {
  private static final Pattern SFR = Pattern.compile(
      "^#define (\\w+) _SFR_(MEM|IO)(8|16|32)\\((0[xX][0-9A-Fa-f]+|\\d+)\\)\\s*$");
  private static final Pattern MASK = Pattern.compile("^#define (\\w+)_(gm|bm) (0[xX][0-9A-Fa-f]+|\\d+)\\s*$");

  /**
   * Bits where avr-libc 2.0's header disagrees with the ATDF and the ATDF matches the data sheet:
   * ATmega645P MCUCR has BODS at bit 6 and BODSE at bit 5 (iom645p.h swaps them); ATtiny87
   * PORTCR.PUDB is bit 1 (iotn87.h says 2).
   */
  static final java.util.Set<String> AVR_LIBC_ERRORS = java.util.Set.of(
      "ATmega645P CPU.MCUCR.BODS", "ATmega645P CPU.MCUCR.BODSE", "ATtiny87 CPU.PORTCR.PUDB");

  @Test
  void everyDeviceCrateChecksWithoutWarnings() throws Exception {
    DeviceCatalog cat = TestSupport.catalog();
    Path ws = TestSupport.work("sweep");
    List<String> members = new ArrayList<>();
    long genNanos = 0;
    int devicesWithHeaders = 0;
    int addressChecks = 0;
    int maskChecks = 0;
    List<String> maskMismatches = new ArrayList<>();
    long t0 = System.nanoTime();
    for (var summary : cat.devices()) {
      Device d = cat.device(summary.name());
      long g0 = System.nanoTime();
      GeneratedCrate c = PacGenerator.generate(d);
      genNanos += System.nanoTime() - g0;
      Path dir = ws.resolve(c.name());
      c.writeTo(dir, false);
      members.add(c.name());
      Map<String, String> macros = avrLibcMacros(d, ws);
      if (macros.isEmpty()) continue;
      // checked inside the crate (a module added to this test copy only): one rustc run per device
      StringBuilder ex = new StringBuilder("//! Register addresses from avr-libc's <avr/io.h> for the " + d.name() + ".\n\n"
          + "use crate::*;\n\n");
      int before = addressChecks;
      long sfrOffset = Long.decode(macros.getOrDefault("__SFR_OFFSET", "0x20"));
      for (var e : macros.entrySet()) {
        Matcher m = SFR.matcher("#define " + e.getKey() + " " + e.getValue());
        if (!m.matches()) continue;
        long addr = Long.decode(m.group(4)) + (m.group(2).equals("IO") ? sfrOffset : 0);
        String expr = addressExpr(d, c, m.group(1));
        if (expr == null) continue;
        ex.append("const _: () = assert!(").append(expr).append(" == 0x")
            .append(Long.toHexString(addr)).append("); // ").append(m.group(1)).append('\n');
        addressChecks++;
      }
      if (addressChecks == before) continue; // avr-gcc knows the part, avr-libc has no header for it
      devicesWithHeaders++;
      Files.writeString(dir.resolve("src/avr_libc_check.rs"), ex.toString());
      Files.writeString(dir.resolve("src/lib.rs"), c.files().get("src/lib.rs") + "\n#[cfg(not(target_arch = \"avr\"))]\nmod avr_libc_check;\n");
      maskChecks += compareMasks(d, c, macros, maskMismatches);
    }
    StringBuilder toml = new StringBuilder("[workspace]\nresolver = \"2\"\nmembers = [\n");
    for (String m : members) toml.append("  \"").append(m).append("\",\n");
    toml.append("]\n");
    Files.writeString(ws.resolve("Cargo.toml"), toml.toString());
    long t1 = System.nanoTime();
    // bash's time keyword adds the CPU time of cargo and every rustc it ran
    var r = TestSupport.run(ws, List.of("bash", "-c", "time '" + TestSupport.cargo() + "' check --offline --workspace --lib"
        + " --message-format short"), Map.of("CARGO_TARGET_DIR", ws.resolve("target").toString(),
        "CARGO_TERM_COLOR", "never", "TIMEFORMAT", "cpu: %U user %S sys"), 3000);
    long t2 = System.nanoTime();
    String cpu = r.output().lines().filter(l -> l.startsWith("cpu: ")).findFirst().orElse("cpu: ?");
    System.out.printf("[codegen] %d device crates generated in %.1f s (generator %.1f s), cargo check --workspace in %.1f s (%s);"
            + " avr-libc: %d devices, %d register addresses, %d field masks checked%n",
        members.size(), (t1 - t0) / 1e9, genNanos / 1e9, (t2 - t1) / 1e9, cpu, devicesWithHeaders, addressChecks, maskChecks);
    assertThat(r.exit()).as(tail(r.output())).isZero();
    assertThat(r.output().lines().filter(l -> l.contains("warning")).toList()).as("warnings").isEmpty();
    assertThat(r.output()).contains("Finished");
    assertThat(members.size()).isGreaterThan(250);
    assertThat(addressChecks).isGreaterThan(10_000);
    assertThat(maskMismatches).as("field masks that differ from avr-libc").isEmpty();
    assertThat(maskChecks).isGreaterThan(10_000);
  }

  static String tail(String s) {
    return s.length() > 20000 ? s.substring(s.length() - 20000) : s;
  }

  /** Rust expression of the crate's address of the register avr-libc calls {@code name}, or null. */
  static String addressExpr(Device d, GeneratedCrate c, String name) {
    Map<String, String> a = c.registerAddresses();
    if (d.architecture() == Architecture.AVR8 || d.architecture() == Architecture.AVR8L) {
      // classic: register names are unique in the device (DDRB, TCCR1A...)
      String found = null;
      for (var e : a.entrySet()) {
        String path = e.getKey().substring(e.getKey().indexOf('.') + 1);
        if (path.equalsIgnoreCase(name)) {
          if (found != null) return null;
          found = e.getValue();
        }
      }
      return found;
    }
    // AVR8X / XMEGA: INSTANCE_REGISTER (PORTE_DIRSET, TCA0_SINGLE_CTRLA)
    for (var e : a.entrySet()) {
      if (e.getKey().replace('.', '_').equalsIgnoreCase(name)) return e.getValue();
    }
    return null;
  }

  /** Compares the crate's field masks with avr-libc's; returns how many were compared. */
  static int compareMasks(Device d, GeneratedCrate c, Map<String, String> macros, List<String> mismatches) {
    // the crate's masks by "MODULE_FIELD" and "MODULE_MODE_FIELD" (how avr-libc names group masks)
    Map<String, List<Long>> crate = new TreeMap<>();
    for (var e : c.fieldMasks().entrySet()) {
      String[] k = e.getKey().split("\\.");
      crate.computeIfAbsent(k[0] + "_" + k[2], x -> new ArrayList<>()).add(e.getValue());
      int us = k[1].indexOf('_');
      if (us > 0) crate.computeIfAbsent(k[0] + "_" + k[1].substring(0, us) + "_" + k[2], x -> new ArrayList<>()).add(e.getValue());
    }
    int n = 0;
    if (d.architecture() == Architecture.AVR8X || d.architecture() == Architecture.AVR8_XMEGA) {
      for (var e : macros.entrySet()) {
        Matcher m = MASK.matcher("#define " + e.getKey() + " " + e.getValue());
        if (!m.matches()) continue;
        List<Long> ours = crate.get(m.group(1).toUpperCase(Locale.ROOT));
        if (ours == null) continue;
        long mask = Long.decode(m.group(3));
        n++;
        if (!ours.contains(mask) && ours.stream().noneMatch(x -> (x & mask) == mask && m.group(2).equals("bm"))) {
          mismatches.add(d.name() + " " + e.getKey() + " = 0x" + Long.toHexString(mask) + ", crate " + ours);
        }
      }
    } else {
      // classic: avr-libc gives bit numbers (#define WDP3 5); every named bit of a field must be in its mask
      Map<String, Long> bits = new LinkedHashMap<>();
      for (var e : macros.entrySet()) {
        if (e.getValue().matches("\\d") && e.getKey().matches("[A-Z][A-Z0-9_]*")) bits.put(e.getKey(), Long.parseLong(e.getValue()));
      }
      for (var e : c.fieldMasks().entrySet()) {
        String[] k = e.getKey().split("\\.");
        long mask = e.getValue();
        if (Long.bitCount(mask) == 1 && bits.containsKey(k[2])) {
          n++;
          long bit = bits.get(k[2]);
          // avr-libc numbers the bits of 16-bit registers within their high byte (PICR0H.PCST0 = 7)
          boolean same = mask == 1L << bit || mask == 1L << (bit + 8);
          if (!same && !AVR_LIBC_ERRORS.contains(d.name() + " " + e.getKey())) mismatches.add(d.name() + " " + e.getKey() + " bit " + bits.get(k[2]) + " vs 0x" + Long.toHexString(mask));
        }
      }
    }
    return n;
  }

  /** avr-libc's macros for a device ({@code avr-gcc -E -dM}); empty when avr-gcc does not know it. */
  static Map<String, String> avrLibcMacros(Device d, Path dir) throws Exception {
    var r = TestSupport.run(dir, List.of("avr-gcc", "-mmcu=" + d.name().toLowerCase(Locale.ROOT), "-E", "-dM", "-x", "c",
        "-include", "avr/io.h", "/dev/null"), Map.of(), 60);
    Map<String, String> out = new TreeMap<>();
    if (r.exit() != 0) return out;
    for (String l : r.output().lines().toList()) {
      if (!l.startsWith("#define ")) continue;
      String rest = l.substring(8);
      int sp = rest.indexOf(' ');
      if (sp < 0 || rest.substring(0, sp).contains("(")) continue;
      out.put(rest.substring(0, sp), rest.substring(sp + 1).trim());
    }
    return out;
  }
}
