package dev.avrkit.device;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the tests find Microchip's ATDF files (../shared/atdf): AVRKIT_PACKS, else the default. */
final class TestPacks {
  private TestPacks() {}

  private static PackCatalog catalog;

  static Path root() {
    for (String env : new String[] {System.getenv("AVRKIT_PACKS"), System.getenv("AVRKIT_PACKS_DEFAULT")}) {
      if (env != null && !env.isBlank()) {
        Path p = Path.of(env.split(File.pathSeparator)[0]);
        if (Files.isDirectory(p)) return p;
      }
    }
    String repo = System.getProperty("avrkit.repo", ".");
    return Path.of(repo).resolve("../shared/atdf").normalize();
  }

  static Path file(String pack, String device) { return root().resolve(pack).resolve(device + ".atdf"); }

  /** One catalog over all packs, shared by the test classes of this JVM. */
  static synchronized PackCatalog catalog() {
    if (catalog == null) {
      catalog = (PackCatalog) PackSources.of(List.of(root())).catalog();
      catalog.loadAll();
    }
    return catalog;
  }
}
