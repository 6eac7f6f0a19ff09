package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** avrkit packs install against a pack server on the loopback interface. */
class PackInstallerTest {
  @TempDir Path cache;

  @Test
  void installsAPackFoundByDeviceAndTheCatalogUsesIt() throws Exception {
    try (PackServer s = new PackServer()) {
      Path src = TestPacks.root().resolve("ATmega_DFP-2.3.126");
      s.files.put("/packs/Microchip.ATmega_DFP.9.9.1.atpack",
          PackServer.atpack("ATmega_DFP", "9.9.1", src, List.of("ATmega4809", "ATmega328P"), Map.of()));
      s.index("ATmega_DFP 9.9.1 ATmega4809 ATmega328P", "ATmega_DFP 2.0.1 ATmega4809", "ATtiny_DFP 3.0.0 ATtiny817");
      PackInstaller inst = new PackInstaller(s.base(), cache.resolve("packs"));
      List<PackInstaller.Offer> offers = inst.index();
      assertThat(offers).extracting(PackInstaller.Offer::name).containsExactly("ATmega_DFP", "ATtiny_DFP");
      PackInstaller.Offer o = inst.find("ATMEGA4809", offers);
      assertThat(o.version()).isEqualTo("9.9.1");
      assertThat(inst.find("atmega", offers)).isEqualTo(o);
      List<Long> progress = new ArrayList<>();
      PackInstaller.Installed r = inst.install(o, (w, done, total) -> progress.add(done));
      assertThat(r.deviceFiles()).isEqualTo(2);
      assertThat(r.folder()).isEqualTo(cache.resolve("packs/ATmega_DFP-9.9.1"));
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1)).isEqualTo(s.files.get("/packs/Microchip.ATmega_DFP.9.9.1.atpack").length);
      // installed packs are listed and, being newest, win in the catalog
      assertThat(PackInstaller.installed(cache.resolve("packs"))).singleElement()
          .satisfies(i -> assertThat(i.name() + " " + i.version() + " " + i.deviceFiles()).isEqualTo("ATmega_DFP 9.9.1 2"));
      DeviceCatalog cat = PackSources.of(List.of(TestPacks.root(), cache.resolve("packs"))).catalog();
      assertThat(cat.device("atmega4809").pack().release()).isEqualTo("9.9.1");
      assertThat(cat.device("atmega4809").pack().source()).isEqualTo(cache.resolve("packs/ATmega_DFP-9.9.1/atdf/ATmega4809.atdf"));
      CatalogTest.checkAtmega4809(cat.device("atmega4809"));
      // pinning brings the older one back
      assertThat(PackSources.of(List.of(TestPacks.root(), cache.resolve("packs"))).pin("ATmega_DFP-2.3.126").catalog()
          .device("atmega4809").pack().release()).isEqualTo("2.3.126");
      // a second install is a no-op
      assertThat(inst.install(o, null).folder()).isEqualTo(r.folder());
      assertThatThrownBy(() -> inst.find("atmega4890", offers)).isInstanceOf(AvrkitException.class).hasMessageContaining("ATmega4809");
    }
  }

  @Test
  void refusesZipSlipAndBrokenArchivesLeavingNothing() throws Exception {
    try (PackServer s = new PackServer()) {
      Path src = TestPacks.root().resolve("ATmega_DFP-2.3.126");
      s.files.put("/packs/Microchip.Evil_DFP.1.0.0.atpack",
          PackServer.atpack("Evil_DFP", "1.0.0", src, List.of("ATmega328P"), Map.of("../../escaped.txt", "gotcha")));
      s.files.put("/packs/Microchip.Broken_DFP.1.0.0.atpack", "this is not a zip".getBytes());
      s.files.put("/packs/Microchip.Empty_DFP.1.0.0.atpack", PackServer.atpack("Empty_DFP", "1.0.0", src, List.of(), Map.of()));
      s.index("Evil_DFP 1.0.0", "Broken_DFP 1.0.0", "Empty_DFP 1.0.0", "Missing_DFP 1.0.0");
      Path dir = cache.resolve("packs");
      PackInstaller inst = new PackInstaller(s.base(), dir);
      List<PackInstaller.Offer> offers = inst.index();
      assertThatThrownBy(() -> inst.install(inst.find("Evil_DFP", offers), null))
          .isInstanceOf(AvrkitException.class).hasMessageContaining("would be written outside the pack folder");
      assertThatThrownBy(() -> inst.install(inst.find("broken", offers), null))
          .isInstanceOf(AvrkitException.class).hasMessageContaining("not a valid zip archive");
      assertThatThrownBy(() -> inst.install(inst.find("Empty_DFP", offers), null))
          .isInstanceOf(AvrkitException.class).hasMessageContaining("holds no .atdf device files");
      assertThatThrownBy(() -> inst.install(inst.find("Missing_DFP", offers), null))
          .isInstanceOf(AvrkitException.class).hasMessageContaining("HTTP 404");
      assertThat(cache.resolve("escaped.txt")).doesNotExist();
      assertThat(cache.getParent().resolve("escaped.txt")).doesNotExist();
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left).as("nothing half-written stays").isEmpty();
      }
      assertThat(PackInstaller.installed(dir)).isEmpty();
    }
  }

  @Test
  void unreachableServerAndBadMirror() {
    PackInstaller inst = new PackInstaller(java.net.URI.create("http://127.0.0.1:1/"), cache);
    assertThatThrownBy(inst::index).isInstanceOf(AvrkitException.class).hasMessageContaining("cannot reach").hasMessageContaining("--mirror");
    assertThatThrownBy(() -> PackInstaller.of(java.util.Optional.of("ftp://x/"))).isInstanceOf(AvrkitException.class).hasMessageContaining("http(s)");
  }

  @Test
  void atpackFilesAreReadDirectly() throws Exception {
    Path zip = cache.resolve("Microchip.ATmega_DFP.7.0.0.atpack");
    Files.write(zip, PackServer.atpack("ATmega_DFP", "7.0.0", TestPacks.root().resolve("ATmega_DFP-2.3.126"), List.of("ATmega328P"), Map.of()));
    DeviceCatalog cat = PackSources.of(List.of(zip)).catalog();
    Device d = cat.device("ATmega328P");
    assertThat(d.pack().name()).isEqualTo("ATmega_DFP");
    assertThat(d.pack().release()).isEqualTo("7.0.0");
    assertThat(d.memory().flashSize()).isEqualTo(32768);
    assertThat(cat.devices()).singleElement().satisfies(x -> assertThat(x.source().toString()).endsWith("7.0.0.atpack/atdf/ATmega328P.atdf"));
  }
}
