package dev.avrkit.vboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * A bare AVR8X chip behind a USB-serial adapter wired for SerialUPDI (TX through a resistor to
 * RX and UPDI): every byte the host sends comes back as echo, then the target's answer. Frames are
 * 8E2 (12 bits; a Linux pty does not keep the parity setting, so 12 bits are assumed whatever
 * it reports). A double break (the host sending 0x00 at a low baud rate, 300 as avrdude and
 * pymcuprog do) resets the UPDI link.
 */
final class SerialUpdiBoard extends BoardLogic {
  private final Nvm0Chip chip;
  private final UpdiEngine engine;
  private boolean lowBaudSeen;
  /** When the byte being handled finished arriving on the line (0: none yet, use wall time). */
  private long byteArrived;

  /**
   * @param nvmSlowdown the chip's NVM takes this many times its typical times: the chip's clock
   *     runs that much slower than the line's
   */
  SerialUpdiBoard(Nvm0Chip chip, double nvmSlowdown) {
    this.chip = chip;
    this.engine = new UpdiEngine(chip);
    chip.setListener(s -> log.accept(s));
    // the chip lives on the line's time: a byte is handled when it has arrived, whenever the
    // board thread reads it (it may read a long burst at once)
    chip.setClock(() -> (long) ((byteArrived != 0 ? byteArrived : System.nanoTime()) / nvmSlowdown));
  }

  @Override
  String mode() {
    return chip.progMode() ? "UPDI programming mode" : "UPDI idle";
  }

  @Override
  List<String> memoryNames() {
    return List.of("flash", "eeprom", "fuses", "lock", "userrow", "signature");
  }

  @Override
  byte[] memory(String name) {
    return chip.snapshot(name);
  }

  @Override
  byte[] preloadable(String memory) {
    return memory.equals("flash") ? chip.flash : memory.equals("eeprom") ? chip.eeprom : null;
  }

  /** UPDI frames are 8E2 whatever the pty reports (Linux ptys do not keep PARENB). */
  private static long updiByteNanos(LineSettings s) {
    return s.baud() <= 0 ? 0 : 12 * 1_000_000_000L / s.baud();
  }

  @Override
  void lineChanged(LineSettings before, LineSettings now, boolean open) {
    wire.setByteNanos(updiByteNanos(now));
    if (now.baud() > 0 && now.baud() <= 1200) lowBaudSeen = true;
  }

  @Override
  void openChanged(boolean open, LineSettings now) {
    // opening the adapter's port does nothing to the target: a confused UPDI stays confused
    // until the host sends a double break
    wire.setByteNanos(updiByteNanos(now));
  }

  @Override
  void received(byte[] data) throws IOException {
    LineSettings s = wire.pty().settings();
    boolean low = lowBaudSeen || (s.baud() > 0 && s.baud() <= 1200);
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 8);
    int timed = 0;
    long lostBefore = engine.lostBytes();
    long byteNanos = wire.byteNanos();
    long at = wire.rxDone() - data.length * byteNanos; // when the burst began to arrive
    for (byte b : data) {
      at += byteNanos;
      byteArrived = at;
      out.write(b); // the line echoes everything
      if (low && b == 0) {
        engine.reset();
        log.accept("UPDI: break, link reset");
        continue;
      }
      byte[] answer = engine.receive(b);
      out.writeBytes(answer);
      timed += answer.length;
    }
    if (engine.lostBytes() > lostBefore) {
      log.accept("UPDI: " + (engine.lostBytes() - lostBefore) + " bytes lost: they arrived while "
          + "a page-buffer store waited for the busy NVM controller");
    }
    if (s.baud() > 1200) lowBaudSeen = false;
    long guard = timed > 0 ? engine.guardBits() * wire.byteNanos() / 12 : 0;
    byte[] o = out.toByteArray();
    // only the answer bytes cost wire time; the echo arrives while the host sends
    wire.send(o, timed, guard);
  }
}
