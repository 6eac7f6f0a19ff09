package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.bus.I2cBus;
import dev.avrkit.sim.bus.I2cRegisters;
import dev.avrkit.sim.bus.I2cListener;
import dev.avrkit.sim.vcd.VcdWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ATmega328P's TWI with register-level C programs: master transfers to a memory device on
 * the machine's I2C bus, status codes, SCL frequency measured from the VCD, slave mode driven by
 * a bus master in the test, and a stuck bus.
 */
class MegaTwiTest {
  @TempDir static Path dir;

  /**
   * Nobody answers: the data sheet's status codes. simavr 1.6 runs the same program but, with no
   * slave attached, reports 0x30 (data NACK) for the unanswered SLA+W because writing TWDR marks
   * its latch as "write", and 0x10 for SLA+R; its START, repeated START and data NACK codes agree.
   */
  @Test
  void unansweredAddressAgainstTheDataSheetAndSimavr() throws Exception {
    Path elf = Tools.compile(dir, "twi", "atmega328p");
    String ours = Tools.avrkit(elf, "ATmega328P", 50_000_000, false);
    assertThat(ours).isEqualTo("twi 08 20 10 48 08 20 30\ndone\n");
    String[] s = Tools.simavr(elf, "atmega328p").split("\n")[0].split(" ");
    String[] o = ours.split("\n")[0].split(" ");
    for (int i : new int[] {0, 1, 3, 5, 7}) assertThat(s[i]).as("field " + i).isEqualTo(o[i]);
  }

  @ParameterizedTest
  @ValueSource(ints = {100_000, 400_000})
  void writesAndReadsAMemoryAtTheDataSheetClock(int hz) throws Exception {
    Path elf = hz == 100_000 ? Tools.compile(dir, "twi", "atmega328p", "-DDEVICE") : Tools.compile(dir, "twi", "atmega328p", "-DDEVICE", "-DFAST");
    I2cRegisters mem = new I2cRegisters(0x50);
    List<String> events = new ArrayList<>();
    Path vcd = dir.resolve("twi" + hz + ".vcd");
    String out =
        run(elf, m -> {
          m.i2cBus("TWI").attach(mem);
          m.i2cBus("TWI").addListener((k, v, ack, cycle) -> events.add(k + (k == I2cListener.Kind.START || k == I2cListener.Kind.STOP ? "" : String.format(" %02x%s", v, ack ? "" : " nack"))));
        }, vcd);
    assertThat(out).isEqualTo("status 08 18 28 28 28 28 08 18 28 10 40 50 58\nread a5 5a c3\ndone\n");
    assertThat(mem.get(0x10)).isEqualTo(0xA5);
    assertThat(events)
        .containsExactly(
            "START", "ADDRESS a0", "WRITE 10", "WRITE a5", "WRITE 5a", "WRITE c3", "STOP",
            "START", "ADDRESS a0", "WRITE 10", "START", "ADDRESS a1", "READ a5", "READ 5a", "READ c3 nack", "STOP");
    // SCL (PC5) from the VCD: within each byte the rising edges are one bit time apart (8 per
    // byte: the data bits and the acknowledge); between bytes the master holds SCL low until the
    // firmware clears TWINT, so those gaps are longer; the clock is never faster
    List<Long> rises = risingEdges(Files.readString(vcd), "PC5");
    long period = 1_000_000_000L / hz;
    int bytes = 11; // 8 address and write bytes, 3 read
    long atPeriod = 0;
    for (int i = 1; i < rises.size(); i++) {
      long d = rises.get(i) - rises.get(i - 1);
      assertThat(d).isGreaterThanOrEqualTo(period * 98 / 100);
      if (d <= period * 102 / 100) atPeriod++;
    }
    assertThat(atPeriod).isGreaterThanOrEqualTo(8L * bytes);
  }

  /** The test is the bus master; the chip's TWI answers at its own address only. */
  @Test
  void slaveReceivesAndTransmits() throws Exception {
    Path elf = Tools.compile(dir, "twi_slave", "atmega328p");
    List<String> master = new ArrayList<>();
    String out =
        run(elf, m -> {
          I2cBus bus = m.i2cBus("TWI");
          Runnable[] steps = {
            () -> master.add("other " + bus.start(0x43, false)),
            bus::stop,
            () -> master.add("w " + bus.start(0x42, false)),
            () -> master.add("ack " + bus.write(0x11)),
            () -> master.add("ack " + bus.write(0x22)),
            bus::stop,
            () -> master.add("r " + bus.start(0x42, true)),
            () -> master.add(String.format("%02x", bus.read(true))),
            () -> master.add(String.format("%02x", bus.read(false))),
            bus::stop
          };
          for (int i = 0; i < steps.length; i++) {
            Runnable r = steps[i];
            m.scheduler().schedule(new Scheduler.Event() {
              @Override
              protected void fire(long when) {
                r.run();
              }
            }, 100_000 + 5_000L * i);
          }
        }, null);
    // SLA+W, two data bytes, STOP, SLA+R, data sent with ACK, last data sent with NACK
    assertThat(out).isEqualTo("slave 60 80 80 a0 a8 b8 c0 got 11 22\ndone\n");
    assertThat(master).containsExactly("other false", "w true", "ack true", "ack true", "r true", "5a", "a5");
  }

  /** SDA held low: the START waits for the bus; held during the address byte: arbitration lost. */
  @Test
  void busyBusAndLostArbitration() throws Exception {
    Path elf = Tools.compile(dir, "twi_slave", "atmega328p", "-DBUS");
    String out =
        run(elf, m -> {
          I2cBus bus = m.i2cBus("TWI");
          bus.holdSdaLow(true);
          m.scheduler().schedule(new Scheduler.Event() {
            @Override
            protected void fire(long when) {
              bus.holdSdaLow(false);
            }
          }, 400_000);
          m.addPinListener((port, bit, level, cycle) -> {
            if (port.equals("PORTB") && bit == 0 && level == 1) bus.holdSdaLow(true);
          });
        }, null);
    assertThat(out).isEqualTo("busy 1\nstart 08 address 38\ndone\n");
  }

  /**
   * A device puts a STOP into the frame at the first data byte: status 0x00 with TWINT (TWSTO
   * not set), the lines released; TWSTO + TWINT recovers without a STOP on the bus (TWSTO clears
   * at once, status 0xF8) and the next transfer works.
   */
  @Test
  void misplacedStopIsABusErrorUntilTwstoRecovers() throws Exception {
    Path elf = Tools.compile(dir, "twi", "atmega328p", "-DBUSERR");
    List<String> events = new ArrayList<>();
    List<Integer> got = new ArrayList<>();
    int[] sdaAfter = {-1};
    String out =
        run(elf, m -> {
          I2cBus bus = m.i2cBus("TWI");
          bus.attach(new dev.avrkit.sim.bus.I2cDevice() {
            @Override
            public boolean start(int a, boolean read) {
              return a == 0x50;
            }

            @Override
            public boolean write(int data) {
              got.add(data);
              if (data == 0x10) {
                bus.misplacedStop();
                m.scheduler().scheduleIn(new Scheduler.Event() {
                  @Override
                  protected void fire(long when) {
                    sdaAfter[0] = m.pins().pin("PC4").level();
                  }
                }, 1);
              }
              return true;
            }

            @Override
            public int read(boolean ack) {
              return 0;
            }

            @Override
            public void stop() {}
          });
          bus.addListener((k, v, ack, cycle) -> events.add(k + (k == I2cListener.Kind.START || k == I2cListener.Kind.STOP ? "" : String.format(" %02x", v))));
        }, null);
    // TWCR & (TWINT | TWSTO) after the error: 0x80
    assertThat(out).isEqualTo("buserr 08 18 00 80 00 f8 08 18 28\ndone\n");
    assertThat(sdaAfter[0]).as("SDA released").isEqualTo(1);
    // the misplaced STOP, then no STOP from the recovery: the next START follows directly
    assertThat(events).containsExactly("START", "ADDRESS a0", "WRITE 10", "STOP", "START", "ADDRESS a0", "WRITE 11", "STOP");
    assertThat(got).containsExactly(0x10, 0x11);
  }

  private static List<Long> risingEdges(String vcd, String signal) {
    Matcher id = Pattern.compile("\\$var wire 1 (\\S+) " + signal + " \\$end").matcher(vcd);
    assertThat(id.find()).as(signal + " in the VCD").isTrue();
    List<Long> out = new ArrayList<>();
    long now = 0;
    for (String line : vcd.split("\n")) {
      if (line.startsWith("#")) now = Long.parseLong(line.substring(1));
      else if (line.equals("1" + id.group(1))) out.add(now);
    }
    return out;
  }

  static String run(Path elf, Consumer<Machine> setup, Path vcd) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m = Machine.builder(Tools.device("ATmega328P")).console(UartConsole.of(out, null)).build();
    m.load(FirmwareImage.load(elf));
    setup.accept(m);
    RunResult r;
    if (vcd != null) {
      try (VcdWriter w = VcdWriter.attach(m, vcd, List.of())) {
        r = m.run(50_000_000);
      }
    } else r = m.run(50_000_000);
    assertEquals(StopReason.SLEEP_INTERRUPTS_OFF, r.reason(), () -> r.summary() + "\noutput: " + out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
