package dev.avrkit.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The catalog of the environment's packs ({@link PackSources#fromEnvironment}) that installs the
 * pack describing a device on first use, as cargo fetches a crate: when no pack read knows the
 * device and the pack its name belongs to ({@code families.txt}) is not among them, it reads
 * the pack server's index ({@code $AVRKIT_PACK_MIRROR}, else Microchip's), installs the pack that
 * lists the device (progress on stderr, then one line saying which pack and where) and reads the
 * packs again. Offline, the error names the pack, its server and the {@code --packs} /
 * {@code AVRKIT_PACKS} way round. A device of a pack that is there (a typo) never goes online.
 */
final class InstallingCatalog implements DeviceCatalog {
  /** Environment variable naming another pack server for installs on first use. */
  static final String MIRROR_ENV = "AVRKIT_PACK_MIRROR";

  private final PackSources sources;
  private DeviceCatalog inner;
  private final PrintStream log;
  private final URI server;

  /**
   * The devices of {@code sources} (plus the install folder once something is installed there),
   * installing from {@code server}; progress and what was installed go to {@code log}.
   */
  InstallingCatalog(PackSources sources, PrintStream log, URI server) {
    this.sources = sources;
    this.inner = sources.catalog();
    this.log = log;
    this.server = server;
  }

  /** The environment's catalog: {@code $AVRKIT_PACK_MIRROR}, else Microchip's pack server. */
  static InstallingCatalog fromEnvironment(PrintStream log) {
    String mirror = System.getenv(MIRROR_ENV);
    URI server;
    try {
      server = mirror == null || mirror.isBlank() ? PackInstaller.DEFAULT_SERVER : URI.create(mirror.trim());
    } catch (IllegalArgumentException e) {
      throw new AvrkitException(MIRROR_ENV + "=" + mirror + " is not a URL (expected e.g. https://host/path/)");
    }
    return new InstallingCatalog(PackSources.fromEnvironment(), log, server);
  }

  @Override
  public List<DeviceSummary> devices() {
    return inner.devices();
  }

  @Override
  public Optional<Device> find(String name) {
    return inner.find(name);
  }

  @Override
  public List<String> problems() {
    return inner.problems();
  }

  @Override
  public Device device(String name) {
    Optional<Device> d = inner.find(name);
    if (d.isPresent()) return d.get();
    Optional<String> pack = familyPack(name);
    if (pack.isEmpty() || name.isBlank() || hasPack(pack.get())) return inner.device(name); // its error
    PackInstaller inst = new PackInstaller(server, PackSources.installDir());
    PackInstaller.Installed got;
    try {
      List<PackInstaller.Offer> offers = inst.index();
      PackInstaller.Offer o = offers.stream().filter(x -> x.devices().stream().anyMatch(n -> n.equalsIgnoreCase(name)))
          .findFirst().orElseGet(() -> inst.find(pack.get(), offers));
      log.println("avrkit: no pack read describes the " + name + ": installing " + o.name() + " " + o.version()
          + " from " + inst.server() + " (once)");
      got = inst.install(o, bar(log));
    } catch (AvrkitException e) {
      throw new AvrkitException("unknown device '" + name + "': it is described by Microchip's " + pack.get()
          + " pack, which is not installed, and installing it from " + inst.server() + " failed ("
          + e.getMessage().replace("use --mirror URL", "set " + MIRROR_ENV + "=URL")
          + "); run the command again online (or: avrkit packs install " + pack.get() + "), or download " + pack.get()
          + " from " + inst.server() + " and pass its folder with --packs PATH or AVRKIT_PACKS=PATH", e);
    }
    log.println("avrkit: installed " + got.name() + " " + got.version() + " (" + got.deviceFiles() + " device files) in "
        + got.folder());
    Path dir = PackSources.installDir();
    inner = (sources.paths().contains(dir) ? sources : PackSources.of(append(sources.paths(), dir))).catalog();
    return inner.device(name);
  }

  private static List<Path> append(List<Path> l, Path p) {
    List<Path> out = new ArrayList<>(l);
    out.add(p);
    return out;
  }

  private boolean hasPack(String pack) {
    for (DeviceSummary s : inner.devices()) {
      if (s.pack() != null && s.pack().toLowerCase(Locale.ROOT).startsWith(pack.toLowerCase(Locale.ROOT))) return true;
    }
    return false;
  }

  /** A one-line progress bar on {@code log}: {@code downloading ATmega_DFP 2.3.126 [#####     ] 50% of 21.4 MiB}. */
  static PackInstaller.Progress bar(PrintStream log) {
    long[] last = {-2};
    return (what, done, total) -> {
      long pct = total > 0 ? done * 100 / total : -1;
      if (pct == last[0] && done != total) return;
      last[0] = pct;
      int filled = pct < 0 ? 0 : (int) (pct / 5);
      log.print("\rdownloading " + what + " [" + "#".repeat(filled) + " ".repeat(20 - filled) + "] "
          + (pct >= 0 ? pct + "% of " + size(total) : size(done)));
      if (done == total) log.println();
      log.flush();
    };
  }

  static String size(long n) {
    return n < 1048576 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0) : String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
  }

  /** The lines of {@code families.txt}: name pattern, pack. */
  private static final List<Map.Entry<Pattern, String>> FAMILIES = new ArrayList<>();

  static {
    try (InputStream in = InstallingCatalog.class.getResourceAsStream("/dev/avrkit/packs/families.txt")) {
      if (in == null) throw new IllegalStateException("families.txt missing from the classpath");
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) continue;
        String[] f = l.split("\\s+");
        FAMILIES.add(Map.entry(Pattern.compile(f[0], Pattern.CASE_INSENSITIVE), f[1]));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read families.txt", e);
    }
  }

  /** The pack a device's name belongs to (the first line of {@code families.txt} that matches). */
  static Optional<String> familyPack(String device) {
    String n = device.strip();
    for (Map.Entry<Pattern, String> e : FAMILIES) {
      if (e.getKey().matcher(n).matches()) return Optional.of(e.getValue());
    }
    return Optional.empty();
  }
}
