package dev.avrkit.cli;

import dev.avrkit.codegen.project.NewProject;
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
        "Creates a Rust firmware project for a board or a device: Cargo.toml, rust-toolchain.toml, " +
        ".cargo/config.toml (runner = avrkit), src/main.rs blinking the LED at 1 Hz, " +
        "examples/hello.rs (console) and examples/millis.rs (timer interrupt), and the register " +
        "crate generated from the device pack in pac/. Build with `avrkit build`, run with " +
        "`avrkit run` (or `cargo run` with a rustup nightly).")
public final class NewCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "the new project's folder (must not exist or be empty)")
  Path dir;

  @ArgGroup(exclusive = true, multiplicity = "1")
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

  @Override
  public Integer call() throws Exception {
    ProjectTarget t;
    DeviceCatalog cat = DeviceCatalog.fromEnvironment();
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
    NewProject.Created c = NewProject.create(dir, t);
    System.out.println("created " + c.name() + " for the " + t.title() + " in " + dir);
    for (String f : c.files()) System.out.println("  " + f);
    if (t.console().isEmpty()) {
      System.out.println("(no examples: the " + t.device().name() + " has no USART0 whose pins avrkit knows)");
    }
    System.out.println();
    System.out.println("next: cd " + dir + " && avrkit build && avrkit run"
        + (c.examples().isEmpty() ? "" : "   (examples: avrkit run --example " + String.join(" | ", c.examples()) + ")"));
    return 0;
  }
}
