package dev.avrkit.cli;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceReport;
import dev.avrkit.device.DeviceReport.InfoOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit info}: one device's memory map, peripherals, registers, interrupts and fuses. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Describe one device: memory map, peripheral instances with base addresses, and on request"
          + " registers with fields and values, interrupt vectors and decoded fuses.",
      "Device names are case-insensitive; an unknown name suggests the closest ones."
    })
public final class InfoCommand implements Callable<Integer> {
  @Mixin DevicesCommand.PackOptions packOptions;

  @Parameters(index = "0", paramLabel = "DEVICE", description = "Device name, e.g. atmega4809.")
  String device;

  @Option(names = {"-p", "--peripheral"}, paramLabel = "P",
      description = "Show the registers of peripheral instance P (repeatable; 'all' for every one).")
  List<String> peripherals = new ArrayList<>();

  @Option(names = "--fuses", description = "Show fuses and lock bits, decoded from their factory defaults (OSCCFG.FREQSEL = 20MHZ).")
  boolean fuses;

  @Option(names = "--interrupts", description = "Show the interrupt vectors (shared vectors list every source).")
  boolean interrupts;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    Device d = packOptions.catalog().device(device);
    InfoOptions o = new InfoOptions(peripherals, fuses, interrupts);
    System.out.print(json ? DeviceReport.infoJson(d, o) : DeviceReport.infoText(d, o));
    return 0;
  }
}
