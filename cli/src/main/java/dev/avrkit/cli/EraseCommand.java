package dev.avrkit.cli;

import dev.avrkit.program.ConsoleProgress;
import dev.avrkit.program.Connection;
import dev.avrkit.program.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code avrkit erase}: chip erase (unlocks a locked chip). */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = "Erase the chip: flash, EEPROM (unless EESAVE) and lock bits. On UPDI parts the "
        + "erase goes by key, so it also unlocks a locked chip. Bootloaders cannot erase.")
public final class EraseCommand implements Callable<Integer> {
  @Mixin ProgrammerOptions options;

  @Override
  public Integer call() {
    Connection c = options.connection();
    Session.run(c, ConsoleProgress.forStdout(), true, p -> {
      p.chipErase();
      byte[] first = p.read(dev.avrkit.image.Region.FLASH, 0, 16);
      for (byte x : first) {
        if (x != (byte) 0xFF) {
          throw new dev.avrkit.device.AvrkitException("erase FAILED: flash still holds data after "
              + "the chip erase");
        }
      }
      return null;
    });
    System.out.println(c.target().name() + " erased (flash reads 0xFF) via " + c.describe());
    return 0;
  }
}
