package dev.avrkit.device;

import dev.avrkit.device.PackSources.PackFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link DeviceCatalog} over {@link PackSources}: finds every ATDF file, picks for each device
 * the file of the newest pack release (or of the pinned pack) and reads devices on demand, each
 * at most once. Device summaries come from the index cache when the sources are unchanged
 * ({@link PackIndex}), else from reading every file (in parallel). A file that fails to read is
 * reported in {@link #problems()}; the other devices still load.
 */
public final class PackCatalog implements DeviceCatalog {
  private final PackSources sources;
  /** lower-case device name to its files, best first. */
  private final Map<String, List<PackFile>> files;
  private final List<String> scanProblems;
  private final Map<PackFile, Device> loaded = new ConcurrentHashMap<>();
  private final Map<PackFile, String> failed = new ConcurrentHashMap<>();
  private volatile List<DeviceSummary> summaries;

  private PackCatalog(PackSources sources, Map<String, List<PackFile>> files, List<String> scanProblems) {
    this.sources = sources;
    this.files = files;
    this.scanProblems = scanProblems;
  }

  static PackCatalog open(PackSources sources) {
    List<String> problems = new ArrayList<>();
    List<PackFile> all = sources.scan(problems);
    Map<String, List<PackFile>> byName = new TreeMap<>();
    for (PackFile f : all) byName.computeIfAbsent(f.device().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f);
    Comparator<PackFile> best = (a, b) -> -PackSources.compareReleases(a.release(), b.release());
    Optional<String> pin = sources.pinned();
    if (pin.isPresent()) {
      String p = pin.get();
      if (all.stream().noneMatch(f -> f.matchesPack(p))) {
        throw new AvrkitException("--pack " + p + ": no pack of that name among the sources (see avrkit packs list)");
      }
      best = Comparator.<PackFile, Boolean>comparing(f -> !f.matchesPack(p)).thenComparing(best);
    }
    for (List<PackFile> l : byName.values()) l.sort(best);
    return new PackCatalog(sources, byName, List.copyOf(problems));
  }

  /** The sources this catalog reads. */
  public PackSources sources() { return sources; }

  /** All files that describe the device, the chosen one first (empty if unknown). */
  public List<PackFileInfo> candidates(String name) {
    List<PackFile> l = files.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    return l.stream().map(f -> new PackFileInfo(f.device(), f.pack(), f.release(), f.display())).toList();
  }

  /** Where one device description lives. */
  public record PackFileInfo(String device, String pack, String release, Path source) {}

  /** Reads one specific description of a device (e.g. from an older pack), not cached. */
  public Device read(PackFileInfo info) {
    for (PackFile f : files.getOrDefault(info.device().toLowerCase(Locale.ROOT), List.of())) {
      if (f.display().equals(info.source())) return readFile(f);
    }
    throw new AvrkitException("no device file " + info.source() + " among the pack sources");
  }

  /** Names of all devices (as in their file names), sorted case-insensitively. */
  public List<String> names() {
    return files.values().stream().map(l -> l.get(0).device()).toList();
  }

  @Override
  public List<DeviceSummary> devices() {
    List<DeviceSummary> s = summaries;
    if (s == null) {
      synchronized (this) {
        if (summaries == null) {
          summaries = PackIndex.summaries(this);
        }
        s = summaries;
      }
    }
    return s;
  }

  /** Summaries read from the files themselves (what the index cache stores). */
  List<DeviceSummary> summariesFromFiles() {
    List<PackFile> chosen = files.values().stream().map(l -> l.get(0)).toList();
    chosen.parallelStream().forEach(this::tryLoad);
    List<DeviceSummary> out = new ArrayList<>();
    for (PackFile f : chosen) {
      Device d = loaded.get(f);
      if (d != null) out.add(summary(d, f));
    }
    return Collections.unmodifiableList(out);
  }

  List<PackFile> chosenFiles() { return files.values().stream().map(l -> l.get(0)).toList(); }

  static DeviceSummary summary(Device d, PackFile f) {
    MemoryMap m = d.memory();
    return new DeviceSummary(d.name(), d.family(), d.architecture(), m.flashSize(), m.ramSize(), m.eepromSize(),
        d.programmingInterfaces(), f.pack(), f.release(), f.display());
  }

  /** Reads every device (the chosen file of each); failures go to {@link #problems()}. */
  public List<Device> loadAll() {
    List<PackFile> chosen = chosenFiles();
    chosen.parallelStream().forEach(this::tryLoad);
    List<Device> out = new ArrayList<>();
    for (PackFile f : chosen) {
      Device d = loaded.get(f);
      if (d != null) out.add(d);
    }
    return out;
  }

  private void tryLoad(PackFile f) {
    if (loaded.containsKey(f) || failed.containsKey(f)) return;
    try {
      loaded.put(f, readFile(f));
    } catch (AvrkitException e) {
      failed.put(f, e.getMessage());
    } catch (RuntimeException e) {
      failed.put(f, f.display() + ":0:0: unexpected reader failure: " + e);
    }
  }

  static Device readFile(PackFile f) {
    try (InputStream in = f.open()) {
      return AtdfReader.read(in, f.display(), f.pack(), f.release());
    } catch (IOException e) {
      throw new AtdfException(f.display().toString(), 0, 0, "cannot read: " + e.getMessage(), e);
    }
  }

  @Override
  public Device device(String name) {
    Optional<Device> d = find(name);
    if (d.isPresent()) return d.get();
    if (files.isEmpty()) {
      throw new AvrkitException("unknown device '" + name + "': no device packs found in " + sources.paths()
          + " (set AVRKIT_PACKS, pass --packs, or run avrkit packs install <family>)");
    }
    List<String> close = closest(name, names(), 3);
    throw new AvrkitException("unknown device '" + name + "'"
        + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")
        + " (avrkit devices lists all)");
  }

  @Override
  public Optional<Device> find(String name) {
    if (name == null) return Optional.empty();
    List<PackFile> l = files.get(name.trim().toLowerCase(Locale.ROOT));
    if (l == null) return Optional.empty();
    PackFile f = l.get(0);
    Device d = loaded.get(f);
    if (d != null) return Optional.of(d);
    // one device: from the model cache when its file is unchanged, else parsed (and cached);
    // a broken file for the asked device: its error is the answer
    Device r = ModelCache.load(f).orElseGet(() -> {
      Device parsed = readFile(f);
      ModelCache.store(f, parsed);
      return parsed;
    });
    loaded.put(f, r);
    return Optional.of(r);
  }

  @Override
  public List<String> problems() {
    loadAll();
    List<String> out = new ArrayList<>(scanProblems);
    Map<String, String> sorted = new TreeMap<>();
    failed.forEach((f, m) -> sorted.put(f.display().toString(), m));
    out.addAll(sorted.values());
    return out;
  }

  /** Problems found without reading device files (missing sources, unreadable zips). */
  public List<String> scanProblems() { return scanProblems; }

  /**
   * Up to {@code max} names closest to {@code wanted}: names containing it first, then by edit
   * distance (case-insensitive).
   */
  public static List<String> closest(String wanted, Collection<String> names, int max) {
    String w = wanted.toLowerCase(Locale.ROOT);
    Map<String, Integer> score = new LinkedHashMap<>();
    for (String n : names) {
      String l = n.toLowerCase(Locale.ROOT);
      int d = distance(w, l);
      if (l.contains(w)) d = Math.min(d, 1 + (l.length() - w.length()) / 4);
      score.put(n, d);
    }
    int limit = Math.max(2, w.length() / 2);
    return score.entrySet().stream()
        .filter(e -> e.getValue() <= limit)
        .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .limit(max)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + c);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
