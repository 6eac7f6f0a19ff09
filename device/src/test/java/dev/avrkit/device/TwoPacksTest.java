package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every device that two packs describe (both ATmega4809 files: schema 0.3 and 4.5; the tinyAVR
 * 0/1/2 parts in two ATtiny_DFP releases...) gives the same register map: the same registers at the
 * same addresses with the same sizes and bit-field masks, and the same interrupt vectors.
 */
class TwoPacksTest {
  static Map<String, String> registerMap(Device d) {
    Map<String, String> m = new TreeMap<>();
    for (Peripheral p : d.peripherals()) {
      for (ResolvedRegister r : p.registers()) {
        TreeSet<String> fields = new TreeSet<>();
        for (BitField f : r.register().fields()) fields.add(f.name() + "=" + Long.toHexString(f.mask()));
        m.put(p.name() + "." + r.path(), String.format("%s:0x%04X/%d %s", p.addressSpace(), r.address(), r.size(), fields));
      }
    }
    for (Interrupt i : d.interrupts()) m.put("vector " + i.index(), new TreeSet<>(i.names()).toString());
    return m;
  }

  /** A register or vector of one release that the other lacks, or whose fields differ: listed, with the reason. */
  record Rule(String keys, String kind, String why) {}

  static final List<Rule> RULES = List.of(
      new Rule("CPU\\.(SP|SPL|SPH)", "only-in-one",
          "the stack pointer: one 16-bit SP in ATtiny_DFP 2.0.368, SPL + SPH (same addresses 0x3D/0x3E) in 2.5.116"),
      new Rule("NVMBIST\\..*|SYSCFG\\.(OCDM|OCDMS|EXTBRK)|SIGROW\\.(OSC(16|20)ERR[35]V|OSCCAL32K|CHECKSUM1)", "only-in-one",
          "test/debug and calibration registers that only the newer release (ATtiny_DFP 2.5.116) describes"),
      new Rule("PORTMUX\\.EVSYSROUTEA", "fields",
          "ATmega3208/4808 (28/32 pins) have no port B and E: the 4.5 file drops EVOUTB/EVOUTE, the 0.3 file keeps the 48-pin fields"),
      new Rule("USART\\d\\.DBGCTRL", "fields", "ABMBP (auto-baud window) is described by the 0.3/2.5.116 files only"),
      new Rule("CRCSCAN\\.CTRLB", "fields", "CTRLB.MODE is described by the schema-4.5/2.0.368 files only"),
      new Rule("CCL\\.TRUTH\\d|TCD\\d\\.CMP[AB](SET|CLR)", "fields", "whole-register fields (TRUTH, CMPxSET) exist only in the schema-4.5 files"),
      new Rule("CCL\\.SEQCTRL\\d", "fields", "SEQSEL is named SEQSEL0/SEQSEL1 in 2.5.116 (same mask)"),
      new Rule("CLKCTRL\\.MCLKSTATUS", "fields", "XOSC32KS is described by 2.5.116 only"),
      new Rule("FUSE\\.SYSCFG0", "fields", "SYSCFG0.TOUTDIS (tinyAVR 2: UPDI timeout) is described by 2.0.368 only"));

  static List<String> differences(Device a, Device b, List<String> unexplained, int[] conflicts) {
    Map<String, String> x = registerMap(a);
    Map<String, String> y = registerMap(b);
    List<String> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(x.keySet());
    keys.addAll(y.keySet());
    for (String k : keys) {
      String u = x.get(k);
      String v = y.get(k);
      if (u != null && u.equals(v)) continue;
      String kind;
      if (u == null || v == null) kind = "only-in-one";
      else if (!u.substring(0, u.indexOf(' ')).equals(v.substring(0, v.indexOf(' ')))) {
        kind = "address";
        conflicts[0]++;
      } else kind = "fields";
      String line = a.name() + " " + k + " (" + kind + "): " + a.pack().release() + " " + u + " | " + b.pack().release() + " " + v;
      String key = k;
      String kd = kind;
      var rule = RULES.stream().filter(r -> r.kind().equals(kd) && key.matches(r.keys())).findFirst();
      if (rule.isPresent()) out.add(line + " -- " + rule.get().why());
      else unexplained.add(line);
    }
    return out;
  }

  @Test
  void devicesInTwoPacksAgree() {
    PackCatalog cat = TestPacks.catalog();
    int devices = 0;
    int compared = 0;
    List<String> diffs = new ArrayList<>();
    List<String> unexplained = new ArrayList<>();
    int[] conflicts = {0};
    for (String name : cat.names()) {
      List<PackCatalog.PackFileInfo> c = cat.candidates(name);
      if (c.size() < 2) continue;
      devices++;
      Device a = cat.read(c.get(0));
      Device b = cat.read(c.get(1));
      compared += registerMap(a).size();
      diffs.addAll(differences(a, b, unexplained, conflicts));
    }
    System.out.printf("two-pack check: %d devices, %d registers and vectors compared, %d address conflicts, %d listed differences, %d unexplained%n",
        devices, compared, conflicts[0], diffs.size(), unexplained.size());
    diffs.forEach(d -> System.out.println("  " + d));
    assertThat(devices).isGreaterThanOrEqualTo(40);
    assertThat(conflicts[0]).as("registers at different addresses in two packs").isZero();
    assertThat(unexplained).isEmpty();
  }
}
