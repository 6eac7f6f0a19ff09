package dev.avrkit.cli;

import dev.avrkit.circuit.CircuitBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code avrkit bench circuit}: a scenario driving an SSD1306 at 400 kHz I2C, against real time. */
@Command(
    name = "circuit",
    mixinStandardHelpOptions = true,
    description = {
      "A Wokwi circuit scenario: an SSD1306 on the Uno's I2C at 400 kHz fed whole frames by",
      "interrupt-driven firmware (as Arduino's Wire + Adafruit_SSD1306), built with avr-gcc;",
      "prints simulated seconds against the simulation's CPU time and the wall clock (best run)."
    })
public final class BenchCircuitCommand implements Callable<Integer> {
  @Option(names = "--frames", description = "frames to wait for (default ${DEFAULT-VALUE}: about 10 s simulated)", defaultValue = "335")
  int frames;

  @Option(names = "--repeat", description = "runs, best counts (default ${DEFAULT-VALUE})", defaultValue = "3")
  int repeat;

  @Override
  public Integer call() throws Exception {
    if (frames <= 0 || repeat <= 0) throw new dev.avrkit.device.AvrkitException("--frames and --repeat must be positive");
    Path dir = Files.createTempDirectory("avrkit-bench-circuit");
    Path elf = CircuitBench.build(dir);
    CircuitBench.Run best = null;
    for (int i = 0; i < repeat; i++) {
      CircuitBench.Run r = CircuitBench.run(elf, frames);
      System.err.print("  run " + (i + 1) + ": " + CircuitBench.format(r));
      if (best == null || r.cpu() < best.cpu()) best = r;
    }
    System.out.print(CircuitBench.format(best));
    return 0;
  }
}
