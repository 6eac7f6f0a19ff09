package dev.avrkit.sim.avr8x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.UartConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receive buffering as the datasheets describe it, on the ATmega328P (USART0) and the ATmega4809
 * (USART3): two frames in the FIFO and a third waiting in the receive shift register are kept;
 * a frame is lost only when the next start bit comes while one still waits there, and then the
 * frame after the loss carries DOR / BUFOVF. Input arrives back to back from a deterministic
 * console (one byte per frame time) while the program does not read.
 */
class UsartReceiveBufferTest {
  @TempDir Path dir;

  /** A console with fixed input (one byte each time the receiver asks) and captured output. */
  private static final class Fixed implements UartConsole {
    private final byte[] in;
    private int next;
    final StringBuilder out = new StringBuilder();

    Fixed(String in) {
      this.in = in.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public void transmit(String uart, int b) {
      out.append((char) b);
    }

    @Override
    public int receive(String uart) {
      return next < in.length ? in[next++] & 0xFF : EOF;
    }
  }

  private static String run(Device d, Path elf, String input) {
    Fixed console = new Fixed(input);
    Machine.Builder b = Machine.builder(d).console(console);
    if (d.fuse("OSCCFG").isPresent()) b.fuse("OSCCFG", 1); // 16 MHz like the 328P's crystal
    Machine m = b.build();
    m.load(FirmwareImage.load(elf));
    RunResult r = m.run(2_000_000L);
    assertThat(r.reason().normal()).as(r.summary()).isTrue();
    return console.out.toString();
  }

  @Test
  void threeFramesKeptFourthStartBitOverrunsOnBothParts() throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Path d328 = Files.createDirectories(dir.resolve("328p"));
    Path d4809 = Files.createDirectories(dir.resolve("4809"));
    Path elf328 = Avr8xTestSupport.build328p(d328, "rxfifo.c");
    Path elf4809 = Avr8xTestSupport.build4809(d4809, "rxfifo.c");
    Device m328p = DeviceCatalog.fromEnvironment().device("ATmega328P");
    Device m4809 = Avr8xTestSupport.atmega4809();
    for (var part : java.util.List.of(java.util.Map.entry(m328p, elf328), java.util.Map.entry(m4809, elf4809))) {
      String name = part.getKey().name();
      assertThat(run(part.getKey(), part.getValue(), "AB")).as(name).isEqualTo("A.B.\n");
      // FIFO (A, B) + shift register (C): nothing lost
      assertThat(run(part.getKey(), part.getValue(), "ABC")).as(name).isEqualTo("A.B.C.\n");
      // D's start bit finds C waiting: C lost, D waits with the flag; E and F likewise
      assertThat(run(part.getKey(), part.getValue(), "ABCD")).as(name).isEqualTo("A.B.D!\n");
      assertThat(run(part.getKey(), part.getValue(), "ABCDEF")).as(name).isEqualTo("A.B.F!\n");
    }
  }
}
