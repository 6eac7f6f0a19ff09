package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.DeviceCatalog.DeviceSummary;
import dev.avrkit.device.DeviceReport;
import dev.avrkit.device.PackCatalog;
import dev.avrkit.device.PackSources;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code avrkit devices}: every device the packs describe. */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = {
      "List every device that the device packs describe: core, flash/RAM/EEPROM sizes, programming"
          + " interface and the pack (newest release wins when several packs describe a device).",
      "Packs: --packs, else AVRKIT_PACKS, else the installed packs (avrkit packs install)."
    })
public final class DevicesCommand implements Callable<Integer> {

  /** Where packs come from: shared by devices and info. */
  public static final class PackOptions {
    @Option(
        names = "--packs",
        split = ":",
        paramLabel = "PATH",
        description = "Pack sources (folders of .atdf files, unpacked packs, .atpack files; ':'-separated)."
            + " Replaces AVRKIT_PACKS and the installed packs.")
    List<Path> packs;

    @Option(names = "--pack", paramLabel = "PACK",
        description = "Use this pack (name like ATmega_DFP or name-release like ATmega_DFP-2.3.126) for the devices it describes, whatever the releases.")
    String pin;

    public PackSources sources() {
      PackSources s = packs == null || packs.isEmpty() ? PackSources.fromEnvironment() : PackSources.of(packs);
      return pin == null ? s : s.pin(pin);
    }

    /**
     * The catalog; without --packs (and --pack) a device no pack describes has its pack installed
     * from the pack server on first use ({@link DeviceCatalog#fromEnvironment}).
     */
    public DeviceCatalog catalog() {
      if ((packs == null || packs.isEmpty()) && pin == null) return DeviceCatalog.fromEnvironment();
      return sources().catalog();
    }
  }

  @Mixin PackOptions packOptions;

  @Option(names = "--family", paramLabel = "F",
      description = "Only devices whose family, core or pack matches F (e.g. tiny, megaAVR, AVR8X, AVRxt, AVR-Dx).")
  String family;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    DeviceCatalog cat = packOptions.catalog();
    List<String> problems = cat instanceof PackCatalog pc ? pc.scanProblems() : List.of();
    List<DeviceSummary> list = cat.devices();
    if (list.isEmpty()) {
      // the error first; why each source gave nothing below it
      throw new AvrkitException("no device packs found in " + packOptions.sources().paths()
          + " (set AVRKIT_PACKS, pass --packs, or run avrkit packs install <family>)"
          + problems.stream().map(p -> "\n  " + p).collect(java.util.stream.Collectors.joining()));
    }
    problems.forEach(p -> System.err.println("warning: " + p));
    if (family != null) {
      list = list.stream().filter(d -> DeviceReport.familyMatches(d, family)).toList();
      if (list.isEmpty()) {
        throw new AvrkitException("no device of family '" + family + "' (families: "
            + String.join(", ", cat.devices().stream().map(DeviceSummary::family).distinct().sorted().toList()) + ")");
      }
    }
    System.out.print(json ? DeviceReport.devicesJson(list) : DeviceReport.devicesText(list));
    return 0;
  }
}
