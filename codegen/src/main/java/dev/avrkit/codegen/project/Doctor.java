package dev.avrkit.codegen.project;

import dev.avrkit.codegen.AvrToolchain;
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
      "sudo apt-get install rustc cargo rust-src   (then `avrkit new` sets projects up for it; cargo build works offline)",
      "brew install rustup && rustup-init -y && rustup toolchain install nightly --component rust-src",
      "winget install Rustlang.Rustup, then: rustup toolchain install nightly --component rust-src");

  /** Runs every check for {@code device} (the chip the project targets, e.g. ATmega4809). */
  public static List<Check> run(String device) {
    List<Check> out = new ArrayList<>();
    out.add(new Check(Status.OK, "Java " + System.getProperty("java.version"), List.of()));
    packs(out, device);
    Optional<String> gcc = AvrToolchain.onPath("avr-gcc");
    if (gcc.isEmpty()) {
      out.add(new Check(Status.FAIL, "avr-gcc not found on PATH: it links the firmware", FIX_AVR_GCC));
    } else {
      String v = firstLine(exec(List.of(gcc.get(), "-dumpversion"))).orElse("?");
      out.add(new Check(Status.OK, "avr-gcc " + v + " (" + gcc.get() + ")", List.of()));
      String mcu = device.toLowerCase(java.util.Locale.ROOT);
      boolean knows = exec(List.of(gcc.get(), "-mmcu=" + mcu, "-E", "-x", "c", "/dev/null")).isPresent();
      out.add(new Check(knows ? Status.OK : Status.NOTE, knows
          ? "avr-gcc knows -mmcu=" + mcu
          : "avr-gcc does not know -mmcu=" + mcu + ": avrkit links with the core's architecture (-mmcu=avrxmega3 "
              + "or avr5...) and -nostartfiles; the vector table and start-up come from the register crate (fine)",
          List.of()));
      Optional<String> libc = firstLine(exec(List.of(gcc.get(), "-print-file-name=libc.a")));
      boolean hasLibc = libc.isPresent() && Path.of(libc.get()).isAbsolute() && Files.exists(Path.of(libc.get()));
      out.add(hasLibc ? new Check(Status.OK, "avr-libc (memcpy/memset for the linker)", List.of())
          : new Check(Status.FAIL, "avr-libc not found: the linker needs its memcpy/memset", fixes(
              "sudo apt-get install avr-libc", "brew tap osx-cross/avr && brew install avr-gcc (includes avr-libc)",
              "the Microchip AVR toolchain includes avr-libc")));
    }
    rust(out);
    serial(out);
    Optional<String> avrdude = AvrToolchain.onPath("avrdude");
    out.add(new Check(avrdude.isPresent() ? Status.OK : Status.NOTE, avrdude.isPresent()
        ? "avrdude (" + avrdude.get() + "): not needed by avrkit, useful to compare"
        : "avrdude not installed: not needed (avrkit flash speaks jtag2updi, SerialUPDI and STK500 itself)", List.of()));
    out.add(new Check(Status.OK, "simulator: built in (avrkit sim / avrkit run --sim)", List.of()));
    return out;
  }

  private static void packs(List<Check> out, String device) {
    try {
      var cat = DeviceCatalog.fromEnvironment();
      int n = cat.devices().size();
      boolean has = cat.find(device).isPresent();
      if (!has) {
        out.add(new Check(Status.FAIL, "device packs: " + n + " devices, but no " + device, packFixes()));
      } else {
        out.add(new Check(Status.OK, "device packs: " + n + " devices, " + device + " among them", List.of()));
      }
    } catch (RuntimeException e) {
      out.add(new Check(Status.FAIL, "device packs: " + e.getMessage(), packFixes()));
    }
  }

  private static List<String> packFixes() {
    return fixes("export AVRKIT_PACKS=/path/to/packs   (a folder of .atdf files or .atpack archives)",
        "export AVRKIT_PACKS=/path/to/packs", "set AVRKIT_PACKS=C:\\path\\to\\packs");
  }

  private static void rust(List<Check> out) {
    List<AvrToolchain> all = AvrToolchain.detectAll();
    Optional<AvrToolchain> nightly = all.stream().filter(t -> t.kind() == AvrToolchain.Kind.BUILTIN_AVR_NONE).findFirst();
    Optional<AvrToolchain> system = all.stream().filter(t -> t.kind() == AvrToolchain.Kind.TARGET_JSON).findFirst();
    boolean debRustc = Files.isExecutable(AvrToolchain.DEBIAN_RUSTC);
    if (system.isPresent()) {
      out.add(new Check(Status.OK, system.get().version() + " + rust-src (" + system.get().coreSource()
          + "): `cargo build` works offline in projects avrkit new sets up for it (core is built once into "
          + "~/.cache/avrkit/rust-sysroot)", List.of()));
      Path cargo = AvrToolchain.DEBIAN_RUSTC.resolveSibling("cargo");
      if (!Files.isExecutable(cargo)) {
        out.add(new Check(Status.FAIL, "no cargo next to " + AvrToolchain.DEBIAN_RUSTC, fixes(
            "sudo apt-get install cargo", "brew install rustup && rustup-init -y", "winget install Rustlang.Rustup")));
      }
    } else if (debRustc) {
      out.add(new Check(nightly.isPresent() ? Status.NOTE : Status.FAIL, AvrToolchain.DEBIAN_RUSTC
          + " has no rust-src: core cannot be built for AVR with it", fixes("sudo apt-get install rust-src",
              "rustup component add rust-src --toolchain nightly", "rustup component add rust-src --toolchain nightly")));
    }
    if (nightly.isPresent()) {
      out.add(new Check(Status.OK, nightly.get().version() + " with avr-none + rust-src: `cargo run` works in projects", List.of()));
    } else {
      boolean rustup = AvrToolchain.onPath("rustup").isPresent();
      out.add(new Check(system.isPresent() ? Status.NOTE : Status.FAIL, (rustup
          ? "rustup has no nightly with the avr-none target and rust-src"
          : "no rustup")
          + (system.isPresent() ? ": optional; projects use " + system.get().rustc() + " (`avrkit new --config-only` switches a project)" : ": no Rust toolchain can build for AVR"),
          system.isPresent()
              ? fixes("rustup toolchain install nightly --component rust-src   (optional)",
                  "rustup toolchain install nightly --component rust-src   (optional)",
                  "rustup toolchain install nightly --component rust-src   (optional)")
              : FIX_RUST));
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
