package dev.avrkit.cli;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.program.Connection;
import dev.avrkit.program.FlashPipeline;
import dev.avrkit.program.ProgrammerKind;
import dev.avrkit.program.Progress;
import dev.avrkit.program.SerialPorts;
import dev.avrkit.program.WireBound;
import dev.avrkit.vboard.VirtualBoard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code avrkit bench flash}: avrkit and avrdude writing+verifying 48 KiB on virtual boards. */
@Command(
    name = "flash",
    mixinStandardHelpOptions = true,
    description = {
      "Writes and verifies a full 48 KiB image on the virtual Nano Every (1200-baud touch, "
          + "jtag2updi) and on a virtual SerialUPDI ATmega4809, with avrkit and with avrdude in "
          + "the same run, and prints each time beside the protocol's wire-time bound.",
      "The virtual boards give every byte its wire time at the chosen baud; the bound counts the "
          + "image's bytes out and back at the line's bits per byte (see WireBound)."
    })
public final class BenchFlashCommand implements Callable<Integer> {
  @Mixin DevicesCommand.PackOptions packOptions;

  @Option(names = "--kib", description = "Image size in KiB (default ${DEFAULT-VALUE}).", defaultValue = "48")
  int kib;

  @Option(names = "--no-avrdude", description = "Only run avrkit.")
  boolean noAvrdude;

  @Option(names = "--only", paramLabel = "BOARD", description = "nano-every or serialupdi (default: both).")
  String only;

  @Option(names = "--updi-baud", description = "SerialUPDI baud rate (default ${DEFAULT-VALUE}).", defaultValue = "115200")
  int updiBaud;

  @Option(names = "--latency-ms", description = "Virtual USB latency (default ${DEFAULT-VALUE}).", defaultValue = "1")
  int latencyMs;

  record Row(String board, String tool, double seconds, double bound, boolean ok) {}

  @Override
  public Integer call() throws Exception {
    DeviceCatalog cat = packOptions.catalog();
    Device d = cat.device("ATmega4809");
    int bytes = kib * 1024;
    byte[] data = new byte[bytes];
    new Random(48).nextBytes(data);
    Path dir = Files.createTempDirectory("avrkit-bench-flash");
    Path bin = dir.resolve("image.bin");
    Files.write(bin, data);
    FirmwareImage img = FirmwareImage.ofFlash("random " + kib + " KiB", MemoryContent.of(0, data));
    List<Row> rows = new ArrayList<>();
    if (only == null || only.equals("nano-every")) {
      double bound = WireBound.jtag2updiSeconds(bytes, 115200, 230400, 128);
      rows.add(runAvrkit("nano-every", cat, d, dir, img, data, bound, Optional.of(Boards.named("nano-every")),
          ProgrammerKind.JTAG2UPDI, 115200));
      if (!noAvrdude) {
        rows.add(runAvrdude("nano-every", cat, dir, bin, data, bound, "jtag2updi", 115200, true));
      }
    }
    if (only == null || only.equals("serialupdi")) {
      double bound = WireBound.serialUpdiSeconds(bytes, updiBaud);
      rows.add(runAvrkit("serialupdi:ATmega4809", cat, d, dir, img, data, bound, Optional.empty(),
          ProgrammerKind.SERIALUPDI, updiBaud));
      if (!noAvrdude) {
        rows.add(runAvrdude("serialupdi:ATmega4809", cat, dir, bin, data, bound, "serialupdi", updiBaud, false));
      }
    }
    System.out.printf("%nwrite + verify %d KiB on virtual boards (latency %d ms)%n", kib, latencyMs);
    System.out.printf("%-22s %-8s %9s %11s %7s  %s%n", "board", "tool", "time [s]", "bound [s]", "ratio", "result");
    for (Row r : rows) {
      System.out.printf("%-22s %-8s %9.2f %11.2f %7.2f  %s%n", r.board, r.tool, r.seconds, r.bound,
          r.seconds / r.bound, r.ok ? "memory equals image" : "FAILED");
    }
    return rows.stream().allMatch(Row::ok) ? 0 : 1;
  }

  private VirtualBoard start(String board, DeviceCatalog cat, Path dir) throws Exception {
    VirtualBoard b = VirtualBoard.start(board, cat,
        VirtualBoard.Options.at(dir.resolve(board.replace(':', '-'))).withLatencyMs(latencyMs));
    Thread.sleep(300); // let the board look at its line once
    return b;
  }

  private Row runAvrkit(String board, DeviceCatalog cat, Device d, Path dir, FirmwareImage img,
      byte[] data, double bound, Optional<Board> b, ProgrammerKind kind, int baud) throws Exception {
    try (VirtualBoard vb = start(board, cat, dir)) {
      Connection c = Connection.resolve(b, Optional.of(d), Optional.of(kind),
          Optional.of(vb.port().toString()), baud);
      System.err.println("avrkit:  " + c.describe());
      long t0 = System.nanoTime();
      new FlashPipeline(d, c.effectiveTarget(), c.open(), Progress.silent()).run(
          new FlashPipeline.Plan(img, true, java.util.Map.of(), Optional.empty(), false));
      double s = (System.nanoTime() - t0) / 1e9;
      return new Row(board, "avrkit", s, bound, Arrays.equals(Arrays.copyOf(vb.memory("flash"), data.length), data));
    }
  }

  private Row runAvrdude(String board, DeviceCatalog cat, Path dir, Path bin, byte[] data,
      double bound, String programmer, int baud, boolean touch) throws Exception {
    try (VirtualBoard vb = start(board, cat, dir)) {
      String port = vb.port().toString();
      List<String> cmd = List.of("avrdude", "-q", "-q", "-c", programmer, "-p", "m4809", "-P", port,
          "-b", Integer.toString(baud), "-e", "-U", "flash:w:" + bin + ":r");
      System.err.println("avrdude: " + String.join(" ", cmd));
      long t0 = System.nanoTime();
      if (touch) SerialPorts.touch1200(port, 300);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("avrdude.log").toFile()).start();
      boolean done = p.waitFor(600, TimeUnit.SECONDS);
      double s = (System.nanoTime() - t0) / 1e9;
      if (!done) p.destroyForcibly();
      boolean ok = done && p.exitValue() == 0
          && Arrays.equals(Arrays.copyOf(vb.memory("flash"), data.length), data);
      if (!ok) System.err.println("avrdude failed: " + Files.readString(dir.resolve("avrdude.log")));
      return new Row(board, "avrdude", s, bound, ok);
    }
  }
}
