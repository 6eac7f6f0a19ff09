package dev.avrkit.sim.avr8x;

import static dev.avrkit.sim.avr8x.AnalogProgramsTest.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import dev.avrkit.sim.bus.SpiBus;
import dev.avrkit.sim.bus.SpiDevice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPI0 of the ATmega4809 as master on the Nano Every's route with a register-level C program
 * built by avr-gcc: a device on {@code machine.spiBus("SPI0")} answers the complement of each
 * byte; transfer times are 8 SCK periods of the prescaler's divisor, SCK toggles on PE2 at that
 * rate, the bus is told the mode, LSB first reverses the wire order.
 */
class SpiProgramsTest {
  @TempDir Path dir;

  @Test
  void masterOnTheNanoEveryRoute() throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Avr8xTestSupport.resource(dir, "regs4809.h");
    Avr8xTestSupport.resource(dir, "common.h");
    Avr8xTestSupport.resource(dir, "periph4809.h");
    Path elf = Avr8xTestSupport.build4809(dir, "spi4809.c");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m = Machine.builder(Avr8xTestSupport.atmega4809()).console(UartConsole.of(out, null)).fuse("OSCCFG", 1).build();
    m.load(FirmwareImage.load(elf));
    SpiBus spi = m.spiBus("SPI0");
    List<String> wire = new ArrayList<>();
    spi.attach(new SpiDevice() {
      @Override
      public boolean selected() {
        return m.pins().pin("PE3").level() == 0;
      }

      @Override
      public int transfer(int mosi) {
        wire.add(String.format("%02x/%d", mosi, spi.mode()));
        return ~mosi & 0xFF;
      }
    });
    List<Long> sck = new ArrayList<>();
    m.addPinListener((port, bit, level, cycle) -> {
      if (port.equals("PORTE") && bit == 2) sck.add(cycle);
    });
    RunResult r = m.run(50_000_000L);
    String text = out.toString(StandardCharsets.ISO_8859_1);
    assertThat(r.reason()).as(r.summary() + "\n" + text).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    assertThat(spi.sckPin()).isEqualTo("PE2");
    assertThat(spi.mosiPin()).isEqualTo("PE0");
    assertThat(spi.misoPin()).isEqualTo("PE1");
    int[] div = {4, 16, 64, 128};
    long overhead = num(text, "presc 0 cycles") - 8 * 4;
    assertThat(overhead).as("DATA write to the handler reading TCB0").isBetween(0L, 40L);
    for (int p = 0; p < 4; p++) {
      assertThat(num(text, "presc " + p + " cycles")).as("DIV" + div[p]).isEqualTo(8L * div[p] + overhead);
      assertThat(text).contains(String.format("presc %d cycles %d got %02x", p, 8L * div[p] + overhead, ~(0x40 + p) & 0xFF));
    }
    assertThat(num(text, "clk2x cycles")).isEqualTo(8 * 2 + overhead);
    assertThat(text).contains("mode 0 got 9f\nmode 1 got 9e\nmode 2 got 9d\nmode 3 got 9c\n");
    assertThat(wire).contains("60/0", "61/1", "62/2", "63/3");
    // LSB first: 0x01 goes on the wire as 0x80; the answer 0x7f comes back reversed: 0xfe
    assertThat(wire).contains("80/0");
    assertThat(text).contains("lsb got fe\n");
    assertThat(text).contains("wrcol 1 got 8e after 00\n");
    assertThat(wire).contains("71/0").doesNotContain("72/0");
    assertThat(text).contains("buffered dre 1 full 0 got 7e 7d rxc 0\n");
    assertThat(wire).containsSubsequence("81/0", "82/0");
    // SCK at /128: edges 64 cycles apart inside a byte (16 edges per byte)
    long e64 = 0;
    for (int i = 1; i < sck.size(); i++) if (sck.get(i) - sck.get(i - 1) == 64) e64++;
    assertThat(e64).as("SCK half periods of 64 cycles").isGreaterThanOrEqualTo(15);
  }
}
