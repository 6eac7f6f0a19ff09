package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every register address, bit position/mask and memory constant that Debian's avr-libc headers
 * define, for every device they and the packs both describe, compared with the model.
 */
class AvrLibcHeaderTest {
  @Test
  void headersAgreeWithTheModel() throws Exception {
    assertThat(Files.isRegularFile(AvrLibcHeaders.DIR.resolve("io.h"))).as("avr-libc installed (.ci/setup)").isTrue();
    long t0 = System.nanoTime();
    PackCatalog cat = TestPacks.catalog();
    long t1 = System.nanoTime();
    long readNs = 0;
    HeaderComparison cmp = new HeaderComparison();
    int devices = 0;
    List<String> notInPacks = new ArrayList<>();
    for (Map.Entry<String, Path> e : AvrLibcHeaders.devices().entrySet()) {
      var d = cat.find(e.getKey());
      if (d.isEmpty()) {
        notInPacks.add(e.getKey());
        continue;
      }
      Device dev = d.get();
      boolean ioOffset = dev.architecture() == Architecture.AVR8;
      long r0 = System.nanoTime();
      AvrLibcHeaders.Header h = AvrLibcHeaders.read(e.getKey(), e.getValue(), ioOffset);
      readNs += System.nanoTime() - r0;
      cmp.compare(dev, h);
      devices++;
    }
    System.out.printf("timing: catalog %d ms, headers %d ms, total %d ms%n", (t1 - t0) / 1000000, readNs / 1000000, (System.nanoTime() - t0) / 1000000);
    Map<String, Integer> kinds = new TreeMap<>();
    for (HeaderComparison.Diff x : cmp.diffs) kinds.merge(x.kind(), 1, Integer::sum);
    System.out.printf("avr-libc check: %d devices, %d registers, %d bits, %d masks, %d constants; %d disagreements %s; %d header devices not in packs%n",
        devices, cmp.registers, cmp.bits, cmp.masks, cmp.constants, cmp.diffs.size(), kinds, notInPacks.size());
    System.out.printf("  explained without a fault: %d bits of registers without fields in ATDF, %d registers renamed (same address), %d masks renamed (same value), %d masks of modules the part lacks%n",
        cmp.noFields, cmp.renamedRegisters.size(), cmp.renamedMasks.size(), cmp.absentModules.size());
    Files.write(Path.of("target/avr-libc-diffs.txt"), cmp.diffs.stream().map(Object::toString).toList());
    assertThat(devices).isGreaterThan(150);
    assertThat(cmp.registers).isGreaterThan(40000);
    Map<String, Integer> perRule = new TreeMap<>();
    List<String> unexplained = new ArrayList<>();
    for (HeaderComparison.Diff x : cmp.diffs) {
      var rule = HeaderExplanations.explain(x);
      if (rule.isEmpty()) unexplained.add(x.toString());
      else perRule.merge(rule.get().category() + ": " + rule.get().why(), 1, Integer::sum);
    }
    perRule.forEach((k, v) -> System.out.printf("  %4d  %s%n", v, k));
    assertThat(unexplained).as("disagreements without an explanation in HeaderExplanations / QUIRKS.md").isEmpty();
  }
}
