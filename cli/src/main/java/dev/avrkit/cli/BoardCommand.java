package dev.avrkit.cli;

import dev.avrkit.vboard.Faults;
import dev.avrkit.vboard.VirtualBoard;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit board serve}: a virtual board on a pseudo-terminal. */
@Command(
    name = "board",
    mixinStandardHelpOptions = true,
    description = "Virtual boards for programming without hardware.",
    subcommands = {BoardCommand.Serve.class})
public final class BoardCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Serve a virtual board on a pseudo-terminal until Ctrl-C, printing what happens.",
        "nano-every: set 1200 baud on the port (e.g. stty -F PATH 1200) to enter the jtag2updi"
            + " bridge (avrdude -c jtag2updi -p m4809 -b 115200).",
        "uno: optiboot-style STK500v1 boot loader after each open (avrdude -c arduino -p m328p).",
        "serialupdi:<device>: an AVR8X part with NVMCTRL v0 (megaAVR 0, tinyAVR) or v2 (AVR Dx)"
            + " behind a SerialUPDI adapter (avrdude -c serialupdi -p t3217)."
      })
  static final class Serve implements Callable<Integer> {
    @Mixin DevicesCommand.PackOptions packOptions;

    @Parameters(index = "0", paramLabel = "BOARD",
        description = "nano-every, uno or serialupdi:<device> (e.g. serialupdi:attiny3217).")
    String board;

    @Option(names = "--link", required = true, paramLabel = "PATH",
        description = "Symlink to create for the port (point your programmer's -P here).")
    Path link;

    @Option(names = "--latency-ms", paramLabel = "N", defaultValue = "1",
        description = "USB latency added to each answer, in ms (default: ${DEFAULT-VALUE}).")
    int latencyMs;

    @Option(names = "--faults", paramLabel = "SPEC",
        description = "Seeded faults: seed,drop=P,corrupt=P,delay=P:MS,unplug=BYTES:MS"
            + " (e.g. 7,corrupt=0.001,unplug=5000:1000).")
    String faults;

    @Option(names = {"--firmware", "-f"}, paramLabel = "FILE",
        description = "Preload flash (and EEPROM) from an ELF, Intel HEX or raw binary file.")
    Path firmware;

    @Option(names = "--bridge-firmware", paramLabel = "MAJOR.MINOR", defaultValue = "6.07",
        description = "nano-every: the firmware version its jtag2updi bridge reports (default "
            + "${DEFAULT-VALUE}, as Arduino's MuxTO; 7.00 and later make hosts use memory-relative "
            + "addresses).")
    String bridgeFirmware;

    @Option(names = "--nvm-slowdown", paramLabel = "FACTOR", defaultValue = "1",
        description = "serialupdi: the chip's NVM takes FACTOR times its typical page write and "
            + "erase times (1 to 100; default ${DEFAULT-VALUE}).")
    double nvmSlowdown;

    @Option(names = "--dump", paramLabel = "DIR",
        description = "On exit, write every memory to DIR/<memory>.bin.")
    Path dump;

    @Override
    public Integer call() throws Exception {
      DateTimeFormatter t = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
      VirtualBoard.Options o =
          VirtualBoard.Options.at(link)
              .withLatencyMs(latencyMs)
              .withFaults(faults == null ? Faults.NONE : Faults.parse(faults))
              .withLog(s -> System.out.println(LocalTime.now().format(t) + "  " + s));
      if (firmware != null) o = o.withFirmware(firmware);
      java.util.regex.Matcher v =
          java.util.regex.Pattern.compile("(\\d{1,3})\\.(\\d{2})").matcher(bridgeFirmware.trim());
      if (!v.matches()) {
        throw new dev.avrkit.device.AvrkitException("--bridge-firmware " + bridgeFirmware
            + ": expected MAJOR.MINOR with two minor digits, e.g. 6.07 or 7.00");
      }
      o = o.withBridgeFirmware(Integer.parseInt(v.group(1)), Integer.parseInt(v.group(2)))
          .withNvmSlowdown(nvmSlowdown);
      VirtualBoard b = VirtualBoard.start(board, packOptions.catalog(), o);
      System.out.println(
          "serving " + b.name() + " on " + b.port() + " -> " + link.toRealPath()
              + (faults == null ? "" : " with faults " + Faults.parse(faults))
              + "; Ctrl-C to stop");
      System.out.flush();
      // Runs until the JVM is asked to stop (Ctrl-C, SIGTERM); the hook cleans up. The main
      // thread never returns, so System.exit is not called while the hook runs.
      Thread hook =
          new Thread(
              () -> {
                b.close();
                if (dump != null) {
                  try {
                    System.out.println("memories written: " + b.dumpMemories(dump));
                  } catch (java.io.IOException e) {
                    System.err.println("error: cannot write memories to " + dump + ": " + e.getMessage());
                  }
                }
                System.out.println("stopped");
                System.out.flush();
              });
      Runtime.getRuntime().addShutdownHook(hook);
      new CountDownLatch(1).await();
      return 0;
    }
  }
}
