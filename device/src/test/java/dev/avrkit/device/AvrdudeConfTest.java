package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * For every part of /etc/avrdude.conf that names a device of the packs: signature, flash size and
 * page size, EEPROM size and page size, and the fuse offsets agree with the model.
 */
class AvrdudeConfTest {
  @Test
  void avrdudeAgreesWithTheModel() throws Exception {
    assertThat(AvrdudeConf.FILE).as("avrdude installed (.ci/setup)").isRegularFile();
    PackCatalog cat = TestPacks.catalog();
    int parts = 0;
    int checks = 0;
    List<String> diffs = new ArrayList<>();
    List<String> explained = new ArrayList<>();
    for (AvrdudeConf.Part p : AvrdudeConf.parts()) {
      if (p.id().startsWith(".") || p.desc().isEmpty()) continue;
      Optional<Device> od = cat.find(p.desc());
      if (od.isEmpty()) continue;
      Device d = od.get();
      parts++;
      List<String[]> c = new ArrayList<>();
      String sig = p.get("signature");
      if (sig != null) c.add(new String[] {"signature", norm(sig), HeaderComparison.hex(0).isEmpty() ? "" : sigOf(d)});
      MemoryMap m = d.memory();
      Map<String, String> flash = p.memories().get("flash");
      if (flash != null && flash.containsKey("size")) {
        c.add(new String[] {"flash size", Long.toString(Long.decode(flash.get("size"))), Long.toString(m.flashSize())});
        if (flash.containsKey("page_size") && Long.decode(flash.get("page_size")) > 1) {
          c.add(new String[] {"flash page_size", Long.toString(Long.decode(flash.get("page_size"))), Long.toString(m.flashPageSize())});
        }
      }
      Map<String, String> ee = p.memories().get("eeprom");
      if (ee != null && ee.containsKey("size")) {
        c.add(new String[] {"eeprom size", Long.toString(Long.decode(ee.get("size"))), Long.toString(m.eepromSize())});
        if (ee.containsKey("page_size") && Long.decode(ee.get("page_size")) > 1) {
          c.add(new String[] {"eeprom page_size", Long.toString(Long.decode(ee.get("page_size"))), Long.toString(m.eepromPageSize())});
        }
      }
      for (Map.Entry<String, Map<String, String>> e : p.memories().entrySet()) {
        String name = e.getKey();
        String off = e.getValue().get("offset");
        if (name.matches("fuse\\d+") && off != null) {
          int n = Integer.parseInt(name.substring(4));
          long o = Long.decode(off);
          if (d.architecture() == Architecture.AVR8_XMEGA) o -= 0x8f0020; // PDI address of the fuses
          Optional<Fuse> f = d.fuses().stream().filter(x -> !x.lockBits() && x.index() == n).findFirst();
          c.add(new String[] {name + " offset", HeaderComparison.hex(o), f.map(x -> HeaderComparison.hex(x.address())).orElse("none")});
        }
        if (name.equals("lfuse") || name.equals("hfuse") || name.equals("efuse")) {
          int n = name.equals("lfuse") ? 0 : name.equals("hfuse") ? 1 : 2;
          Optional<Fuse> f = d.fuses().stream().filter(x -> !x.lockBits() && x.index() == n).findFirst();
          c.add(new String[] {name + " (fuse " + n + ")", "present", f.map(x -> "present").orElse("none")});
        }
      }
      for (String[] x : c) {
        checks++;
        if (!x[1].equalsIgnoreCase(x[2])) {
          String line = d.name() + " " + x[0] + ": avrdude " + x[1] + ", model " + x[2];
          Optional<String> why = explain(d, x[0], x[1], x[2]);
          if (why.isPresent()) explained.add(line + " -- " + why.get());
          else diffs.add(line);
        }
      }
    }
    System.out.printf("avrdude.conf check: %d parts, %d values compared, %d explained differences, %d unexplained%n",
        parts, checks, explained.size(), diffs.size());
    explained.forEach(x -> System.out.println("  " + x));
    assertThat(parts).isGreaterThan(200);
    assertThat(diffs).as("avrdude.conf disagreements without explanation").isEmpty();
  }

  /** The documented reasons for a difference (device/QUIRKS.md). */
  static Optional<String> explain(Device d, String what, String avrdude, String model) {
    if (what.equals("flash page_size") && d.architecture() == Architecture.AVR8L) {
      return Optional.of("disputed page size of reduced-core parts (see the avr-libc list)");
    }
    if (what.equals("fuse4 offset") && model.equals("none")
        && d.name().matches("ATtiny(80[467]|160[467]|[48]2[467]|162[467]|322[467])|ATmega(80[89]|160[89]|320[89]|480[89])|AVR(32|64|128)D[AB]\\d+")) {
      return Optional.of("avrdude's family template lists fuse4 (TCD0CFG of the tinyAVR 1-series) for every part; on these parts byte 4 is reserved and the ATDF rightly has no register there");
    }
    if (d.name().equals("ATtiny11") && what.equals("eeprom size")) {
      return Optional.of("the ATtiny11 has no EEPROM (datasheet, ATDF); avrdude.conf's t11 entry gives it 64 bytes");
    }
    return Optional.empty();
  }

  static String sigOf(Device d) {
    StringBuilder sb = new StringBuilder();
    for (byte b : d.signature()) sb.append(String.format("%02x ", b & 0xFF));
    return sb.toString().trim();
  }

  static String norm(String sig) {
    StringBuilder sb = new StringBuilder();
    for (String s : sig.trim().split("\\s+")) sb.append(String.format("%02x ", Long.decode(s))).toString();
    return sb.toString().trim().toLowerCase(Locale.ROOT);
  }
}
