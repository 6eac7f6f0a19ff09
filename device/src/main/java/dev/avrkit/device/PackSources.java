package dev.avrkit.device;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The places packs are read from. PLACEHOLDER: the device issue replaces {@link #catalog()}
 * with the real reader.
 */
public final class PackSources {
  private final List<Path> paths;

  private PackSources(List<Path> paths) { this.paths = List.copyOf(paths); }

  public static PackSources of(List<Path> paths) { return new PackSources(paths); }

  /** AVRKIT_PACKS (path list), else AVRKIT_PACKS_DEFAULT, else the user's pack cache. */
  public static PackSources fromEnvironment() {
    List<Path> out = new ArrayList<>();
    String env = System.getenv("AVRKIT_PACKS");
    if (env == null || env.isBlank()) env = System.getenv("AVRKIT_PACKS_DEFAULT");
    if (env != null) {
      for (String p : env.split(java.io.File.pathSeparator)) if (!p.isBlank()) out.add(Path.of(p));
    }
    Path cache = cacheDir().resolve("packs");
    if (Files.isDirectory(cache)) out.add(cache);
    return new PackSources(out);
  }

  /** The user's avrkit cache ($XDG_CACHE_HOME/avrkit or ~/.cache/avrkit). */
  public static Path cacheDir() {
    String x = System.getenv("XDG_CACHE_HOME");
    Path base = x != null && !x.isBlank() ? Path.of(x) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("avrkit");
  }

  public List<Path> paths() { return paths; }

  public DeviceCatalog catalog() {
    throw new UnsupportedOperationException("device catalog not implemented yet");
  }
}
