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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Rust toolchain that can build AVR firmware, plus avr-gcc to link it. Two kinds are detected:
 *
 * <ul>
 *   <li>{@link Kind#BUILTIN_AVR_NONE}: a recent nightly (rustup) with the built-in {@code avr-none}
 *       target; the device is chosen with {@code -C target-cpu=<device>}.
 *   <li>{@link Kind#TARGET_JSON}: Debian's rustc 1.63 (or any rustc with rust-src) plus a target
 *       JSON ({@link TargetSpec}); {@code core} is built from rust-src with {@code RUSTC_BOOTSTRAP=1}
 *       into a cached sysroot, with a stub {@code compiler_builtins} (libgcc supplies the helpers).
 * </ul>
 *
 * <p>Both kinds build {@code core} the same way (cargo's {@code -Z build-std} needs crates.io) and
 * compile with rustc directly: {@link #buildSysroot}, {@link #compileLibrary}, {@link
 * #linkFirmware}. Immutable.
 *
 * @param kind which kind of toolchain
 * @param rustc the rustc executable (or {@code rustup} proxy command: see {@link #rustcCommand})
 * @param rustcCommand the command prefix that runs this rustc (e.g. {@code [rustup, run, nightly,
 *     rustc]} or {@code [/usr/bin/rustc]})
 * @param version rustc's {@code --version} line
 * @param coreSource the {@code library/core} source folder
 * @param avrGcc the avr-gcc executable used as linker
 */
public record AvrToolchain(
    Kind kind, String rustc, List<String> rustcCommand, String version, Path coreSource, String avrGcc) {

  public AvrToolchain {
    rustcCommand = List.copyOf(rustcCommand);
  }

  /** The kind of Rust toolchain. */
  public enum Kind {
    /** A nightly rustc with the built-in {@code avr-none} target and {@code -C target-cpu}. */
    BUILTIN_AVR_NONE,
    /** A rustc (e.g. Debian's 1.63) driven by a target JSON. */
    TARGET_JSON
  }

  /** Debian's rustc and its rust-src. */
  public static final Path DEBIAN_RUSTC = Path.of("/usr/bin/rustc");

  /**
   * Finds the usable toolchains, best first: a rustup nightly with {@code avr-none} and rust-src,
   * then Debian's rustc with rust-src. Empty when none is usable; {@link #problems()} says why.
   */
  public static List<AvrToolchain> detectAll() {
    List<AvrToolchain> out = new ArrayList<>();
    String gcc = onPath("avr-gcc").orElse(null);
    if (gcc == null) return out;
    if (onPath("rustup").isPresent()) {
      List<String> cmd = List.of("rustup", "run", "nightly", "rustc");
      String targets = run(cmd, "--print", "target-list");
      if (targets != null && targets.lines().anyMatch(l -> l.trim().equals("avr-none"))) {
        String sysroot = run(cmd, "--print", "sysroot");
        Path core = sysroot == null ? null : Path.of(sysroot.trim(), "lib/rustlib/src/rust/library/core");
        String ver = run(cmd, "--version");
        if (core != null && Files.isDirectory(core) && ver != null) {
          out.add(new AvrToolchain(Kind.BUILTIN_AVR_NONE, "rustup run nightly rustc", cmd, ver.trim(), core, gcc));
        }
      }
    }
    Path debCore = Path.of("/usr/lib/rustlib/src/rust/library/core");
    if (Files.isExecutable(DEBIAN_RUSTC) && Files.isDirectory(debCore)) {
      String ver = run(List.of(DEBIAN_RUSTC.toString()), "--version");
      if (ver != null) {
        out.add(new AvrToolchain(Kind.TARGET_JSON, DEBIAN_RUSTC.toString(), List.of(DEBIAN_RUSTC.toString()), ver.trim(), debCore, gcc));
      }
    }
    return out;
  }

  /** The best usable toolchain, if any. */
  public static Optional<AvrToolchain> detect() {
    return detectAll().stream().findFirst();
  }

  /** Debian's rustc 1.63 + rust-src with a target JSON, if installed (what CI tests with). */
  public static Optional<AvrToolchain> debian() {
    return detectAll().stream().filter(t -> t.kind == Kind.TARGET_JSON).findFirst();
  }

  /** What is missing for AVR builds, one line each with how to fix it (empty = ready). */
  public static List<String> problems() {
    List<String> p = new ArrayList<>();
    if (onPath("avr-gcc").isEmpty()) p.add("avr-gcc not found: install gcc-avr (apt-get install gcc-avr avr-libc)");
    if (!Files.isExecutable(DEBIAN_RUSTC) && onPath("rustup").isEmpty()) {
      p.add("no rustc for AVR: install rustc + rust-src (apt-get install rustc rust-src) or a rustup nightly with rust-src");
    } else if (Files.isExecutable(DEBIAN_RUSTC) && !Files.isDirectory(Path.of("/usr/lib/rustlib/src/rust/library/core"))
        && onPath("rustup").isEmpty()) {
      p.add("rust-src missing for /usr/bin/rustc: apt-get install rust-src");
    }
    if (p.isEmpty() && detectAll().isEmpty()) p.add("no rustc with rust-src found for AVR builds");
    return p;
  }

  /** The rustc flags that select the device's target ({@code --target ...}). */
  public List<String> targetFlags(Device d, Path targetDir) throws IOException {
    if (kind == Kind.BUILTIN_AVR_NONE) {
      return List.of("--target", "avr-none", "-Ctarget-cpu=" + d.name().toLowerCase(Locale.ROOT));
    }
    TargetSpec spec = TargetSpec.of(d);
    Files.createDirectories(targetDir);
    Path json = targetDir.resolve(spec.fileName());
    writeIfChanged(json, spec.json());
    return List.of("--target", json.toString());
  }

  private String targetName(Device d) {
    return kind == Kind.BUILTIN_AVR_NONE ? "avr-none" : TargetSpec.of(d).name();
  }

  /** Cache key: targets sharing an instruction set share a sysroot. */
  private String sysrootKey(Device d) {
    String cpu = kind == Kind.BUILTIN_AVR_NONE ? d.name().toLowerCase(Locale.ROOT) : TargetSpec.of(d).llvmCpu();
    return Integer.toHexString((version + "|" + coreSource + "|" + cpu).hashCode()) + "-" + cpu;
  }

  /** The default cache: {@code ~/.cache/avrkit/rust-sysroot}. */
  public static Path defaultCache() {
    return PackSources.cacheDir().resolve("rust-sysroot");
  }

  /** True when {@link #buildSysroot} would reuse a finished sysroot for the device from {@code cacheDir}. */
  public boolean sysrootCached(Device d, Path cacheDir) {
    return Files.exists(cacheDir.resolve(sysrootKey(d)).resolve("complete"));
  }

  /**
   * Builds (or reuses from {@code cacheDir}) a sysroot with {@code core} and a stub {@code
   * compiler_builtins} for the device's core. Takes about 15 s the first time per core.
   *
   * @return the sysroot folder for {@code --sysroot}
   */
  public Path buildSysroot(Device d, Path cacheDir) throws IOException {
    Path root = cacheDir.resolve(sysrootKey(d));
    Path lib = root.resolve("lib/rustlib").resolve(targetName(d)).resolve("lib");
    Path done = root.resolve("complete");
    List<String> target = targetFlags(d, root);
    if (Files.exists(done)) return root;
    Files.createDirectories(cacheDir);
    Path tmp = Files.createTempDirectory(cacheDir, "build-");
    try {
      Path tlib = tmp.resolve("lib/rustlib").resolve(targetName(d)).resolve("lib");
      Files.createDirectories(tlib);
      List<String> c = new ArrayList<>(rustcCommand);
      c.addAll(List.of("--edition", coreEdition(), "--crate-name", "core", "--crate-type", "rlib"));
      c.addAll(target);
      c.addAll(List.of("-Copt-level=s", "-Cpanic=abort", "-Cdebuginfo=0", "-Zforce-unstable-if-unmarked",
          coreSource.resolve("src/lib.rs").toString(), "-o", tlib.resolve("libcore.rlib").toString()));
      exec(c, tmp, "building core for " + targetName(d));
      Path cb = tmp.resolve("compiler_builtins.rs");
      Files.writeString(cb, "#![feature(compiler_builtins)]\n#![compiler_builtins]\n#![no_std]\n");
      List<String> c2 = new ArrayList<>(rustcCommand);
      c2.addAll(List.of("--edition", "2021", "--crate-name", "compiler_builtins", "--crate-type", "rlib"));
      c2.addAll(target);
      c2.addAll(List.of("--sysroot", tmp.toString(), "-Copt-level=s", "-Cpanic=abort", "-Zforce-unstable-if-unmarked",
          cb.toString(), "-o", tlib.resolve("libcompiler_builtins.rlib").toString()));
      exec(c2, tmp, "building the compiler_builtins stub");
      Files.createDirectories(lib);
      for (String f : List.of("libcore.rlib", "libcompiler_builtins.rlib")) {
        Files.move(tlib.resolve(f), lib.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(done, version + "\n");
      return root;
    } finally {
      deleteTree(tmp);
    }
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
    List<String> c = new ArrayList<>(rustcCommand);
    c.addAll(List.of("--edition", "2021", "--crate-name", crateName, "--crate-type", "rlib"));
    c.addAll(targetFlags(d, sysroot));
    c.addAll(List.of("--sysroot", sysroot.toString(), "-Copt-level=s", "-Cpanic=abort", "-Dwarnings"));
    c.addAll(LinkerArgs.COMPILER_FLAGS);
    c.addAll(List.of(libRs.toString(), "-o", out.toString()));
    exec(c, outDir, "compiling " + crateName);
    return out;
  }

  /**
   * Compiles and links a firmware binary ({@code main.rs} using the libraries in {@code libs},
   * name to rlib) into an ELF with avr-gcc and the device's {@link LinkerArgs}.
   */
  public Path linkFirmware(Device d, Path sysroot, Path mainRs, java.util.Map<String, Path> libs, Path elf)
      throws IOException {
    Files.createDirectories(elf.toAbsolutePath().getParent());
    List<String> c = new ArrayList<>(rustcCommand);
    c.addAll(List.of("--edition", "2021", "--crate-type", "bin"));
    c.addAll(targetFlags(d, sysroot));
    c.addAll(List.of("--sysroot", sysroot.toString(), "-Copt-level=s", "-Cpanic=abort", "-Clinker=" + avrGcc));
    for (var e : libs.entrySet()) {
      c.add("--extern");
      c.add(e.getKey() + "=" + e.getValue());
      c.add("-Ldependency=" + e.getValue().getParent());
    }
    c.addAll(LinkerArgs.COMPILER_FLAGS);
    c.addAll(LinkerArgs.of(d).rustcFlags());
    c.addAll(List.of(mainRs.toString(), "-o", elf.toString()));
    exec(c, elf.toAbsolutePath().getParent(), "linking " + elf.getFileName());
    if (AvrCore.of(d).flashRead() != AvrCore.FlashRead.MAPPED && emptyDataAndBss(elf)) {
      // LLVM before 15 references __do_copy_data/__do_clear_bss from every object, which pulls
      // libgcc's loops in even when there is nothing to copy or clear; avr-gcc links them only on
      // demand. Relink without them: the program has no .data and no .bss.
      Path dir = elf.toAbsolutePath().getParent();
      Path asm = dir.resolve("avrkit-no-init4.s");
      Path obj = dir.resolve("avrkit-no-init4.o");
      Files.writeString(asm, ".global __do_copy_data\n.set __do_copy_data, 0\n"
          + ".global __do_clear_bss\n.set __do_clear_bss, 0\n");
      exec(List.of(avrGcc, "-mmcu=" + AvrCore.of(d).gccArch(), "-c", asm.toString(), "-o", obj.toString()), dir,
          "assembling " + asm.getFileName());
      List<String> c2 = new ArrayList<>(c.subList(0, c.size() - 3));
      c2.add("-Zpre-link-arg=" + obj);
      c2.addAll(c.subList(c.size() - 3, c.size()));
      exec(c2, elf.toAbsolutePath().getParent(), "linking " + elf.getFileName());
      if (!emptyDataAndBss(elf)) throw new IllegalStateException("relink changed .data/.bss of " + elf);
    }
    return elf;
  }

  private static boolean emptyDataAndBss(Path elf) {
    dev.avrkit.image.ElfFile e = dev.avrkit.image.ElfFile.read(elf);
    long data = e.section(".data").map(dev.avrkit.image.ElfFile.Section::size).orElse(0L);
    long bss = e.section(".bss").map(dev.avrkit.image.ElfFile.Section::size).orElse(0L);
    return data == 0 && bss == 0;
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
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) return Optional.of(p.toString());
    }
    return Optional.empty();
  }

  private static String run(List<String> cmd, String... args) {
    try {
      List<String> c = new ArrayList<>(cmd);
      c.addAll(List.of(args));
      Process p = new ProcessBuilder(c).redirectErrorStream(false).start();
      p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void writeIfChanged(Path f, String s) throws IOException {
    if (Files.exists(f) && Files.readString(f).equals(s)) return;
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
