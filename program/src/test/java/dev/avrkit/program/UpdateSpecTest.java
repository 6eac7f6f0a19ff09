package dev.avrkit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.image.Region;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** avrdude's -U syntax, boards and the jtag2updi CRC. */
class UpdateSpecTest {
  @TempDir Path dir;

  @Test
  void parsesAvrdudeSyntax() throws Exception {
    UpdateSpec f = UpdateSpec.parse("fuse2:w:0x01:m");
    assertThat(f.memory()).isEqualTo(Region.FUSES);
    assertThat(f.offset()).isEqualTo(2);
    assertThat(f.content().get(2)).isEqualTo(1);
    UpdateSpec h = UpdateSpec.parse("hfuse:v:0xDE:m");
    assertThat(h.offset()).isEqualTo(1);
    assertThat(h.op()).isEqualTo('v');
    Path hex = dir.resolve("fw.hex");
    Files.writeString(hex, ":0400000001020304F2\n:00000001FF\n");
    UpdateSpec w = UpdateSpec.parse("flash:w:" + hex + ":i");
    assertThat(w.content().toArray(0, 4, (byte) 0)).containsExactly(1, 2, 3, 4);
    assertThat(UpdateSpec.parse("eeprom:r:" + dir.resolve("ee.bin")).format()).isEqualTo('a');
  }

  @Test
  void errorsSayWhatIsExpected() {
    assertThatThrownBy(() -> UpdateSpec.parse("flash:w")).hasMessageContaining("memory:op:file");
    assertThatThrownBy(() -> UpdateSpec.parse("flash:x:a.hex:i")).hasMessageContaining("not w, r or v");
    assertThatThrownBy(() -> UpdateSpec.parse("ram2:w:a.hex:i")).hasMessageContaining("unknown memory");
    assertThatThrownBy(() -> UpdateSpec.parse("fuse2:w:0x100:m").content())
        .hasMessageContaining("not a byte value");
  }

  @Test
  void boardsAndCrc() {
    assertThat(Boards.byUsb(0x2341, 0x0058)).map(Board::name).contains("nano-every");
    assertThatThrownBy(() -> Boards.named("mega")).hasMessageContaining("known boards: nano-every, uno, nano");
    assertThat(Crc16.of("123456789".getBytes())).isEqualTo(0x6F91);
    // avrdude's sign-on frame for jtag2updi (FIELD-NOTES)
    assertThat(JtagMk2.frame(0, new byte[] {1})).containsExactly(
        0x1B, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0E, 0x01, 0xF3, 0x97);
    assertThat(WireBound.serialUpdiSeconds(49152, 115200)).isCloseTo(10.24, org.assertj.core.data.Offset.offset(0.01));
  }
}
