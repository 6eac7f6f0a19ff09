package dev.avrkit.vboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An Arduino Uno (ATmega328P behind a USB-serial chip) with an optiboot-style STK500v1 boot loader
 * in the top 512 bytes of flash. Opening the port or changing its baud rate resets the chip
 * (on real hardware DTR does); the boot loader then answers for one second after its last command
 * and leaves 16 ms after LEAVE_PROGMODE. Flash and EEPROM are written by pages; the boot loader's
 * own section cannot be overwritten. Bytes take 10 bit times at the host's baud rate.
 */
final class UnoBoard extends BoardLogic {
  static final int BOOT_SIZE = 512;
  static final long BOOT_TIMEOUT_NANOS = 1_000_000_000L;
  static final long FLASH_PAGE_NANOS = 4_500_000L;
  static final long EEPROM_BYTE_NANOS = 3_400_000L;
  // Arduino Uno factory settings (boards.txt): low, high, extended fuse; lock bits.
  static final byte[] UNO_FUSES = {(byte) 0xFF, (byte) 0xDE, (byte) 0xFD};
  static final int UNO_LOCK = 0xCF;

  private final ChipLayout layout;
  private final byte[] flash;
  private final byte[] eeprom;
  private final Optional<FirmwareRunner> runner;
  private boolean bootloader;
  private long lastCommand;
  private long leaveAt = Long.MAX_VALUE;
  private final ByteArrayOutputStream cmd = new ByteArrayOutputStream();
  private int address; // byte address for flash, byte address for EEPROM
  private FirmwareRunner.Session session;
  private boolean saidNoRunner;
  private int pagesWritten;

  UnoBoard(ChipLayout layout, Optional<FirmwareRunner> runner) {
    this.layout = layout;
    this.runner = runner;
    this.flash = Nvm0Chip.filled(layout.flashSize());
    this.eeprom = Nvm0Chip.filled(layout.eepromSize());
  }

  @Override
  String mode() {
    return bootloader ? "boot loader (STK500v1)" : "running firmware";
  }

  @Override
  List<String> memoryNames() {
    return List.of("flash", "eeprom", "fuses", "lock", "signature");
  }

  @Override
  byte[] memory(String name) {
    return switch (name.toLowerCase()) {
      case "flash" -> flash.clone();
      case "eeprom" -> eeprom.clone();
      case "fuses", "fuse" -> UNO_FUSES.clone();
      case "lock", "lockbits" -> new byte[] {(byte) UNO_LOCK};
      case "signature" -> layout.signature();
      default -> throw new IllegalArgumentException("no memory " + name);
    };
  }

  @Override
  byte[] preloadable(String memory) {
    return memory.equals("flash") ? flash : memory.equals("eeprom") ? eeprom : null;
  }

  @Override
  void lineChanged(LineSettings before, LineSettings now, boolean open) {
    wire.setByteNanos(now.byteNanos());
    if (open) reset("baud rate set to " + now.baud());
  }

  @Override
  void openChanged(boolean open, LineSettings now) {
    wire.setByteNanos(now.byteNanos());
    if (open && !(bootloader && System.nanoTime() - lastCommand < 50_000_000L && cmd.size() == 0)) {
      reset("port opened");
    } else if (!open) {
      stopFirmware();
    }
  }

  private void reset(String why) {
    stopFirmware();
    bootloader = true;
    lastCommand = System.nanoTime();
    leaveAt = Long.MAX_VALUE;
    cmd.reset();
    log.accept("reset (" + why + "): boot loader");
  }

  @Override
  void closed() {
    stopFirmware();
  }

  @Override
  void unplugged() {
    stopFirmware();
    bootloader = false;
  }

  private void stopFirmware() {
    if (session != null) {
      session.close();
      session = null;
    }
  }

  private void runApplication(String why) {
    stopFirmware();
    bootloader = false;
    leaveAt = Long.MAX_VALUE;
    if (pagesWritten > 0) {
      log.accept("boot loader: " + pagesWritten + " page(s) written this session");
      pagesWritten = 0;
    }
    if (runner.isEmpty()) {
      if (!saidNoRunner) {
        log.accept(
            "boot loader exits (" + why + "): running the firmware needs the simulator "
                + "(not available); the port stays silent");
        saidNoRunner = true;
      } else {
        log.accept("boot loader exits (" + why + ")");
      }
      return;
    }
    int baud = wire.pty().settings().baud();
    session =
        runner.get()
            .start(layout, flash.clone(), eeprom.clone(), UNO_FUSES.clone(), baud,
                wire::sendFromFirmware);
    log.accept("boot loader exits (" + why + "): firmware runs, USART0 on the port");
  }

  @Override
  void tick() {
    if (!bootloader) return;
    long now = System.nanoTime();
    if (now >= leaveAt) runApplication("LEAVE_PROGMODE");
    else if (now - lastCommand > BOOT_TIMEOUT_NANOS) runApplication("1 s without a command");
  }

  /** Argument bytes (before the CRC_EOP 0x20) of each STK500v1 command optiboot knows. */
  private int argBytes(byte[] c) {
    int op = c[0] & 0xFF;
    return switch (op) {
      case 0x41 -> 1; // GET_PARAMETER
      case 0x42 -> 20; // SET_DEVICE
      case 0x45 -> 5; // SET_DEVICE_EXT
      case 0x55 -> 2; // LOAD_ADDRESS
      case 0x56 -> 4; // UNIVERSAL
      case 0x64 -> c.length < 3 ? Integer.MAX_VALUE : 3 + (((c[1] & 0xFF) << 8) | (c[2] & 0xFF));
      case 0x74 -> 3; // READ_PAGE
      default -> 0;
    };
  }

  @Override
  void received(byte[] data) throws IOException {
    if (!bootloader) {
      if (session != null) session.fromHost(data);
      return;
    }
    for (byte b : data) {
      cmd.write(b);
      byte[] c = cmd.toByteArray();
      int need = argBytes(c);
      if (need != Integer.MAX_VALUE && c.length == 1 + need + 1) {
        cmd.reset();
        if (c[c.length - 1] != 0x20) {
          // optiboot: no sync -> watchdog reset, start over silently
          log.accept(String.format("boot loader: command 0x%02X without CRC_EOP, restarting", c[0]));
          lastCommand = System.nanoTime();
          continue;
        }
        lastCommand = System.nanoTime();
        execute(c);
      }
    }
  }

  private void execute(byte[] c) throws IOException {
    int op = c[0] & 0xFF;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x14);
    switch (op) {
      case 0x41 -> {
        int which = c[1] & 0xFF;
        out.write(which == 0x81 ? 4 : which == 0x82 ? 4 : 3); // optiboot 4.4 on the Uno
      }
      case 0x55 -> address = ((c[1] & 0xFF) | (c[2] & 0xFF) << 8);
      case 0x56 -> out.write(0x00);
      case 0x64 -> progPage(c);
      case 0x74 -> readPage(c, out);
      case 0x75 -> out.writeBytes(layout.signature());
      case 0x51 -> leaveAt = System.nanoTime() + 16_000_000L;
      default -> {}
    }
    out.write(0x10);
    wire.send(out.toByteArray(), 0);
  }

  private void progPage(byte[] c) {
    int len = ((c[1] & 0xFF) << 8) | (c[2] & 0xFF);
    char type = (char) (c[3] & 0xFF);
    byte[] data = Arrays.copyOfRange(c, 4, 4 + len);
    if (type == 'E') {
      int a = address;
      for (int i = 0; i < len && a + i < eeprom.length; i++) eeprom[a + i] = data[i];
      wire.busy(EEPROM_BYTE_NANOS * len);
      return;
    }
    int a = address * 2; // flash addresses are word addresses
    int page = layout.flashPage();
    int start = a - a % page;
    if (start >= flash.length - BOOT_SIZE) {
      log.accept(String.format("boot loader: write to 0x%04X refused (boot section)", a));
      return;
    }
    // optiboot erases and writes the whole page; bytes beyond len are 0xFF
    for (int i = 0; i < page; i++) flash[start + i] = i < len ? data[i] : (byte) 0xFF;
    pagesWritten++;
    wire.busy(FLASH_PAGE_NANOS);
  }

  private void readPage(byte[] c, ByteArrayOutputStream out) {
    int len = ((c[1] & 0xFF) << 8) | (c[2] & 0xFF);
    char type = (char) (c[3] & 0xFF);
    byte[] mem = type == 'E' ? eeprom : flash;
    int a = type == 'E' ? address : address * 2;
    for (int i = 0; i < len; i++) out.write(a + i < mem.length ? mem[a + i] : 0xFF);
  }
}
