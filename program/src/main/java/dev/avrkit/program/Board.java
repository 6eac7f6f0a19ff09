package dev.avrkit.program;

import dev.avrkit.device.AvrkitException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A board avrkit knows how to program: its chip, protocol, baud rate, whether it needs the
 * 1200-baud touch, its USB IDs, the fuse values its core expects, and how much flash the
 * bootloader leaves. A small internal table for now.
 *
 * @param fuses fuse index to value written with every upload (Arduino's board settings)
 * @param maxFlash flash bytes a program may use (less than the chip's when a bootloader sits
 *     at the top), 0 = all
 */
public record Board(
    String name,
    String device,
    ProgrammerKind programmer,
    int baud,
    boolean touch1200,
    List<UsbId> usbIds,
    Map<Integer, Integer> fuses,
    long maxFlash,
    String description) {

  /** A USB vendor and product ID. */
  public record UsbId(int vid, int pid) {
    @Override
    public String toString() { return String.format("%04X:%04X", vid, pid); }
  }

  public Board {
    usbIds = List.copyOf(usbIds);
    fuses = Map.copyOf(fuses);
  }

  /** The boards avrkit knows. */
  public static List<Board> all() {
    return List.of(
        new Board("nano-every", "ATmega4809", ProgrammerKind.JTAG2UPDI, 115200, true,
            List.of(new UsbId(0x2341, 0x0058)), Map.of(2, 0x01, 5, 0xC9, 8, 0x00), 0,
            "Arduino Nano Every (MuxTO bridge: 1200-baud touch, then jtag2updi)"),
        new Board("uno", "ATmega328P", ProgrammerKind.ARDUINO, 115200, false,
            List.of(new UsbId(0x2341, 0x0043), new UsbId(0x2341, 0x0001), new UsbId(0x2A03, 0x0043),
                new UsbId(0x2341, 0x0243)),
            Map.of(), 32256, "Arduino Uno (optiboot, STK500v1 at 115200)"),
        new Board("nano", "ATmega328P", ProgrammerKind.ARDUINO, 57600, false,
            List.of(new UsbId(0x0403, 0x6001), new UsbId(0x1A86, 0x7523)),
            Map.of(), 30720, "Arduino Nano (old bootloader, STK500v1 at 57600)"));
  }

  /** A board by name (case-insensitive); {@link AvrkitException} listing the known ones. */
  public static Board named(String name) {
    return all().stream().filter(b -> b.name.equalsIgnoreCase(name.trim())).findFirst()
        .orElseThrow(() -> new AvrkitException("unknown board '" + name + "'; known boards: "
            + all().stream().map(Board::name).collect(Collectors.joining(", "))));
  }

  /** The board a USB ID belongs to. Generic USB-serial chips (FTDI, CH340) match the Nano. */
  public static Optional<Board> byUsb(int vid, int pid) {
    return all().stream().filter(b -> b.usbIds.contains(new UsbId(vid, pid))).findFirst();
  }

  public String usbText() {
    return usbIds.stream().map(UsbId::toString).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() { return name.toLowerCase(Locale.ROOT); }
}
