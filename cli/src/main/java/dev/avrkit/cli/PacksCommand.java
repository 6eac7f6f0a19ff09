package dev.avrkit.cli;

import dev.avrkit.device.PackInstaller;
import dev.avrkit.device.PackInstaller.Installed;
import dev.avrkit.device.PackInstaller.Offer;
import dev.avrkit.device.PackSources;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit packs}: install Microchip device packs and list the installed ones. */
@Command(
    name = "packs",
    mixinStandardHelpOptions = true,
    description = "Install Microchip Device Family Packs into the user's cache and list them.",
    subcommands = {PacksCommand.Install.class, PacksCommand.ListPacks.class})
public final class PacksCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() { spec.commandLine().usage(System.out); }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Download the Device Family Pack for a family (ATmega_DFP, atmega, ATtiny_DFP, AVR-Dx_DFP...) or a device"
            + " (atmega4809) from Microchip's pack server, check it and unpack it into the cache.",
        "The server's CMSIS-Pack index (index.idx) says which packs and versions exist."
      })
  static final class Install implements Callable<Integer> {
    @Parameters(paramLabel = "FAMILY|DEVICE", description = "Pack or device name, case-insensitive.")
    String what;

    @Option(names = "--mirror", paramLabel = "URL", description = "Another pack server (default: " + "https://packs.download.microchip.com/" + ").")
    String mirror;

    @Override
    public Integer call() {
      PackInstaller inst = PackInstaller.of(Optional.ofNullable(mirror));
      System.err.println("reading " + inst.server().resolve("index.idx"));
      List<Offer> offers = inst.index();
      Offer o = inst.find(what, offers);
      long[] last = {-1};
      Installed r = inst.install(o, (w, done, total) -> {
        long pct = total > 0 ? done * 100 / total : -1;
        if (pct != last[0] || done == total) {
          last[0] = pct;
          System.err.print("\rdownloading " + w + ": " + (pct >= 0 ? pct + "% of " + mib(total) : mib(done)));
          if (done == total) System.err.println();
        }
      });
      System.out.println("installed " + r.name() + " " + r.version() + " (" + r.deviceFiles() + " device files) in " + r.folder());
      return 0;
    }
  }

  static String mib(long n) {
    return n < 1048576 ? String.format("%.1f KiB", n / 1024.0) : String.format("%.1f MiB", n / 1048576.0);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the installed packs with their releases.")
  static final class ListPacks implements Callable<Integer> {
    @Override
    public Integer call() {
      Path dir = PackSources.installDir();
      List<Installed> l = PackInstaller.installed(dir);
      if (l.isEmpty()) {
        System.out.println("no packs installed in " + dir + " (avrkit packs install <family or device>)");
      } else {
        System.out.printf("%-22s %-10s %7s  %s%n", "PACK", "RELEASE", "DEVICES", "FOLDER");
        for (Installed i : l) System.out.printf("%-22s %-10s %7d  %s%n", i.name(), i.version(), i.deviceFiles(), i.folder());
      }
      String env = System.getenv("AVRKIT_PACKS");
      if (env != null && !env.isBlank()) System.out.println("also read: AVRKIT_PACKS=" + env);
      return 0;
    }
  }
}
