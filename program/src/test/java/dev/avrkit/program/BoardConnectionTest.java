package dev.avrkit.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Boards;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The programmer takes its board facts from the board data file: protocol, baud, touch, flash
 * limit, and the fuses (named there, resolved to indices through the device model).
 */
class BoardConnectionTest {
  static DeviceCatalog catalog;

  @BeforeAll
  static void catalog() { catalog = DeviceCatalog.fromEnvironment(); }

  private static Connection connect(String board) {
    var b = Boards.named(board);
    return Connection.resolve(Optional.of(b), Optional.of(catalog.device(b.device())),
        Optional.empty(), Optional.of("/dev/null"), 0);
  }

  @Test
  void nanoEveryFusesByNameBecomeIndices() {
    Connection c = connect("nano-every");
    assertThat(c.kind()).isEqualTo(ProgrammerKind.JTAG2UPDI);
    assertThat(c.baud()).isEqualTo(115200);
    assertThat(c.touch1200()).isTrue();
    // OSCCFG = fuse2, SYSCFG0 = fuse5, BOOTEND = fuse8 on the ATmega4809 (Arduino's values)
    assertThat(c.boardFuses()).containsOnly(
        java.util.Map.entry(2, 0x01), java.util.Map.entry(5, 0xC9), java.util.Map.entry(8, 0x00));
    assertThat(c.effectiveTarget().flashSize()).isEqualTo(48 * 1024);
  }

  @Test
  void bootloaderBoardsLimitFlashAndWriteNoFuses() {
    Connection uno = connect("uno");
    assertThat(uno.kind()).isEqualTo(ProgrammerKind.ARDUINO);
    assertThat(uno.baud()).isEqualTo(115200);
    assertThat(uno.touch1200()).isFalse();
    assertThat(uno.effectiveTarget().flashSize()).isEqualTo(32256);
    assertThat(uno.boardFuses()).isEmpty();
    Connection nano = connect("nano");
    assertThat(nano.baud()).isEqualTo(57600);
    assertThat(nano.effectiveTarget().flashSize()).isEqualTo(30720);
  }
}
