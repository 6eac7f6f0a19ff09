package dev.avrkit.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs Device Family Packs from a CMSIS-Pack server (Microchip's by default): reads the
 * server's {@code index.idx}, finds the pack for a family ("ATmega_DFP", "atmega") or a device
 * ("atmega4809") when the index lists devices, downloads {@code <vendor>.<name>.<version>.atpack}
 * with progress, checks the archive (a zip with the pack's .pdsc and .atdf files), and unpacks it
 * into {@code PackSources.installDir()/<name>-<version>} refusing any entry that would land
 * outside that folder. Nothing half-written stays behind: the pack appears only when complete.
 */
public final class PackInstaller {
  /** Microchip's pack server. */
  public static final URI DEFAULT_SERVER = URI.create("https://packs.download.microchip.com/");

  /** Largest unpacked pack accepted (a guard against zip bombs). */
  static final long MAX_UNPACKED = 2L << 30;

  /** Receives download progress: bytes so far and the total (-1 when unknown). */
  public interface Progress {
    void update(String what, long done, long total);
  }

  /** One pack the server offers: name, newest version, where to get it, the devices it lists (may be empty). */
  public record Offer(String vendor, String name, String version, URI url, List<String> devices) {}

  /** What was installed, and where. */
  public record Installed(String name, String version, Path folder, int deviceFiles) {}

  private final URI server;
  private final Path installDir;
  private final HttpClient http;

  public PackInstaller(URI server, Path installDir) {
    String s = server.toString();
    this.server = URI.create(s.endsWith("/") ? s : s + "/");
    this.installDir = installDir;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The default server (or {@code mirror}) and the user's install folder. */
  public static PackInstaller of(Optional<String> mirror) {
    URI u;
    try {
      u = mirror.map(URI::create).orElse(DEFAULT_SERVER);
    } catch (IllegalArgumentException e) {
      throw new AvrkitException("--mirror " + mirror.get() + " is not a URL (expected e.g. https://host/path/)");
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
      throw new AvrkitException("--mirror " + u + " is not an http(s) URL (expected e.g. https://host/path/)");
    }
    return new PackInstaller(u, PackSources.installDir());
  }

  public URI server() { return server; }

  /** The packs the server's index offers (newest version of each). */
  public List<Offer> index() {
    URI idx = server.resolve("index.idx");
    byte[] body = get(idx, null, "index");
    Xml.Node root;
    try (InputStream in = new java.io.ByteArrayInputStream(body)) {
      root = Xml.parse(in, idx.toString());
    } catch (IOException e) {
      throw new AvrkitException("cannot read the pack index " + idx + ": " + e.getMessage());
    }
    List<Offer> out = new ArrayList<>();
    collect(root, out);
    if (out.isEmpty()) throw new AvrkitException("the pack index " + idx + " lists no packs (is --mirror right?)");
    // keep the newest version of each pack
    out.sort(Comparator.comparing(Offer::name, String.CASE_INSENSITIVE_ORDER)
        .thenComparing((a, b) -> -PackSources.compareReleases(a.version(), b.version())));
    List<Offer> newest = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Offer o : out) if (seen.add(o.name().toLowerCase(Locale.ROOT))) newest.add(o);
    return newest;
  }

  private void collect(Xml.Node n, List<Offer> out) {
    if (n.tag.equals("pdsc") || n.tag.endsWith(":pdsc")) {
      String name = n.attr("name");
      String version = n.attr("version");
      String vendor = n.attr("vendor") == null ? "Microchip" : n.attr("vendor");
      if (name != null && version != null) {
        String base = n.attr("url") == null || n.attr("url").isBlank() ? server.toString() : n.attr("url");
        if (!base.endsWith("/")) base += "/";
        URI url = server.resolve(base).resolve(vendor + "." + name + "." + version + ".atpack");
        List<String> devices = new ArrayList<>();
        devices(n, devices);
        out.add(new Offer(vendor, name, version, url, devices));
      }
      return;
    }
    for (Xml.Node c : n.children) collect(c, out);
  }

  private static void devices(Xml.Node n, List<String> out) {
    for (Xml.Node c : n.children) {
      if ((c.tag.equals("device") || c.tag.endsWith(":device")) && c.attr("name") != null) out.add(c.attr("name"));
      devices(c, out);
    }
  }

  /**
   * The pack for {@code what}: a pack name ("ATmega_DFP", "atmega_dfp", "ATmega"), or a device the
   * index lists. Unknown names fail with the closest pack and device names.
   */
  public Offer find(String what, List<Offer> offers) {
    String w = what.toLowerCase(Locale.ROOT).trim();
    for (Offer o : offers) {
      String n = o.name().toLowerCase(Locale.ROOT);
      if (n.equals(w) || n.equals(w + "_dfp") || n.replace("_dfp", "").equals(w)) return o;
    }
    for (Offer o : offers) {
      for (String d : o.devices()) if (d.equalsIgnoreCase(w)) return o;
    }
    List<String> names = new ArrayList<>();
    for (Offer o : offers) {
      names.add(o.name());
      names.addAll(o.devices());
    }
    List<String> close = PackCatalog.closest(what, names, 4);
    throw new AvrkitException("no pack for '" + what + "' on " + server
        + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")
        + " (avrkit packs install takes a pack like ATmega_DFP or a device name)");
  }

  /** Downloads, checks and unpacks a pack; an existing install of that version is kept. */
  public Installed install(Offer o, Progress progress) {
    Path target = installDir.resolve(o.name() + "-" + o.version());
    if (Files.isDirectory(target)) {
      return new Installed(o.name(), o.version(), target, countAtdf(target));
    }
    try {
      Files.createDirectories(installDir);
      Path download = Files.createTempFile(installDir, ".download-", ".atpack");
      Path staging = null;
      try {
        get(o.url(), download, o.name() + " " + o.version(), progress);
        staging = Files.createTempDirectory(installDir, ".unpack-");
        int atdf = unpack(download, staging, o);
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.move(staging, target);
        }
        staging = null;
        return new Installed(o.name(), o.version(), target, atdf);
      } finally {
        Files.deleteIfExists(download);
        if (staging != null) deleteTree(staging);
      }
    } catch (IOException e) {
      throw new AvrkitException("cannot install " + o.name() + " " + o.version() + " into " + installDir + ": " + e.getMessage());
    }
  }

  /**
   * Checks and unpacks an .atpack into {@code dir}: a zip holding {@code <vendor>.<name>.pdsc} (or
   * any .pdsc) and .atdf files; entries must stay inside {@code dir}. Returns the number of .atdf.
   */
  static int unpack(Path zip, Path dir, Offer o) {
    String what = o.name() + " " + o.version() + " from " + o.url();
    Path root = dir.toAbsolutePath().normalize();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      boolean pdsc = false;
      int atdf = 0;
      long total = 0;
      for (var en = z.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        String name = e.getName().replace('\\', '/');
        Path out = root.resolve(name).normalize();
        if (name.startsWith("/") || name.contains(":") || !out.startsWith(root) || out.equals(root)) {
          throw new AvrkitException("refusing pack " + what + ": entry '" + e.getName() + "' would be written outside the pack folder");
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        if (name.endsWith(".pdsc") && !name.contains("/")) pdsc = true;
        if (name.toLowerCase(Locale.ROOT).endsWith(".atdf")) atdf++;
        Files.createDirectories(out.getParent());
        try (InputStream in = z.getInputStream(e); OutputStream os = Files.newOutputStream(out)) {
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > MAX_UNPACKED) throw new AvrkitException("refusing pack " + what + ": it unpacks to more than 2 GiB");
            os.write(buf, 0, n);
          }
        }
      }
      if (!pdsc) throw new AvrkitException("refusing pack " + what + ": no .pdsc description at its top level (not a device pack?)");
      if (atdf == 0) throw new AvrkitException("refusing pack " + what + ": it holds no .atdf device files (not an AVR device pack?)");
      return atdf;
    } catch (java.util.zip.ZipException e) {
      throw new AvrkitException("refusing pack " + what + ": not a valid zip archive (" + e.getMessage() + "); the download may be damaged, try again");
    } catch (IOException e) {
      throw new AvrkitException("cannot unpack " + what + ": " + e.getMessage());
    }
  }

  private byte[] get(URI uri, Path ignored, String what) {
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) throw new AvrkitException("cannot fetch the " + what + " " + uri + ": HTTP " + r.statusCode());
      return r.body();
    } catch (ConnectException e) {
      throw new AvrkitException("cannot reach " + uri + " (" + reason(e) + "); check the network or use --mirror URL");
    } catch (IOException e) {
      throw new AvrkitException("cannot fetch " + uri + ": " + e + "; check the network or use --mirror URL");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AvrkitException("interrupted while fetching " + uri);
    }
  }

  private void get(URI uri, Path to, String what, Progress progress) throws IOException {
    try {
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() != 200) throw new AvrkitException("cannot download " + what + " from " + uri + ": HTTP " + r.statusCode());
        long total = r.headers().firstValueAsLong("content-length").orElse(-1);
        long done = 0;
        try (OutputStream os = Files.newOutputStream(to)) {
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = in.read(buf)) > 0) {
            os.write(buf, 0, n);
            done += n;
            if (progress != null) progress.update(what, done, total);
          }
        }
        if (total >= 0 && done != total) {
          throw new AvrkitException("download of " + what + " from " + uri + " stopped after " + done + " of " + total + " bytes; try again");
        }
      }
    } catch (ConnectException e) {
      throw new AvrkitException("cannot reach " + uri + " (" + reason(e) + "); check the network or use --mirror URL");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AvrkitException("interrupted while downloading " + uri);
    }
  }

  /** A connection failure in words (the JDK's HTTP client often gives no message). */
  private static String reason(ConnectException e) {
    return e.getMessage() != null ? e.getMessage() : "connection refused or no route to the server";
  }

  /** The packs in the install folder: name, release, folder, number of device files. */
  public static List<Installed> installed(Path installDir) {
    List<Installed> out = new ArrayList<>();
    if (!Files.isDirectory(installDir)) return out;
    List<String> problems = new ArrayList<>();
    List<PackSources.PackFile> files = PackSources.of(List.of(installDir)).scan(problems);
    java.util.Map<Path, List<PackSources.PackFile>> byFolder = new java.util.TreeMap<>();
    for (PackSources.PackFile f : files) {
      Path folder = f.zipEntry().isPresent() ? f.file() : packFolder(installDir, f.file());
      byFolder.computeIfAbsent(folder, k -> new ArrayList<>()).add(f);
    }
    byFolder.forEach((folder, l) -> out.add(new Installed(l.get(0).pack(), l.get(0).release(), folder, l.size())));
    return out;
  }

  private static Path packFolder(Path installDir, Path file) {
    Path p = file;
    while (p.getParent() != null && !p.getParent().equals(installDir)) p = p.getParent();
    return p;
  }

  private static int countAtdf(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return (int) s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".atdf")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteTree(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a leftover hidden staging folder is ignored by the scanner
    }
  }
}
