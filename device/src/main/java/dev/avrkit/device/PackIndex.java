package dev.avrkit.device;

import dev.avrkit.device.DeviceCatalog.DeviceSummary;
import dev.avrkit.device.PackSources.PackFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The index cache: device summaries of a set of pack files, stored in {@code
 * cacheDir()/index/devices-<key>.tsv}, where the key is a hash of every chosen file's path, size
 * and modification time. Any change to the packs gives a new key, so a stale index is never read.
 * A cache that cannot be written is skipped silently (the summaries are then read from the files).
 */
final class PackIndex {
  private PackIndex() {}

  static final String DISABLE_ENV = "AVRKIT_NO_INDEX";

  static List<DeviceSummary> summaries(PackCatalog catalog) {
    List<PackFile> chosen = catalog.chosenFiles();
    boolean enabled = System.getenv(DISABLE_ENV) == null && !Boolean.getBoolean("avrkit.noIndex");
    Path file = null;
    if (enabled) {
      try {
        file = PackSources.cacheDir().resolve("index").resolve("devices-" + key(chosen) + ".tsv");
        if (Files.isRegularFile(file)) {
          List<DeviceSummary> s = read(file);
          // a damaged or cut-short index is rebuilt, never believed
          if (s != null && s.size() == chosen.size()) return s;
        }
      } catch (IOException | RuntimeException e) {
        // unreadable cache: fall through and rebuild it
      }
    }
    List<DeviceSummary> s = catalog.summariesFromFiles();
    if (enabled && file != null && catalog.scanProblems().isEmpty() && s.size() == chosen.size()) write(file, s);
    return s;
  }

  static String key(List<PackFile> files) throws IOException {
    StringBuilder sb = new StringBuilder("v2\n");
    for (PackFile f : files) {
      BasicFileAttributes a = Files.readAttributes(f.file(), BasicFileAttributes.class);
      sb.append(f.display()).append('\t').append(a.size()).append('\t').append(a.lastModifiedTime().toMillis())
          .append('\t').append(f.pack()).append('\t').append(f.release()).append('\n');
    }
    String k = sb.toString();
    // two independent 64-bit hashes (of the key and of the key reversed) name the file
    return HexFormat.of().toHexDigits(ModelCache.hash64(k)) + HexFormat.of().toHexDigits(ModelCache.hash64(sb.reverse().toString()));
  }

  private static List<DeviceSummary> read(Path file) throws IOException {
    List<DeviceSummary> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] c = line.split("\t", -1);
      if (c.length != 10) return null;
      List<String> ifs = c[6].isEmpty() ? List.of() : Arrays.asList(c[6].split(","));
      out.add(new DeviceSummary(c[0], c[1], Architecture.valueOf(c[2]), Long.parseLong(c[3]), Long.parseLong(c[4]),
          Long.parseLong(c[5]), List.copyOf(ifs), c[7], c[8], Path.of(c[9])));
    }
    return List.copyOf(out);
  }

  private static void write(Path file, List<DeviceSummary> s) {
    try {
      Files.createDirectories(file.getParent());
      StringBuilder sb = new StringBuilder("# avrkit device index: name family architecture flash ram eeprom interfaces pack release source\n");
      for (DeviceSummary d : s) {
        sb.append(String.join("\t", clean(d.name()), clean(d.family()), d.architecture().name(),
            Long.toString(d.flashSize()), Long.toString(d.ramSize()), Long.toString(d.eepromSize()),
            clean(String.join(",", d.programmingInterfaces())), clean(d.pack()), clean(d.release()),
            clean(d.source().toString()))).append('\n');
      }
      Path tmp = Files.createTempFile(file.getParent(), "devices", ".tmp");
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      // a read-only cache is no error: the summaries are right, only slower next time
    }
  }

  private static String clean(String s) { return s.replace('\t', ' ').replace('\n', ' '); }
}
