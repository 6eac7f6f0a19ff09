package dev.avrkit.codegen.project;

import dev.avrkit.codegen.AvrCore;
import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code avrkit doctor}: checks what building, flashing and simulating need (Rust toolchain,
 * rust-src, avr-gcc and whether it knows the device, avr-libc, device packs, serial-port
 * permissions) and says how to fix each problem on Debian/Ubuntu, macOS (Homebrew) and Windows.
 */
public final class Doctor {
  private Doctor() {}

  /** How a check came out. */
  public enum Status {
    OK("ok"),
    NOTE("note"),
    FAIL("FAIL");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** The label printed in front of the check. */
    public String label() {
      return label;
    }
  }

  /**
   * One check.
   *
   * @param status the outcome
   * @param text what was found
   * @param fixes how to fix it, one line each ("Debian/Ubuntu: ...", "macOS (Homebrew): ...",
   *     "Windows: ..."); empty for OK
   */
  public record Check(Status status, String text, List<String> fixes) {
    public Check {
      fixes = List.copyOf(fixes);
    }
  }

  private static List<String> fixes(String debian, String mac, String windows) {
    return List.of("Debian/Ubuntu:    " + debian, "macOS (Homebrew): " + mac, "Windows:          " + windows);
  }

  private static final List<String> FIX_AVR_GCC = fixes(
      "sudo apt-get install gcc-avr avr-libc binutils-avr",
      "brew tap osx-cross/avr && brew install avr-gcc",
      "install Microchip's AVR 8-bit GNU toolchain (or `scoop install avr-gcc`) and put its bin folder on PATH");

  private static final List<String> FIX_RUST = fixes(
      "Debian 12: sudo apt-get install rustc-web cargo-web rust-web-src; other distributions: rustc "
          + AvrToolchain.MIN_VERSION + " or newer with its rust-src, or rustup: rustup toolchain install nightly --component rust-src",
      "brew install rustup && rustup-init -y && rustup toolchain install nightly --component rust-src",
      "winget install Rustlang.Rustup, then: rustup toolchain install nightly --component rust-src");

  /** Runs every check for {@code device} (the chip the project targets, e.g. ATmega4809). */
  public static List<Check> run(String device) {
    return run(device, AvrToolchain.defaultCache());
  }

  /**
   * Runs every check for {@code device}; the toolchain check builds {@code core} for the device's
   * core into {@code sysrootCache} (once, as {@code avrkit new} does) and links a tiny program.
   */
  public static List<Check> run(String device, Path sysrootCache) {
    List<Check> out = new ArrayList<>();
    out.add(new Check(Status.OK, "Java " + System.getProperty("java.version"), List.of()));
    Optional<Device> dev = packs(out, device);
    Optional<String> gcc = AvrToolchain.onPath("avr-gcc");
    if (gcc.isEmpty()) {
      out.add(new Check(Status.FAIL, "avr-gcc not found on PATH: it links the firmware", FIX_AVR_GCC));
    } else {
      String v = firstLine(exec(List.of(gcc.get(), "-dumpversion"))).orElse("?");
      out.add(new Check(Status.OK, "avr-gcc " + v + " (" + gcc.get() + ")", List.of()));
      String mcu = device.toLowerCase(java.util.Locale.ROOT);
      boolean knows = exec(List.of(gcc.get(), "-mmcu=" + mcu, "-E", "-x", "c", "/dev/null")).isPresent();
      String arch = dev.map(d -> AvrCore.of(d).gccArch()).orElse("avrxmega3 or avr5...");
      out.add(new Check(knows ? Status.OK : Status.NOTE, knows
          ? "avr-gcc knows -mmcu=" + mcu
          : "avr-gcc does not know -mmcu=" + mcu + ": avrkit's device-specs file links it as " + arch
              + " with -nostartfiles; the vector table and start-up come from the register crate (fine)",
          List.of()));
      Optional<String> libc = firstLine(exec(List.of(gcc.get(), "-print-file-name=libc.a")));
      boolean hasLibc = libc.isPresent() && Path.of(libc.get()).isAbsolute() && Files.exists(Path.of(libc.get()));
      out.add(hasLibc ? new Check(Status.OK, "avr-libc (memcpy/memset for the linker)", List.of())
          : new Check(Status.FAIL, "avr-libc not found: the linker needs its memcpy/memset", fixes(
              "sudo apt-get install avr-libc", "brew tap osx-cross/avr && brew install avr-gcc (includes avr-libc)",
              "the Microchip AVR toolchain includes avr-libc")));
    }
    rust(out, dev, sysrootCache);
    serial(out);
    Optional<String> avrdude = AvrToolchain.onPath("avrdude");
    out.add(new Check(avrdude.isPresent() ? Status.OK : Status.NOTE, avrdude.isPresent()
        ? "avrdude (" + avrdude.get() + "): not needed by avrkit, useful to compare"
        : "avrdude not installed: not needed (avrkit flash speaks jtag2updi, SerialUPDI and STK500 itself)", List.of()));
    out.add(new Check(Status.OK, "simulator: built in (avrkit sim / avrkit run --sim)", List.of()));
    return out;
  }

  private static Optional<Device> packs(List<Check> out, String device) {
    try {
      var cat = DeviceCatalog.fromEnvironment();
      int n = cat.devices().size();
      Optional<Device> d = cat.find(device).map(x -> cat.device(device));
      if (d.isEmpty()) {
        out.add(new Check(Status.FAIL, "device packs: " + n + " devices, but no " + device, packFixes()));
      } else {
        out.add(new Check(Status.OK, "device packs: " + n + " devices, " + device + " among them", List.of()));
      }
      return d;
    } catch (RuntimeException e) {
      out.add(new Check(Status.FAIL, "device packs: " + e.getMessage(), packFixes()));
      return Optional.empty();
    }
  }

  private static List<String> packFixes() {
    return fixes("export AVRKIT_PACKS=/path/to/packs   (a folder of .atdf files or .atpack archives)",
        "export AVRKIT_PACKS=/path/to/packs", "set AVRKIT_PACKS=C:\\path\\to\\packs");
  }

  /**
   * The Rust checks: every rustc avrkit looks at, then, for the one {@code avrkit new} picks, what
   * {@code avrkit new} + {@code cargo build} do: core built for the device's core (cached) and a
   * tiny program compiled for the device and linked with avr-gcc.
   */
  private static void rust(List<Check> out, Optional<Device> dev, Path sysrootCache) {
    List<AvrToolchain.Probe> probes = AvrToolchain.probeAll();
    boolean any = probes.stream().anyMatch(p -> p.toolchain().isPresent());
    if (probes.isEmpty()) {
      out.add(new Check(Status.FAIL, "no rustc found (neither /usr/bin/rustc nor rustup): avrkit needs rustc "
          + AvrToolchain.MIN_VERSION + " or newer with the avr-none target and its rust-src", FIX_RUST));
      return;
    }
    for (AvrToolchain.Probe p : probes) {
      if (p.toolchain().isPresent()) {
        AvrToolchain t = p.toolchain().get();
        out.add(new Check(Status.OK, t.describe() + ": " + AvrToolchain.TARGET + " target + rust-src ("
            + t.coreSource() + ")", List.of()));
      } else if (p.problem().startsWith("avr-gcc")) {
        continue; // reported above
      } else {
        out.add(new Check(any ? Status.NOTE : Status.FAIL, p.problem() + (any ? " (optional: another toolchain works)" : ""),
            any ? List.of() : FIX_RUST));
      }
    }
    if (!any) return;
    AvrToolchain tc = AvrToolchain.detect().orElseThrow();
    if (!Files.isExecutable(tc.cargo())) {
      out.add(new Check(Status.FAIL, "no cargo next to " + tc.rustc(), fixes(
          "sudo apt-get install cargo-web   (Debian 12; cargo for a newer distribution's rustc)",
          "rustup component add cargo --toolchain nightly", "rustup component add cargo --toolchain nightly")));
      return;
    }
    if (dev.isEmpty()) return;
    Device d = dev.get();
    String cpu = tc.targetCpu(d);
    try {
      Path sysroot = tc.buildSysroot(d, sysrootCache);
      Path work = Files.createTempDirectory("avrkit-doctor");
      try {
        Path main = work.resolve("main.rs");
        Files.writeString(main, """
            #![no_std]
            #![no_main]
            #[unsafe(no_mangle)]
            pub extern "C" fn main() -> ! {
                loop {}
            }
            #[panic_handler]
            fn panic(_: &core::panic::PanicInfo) -> ! {
                loop {}
            }
            """);
        tc.linkFirmware(d, sysroot, main, java.util.Map.of(), work.resolve("doctor.elf"));
      } finally {
        deleteTree(work);
      }
      out.add(new Check(Status.OK, "avrkit new + cargo build work: " + tc.version() + " builds for the " + d.name()
          + " (" + AvrToolchain.TARGET + ", -C target-cpu=" + cpu + (tc.knowsDevice(d) ? "" : ": LLVM does not know the chip, "
          + "its core's family") + "; core from rust-src cached in " + sysroot + ") and avr-gcc links it", List.of()));
    } catch (IOException | RuntimeException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      out.add(new Check(Status.FAIL, "a test build for the " + d.name() + " with " + tc.describe() + " failed: "
          + msg.lines().limit(12).reduce((a, b) -> a + "\n        " + b).orElse(""), FIX_RUST));
    }
  }

  private static void deleteTree(Path p) {
    try (var s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }

  private static void serial(List<Check> out) {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    if (!os.contains("linux")) {
      out.add(new Check(Status.OK, "serial ports: no permissions needed on " + System.getProperty("os.name"), List.of()));
      return;
    }
    List<Path> ports = new ArrayList<>();
    try (var s = Files.list(Path.of("/dev"))) {
      s.filter(p -> p.getFileName().toString().matches("tty(ACM|USB)\\d+")).sorted().forEach(ports::add);
    } catch (IOException e) {
      // no /dev listing: nothing to check
    }
    if (ports.isEmpty()) {
      out.add(new Check(Status.NOTE, "serial ports: no /dev/ttyACM* or /dev/ttyUSB* (no board connected; "
          + "`avrkit run` uses the simulated board)", List.of()));
      return;
    }
    List<String> denied = ports.stream().filter(p -> !(Files.isReadable(p) && Files.isWritable(p))).map(Path::toString).toList();
    if (denied.isEmpty()) {
      out.add(new Check(Status.OK, "serial ports: " + ports.stream().map(Path::toString).toList() + " readable and writable", List.of()));
    } else {
      out.add(new Check(Status.FAIL, "serial ports not writable by you: " + denied + " (usually group dialout)", fixes(
          "sudo usermod -aG dialout $USER, then log out and in again",
          "no permissions needed (use /dev/cu.usbmodem*)",
          "no permissions needed; install the board's USB driver if no COM port appears")));
    }
  }

  /** Prints the checks; returns true when none failed. */
  public static boolean print(List<Check> checks, java.io.PrintStream out) {
    boolean ok = true;
    for (Check c : checks) {
      out.printf("%-5s %s%n", c.status().label(), c.text());
      for (String f : c.fixes()) out.println("        fix, " + f);
      if (c.status() == Status.FAIL) ok = false;
    }
    out.println(ok ? "avrkit doctor: ready" : "avrkit doctor: some checks failed; the fixes are above");
    return ok;
  }

  private static Optional<String> firstLine(Optional<String> s) {
    return s.flatMap(x -> x.lines().findFirst()).map(String::trim);
  }

  /** Runs a command; its stdout when it exits with 0 within 20 s. */
  private static Optional<String> exec(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(o) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
