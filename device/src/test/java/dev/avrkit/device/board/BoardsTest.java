package dev.avrkit.device.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.Device;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoardsTest {

  @Test
  void nanoEveryFacts() {
    Board b = Boards.named("Nano-Every");
    assertThat(b.device()).isEqualTo("ATmega4809");
    assertThat(b.clockHz()).isEqualTo(16_000_000L);
    assertThat(b.led()).isEqualTo(new Board.Pin('E', 2));
    assertThat(b.console().usart()).isEqualTo("USART3");
    assertThat(b.console().portmux()).contains(new Board.PortmuxRoute("USARTROUTEA", "USART3", "ALT1"));
    assertThat(b.console().tx()).hasToString("PB4");
    assertThat(b.upload().protocol()).isEqualTo("jtag2updi");
    assertThat(b.upload().touch1200()).isTrue();
    assertThat(b.fuses()).containsExactly(
        java.util.Map.entry("OSCCFG", 0x01), java.util.Map.entry("SYSCFG0", 0xC9), java.util.Map.entry("BOOTEND", 0x00));
    assertThat(Boards.byUsb(0x2341, 0x0058)).contains(b);
  }

  @Test
  void unoAndNano() {
    assertThat(Boards.names()).containsExactly("nano-every", "uno", "nano");
    Board uno = Boards.named("uno");
    assertThat(uno.led()).hasToString("PB5");
    assertThat(uno.console().portmux()).isEmpty();
    assertThat(uno.upload().protocol()).isEqualTo("arduino");
    assertThat(Boards.named("nano").upload().baud()).isEqualTo(57600);
  }

  @Test
  void unknownBoardIsAUserError() {
    assertThatThrownBy(() -> Boards.named("mega"))
        .isInstanceOf(AvrkitException.class)
        .hasMessageContaining("known boards: nano-every, uno, nano");
  }

  @Test
  void badDataNamesBoardAndKey() {
    String bad = "boards=x\nx.description=d\nx.device=ATmega328P\nx.clock=1\nx.led=Q9\n";
    assertThatThrownBy(() -> Boards.parse(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("board 'x'");
  }

  /** Every fact names something the device model of the board's chip has. */
  @Test
  void factsMatchTheDeviceModel() {
    DeviceCatalog cat = DeviceCatalog.fromEnvironment();
    for (Board b : Boards.all()) {
      Device d = cat.device(b.device());
      assertThat(d.peripheral(b.led().portName())).as(b.name() + " LED port").isPresent();
      assertThat(d.peripheral(b.console().usart())).as(b.name() + " console").isPresent();
      for (String fuse : b.fuses().keySet()) {
        assertThat(d.fuse(fuse).isPresent()).as(b.name() + " fuse " + fuse).isTrue();
      }
      b.console().portmux().ifPresent(r ->
          assertThat(d.peripheral("PORTMUX").flatMap(p -> p.register(r.register()))).as(b.name() + " route").isPresent());
    }
  }
}
