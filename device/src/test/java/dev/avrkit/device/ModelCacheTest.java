package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary model cache gives back exactly the device that parsing gives. */
class ModelCacheTest {
  @TempDir Path cache;

  static Device roundTrip(Device d) throws Exception {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (DataOutputStream o = new DataOutputStream(bo)) {
      new ModelCache.Writer(o).device(d);
    }
    return new ModelCache.Reader(new DataInputStream(new ByteArrayInputStream(bo.toByteArray()))).device();
  }

  @Test
  void roundTripEqualsTheParsedDevice() throws Exception {
    PackCatalog cat = TestPacks.catalog();
    for (String n : List.of("ATmega4809", "ATmega328P", "ATxmega128A1", "AVR64DU32", "ATtiny15", "ATmega32U4", "ATA5781", "AVR128DA48")) {
      Device d = cat.device(n);
      Device back = roundTrip(d);
      assertThat(back).as(n).isEqualTo(d);
      // shared objects stay shared: PORTA and PORTE have one module
      if (n.equals("ATmega4809")) {
        assertThat(back.peripheral("PORTA").orElseThrow().module()).isSameAs(back.peripheral("PORTE").orElseThrow().module());
      }
    }
    Device d45 = AtdfReader.read(TestPacks.file("ATmega_DFP-megaAVR0-schema4.5", "ATmega4809"));
    assertThat(roundTrip(d45)).isEqualTo(d45);
  }

  @Test
  void theCatalogWritesAndReadsTheCache() throws Exception {
    String old = System.getProperty("avrkit.cacheDir");
    System.setProperty("avrkit.cacheDir", cache.toString());
    try {
      Device first = PackSources.of(List.of(TestPacks.root())).catalog().device("atmega4809");
      try (Stream<Path> s = Files.list(cache.resolve("models"))) {
        assertThat(s.map(p -> p.getFileName().toString())).singleElement().asString().startsWith("ATmega4809-").endsWith(".bin");
      }
      Device second = PackSources.of(List.of(TestPacks.root())).catalog().device("atmega4809");
      assertThat(second).isEqualTo(first);
      CatalogTest.checkAtmega4809(second);
      // a damaged entry is ignored: the file is parsed again
      try (Stream<Path> s = Files.list(cache.resolve("models"))) {
        Path entry = s.findFirst().orElseThrow();
        Files.write(entry, new byte[] {1, 2, 3});
      }
      assertThat(PackSources.of(List.of(TestPacks.root())).catalog().device("atmega4809")).isEqualTo(first);
    } finally {
      if (old == null) System.clearProperty("avrkit.cacheDir");
      else System.setProperty("avrkit.cacheDir", old);
    }
  }

  /**
   * Stale or damaged entries are never fatal and never believed: an entry written for another key
   * (another file, size, modification time or pack), an entry of the older format, a truncated one
   * and an empty one are each ignored, the file is parsed again and the entry rewritten; a changed
   * ATDF file gets an entry of its own.
   */
  @Test
  void staleOrDamagedEntriesAreRebuilt(@TempDir Path packs) throws Exception {
    String old = System.getProperty("avrkit.cacheDir");
    System.setProperty("avrkit.cacheDir", cache.toString());
    try {
      Path dir = Files.createDirectories(packs.resolve("ATmega_DFP-2.3.126"));
      Path atdf = dir.resolve("ATmega4809.atdf");
      Files.copy(TestPacks.file("ATmega_DFP-2.3.126", "ATmega4809"), atdf);
      Files.copy(TestPacks.file("ATmega_DFP-2.3.126", "ATmega328P"), dir.resolve("ATmega328P.atdf"));
      PackCatalog first = (PackCatalog) PackSources.of(List.of(packs)).catalog();
      Device d = first.device("ATmega4809");
      PackSources.PackFile f = first.chosenFiles().stream().filter(x -> x.device().equals("ATmega4809")).findFirst().orElseThrow();
      PackSources.PackFile other = first.chosenFiles().stream().filter(x -> x.device().equals("ATmega328P")).findFirst().orElseThrow();
      first.device("ATmega328P");
      Path entry = ModelCache.entry(f, ModelCache.key(f));
      byte[] good = Files.readAllBytes(entry);
      assertThat(ModelCache.load(f)).contains(d);

      // an entry of another key in this entry's place (as a hash collision or a copied cache would)
      Files.copy(ModelCache.entry(other, ModelCache.key(other)), entry, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertThat(ModelCache.load(f)).isEmpty();
      assertThat(PackSources.of(List.of(packs)).catalog().device("atmega4809")).isEqualTo(d);
      assertThat(Files.readAllBytes(entry)).isEqualTo(good);

      // the older format (version 2: no key inside), a truncated entry, an empty one
      byte[] v2 = good.clone();
      v2[7] = 2;
      for (byte[] bad : List.of(v2, java.util.Arrays.copyOf(good, good.length / 2), new byte[0])) {
        Files.write(entry, bad);
        assertThat(ModelCache.load(f)).isEmpty();
        assertThat(PackSources.of(List.of(packs)).catalog().device("ATMEGA4809")).isEqualTo(d);
        assertThat(Files.readAllBytes(entry)).isEqualTo(good);
      }

      // the ATDF file changes (its modification time): the old entry is not used, a new one is written
      Files.setLastModifiedTime(atdf, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(atdf).toMillis() + 5000));
      Path newEntry = ModelCache.entry(f, ModelCache.key(f));
      assertThat(newEntry).isNotEqualTo(entry).doesNotExist();
      assertThat(PackSources.of(List.of(packs)).catalog().device("atmega4809")).isEqualTo(d);
      assertThat(newEntry).exists();
    } finally {
      if (old == null) System.clearProperty("avrkit.cacheDir");
      else System.setProperty("avrkit.cacheDir", old);
    }
  }
}
