package dev.avrkit.cli;

import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.codegen.project.NewProject;
import dev.avrkit.codegen.project.Project;
import dev.avrkit.codegen.project.ProjectBuild;
import dev.avrkit.codegen.project.ProjectTarget;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit new}: creates a firmware project. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description =
        "Creates a Rust firmware project for a board or a device: Cargo.toml, src/main.rs blinking " +
        "the LED at 1 Hz, examples/hello.rs (console) and examples/millis.rs (timer interrupt), the " +
        "register crate generated from the device pack in pac/ (the pack is installed on first use), " +
        "and .cargo/config.toml + rust-toolchain.toml for the Rust toolchain checked: a rustc " +
        "with the built-in avr-none target (1.87 or newer: Debian 12's rustc-web, a rustup nightly) " +
        "and its rust-src, core built once into a cached sysroot, -C target-cpu=<device>. Then " +
        "`cargo build` builds it offline and `cargo run` flashes the board or runs the simulated " +
        "one (runner = avrkit run). --config-only writes the toolchain files of an existing project again.")
public final class NewCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "the new project's folder (must not exist or be empty); with --config-only the existing project's folder")
  Path dir;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Target target;

  static final class Target {
    @Option(names = "--board", paramLabel = "BOARD", description = "nano-every, uno or nano")
    String board;

    @Option(names = "--device", paramLabel = "DEVICE", description = "any device in the packs, e.g. ATtiny3217")
    String device;
  }

  @Option(names = "--clock", paramLabel = "HZ", description = "CPU clock for --device (default: 16 MHz classic, 20 MHz megaAVR 0/tinyAVR, 4 MHz AVR-Dx)")
  long clockHz;

  @Option(names = "--led", paramLabel = "PIN", description = "LED pin for --device, e.g. PA2 (default PB5, else PA2)")
  String led;

  @Option(names = "--toolchain", paramLabel = "KIND", description = "write the cargo config for: auto (default: $AVRKIT_RUSTC, else rustup's nightly, else /usr/bin/rustc; the first with avr-none and rust-src), nightly or system (/usr/bin/rustc or $AVRKIT_RUSTC)")
  String toolchain = "auto";

  @Option(names = "--embedded-hal", description = "the HAL implements embedded-hal 1.0 and embedded-io 0.6 (pins, delays, PWM, serial, I2C, SPI): hal/Cargo.toml gets both crates as optional dependencies and the feature embedded-hal, which the project turns on; cargo then needs crates.io once (default projects build offline)")
  boolean embeddedHal;

  @Option(names = "--config-only", description = "DIR is an existing project: write only its .cargo/config.toml and rust-toolchain.toml again, for the toolchain found now")
  boolean configOnly;

  @Override
  public Integer call() throws Exception {
    ProjectBuild.ToolchainChoice choice;
    try {
      choice = ProjectBuild.ToolchainChoice.valueOf(toolchain.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new AvrkitException("--toolchain " + toolchain + ": use auto, nightly or system");
    }
    DeviceCatalog cat = DeviceCatalog.fromEnvironment();
    if (configOnly) {
      if (target != null || led != null || clockHz != 0 || embeddedHal) {
        throw new AvrkitException("--config-only takes the board or device from the project's Cargo.toml; leave out --board, --device, --led, --clock and --embedded-hal");
      }
      Project p = Project.find(dir);
      NewProject.Config c = NewProject.configure(p, cat.device(p.device()), choice, AvrToolchain.defaultCache(), System.err);
      System.out.println("wrote the cargo config of " + p.name() + " in " + p.dir() + " for " + c.toolchain());
      for (String f : c.files()) System.out.println("  " + f);
      if (!c.warning().isEmpty()) System.out.println("note: " + c.warning());
      return 0;
    }
    if (target == null) throw new AvrkitException("say what the project is for: --board nano-every, --board uno, --board nano or --device NAME");
    ProjectTarget t;
    if (target.board != null) {
      if (led != null || clockHz != 0) throw new AvrkitException("--led and --clock go with --device; a board's LED and clock come from the board data");
      Board b = Boards.named(target.board);
      t = ProjectTarget.of(b, cat.device(b.device()));
    } else {
      Device d = cat.device(target.device);
      Board.Pin pin;
      try {
        pin = led == null ? null : Board.Pin.parse(led);
      } catch (IllegalArgumentException e) {
        throw new AvrkitException("--led " + led + ": not a pin name; give the port letter and bit, e.g. --led PA2");
      }
      t = ProjectTarget.ofDevice(d, clockHz, pin);
    }
    NewProject.Created c = NewProject.create(dir, t, choice, AvrToolchain.defaultCache(), System.err, embeddedHal);
    System.out.println("created " + c.name() + " for the " + t.title() + " in " + dir);
    for (String f : c.files()) System.out.println("  " + f);
    if (t.console().isEmpty()) {
      System.out.println("(no examples: the " + t.device().name() + " has no USART0 whose pins avrkit knows)");
    }
    System.out.println("cargo config for " + c.config().toolchain());
    if (!c.config().warning().isEmpty()) System.out.println("note: " + c.config().warning());
    if (embeddedHal) {
      System.out.println("note: the HAL's embedded-hal feature is on: the first cargo build fetches embedded-hal 1.0 and embedded-io 0.6 from crates.io");
    }
    System.out.println();
    System.out.println("next: cd " + dir + " && cargo build && cargo run"
        + (c.examples().isEmpty() ? "" : "   (examples: cargo run --example " + String.join(" | ", c.examples()) + ")"));
    return 0;
  }
}
