package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packs on first use: the family data file against the packs in ../shared/atdf, an install from a
 * local pack server through the catalog, and seeded random device names against a server that is
 * not there (offline): every one ends in a one-line {@link AvrkitException}.
 */
class InstallingCatalogTest {
  @TempDir Path tmp;

  /** Every device of a Microchip pack (name *_DFP-version) maps to that pack. */
  @Test
  void familiesMatchTheSharedPacks() {
    List<String> wrong = new ArrayList<>();
    int n = 0;
    for (DeviceCatalog.DeviceSummary s : TestPacks.catalog().devices()) {
      String folder = s.source().getParent().getFileName().toString();
      if (!folder.matches(".*_DFP-\\d+(\\.\\d+)+")) continue;
      String pack = folder.substring(0, folder.lastIndexOf('-'));
      n++;
      String got = InstallingCatalog.familyPack(s.name()).orElse("(none)");
      if (!got.equalsIgnoreCase(pack)) wrong.add(s.name() + " in " + pack + ", families.txt says " + got);
    }
    assertThat(n).isGreaterThan(250);
    assertThat(wrong).isEmpty();
    assertThat(InstallingCatalog.familyPack("pdp11")).isEmpty();
    assertThat(InstallingCatalog.familyPack("avr64ea48")).contains("AVR-Ex_DFP");
  }

  @Test
  void installsThePackOfAnUnknownDeviceOnce() throws Exception {
    String old = System.getProperty("avrkit.cacheDir");
    System.setProperty("avrkit.cacheDir", tmp.resolve("cache").toString());
    try (PackServer s = new PackServer()) {
      s.files.put("/packs/Microchip.ATtiny_DFP.3.0.0.atpack",
          PackServer.atpack("ATtiny_DFP", "3.0.0", TestPacks.root().resolve("ATtiny_DFP-2.5.116"), List.of("ATtiny3217"), Map.of()));
      s.index("ATmega_DFP 9.9.1 ATmega4809", "ATtiny_DFP 3.0.0 ATtiny3217");
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      InstallingCatalog c = new InstallingCatalog(PackSources.of(List.of(tmp.resolve("none"))),
          new PrintStream(log, true, StandardCharsets.UTF_8), s.base());
      Device d = c.device("attiny3217");
      assertThat(d.name()).isEqualTo("ATtiny3217");
      assertThat(d.pack().release()).isEqualTo("3.0.0");
      String text = log.toString(StandardCharsets.UTF_8);
      assertThat(text).contains("installing ATtiny_DFP 3.0.0 from " + s.base(), "] 100% of ",
          "avrkit: installed ATtiny_DFP 3.0.0 (1 device files) in " + tmp.resolve("cache/packs/ATtiny_DFP-3.0.0"));
      // a device of an installed pack that does not describe it (a typo) stays unknown, offline
      assertThatThrownBy(() -> c.device("ATtiny3218")).isInstanceOf(AvrkitException.class)
          .hasMessageStartingWith("unknown device 'ATtiny3218'");
    } finally {
      if (old == null) System.clearProperty("avrkit.cacheDir");
      else System.setProperty("avrkit.cacheDir", old);
    }
  }

  static final long SEED = 20261202L;

  @Test
  void anyNameOfflineEndsInAOneLineError() {
    String old = System.getProperty("avrkit.cacheDir");
    System.setProperty("avrkit.cacheDir", tmp.resolve("cache").toString());
    try {
      InstallingCatalog c = new InstallingCatalog(PackSources.of(List.of(tmp.resolve("none"))), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          URI.create("http://127.0.0.1:9/packs/"));
      Random r = new Random(SEED);
      String[] starts = {"ATmega", "ATtiny", "AVR128DA", "ATxmega128A", "ATA", "AT90S", "", "avr", "é", "../", "AVR64EA"};
      String alphabet = "AZaz09_-./\\ :%\u00e9\u4e2d\n\t";
      int online = 0;
      for (int i = 0; i < 150; i++) {
        StringBuilder b = new StringBuilder(starts[r.nextInt(starts.length)]);
        for (int k = r.nextInt(8); k > 0; k--) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        String name = b.toString();
        boolean family = InstallingCatalog.familyPack(name).isPresent();
        if (family) online++;
        try {
          c.device(name);
          throw new AssertionError("found a device for '" + name + "' in no packs");
        } catch (AvrkitException e) {
          assertThat(e.getMessage()).as(name).startsWith("unknown device '");
          if (family) {
            assertThat(e.getMessage()).as(name).contains("installing it from http://127.0.0.1:9/packs/ failed",
                "--packs PATH or AVRKIT_PACKS=PATH");
          }
          assertThat(e.getMessage().replace(name, "").lines().count()).as(name).isEqualTo(1);
        }
      }
      assertThat(online).isGreaterThan(30);
    } finally {
      if (old == null) System.clearProperty("avrkit.cacheDir");
      else System.setProperty("avrkit.cacheDir", old);
    }
  }
}
