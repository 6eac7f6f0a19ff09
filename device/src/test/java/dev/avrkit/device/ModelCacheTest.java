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
}
