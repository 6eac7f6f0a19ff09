package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Mutates real ATDF files (seeded, a bounded number of mutants) and proves the reader either reads
 * the mutant or fails with its own one-line {@link AtdfException} naming file, line and column;
 * never another exception.
 */
class FuzzTest {
  static final long SEED = 20261127L;
  static final int MUTANTS = 240;

  static final String[][] FILES = {
    {"ATmega_DFP-2.3.126", "ATmega4809"}, {"ATmega_DFP-megaAVR0-schema4.5", "ATmega4809"},
    {"ATmega_DFP-2.3.126", "ATmega328P"}, {"XMEGAA_DFP-1.1.68", "ATxmega128A1"},
    {"AVR-DU-samples", "AVR64DU32"}, {"ATtiny_DFP-2.5.116", "ATtiny10"},
  };

  static final Pattern ATTR = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");
  static final String[] GARBAGE = {"", "0x", "-1", "0xFFFFFFFFFFFFFFFFFF", "999999999", "NaN", "<", "&", "\"", "0b102", " ", "0x7fffffff", "AVR9"};

  static String mutate(String s, Random r) {
    int kind = r.nextInt(8);
    int at = r.nextInt(s.length());
    switch (kind) {
      case 0: // truncate
        return s.substring(0, at);
      case 1: { // delete a range
        int len = 1 + r.nextInt(200);
        return s.substring(0, at) + s.substring(Math.min(s.length(), at + len));
      }
      case 2: { // flip a byte
        char[] c = s.toCharArray();
        c[at] = (char) (32 + r.nextInt(95));
        return new String(c);
      }
      case 3: { // replace an attribute value with garbage
        Matcher m = ATTR.matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) spans.add(new int[] {m.start(2), m.end(2)});
        int[] sp = spans.get(r.nextInt(spans.size()));
        return s.substring(0, sp[0]) + GARBAGE[r.nextInt(GARBAGE.length)] + s.substring(sp[1]);
      }
      case 4: { // remove an attribute
        Matcher m = ATTR.matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        int[] sp = spans.get(r.nextInt(spans.size()));
        return s.substring(0, sp[0]) + s.substring(sp[1]);
      }
      case 5: { // duplicate a chunk (repeated elements, broken nesting)
        int len = 1 + r.nextInt(400);
        int end = Math.min(s.length(), at + len);
        return s.substring(0, end) + s.substring(at, end) + s.substring(end);
      }
      case 6: { // a huge or zero count/size
        String v = r.nextBoolean() ? "0" : "0x100000";
        return s.replaceFirst("(count|size)=\"[^\"]*\"", "$1=\"" + v + "\"");
      }
      default: { // rename an element
        int lt = s.indexOf('<', at);
        if (lt < 0 || lt + 2 >= s.length()) return s;
        return s.substring(0, lt + 1) + "x" + s.substring(lt + 2);
      }
    }
  }

  @Test
  void mutantsFailOnlyWithClearErrors() throws Exception {
    Random r = new Random(SEED);
    List<String> sources = new ArrayList<>();
    for (String[] f : FILES) sources.add(Files.readString(TestPacks.file(f[0], f[1])));
    int read = 0;
    int rejected = 0;
    for (int i = 0; i < MUTANTS; i++) {
      int which = i % sources.size();
      String mutant = sources.get(which);
      int rounds = 1 + r.nextInt(3);
      for (int k = 0; k < rounds && !mutant.isEmpty(); k++) mutant = mutate(mutant, r);
      String name = FILES[which][1] + "-mutant" + i + ".atdf";
      try {
        Device d = AtdfReader.read(new ByteArrayInputStream(mutant.getBytes(StandardCharsets.UTF_8)), Path.of(name), "Fuzz", "1");
        // what was read is usable: the summaries and reports work
        d.memory();
        d.vectorCount();
        d.signature();
        DeviceReport.infoText(d, new DeviceReport.InfoOptions(List.of("all"), true, true));
        read++;
      } catch (AtdfException e) {
        assertThat(e.getMessage()).startsWith(name + ":").doesNotContain("\n").matches(Pattern.quote(name) + ":\\d+:\\d+: .+");
        rejected++;
      } catch (RuntimeException e) {
        fail("mutant " + i + " of " + FILES[which][1] + " (seed " + SEED + ") gave " + e, e);
      }
    }
    System.out.printf("fuzz: %d mutants, %d read, %d rejected with a clear error%n", MUTANTS, read, rejected);
    assertThat(read + rejected).isEqualTo(MUTANTS);
    assertThat(rejected).isGreaterThan(MUTANTS / 4);
    // the untouched files still load
    for (String[] f : FILES) assertThat(AtdfReader.read(TestPacks.file(f[0], f[1])).name()).isEqualTo(f[1]);
  }
}
