package dev.avrkit.sim.avr8x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import dev.avrkit.sim.bus.I2cRegisters;
import dev.avrkit.sim.bus.I2cListener;
import dev.avrkit.sim.vcd.VcdWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * TWI0 of the ATmega4809 with a register-level C program built by avr-gcc: transfers to a
 * register device attached through {@code machine.i2cBus("TWI0")}, a NACKed address, smart mode
 * and the chip's own slave; the SCL frequency measured from the VCD of the run against the data
 * sheet's f_SCL = f_CLK_PER / (10 + 2 MBAUD) (ideal lines: T_rise = 0).
 */
class TwiProgramsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "MBAUD {0}")
  @CsvSource({"75, 100000", "15, 400000", "3, 1000000"})
  void masterSlaveAndSclFrequency(int baud, int nominal) throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Avr8xTestSupport.resource(dir, "regs4809.h");
    Avr8xTestSupport.resource(dir, "common.h");
    Avr8xTestSupport.resource(dir, "periph4809.h");
    Path elf = Avr8xTestSupport.build4809(dir, "twi4809.c", "-DBAUD=" + baud, baud < 5 ? "-DFMPLUS" : "-DSTANDARD_OR_FAST");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m = Machine.builder(Avr8xTestSupport.atmega4809()).console(UartConsole.of(out, null)).fuse("OSCCFG", 1).build();
    m.load(FirmwareImage.load(elf));
    I2cRegisters eeprom = new I2cRegisters(0x50);
    m.i2cBus("TWI0").attach(eeprom);
    List<String> log = new ArrayList<>();
    m.i2cBus("TWI0").addListener((kind, value, ack, cycle) ->
        log.add(kind + (kind == I2cListener.Kind.START || kind == I2cListener.Kind.STOP ? "" : String.format(" %02x%s", value, ack ? "+" : "-"))));
    Path vcd = dir.resolve("twi.vcd");
    RunResult r;
    try (VcdWriter w = VcdWriter.attach(m, vcd, List.of())) {
      r = m.run(100_000_000L);
    }
    String text = out.toString(StandardCharsets.ISO_8859_1);
    assertThat(r.reason()).as(r.summary() + "\n" + text).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    assertThat(text).isEqualTo("state 0\nstate 1\naddr ack 1 state 2\nread ab cd\nnack 1\nsmart ab cd\n"
        + "slave ack 1 got 11 22 sent 5a a5 stops 1\ndone\n");
    assertThat(eeprom.get(0x10)).isEqualTo(0xAB);
    assertThat(m.i2cBus("TWI0").sclPin()).isEqualTo("PA3");
    assertThat(m.i2cBus("TWI0").sdaPin()).isEqualTo("PA2");
    // the bus saw what the program did, in order, acknowledges included
    assertThat(String.join(",", log.subList(0, 13))).isEqualTo(
        "START,ADDRESS a0+,WRITE 10+,WRITE ab+,WRITE cd+,STOP,START,ADDRESS a0+,WRITE 10+,START,ADDRESS a1+,READ ab+,READ cd+");
    assertThat(log).contains("ADDRESS 66-", "ADDRESS 84+", "WRITE 11+", "WRITE 22+", "ADDRESS 85+", "READ 5a+");

    // SCL (PA3) from the VCD: rising edges a period apart inside each byte
    String v = Files.readString(vcd);
    Matcher id = Pattern.compile("\\$var wire 1 (\\S+) PA3 \\$end").matcher(v);
    assertThat(id.find()).isTrue();
    List<Long> rises = new ArrayList<>();
    long now = 0;
    for (String line : v.split("\n")) {
      if (line.startsWith("#")) now = Long.parseLong(line.substring(1));
      else if (line.equals("1" + id.group(1))) rises.add(now);
    }
    assertThat(rises.size()).as("SCL rising edges").isGreaterThan(9 * 20);
    List<Long> periods = new ArrayList<>();
    for (int i = 1; i < rises.size(); i++) periods.add(rises.get(i) - rises.get(i - 1));
    Collections.sort(periods);
    double periodNs = periods.get(periods.size() / 2);
    double measured = 1e9 / periodNs;
    double formula = 16e6 / (10 + 2 * baud);
    assertThat(measured / formula).as("f_SCL %.0f Hz from the VCD, formula %.0f Hz", measured, formula).isBetween(0.99, 1.01);
    assertThat(measured).as("near the nominal speed").isBetween(nominal * 0.75, nominal * 1.01);
  }
}
