package dev.avrkit.sim.vcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.StopReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VcdWriterTest {
  @TempDir Path dir;

  private Path resource(String name) throws IOException {
    Path out = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/avr8x/" + name)) {
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  private static boolean haveAvrGcc() {
    try {
      return new ProcessBuilder("avr-gcc", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private Path buildBlink() throws Exception {
    resource("regs4809.h");
    resource("common.h");
    Path crt = dev.avrkit.sim.avr8x.Avr8xTestSupport.startup(dir);
    Path src = resource("blink4809.c");
    Path elf = dir.resolve("blink.elf");
    Process p = new ProcessBuilder("avr-gcc", "-mmcu=avrxmega3", "-nostartfiles", "-Os", "-I" + dir,
        "-Wl,--defsym=__DATA_REGION_ORIGIN__=0x802800", "-Wl,--defsym=__DATA_REGION_LENGTH__=0x1800",
        "-Wl,--defsym=__TEXT_REGION_LENGTH__=0xC000", "-Wl,--defsym=__RODATA_PM_OFFSET__=0x4000",
        "-Wl,--defsym=__stack=0x803FFF", "-o", elf.toString(), crt.toString(), src.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(log).isZero();
    return elf;
  }

  /** The LED pin toggles every 1 ms of simulated time (TCB0 at 16 MHz), registers are traced. */
  @Test
  void pinTogglesAtTimerPeriods() throws Exception {
    assumeTrue(haveAvrGcc(), "avr-gcc not installed");
    Path elf = buildBlink();
    Machine m = Machine.builder(DeviceCatalog.fromEnvironment().device("ATmega4809")).fuse("OSCCFG", 1).build();
    m.load(FirmwareImage.load(elf));
    Path vcd = dir.resolve("blink.vcd");
    try (VcdWriter w = VcdWriter.attach(m, vcd, List.of("TCB0.CCMP", "SREG"))) {
      assertThat(m.run(50_000_000L).reason()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    }
    String text = Files.readString(vcd);
    assertThat(text).contains("$timescale 1ns $end").contains("$enddefinitions $end");
    Matcher id = Pattern.compile("\\$var wire 1 (\\S+) PE2 \\$end").matcher(text);
    assertThat(id.find()).isTrue();
    Matcher ccmp = Pattern.compile("\\$var reg 16 (\\S+) TCB0_CCMP \\$end").matcher(text);
    assertThat(ccmp.find()).isTrue();
    assertThat(text).contains("b0011111001111111 " + ccmp.group(1)); // 15999
    assertThat(text).containsPattern("\\$var reg 8 \\S+ SREG \\$end");

    // times at which PE2 changed
    List<Long> times = new ArrayList<>();
    long now = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) now = Long.parseLong(line.substring(1));
      else if (line.equals("1" + id.group(1)) || line.equals("0" + id.group(1))) times.add(now);
    }
    // first: output low when DIRSET makes it an output, then 10 toggles 1 ms apart
    assertThat(times).hasSize(11);
    // (the interrupt waits for the instruction in progress: a few cycles of 62.5 ns of jitter)
    for (int i = 2; i < times.size(); i++) {
      assertThat(times.get(i) - times.get(i - 1)).isBetween(1_000_000L - 250, 1_000_000L + 250);
    }
    assertThat(times.get(10) - times.get(1)).isBetween(9_000_000L - 250, 9_000_000L + 250);
  }

  /** What {@code avrkit sim --board nano-every --vcd F --trace-reg R} runs. */
  @Test
  void debugRunWritesTheVcdAndReturnsTheExitCode() throws Exception {
    assumeTrue(haveAvrGcc(), "avr-gcc not installed");
    Path elf = buildBlink();
    Path vcd = dir.resolve("cli.vcd");
    var o = new dev.avrkit.sim.SimRun.Options(elf, null, "nano-every", null, null, java.util.Map.of(), null, false);
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    int code = dev.avrkit.sim.gdb.DebugRun.run(o, vcd, List.of("TCB0.CCMP"), null,
        new java.io.ByteArrayInputStream(new byte[0]), new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo("done\n");
    assertThat(err.toString()).contains("ATmega4809 @ 16.0 MHz: stopped: sleep with interrupts disabled");
    assertThat(Files.readString(vcd)).contains("TCB0_CCMP").endsWith("\n");
    assertThatThrownBy(() -> dev.avrkit.sim.gdb.DebugRun.run(o, null, List.of("SREG"), null, null, System.out, System.err))
        .isInstanceOf(AvrkitException.class).hasMessageContaining("--trace-reg needs --vcd");
  }

  @Test
  void unknownRegisterIsAUserError() {
    Machine m = Machine.builder(DeviceCatalog.fromEnvironment().device("ATmega4809")).build();
    Path vcd = dir.resolve("x.vcd");
    assertThatThrownBy(() -> VcdWriter.attach(m, vcd, List.of("TCA0.NOPE")))
        .isInstanceOf(AvrkitException.class).hasMessageContaining("TCA0 has no register NOPE");
    assertThatThrownBy(() -> VcdWriter.attach(m, vcd, List.of("CTRLA")))
        .isInstanceOf(AvrkitException.class).hasMessageContaining("several registers");
    assertThat(vcd).doesNotExist();
  }
}
