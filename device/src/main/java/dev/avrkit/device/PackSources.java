package dev.avrkit.device;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The places packs are read from, in order: folders of {@code .atdf} files (a pack each, its name
 * and release taken from the folder name "ATmega_DFP-2.3.126"), unpacked packs ({@code *.pdsc} +
 * {@code atdf/}, name and newest release from the .pdsc), {@code .atpack} zips, and folders that
 * hold any of these (searched two levels deep: {@code ../shared/atdf}, the install cache).
 *
 * <p>{@link #catalog()} gives the devices; when several packs describe one device the newest
 * release wins (a release without a version number counts as oldest) unless {@link #pin} names a
 * pack.
 */
public final class PackSources {
  private final List<Path> paths;
  private final Optional<String> pinned;

  private PackSources(List<Path> paths, Optional<String> pinned) {
    this.paths = List.copyOf(paths);
    this.pinned = pinned;
  }

  public static PackSources of(List<Path> paths) { return new PackSources(paths, Optional.empty()); }

  /** AVRKIT_PACKS (path list), else AVRKIT_PACKS_DEFAULT, then the user's pack cache. */
  public static PackSources fromEnvironment() {
    List<Path> out = new ArrayList<>();
    String env = System.getenv("AVRKIT_PACKS");
    if (env == null || env.isBlank()) env = System.getenv("AVRKIT_PACKS_DEFAULT");
    if (env != null) {
      for (String p : env.split(java.io.File.pathSeparator)) if (!p.isBlank()) out.add(Path.of(p));
    }
    Path cache = installDir();
    if (Files.isDirectory(cache)) out.add(cache);
    return new PackSources(out, Optional.empty());
  }

  /**
   * The user's avrkit cache: the system property {@code avrkit.cacheDir} (tests), else
   * $XDG_CACHE_HOME/avrkit, else ~/.cache/avrkit.
   */
  public static Path cacheDir() {
    String prop = System.getProperty("avrkit.cacheDir");
    if (prop != null && !prop.isBlank()) return Path.of(prop);
    String x = System.getenv("XDG_CACHE_HOME");
    Path base = x != null && !x.isBlank() ? Path.of(x) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("avrkit");
  }

  /** Where {@code avrkit packs install} puts packs: {@code cacheDir()/packs}. */
  public static Path installDir() { return cacheDir().resolve("packs"); }

  public List<Path> paths() { return paths; }

  /** These sources with one more in front. */
  public PackSources withFirst(Path p) {
    List<Path> l = new ArrayList<>();
    l.add(p);
    l.addAll(paths);
    return new PackSources(l, pinned);
  }

  /**
   * Pins a pack: for every device it describes, that pack is used whatever the releases. {@code
   * pack} is a pack name ("ATmega_DFP"), name-release ("ATmega_DFP-2.3.126") or folder/file name.
   */
  public PackSources pin(String pack) {
    return new PackSources(paths, Optional.ofNullable(pack).filter(s -> !s.isBlank()));
  }

  public Optional<String> pinned() { return pinned; }

  /** The catalog of every device these sources describe. */
  public DeviceCatalog catalog() { return PackCatalog.open(this); }

  // ---------------------------------------------------------------------------------------------

  /** A pack's name and release, as found. */
  public record NameRelease(String name, String release) {
    private static final Pattern VERSIONED = Pattern.compile("^(.*?)[-_ ]v?(\\d+(?:\\.\\d+)+)$");

    /** "ATmega_DFP-2.3.126" gives ATmega_DFP / 2.3.126; "Atmel.ATmega_DFP.2.3.126" too. */
    public static NameRelease ofFolder(String folder) {
      String f = folder.replaceAll("\\.atpack$", "");
      Matcher m = VERSIONED.matcher(f);
      if (m.matches()) return new NameRelease(strip(m.group(1)), m.group(2));
      Matcher d = Pattern.compile("^(.*?)\\.(\\d+(?:\\.\\d+)+)$").matcher(f);
      if (d.matches()) return new NameRelease(strip(d.group(1)), d.group(2));
      return new NameRelease(strip(f), f);
    }

    private static String strip(String s) {
      return s.startsWith("Atmel.") ? s.substring(6) : s.startsWith("Microchip.") ? s.substring(10) : s;
    }
  }

  /**
   * Compares releases: dotted numbers numerically ("2.10" after "2.9"); a release that is not a
   * version number ("megaAVR0-schema4.5") counts as older than any version.
   */
  public static int compareReleases(String a, String b) {
    boolean va = isVersion(a);
    boolean vb = isVersion(b);
    if (va != vb) return va ? 1 : -1;
    if (!va) return a.compareTo(b);
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? Long.parseLong(x[i]) : 0;
      long q = i < y.length ? Long.parseLong(y[i]) : 0;
      if (p != q) return Long.compare(p, q);
    }
    return 0;
  }

  /** Dotted numbers: "2.3.126" (what {@code \d+(\.\d+)*} matches, without a regex: runs at start-up). */
  private static boolean isVersion(String s) {
    boolean digit = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') digit = true;
      else if (c == '.' && digit) digit = false;
      else return false;
    }
    return digit;
  }

  /** One ATDF file of one pack: a file, or an entry of an .atpack zip. */
  record PackFile(String device, String pack, String release, Path file, Optional<String> zipEntry) {
    /** A path naming it: the file, or {@code zip/entry}. */
    Path display() { return zipEntry.isPresent() ? file.resolve(zipEntry.get()) : file; }

    // written out: a record's generated equals/hashCode bootstrap method handles at first use,
    // which costs a short command (avrkit info) tens of milliseconds of start-up
    @Override
    public boolean equals(Object o) {
      return o instanceof PackFile f && device.equals(f.device) && pack.equals(f.pack) && release.equals(f.release)
          && file.equals(f.file) && zipEntry.equals(f.zipEntry);
    }

    @Override
    public int hashCode() {
      return (((device.hashCode() * 31 + pack.hashCode()) * 31 + release.hashCode()) * 31 + file.hashCode()) * 31
          + zipEntry.hashCode();
    }

    InputStream open() throws IOException {
      if (zipEntry.isEmpty()) return Files.newInputStream(file);
      ZipFile z = new ZipFile(file.toFile());
      ZipEntry e = z.getEntry(zipEntry.get());
      if (e == null) {
        z.close();
        throw new IOException("entry " + zipEntry.get() + " vanished from " + file);
      }
      InputStream in = z.getInputStream(e);
      return new java.io.FilterInputStream(in) {
        @Override
        public void close() throws IOException {
          super.close();
          z.close();
        }
      };
    }

    boolean matchesPack(String p) {
      String l = p.toLowerCase(Locale.ROOT);
      return pack.equalsIgnoreCase(p) || (pack + "-" + release).equalsIgnoreCase(p)
          || file.toString().toLowerCase(Locale.ROOT).contains("/" + l + "/")
          || file.getFileName().toString().equalsIgnoreCase(p);
    }
  }

  /** Every ATDF file of every source; problems (missing paths, bad zips) go to {@code problems}. */
  List<PackFile> scan(List<String> problems) {
    List<PackFile> out = new ArrayList<>();
    for (Path p : paths) scanPath(p, 0, out, problems);
    return out;
  }

  private static void scanPath(Path p, int depth, List<PackFile> out, List<String> problems) {
    if (!Files.exists(p)) {
      if (depth == 0) problems.add(p + ": pack source does not exist (check AVRKIT_PACKS / --packs)");
      return;
    }
    String fn = p.getFileName() == null ? "" : p.getFileName().toString();
    if (Files.isRegularFile(p)) {
      String l = fn.toLowerCase(Locale.ROOT);
      if (l.endsWith(".atpack") || l.endsWith(".zip")) scanZip(p, out, problems);
      else if (l.endsWith(".atdf")) {
        Path dir = p.toAbsolutePath().getParent();
        NameRelease nr = NameRelease.ofFolder(dir.getFileName() == null ? "" : dir.getFileName().toString());
        out.add(new PackFile(fn.substring(0, fn.length() - 5), nr.name(), nr.release(), p, Optional.empty()));
      } else if (depth == 0) problems.add(p + ": not a pack (expected a folder, an .atpack or an .atdf file)");
      return;
    }
    if (!Files.isDirectory(p)) { // a device file, a pipe: nothing a pack can be
      if (depth == 0) problems.add(p + ": not a pack (expected a folder, an .atpack or an .atdf file)");
      return;
    }
    List<Path> children = list(p, problems);
    // plain loops, no streams: this runs at the start of every device command
    Path pdsc = null;
    boolean hasAtdf = false;
    for (Path c : children) {
      String n = c.toString();
      if (pdsc == null && n.endsWith(".pdsc")) pdsc = c;
      if (n.endsWith(".atdf")) hasAtdf = true;
    }
    Path atdfDir = p.resolve("atdf");
    boolean hasAtdfDir = Files.isDirectory(atdfDir);
    if (pdsc != null || hasAtdf || hasAtdfDir) {
      NameRelease nr = pdsc == null ? null : readPdsc(pdsc).orElse(null);
      if (nr == null) nr = NameRelease.ofFolder(fn);
      List<Path> files = new ArrayList<>(children);
      if (hasAtdfDir) files.addAll(list(atdfDir, problems));
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (n.endsWith(".atdf") && Files.isRegularFile(f)) {
          out.add(new PackFile(n.substring(0, n.length() - 5), nr.name(), nr.release(), f, Optional.empty()));
        }
      }
      return;
    }
    if (depth >= 3) return;
    for (Path c : children) {
      if (c.getFileName().toString().startsWith(".")) continue; // hidden: downloads and unpacking in progress
      if (Files.isDirectory(c) || c.toString().endsWith(".atpack")) scanPath(c, depth + 1, out, problems);
    }
  }

  private static List<Path> list(Path dir, List<String> problems) {
    List<Path> l = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path c : ds) l.add(c);
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      problems.add(dir + ": cannot read the folder (" + e.getMessage() + "); check its permissions");
      return List.of();
    }
    l.sort(Comparator.comparing(Path::toString));
    return l;
  }

  private static void scanZip(Path zip, List<PackFile> out, List<String> problems) {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      NameRelease nr = null;
      List<String> atdfs = new ArrayList<>();
      for (var en = z.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        String n = e.getName();
        if (e.isDirectory()) continue;
        if (n.endsWith(".pdsc") && !n.contains("/") && nr == null) {
          try (InputStream in = z.getInputStream(e)) {
            nr = readPdsc(in, zip + "!/" + n).orElse(null);
          }
        } else if (n.toLowerCase(Locale.ROOT).endsWith(".atdf")) atdfs.add(n);
      }
      if (nr == null) nr = NameRelease.ofFolder(zip.getFileName().toString());
      atdfs.sort(null);
      for (String n : atdfs) {
        String base = n.substring(n.lastIndexOf('/') + 1);
        out.add(new PackFile(base.substring(0, base.length() - 5), nr.name(), nr.release(), zip, Optional.of(n)));
      }
    } catch (IOException e) {
      problems.add(zip + ": not a readable .atpack zip (" + e.getMessage() + "); reinstall it with avrkit packs install");
    }
  }

  private static Optional<NameRelease> readPdsc(Path pdsc) {
    try (InputStream in = Files.newInputStream(pdsc)) {
      return readPdsc(in, pdsc.toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static final Pattern PDSC_NAME = Pattern.compile("<name>\\s*([^<\\s]+)\\s*</name>");
  private static final Pattern PDSC_RELEASE = Pattern.compile("<release\\s[^>]*version=\"([^\"]+)\"");

  /**
   * Name and newest release of a CMSIS-Pack description. Only the head of the file is scanned as
   * text (up to {@code </releases>}): descriptions are large and this runs at every start.
   */
  static Optional<NameRelease> readPdsc(InputStream in, String file) {
    try {
      // small reads: the release list usually ends within the first few kilobytes
      byte[] buf = new byte[1 << 13];
      StringBuilder sb = new StringBuilder();
      int n;
      int end = -1;
      while (end < 0 && (n = in.read(buf)) > 0 && sb.length() < (1 << 22)) {
        int from = Math.max(0, sb.length() - 16);
        sb.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        end = sb.indexOf("</releases>", from);
      }
      String head = end >= 0 ? sb.substring(0, end) : sb.toString();
      int dev = head.indexOf("<devices>");
      if (dev >= 0) head = head.substring(0, dev);
      Matcher nm = PDSC_NAME.matcher(head);
      if (!nm.find()) return Optional.empty();
      String rel = null;
      Matcher r = PDSC_RELEASE.matcher(head);
      while (r.find()) if (rel == null || compareReleases(r.group(1), rel) > 0) rel = r.group(1);
      if (rel == null) return Optional.empty();
      return Optional.of(new NameRelease(nm.group(1), rel));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
