package dev.avrkit.codegen;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.PackSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Rust toolchain that can build AVR firmware, plus avr-gcc to link it. There is one way to
 * build: rustc's built-in {@code avr-none} target with {@code -C target-cpu=<device>} (LLVM's name
 * for the chip; the core's family name such as {@code avrxmega3} when LLVM does not list the chip),
 * {@code core} compiled once from the toolchain's own rust-src into a cached sysroot ({@link
 * #buildSysroot}: offline, no {@code build-std}), and avr-gcc as the linker with avrkit's arguments
 * ({@link LinkerArgs}) and a device-specs file ({@link GccDeviceSpecs}) so that avr-gcc 5.4 links
 * for chips it does not know.
 *
 * <p>Which rustc: {@code $AVRKIT_RUSTC} when set (only that one), else rustup's nightly and the
 * distribution's {@code /usr/bin/rustc} (Debian 12's {@code rustc-web} 1.96), each checked by
 * asking it ({@code --print target-list}, {@code --print sysroot}, {@code --print target-cpus}),
 * never by its path. A rustc without {@code avr-none} (older than {@value #MIN_VERSION}) or without
 * rust-src is not usable; {@link #problems()} says why and how to fix it. Immutable.
 *
 * @param kind where the rustc comes from
 * @param rustc the rustc executable itself (not a rustup proxy): {@code <rustSysroot>/bin/rustc}
 * @param version rustc's {@code --version} line
 * @param rustSysroot the rustc's own sysroot ({@code /usr}, {@code ~/.rustup/toolchains/nightly-...})
 * @param coreSource the {@code library/core} source folder of its rust-src
 * @param avrGcc the avr-gcc executable used as linker
 * @param cpus the CPUs its LLVM knows for {@code avr-none} (lower case)
 */
public record AvrToolchain(
    Kind kind, String rustc, String version, Path rustSysroot, Path coreSource, String avrGcc, Set<String> cpus) {

  public AvrToolchain {
    cpus = Set.copyOf(cpus);
  }

  /** Where a toolchain comes from. */
  public enum Kind {
    /** rustup's nightly toolchain. */
    RUSTUP_NIGHTLY,
    /** The distribution's rustc ({@code /usr/bin/rustc}) or the one {@code AVRKIT_RUSTC} names. */
    SYSTEM
  }

  /** The oldest rustc with the {@code avr-none} target. */
  public static final String MIN_VERSION = "1.87";

  /** The target every build uses. */
  public static final String TARGET = "avr-none";

  /** Debian's rustc (package rustc-web on Debian 12) and its rust-src (rust-web-src). */
  public static final Path DEBIAN_RUSTC = Path.of("/usr/bin/rustc");

  /** The command (prefix) that runs this rustc. */
  public List<String> rustcCommand() {
    return List.of(rustc);
  }

  /** The cargo next to the rustc ({@code /usr/bin/cargo} for Debian's). */
  public Path cargo() {
    return Path.of(rustc).resolveSibling("cargo");
  }

  /** "rustc 1.96.0 (...) (/usr/bin/rustc)". */
  public String describe() {
    return version + " (" + rustc + ")";
  }

  // ------------------------------------------------------------------ detection

  /** The rustc that {@code $AVRKIT_RUSTC} names, if set. */
  static Optional<String> override() {
    String v = System.getenv("AVRKIT_RUSTC");
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /**
   * One rustc looked at: the toolchain when it is usable, else what is wrong with it and how to
   * fix it.
   *
   * @param kind where it comes from
   * @param what how to call it in messages ("/usr/bin/rustc", "rustup's nightly")
   * @param toolchain the usable toolchain, empty when it is not usable
   * @param problem what is missing (empty when usable), one line with the fix
   */
  public record Probe(Kind kind, String what, Optional<AvrToolchain> toolchain, String problem) {}

  private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();

  /**
   * Every rustc avrkit looks at, usable or not, best first: {@code $AVRKIT_RUSTC} alone when set,
   * else rustup's nightly (when rustup is installed) and {@code /usr/bin/rustc} (when present).
   */
  public static List<Probe> probeAll() {
    List<Probe> out = new ArrayList<>();
    String gcc = onPath("avr-gcc").orElse(null);
    Optional<String> given = override();
    if (given.isPresent()) {
      out.add(probe(Kind.SYSTEM, given.get(), List.of(given.get()), gcc));
      return out;
    }
    if (onPath("rustup").isPresent()) {
      out.add(probe(Kind.RUSTUP_NIGHTLY, "rustup's nightly", List.of("rustup", "run", "nightly", "rustc"), gcc));
    }
    if (Files.isExecutable(DEBIAN_RUSTC)) out.add(probe(Kind.SYSTEM, DEBIAN_RUSTC.toString(), List.of(DEBIAN_RUSTC.toString()), gcc));
    return out;
  }

  private static Probe probe(Kind kind, String what, List<String> cmd, String gcc) {
    String key = String.join(" ", cmd) + "|" + gcc + "|" + stamp(cmd.get(0));
    return PROBES.computeIfAbsent(key, k -> probeNow(kind, what, cmd, gcc));
  }

  private static String stamp(String exe) {
    try {
      Path p = Path.of(exe);
      return Files.exists(p) ? Files.getLastModifiedTime(p).toString() : "";
    } catch (RuntimeException | IOException e) {
      return "";
    }
  }

  private static Probe probeNow(Kind kind, String what, List<String> cmd, String gcc) {
    String ver = run(cmd, "--version");
    if (ver == null || !ver.startsWith("rustc ")) {
      String p = kind == Kind.RUSTUP_NIGHTLY
          ? "rustup's nightly is not installed: " + FIX_NIGHTLY
          : what + " does not run (rustc --version failed): " + FIX_SHORT;
      return new Probe(kind, what, Optional.empty(), p);
    }
    ver = ver.lines().findFirst().orElse("").trim();
    String targets = run(cmd, "--print", "target-list");
    if (targets == null || targets.lines().noneMatch(l -> l.trim().equals(TARGET))) {
      return new Probe(kind, what, Optional.empty(), ver + " (" + what + ") has no " + TARGET + " target: avrkit needs rustc "
          + MIN_VERSION + " or newer; " + FIX_SHORT);
    }
    String sysroot = run(cmd, "--print", "sysroot");
    if (sysroot == null) return new Probe(kind, what, Optional.empty(), ver + " (" + what + "): rustc --print sysroot failed");
    Path root = Path.of(sysroot.trim());
    Path core = root.resolve("lib/rustlib/src/rust/library/core");
    if (!Files.isRegularFile(core.resolve("src/lib.rs"))) {
      return new Probe(kind, what, Optional.empty(), ver + " (" + what + ") has no rust-src (" + core + " is missing): "
          + (kind == Kind.RUSTUP_NIGHTLY ? "rustup component add rust-src --toolchain nightly"
              : root.equals(Path.of("/usr")) ? "sudo apt-get install rust-web-src (Debian 12's rustc-web; rust-src for a newer distribution's rustc)"
              : root.getParent() != null && root.getParent().endsWith(Path.of(".rustup", "toolchains"))
                  ? "rustup component add rust-src --toolchain " + root.getFileName()
              : "install the rust-src of that toolchain"));
    }
    Path exe = root.resolve("bin").resolve("rustc");
    String rustc = Files.isExecutable(exe) ? exe.toString() : cmd.get(cmd.size() - 1);
    if (gcc == null) {
      return new Probe(kind, what, Optional.empty(), "avr-gcc not found on PATH (it links the firmware): "
          + "sudo apt-get install gcc-avr avr-libc binutils-avr");
    }
    String cpuList = run(cmd, "--print", "target-cpus", "--target", TARGET);
    Set<String> cpus = new LinkedHashSet<>();
    if (cpuList != null) {
      for (String l : cpuList.lines().toList()) {
        if (!l.startsWith(" ") && !l.startsWith("\t")) continue;
        String t = l.trim();
        if (t.isEmpty()) continue;
        cpus.add(t.split("\\s+")[0].toLowerCase(Locale.ROOT));
      }
    }
    return new Probe(kind, what, Optional.of(new AvrToolchain(kind, rustc, ver, root, core, gcc, cpus)), "");
  }

  private static final String FIX_NIGHTLY = "rustup toolchain install nightly --component rust-src";
  private static final String FIX_SHORT = "Debian 12: sudo apt-get install rustc-web cargo-web rust-web-src; "
      + "with rustup: " + FIX_NIGHTLY;

  /** The usable toolchains, best first (see {@link #probeAll}). Empty when none is usable. */
  public static List<AvrToolchain> detectAll() {
    return probeAll().stream().flatMap(p -> p.toolchain().stream()).toList();
  }

  /** The best usable toolchain, if any. */
  public static Optional<AvrToolchain> detect() {
    return detectAll().stream().findFirst();
  }

  /** The distribution's rustc ({@code /usr/bin/rustc} or {@code $AVRKIT_RUSTC}), if usable: what CI tests with. */
  public static Optional<AvrToolchain> system() {
    return detectAll().stream().filter(t -> t.kind == Kind.SYSTEM).findFirst();
  }

  /** What is missing for AVR builds, one line each with how to fix it (empty = a toolchain is usable). */
  public static List<String> problems() {
    List<String> p = new ArrayList<>();
    if (onPath("avr-gcc").isEmpty()) p.add("avr-gcc not found on PATH: sudo apt-get install gcc-avr avr-libc binutils-avr");
    List<Probe> all = probeAll();
    if (all.stream().anyMatch(x -> x.toolchain().isPresent())) return p;
    if (all.isEmpty()) {
      p.add("no rustc found (neither /usr/bin/rustc nor rustup): " + FIX_SHORT);
    }
    for (Probe x : all) if (!x.problem().startsWith("avr-gcc")) p.add(x.problem());
    return p;
  }

  // ------------------------------------------------------------------ building

  /**
   * The {@code -C target-cpu} for the device: its own name when this rustc's LLVM lists it, else
   * the family of its core ({@link AvrCore#llvmCpu}, e.g. {@code avrxmega3}).
   */
  public String targetCpu(Device d) {
    String n = d.name().toLowerCase(Locale.ROOT);
    return cpus.contains(n) ? n : AvrCore.of(d).llvmCpu();
  }

  /** True when LLVM knows the device by name (else {@link #targetCpu} falls back to the core's family). */
  public boolean knowsDevice(Device d) {
    return cpus.contains(d.name().toLowerCase(Locale.ROOT));
  }

  /** The rustc flags that select the device's target: {@code --target avr-none -Ctarget-cpu=...}. */
  public List<String> targetFlags(Device d) {
    return List.of("--target", TARGET, "-Ctarget-cpu=" + targetCpu(d));
  }

  /** Cache key: devices sharing an instruction set (core family) share a sysroot. */
  private String sysrootKey(Device d) {
    String cpu = AvrCore.of(d).llvmCpu();
    return Integer.toHexString((version + "|" + coreSource + "|" + cpu).hashCode()) + "-" + cpu;
  }

  /** The default cache: {@code ~/.cache/avrkit/rust-sysroot}. */
  public static Path defaultCache() {
    return PackSources.cacheDir().resolve("rust-sysroot");
  }

  /** The sysroot folder {@link #buildSysroot} makes for the device in {@code cacheDir}. */
  public Path sysrootFor(Device d, Path cacheDir) {
    return cacheDir.resolve(sysrootKey(d));
  }

  /** True when {@link #buildSysroot} would reuse a finished sysroot for the device from {@code cacheDir}. */
  public boolean sysrootCached(Device d, Path cacheDir) {
    Path root = sysrootFor(d, cacheDir);
    return Files.exists(root.resolve("complete")) && Files.exists(GccDeviceSpecs.file(root, targetCpu(d)))
        && Files.exists(GccDeviceSpecs.vectorDefaults(root, vectorCount(d)));
  }

  /**
   * Builds (or reuses from {@code cacheDir}) a sysroot with {@code core} and a stub {@code
   * compiler_builtins} (libgcc and avr-libc supply the helpers) for the device's core family, and
   * writes the avr-gcc device-specs file for its {@code target-cpu} into it ({@code
   * <sysroot>/avr-gcc}, passed to avr-gcc with {@code -B}). Takes about 20 s the first time per
   * core family; then nothing.
   *
   * @return the sysroot folder for {@code --sysroot}
   */
  public Path buildSysroot(Device d, Path cacheDir) throws IOException {
    Path root = sysrootFor(d, cacheDir);
    Path done = root.resolve("complete");
    if (!Files.exists(done)) {
      String family = AvrCore.of(d).llvmCpu();
      Files.createDirectories(cacheDir);
      Path tmp = Files.createTempDirectory(cacheDir, "build-");
      try {
        Path tlib = tmp.resolve("lib/rustlib").resolve(TARGET).resolve("lib");
        Files.createDirectories(tlib);
        List<String> target = List.of("--target", TARGET, "-Ctarget-cpu=" + family);
        List<String> c = new ArrayList<>(rustcCommand());
        c.addAll(List.of("--edition", coreEdition(), "--crate-name", "core", "--crate-type", "rlib"));
        c.addAll(target);
        c.addAll(List.of("-Copt-level=s", "-Cpanic=abort", "-Cdebuginfo=0", "-Zforce-unstable-if-unmarked",
            "--cap-lints", "allow", coreSource.resolve("src/lib.rs").toString(), "-o", tlib.resolve("libcore.rlib").toString()));
        exec(c, tmp, "building core for " + family + " from " + coreSource);
        Path cb = tmp.resolve("compiler_builtins.rs");
        Files.writeString(cb, "#![feature(compiler_builtins)]\n#![compiler_builtins]\n#![no_std]\n");
        List<String> c2 = new ArrayList<>(rustcCommand());
        c2.addAll(List.of("--edition", "2021", "--crate-name", "compiler_builtins", "--crate-type", "rlib"));
        c2.addAll(target);
        c2.addAll(List.of("--sysroot", tmp.toString(), "-Copt-level=s", "-Cpanic=abort", "-Zforce-unstable-if-unmarked",
            "--cap-lints", "allow", cb.toString(), "-o", tlib.resolve("libcompiler_builtins.rlib").toString()));
        exec(c2, tmp, "building the compiler_builtins stub");
        Path lib = root.resolve("lib/rustlib").resolve(TARGET).resolve("lib");
        Files.createDirectories(lib);
        for (String f : List.of("libcore.rlib", "libcompiler_builtins.rlib")) {
          Files.move(tlib.resolve(f), lib.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(done, version + "\n");
      } finally {
        deleteTree(tmp);
      }
    }
    GccDeviceSpecs.write(avrGcc, root, targetCpu(d), AvrCore.of(d).gccArch());
    GccDeviceSpecs.writeVectorDefaults(root, vectorCount(d));
    return root;
  }

  /**
   * The avr-gcc arguments for the device with a sysroot from {@link #buildSysroot}: {@code -B} (the
   * device-specs file), {@link LinkerArgs} and the vector defaults ({@link GccDeviceSpecs#vectorDefaults}).
   */
  public List<String> linkArgs(Device d, Path sysroot) {
    List<String> a = new ArrayList<>();
    a.add("-B" + GccDeviceSpecs.prefix(sysroot));
    a.addAll(LinkerArgs.of(d).args());
    a.add(GccDeviceSpecs.vectorDefaults(sysroot, vectorCount(d)).toString());
    return a;
  }

  static int vectorCount(Device d) {
    return Math.max(1, d.vectorCount());
  }

  private String coreEdition() throws IOException {
    Path toml = coreSource.resolve("Cargo.toml");
    if (Files.exists(toml)) {
      Matcher m = Pattern.compile("(?m)^edition\\s*=\\s*\"(\\d+)\"").matcher(Files.readString(toml));
      if (m.find()) return m.group(1);
    }
    return "2021";
  }

  /**
   * Compiles a library crate ({@code src/lib.rs} of a generated crate) into {@code outDir}.
   *
   * @return the rlib
   */
  public Path compileLibrary(Device d, Path sysroot, String crateName, Path libRs, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    Path out = outDir.resolve("lib" + crateName + ".rlib");
    List<String> c = new ArrayList<>(rustcCommand());
    c.addAll(List.of("--edition", "2021", "--crate-name", crateName, "--crate-type", "rlib"));
    c.addAll(targetFlags(d));
    c.addAll(List.of("--sysroot", sysroot.toString(), "-Copt-level=s", "-Cpanic=abort", "-Dwarnings"));
    c.addAll(LinkerArgs.COMPILER_FLAGS);
    c.addAll(List.of(libRs.toString(), "-o", out.toString()));
    exec(c, outDir, "compiling " + crateName);
    return out;
  }

  /**
   * Compiles and links a firmware binary ({@code main.rs} using the libraries in {@code libs},
   * name to rlib) into an ELF with avr-gcc and the device's link arguments ({@link #linkArgs}).
   * {@code extraFlags} go to rustc as they are (e.g. {@code -Clto=fat}).
   */
  public Path linkFirmware(Device d, Path sysroot, Path mainRs, Map<String, Path> libs, Path elf, String... extraFlags)
      throws IOException {
    Files.createDirectories(elf.toAbsolutePath().getParent());
    List<String> c = new ArrayList<>(rustcCommand());
    c.addAll(List.of("--edition", "2021", "--crate-type", "bin"));
    c.addAll(targetFlags(d));
    c.addAll(List.of("--sysroot", sysroot.toString(), "-Copt-level=s", "-Cpanic=abort", "-Dwarnings", "-Clinker=" + avrGcc));
    for (var e : libs.entrySet()) {
      c.add("--extern");
      c.add(e.getKey() + "=" + e.getValue());
      c.add("-Ldependency=" + e.getValue().getParent());
    }
    c.addAll(LinkerArgs.COMPILER_FLAGS);
    c.addAll(List.of(extraFlags));
    for (String a : linkArgs(d, sysroot)) c.add("-Clink-arg=" + a);
    c.addAll(List.of(mainRs.toString(), "-o", elf.toString()));
    exec(c, elf.toAbsolutePath().getParent(), "linking " + elf.getFileName());
    return elf;
  }

  private static void exec(List<String> cmd, Path dir, String what) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("RUSTC_BOOTSTRAP", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new AvrkitException(what + " failed (" + String.join(" ", cmd) + "):\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + what, e);
    }
  }

  /** The first executable {@code exe} in the folders of PATH. */
  public static Optional<String> onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) return Optional.of(p.toString());
    }
    return Optional.empty();
  }

  /** Runs a command; its stdout when it exits with 0 within 60 s, else null. */
  static String run(List<String> cmd, String... args) {
    try {
      List<String> c = new ArrayList<>(cmd);
      c.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(c).redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("RUSTC_BOOTSTRAP", "1");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static void writeIfChanged(Path f, String s) throws IOException {
    if (Files.exists(f) && Files.readString(f).equals(s)) return;
    Files.createDirectories(f.getParent());
    Path tmp = Files.createTempFile(f.getParent(), f.getFileName().toString(), ".tmp");
    Files.writeString(tmp, s);
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (var s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
    }
  }
}
