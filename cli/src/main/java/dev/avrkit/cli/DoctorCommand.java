package dev.avrkit.cli;

import dev.avrkit.codegen.project.Doctor;
import dev.avrkit.device.board.Boards;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code avrkit doctor}: checks the tools avrkit needs and says how to fix what is missing. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Checks what building, flashing and simulating need: a rustc with the avr-none target (1.87 " +
        "or newer) and its rust-src, cargo, avr-gcc (and whether it knows the device, else how avrkit " +
        "links it), avr-libc, the device packs and serial-port permissions, then does what avrkit new " +
        "+ cargo build do: core built for the chip's core (cached) and a tiny program linked for the " +
        "chip; `ready` only when that works. Each failure prints the fix for Debian/Ubuntu, macOS " +
        "(Homebrew) and Windows. Exit code 1 when a check fails.")
public final class DoctorCommand implements Callable<Integer> {

  @Option(names = "--board", paramLabel = "BOARD", description = "check for this board's chip (default nano-every)")
  String board = "nano-every";

  @Option(names = "--device", paramLabel = "DEVICE", description = "check for this device instead")
  String device;

  @Override
  public Integer call() {
    String d = device != null ? device : Boards.named(board).device();
    return Doctor.print(Doctor.run(d), System.out) ? 0 : 1;
  }
}
