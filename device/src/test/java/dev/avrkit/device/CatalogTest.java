package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Loads every pack in ../shared/atdf and spot-checks the ATmega4809 and the ATmega328P. */
class CatalogTest {
  final PackCatalog cat = TestPacks.catalog();

  @Test
  void everyFileLoadsWithoutProblems() throws Exception {
    long atdfFiles;
    try (Stream<Path> s = Files.walk(TestPacks.root())) {
      atdfFiles = s.filter(p -> p.toString().endsWith(".atdf")).count();
    }
    assertThat(atdfFiles).isGreaterThan(340);
    assertThat(cat.problems()).isEmpty();
    List<Device> all = cat.loadAll();
    // one device per distinct file name; 44 devices appear in two packs
    long distinct;
    try (Stream<Path> s = Files.walk(TestPacks.root())) {
      distinct = s.filter(p -> p.toString().endsWith(".atdf")).map(p -> p.getFileName().toString().toLowerCase()).distinct().count();
    }
    assertThat(all).hasSize((int) distinct);
    assertThat(cat.devices()).hasSize((int) distinct);
    for (Device d : all) {
      assertThat(d.peripherals()).as(d.name()).isNotEmpty();
      // program memory: flash, or ROM on a few automotive parts (ATA5781...), whose flashSize is 0
      assertThat(d.addressSpaces()).as(d.name()).anyMatch(a -> a.id().equals("prog") && a.size() > 0);
      assertThat(d.interrupts().get(0).index()).isZero();
    }
  }

  @Test
  void newestReleaseWins() {
    // ATtiny817 is in ATtiny_DFP 2.0.368 and 2.5.116
    assertThat(cat.device("ATtiny817").pack().release()).isEqualTo("2.5.116");
    // a versioned release beats a folder without a version
    assertThat(cat.device("atmega4809").pack().release()).isEqualTo("2.3.126");
    assertThat(cat.candidates("ATmega4809")).hasSize(2);
    assertThat(PackSources.compareReleases("2.10.1", "2.9.300")).isPositive();
    assertThat(PackSources.compareReleases("megaAVR0-schema4.5", "1.0")).isNegative();
    assertThat(PackSources.compareReleases("2", "1.9.9")).isPositive();
    assertThat(PackSources.compareReleases("2.0", "2")).isZero();
    for (String notVersion : List.of("1.", ".1", "1..2", "", "v1.2", "1.2a")) {
      assertThat(PackSources.compareReleases(notVersion, "0.1")).as(notVersion).isNegative();
    }
  }

  /** A pack description's name and newest release, also when the release list ends past a read. */
  @Test
  void pdscHeadGivesNameAndNewestRelease() {
    for (int pad : new int[] {0, 8000, 8185, 8190, 20000}) {
      String pdsc = "<?xml version=\"1.0\"?>\n<package>\n<!--" + "x".repeat(pad) + "-->\n<name>ATtiny_DFP</name>\n"
          + "<releases>\n<release version=\"2.0.368\" date=\"2019-01-01\">old</release>\n"
          + "<release version=\"2.5.116\">new</release>\n<release version=\"2.10.1\">newest</release>\n</releases>\n"
          + "<devices><name>not this</name></devices>\n</package>\n";
      PackSources.NameRelease nr = PackSources.readPdsc(
          new java.io.ByteArrayInputStream(pdsc.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test.pdsc").orElseThrow();
      assertThat(nr).as("pad " + pad).isEqualTo(new PackSources.NameRelease("ATtiny_DFP", "2.10.1"));
    }
  }

  @Test
  void pinnedPackWins() {
    DeviceCatalog pinned = PackSources.of(List.of(TestPacks.root())).pin("ATtiny_DFP-2.0.368").catalog();
    assertThat(pinned.device("ATtiny817").pack().release()).isEqualTo("2.0.368");
    assertThat(pinned.device("ATtiny817").pack().schemaVersion()).isEqualTo("4.5");
    assertThatThrownBy(() -> PackSources.of(List.of(TestPacks.root())).pin("NoSuch_DFP").catalog())
        .isInstanceOf(AvrkitException.class).hasMessageContaining("NoSuch_DFP");
  }

  @Test
  void unknownDeviceSuggestsClosestNames() {
    assertThatThrownBy(() -> cat.device("atmega4890"))
        .isInstanceOf(AvrkitException.class)
        .hasMessageContaining("ATmega4809");
    assertThat(cat.find("ATMEGA328p")).isPresent();
  }

  static void checkAtmega4809(Device d) {
    assertThat(d.architecture()).isEqualTo(Architecture.AVR8X);
    Peripheral porte = d.peripheral("PORTE").orElseThrow();
    assertThat(porte.baseAddress()).isEqualTo(0x0480);
    assertThat(porte.register("DIRSET").orElseThrow().address()).isEqualTo(0x0481);
    Peripheral tca = d.peripheral("TCA0").orElseThrow();
    assertThat(tca.register("SINGLE.CTRLA").orElseThrow().address()).isEqualTo(0x0A00);
    assertThat(tca.register("SPLIT.CTRLA").orElseThrow().address()).isEqualTo(0x0A00);
    assertThat(tca.register("SINGLE.CMP0").orElseThrow().size()).isEqualTo(2);
    assertThat(tca.register("SINGLE.CMP0").orElseThrow().address()).isEqualTo(0x0A28);
    assertThat(tca.register("SPLIT.HCMP0").orElseThrow().address()).isEqualTo(0x0A29);
    assertThat(tca.register("SINGLE.CTRLA").orElseThrow().mode()).contains("SINGLE");
    RegisterGroup tcaGroup = tca.module().registerGroup("TCA").orElseThrow();
    assertThat(tcaGroup.modes()).extracting(RegisterGroup.Mode::name).containsExactly("SINGLE", "SPLIT");
    assertThat(tcaGroup.modes().get(1).qualifier()).startsWith("TCA.").endsWith(".CTRLD.SPLITM");
    assertThat(tcaGroup.modes().get(1).value()).isEqualTo(1);
    assertThat(d.peripheral("USART3").orElseThrow().baseAddress()).isEqualTo(0x0860);
    assertThat(d.vectorCount()).isEqualTo(40);
    Interrupt ovf = d.interrupts().stream().filter(i -> i.index() == 7).findFirst().orElseThrow();
    assertThat(ovf.names()).containsExactlyInAnyOrder("TCA0_LUNF", "TCA0_OVF");
    assertThat(ovf.instance()).isEqualTo("TCA0");
    Fuse osccfg = d.fuse("OSCCFG").orElseThrow();
    assertThat(osccfg.address()).isEqualTo(0x1282);
    assertThat(osccfg.index()).isEqualTo(2);
    assertThat(osccfg.addressSpace()).isEqualTo("data");
    assertThat(d.fuse("fuse2")).contains(osccfg);
    ValueGroup freqsel = osccfg.field("FREQSEL").orElseThrow().values().orElseThrow();
    assertThat(freqsel.byValue(1).orElseThrow().name()).isEqualTo("16MHZ");
    assertThat(freqsel.byValue(2).orElseThrow().name()).isEqualTo("20MHZ");
    assertThat(d.fuse("SYSCFG0").orElseThrow().address()).isEqualTo(0x1285);
    assertThat(d.fuse("BOOTEND").orElseThrow().index()).isEqualTo(8);
    Fuse lock = d.fuses().stream().filter(Fuse::lockBits).findFirst().orElseThrow();
    assertThat(lock.address()).isEqualTo(0x128A);
    MemoryMap m = d.memory();
    assertThat(m.ramStart()).isEqualTo(0x2800);
    assertThat(m.ramSize()).isEqualTo(6144);
    assertThat(m.flashSize()).isEqualTo(49152);
    assertThat(m.flashPageSize()).isEqualTo(128);
    assertThat(m.flashMappedAt()).contains(0x4000L);
    assertThat(m.eepromDataAddress()).contains(0x1400L);
    assertThat(m.eepromSize()).isEqualTo(256);
    assertThat(HexFormat.of().formatHex(d.signature())).isEqualTo("1e9651");
    assertThat(d.programmingInterfaces()).contains("UPDI");
    assertThat(d.warnings()).isEmpty();
  }

  @Test
  void atmega4809BothSchemas() {
    checkAtmega4809(cat.device("ATmega4809"));
    Device d45 = AtdfReader.read(TestPacks.file("ATmega_DFP-megaAVR0-schema4.5", "ATmega4809"));
    assertThat(d45.pack().schemaVersion()).isEqualTo("4.5");
    checkAtmega4809(d45);
  }

  @Test
  void atmega328p() {
    Device d = cat.device("ATmega328P");
    assertThat(d.architecture()).isEqualTo(Architecture.AVR8);
    Peripheral portb = d.peripheral("PORTB").orElseThrow();
    assertThat(portb.register("PORTB").orElseThrow().address()).isEqualTo(0x25);
    assertThat(portb.register("DDRB").orElseThrow().address()).isEqualTo(0x24);
    BitField wdp = d.peripheral("WDT").orElseThrow().register("WDTCSR").orElseThrow().register().field("WDP").orElseThrow();
    assertThat(wdp.mask()).isEqualTo(0x27);
    assertThat(wdp.contiguous()).isFalse();
    assertThat(wdp.extract(0x21)).isEqualTo(0b1001);
    assertThat(d.vectorCount()).isEqualTo(26);
    assertThat(d.interrupts().get(0).name()).isEqualTo("RESET");
    assertThat(d.fuse("LOW").orElseThrow().index()).isZero();
    assertThat(d.fuse("HIGH").orElseThrow().index()).isEqualTo(1);
    assertThat(d.fuse("EXTENDED").orElseThrow().index()).isEqualTo(2);
    assertThat(d.fuse("LOW").orElseThrow().addressSpace()).isEqualTo("fuses");
    assertThat(d.fuse("LOW").orElseThrow().defaultValue()).contains(0x62L);
    assertThat(d.fuse("HIGH").orElseThrow().defaultValue()).contains(0xD9L);
    Fuse lock = d.fuses().stream().filter(Fuse::lockBits).findFirst().orElseThrow();
    assertThat(lock.addressSpace()).isEqualTo("lockbits");
    assertThat(lock.field("LB")).isPresent();
    assertThat(HexFormat.of().formatHex(d.signature())).isEqualTo("1e950f");
    MemoryMap m = d.memory();
    assertThat(m.flashSize()).isEqualTo(32768);
    assertThat(m.flashPageSize()).isEqualTo(128);
    assertThat(m.ramStart()).isEqualTo(0x100);
    assertThat(m.ramSize()).isEqualTo(2048);
    assertThat(m.eepromSize()).isEqualTo(1024);
    assertThat(m.eepromDataAddress()).isEmpty();
  }
}
