package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.PackCatalog;
import dev.avrkit.device.PackSources;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code avrkit bench packs}: how long reading every device pack takes, cold. */
@Command(
    name = "packs",
    mixinStandardHelpOptions = true,
    description = {
      "Read every device file of the pack sources (no index cache) and print the time; goal: under 3 s"
          + " for ../shared/atdf on a 2-core machine. The first round runs in a cold JVM."
    })
public final class BenchPacksCommand implements Callable<Integer> {
  @Mixin DevicesCommand.PackOptions packOptions;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", description = "Rounds to run (later ones are warm; default ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() {
    PackSources sources = packOptions.sources();
    for (int round = 1; round <= Math.max(1, rounds); round++) {
      long t0 = System.nanoTime();
      PackCatalog cat = (PackCatalog) sources.catalog();
      List<Device> all = cat.loadAll();
      if (all.isEmpty()) {
        throw new AvrkitException("no devices loaded from " + sources.paths()
            + ": nothing to measure; point --packs or AVRKIT_PACKS at a folder of .atdf files"
            + (cat.problems().isEmpty() ? "" : " (first problem: " + cat.problems().get(0) + ")"));
      }
      long ns = System.nanoTime() - t0;
      long registers = all.stream().mapToLong(d -> d.peripherals().stream().mapToLong(p -> p.registers().size()).sum()).sum();
      System.out.printf("round %d (%s): %d devices, %d registers, %d problems in %.2f s (goal < 3 s: %s)%n", round,
          round == 1 ? "cold" : "warm", all.size(), registers, cat.problems().size(), ns / 1e9, ns < 3_000_000_000L ? "met" : "missed");
    }
    return 0;
  }
}
