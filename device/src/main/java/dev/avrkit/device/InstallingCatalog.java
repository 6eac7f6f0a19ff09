package dev.avrkit.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The catalog of the environment's packs ({@link PackSources#fromEnvironment}) that installs the
 * pack describing a device on first use, as cargo fetches a crate: when no pack read knows the
 * device and the pack its name belongs to ({@code families.properties}) is not among them, it reads
 * the pack server's index ({@code $AVRKIT_PACK_MIRROR}, else Microchip's), installs the pack that
 * lists the device (progress on stderr, then one line saying which pack and where) and reads the
 * packs again. Offline, the error names the pack, its server and the {@code --packs} /
 * {@code AVRKIT_PACKS} way round. A device of a pack that is there (a typo) never goes online.
 */
final class InstallingCatalog implements DeviceCatalog {
  /** Environment variable naming another pack server for installs on first use. */
  static final String MIRROR_ENV = "AVRKIT_PACK_MIRROR";

  private DeviceCatalog inner;
  private final PrintStream log;

  InstallingCatalog(DeviceCatalog inner, PrintStream log) {
    this.inner = inner;
    this.log = log;
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
    String mirror = System.getenv(MIRROR_ENV);
    URI server = mirror == null || mirror.isBlank() ? PackInstaller.DEFAULT_SERVER : URI.create(mirror.trim());
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
          + " pack, which is not installed, and installing it from " + inst.server() + " failed (" + e.getMessage()
          + "); run the command again online (or: avrkit packs install " + pack.get() + "), or download " + pack.get()
          + " from " + inst.server() + " and pass its folder with --packs PATH or AVRKIT_PACKS=PATH", e);
    }
    log.println("avrkit: installed " + got.name() + " " + got.version() + " (" + got.deviceFiles() + " device files) in "
        + got.folder());
    inner = PackSources.fromEnvironment().catalog();
    return inner.device(name);
  }

  private boolean hasPack(String pack) {
    for (DeviceSummary s : inner.devices()) {
      if (s.pack() != null && s.pack().equalsIgnoreCase(pack)) return true;
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

  private static final Properties FAMILIES = new Properties();

  static {
    try (InputStream in = InstallingCatalog.class.getResourceAsStream("/dev/avrkit/packs/families.properties")) {
      if (in != null) FAMILIES.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read families.properties", e);
    }
  }

  /** The pack a device's name belongs to (longest prefix in {@code families.properties}). */
  static Optional<String> familyPack(String device) {
    String n = device.trim().toUpperCase(Locale.ROOT);
    String best = null;
    for (String k : FAMILIES.stringPropertyNames()) {
      if (n.startsWith(k) && (best == null || k.length() > best.length())) best = k;
    }
    return best == null ? Optional.empty() : Optional.of(FAMILIES.getProperty(best).trim());
  }
}
