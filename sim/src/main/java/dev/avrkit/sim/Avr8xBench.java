package dev.avrkit.sim;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The ATmega4809 case of {@code avrkit bench sim} ({@code --program periph4809}): ADC0
 * conversions and TWI0 transfers back to back (bench/periph4809.c, register level, our own
 * start-up bench/crt4809.S since avr-libc has no ATmega4809 support) against a register device
 * attached to the TWI bus. No other simulator runs the ATmega4809, so it reports avrkit's
 * simulated MHz alone, separately from the ATmega328P cases.
 */
public final class Avr8xBench {
  private Avr8xBench() {}

  /** Default rounds (one ADC conversion and one 7-byte TWI exchange each). */
  public static final int DEFAULT_ROUNDS = 20000;

  /** Builds the program (avr-gcc for avrxmega3, link addresses from the device model). */
  public static Path buildElf(Path dir, int rounds) {
    if (rounds < 1) throw new AvrkitException("--rounds must be at least 1, got " + rounds);
    Device d = DeviceCatalog.fromEnvironment().device("ATmega4809");
    MemoryLayout l = MemoryLayout.of(d);
    Path src = SimBenchmark.copyResource(dir, "periph4809.c");
    Path crt = SimBenchmark.copyResource(dir, "crt4809.S");
    Path elf = dir.resolve("periph4809.elf");
    return SimBenchmark.avrGcc(dir, List.of(
        "avr-gcc", "-mmcu=avrxmega3", "-nostartfiles", "-Os", "-DROUNDS=" + rounds + "UL",
        "-Wl,--defsym=__DATA_REGION_ORIGIN__=0x" + Integer.toHexString(0x800000 + l.ramStart()),
        "-Wl,--defsym=__DATA_REGION_LENGTH__=0x" + Integer.toHexString(l.ramEnd() - l.ramStart()),
        "-Wl,--defsym=__TEXT_REGION_LENGTH__=0x" + Integer.toHexString(l.flashBytes()),
        "-Wl,--defsym=__RODATA_PM_OFFSET__=0x" + Integer.toHexString(l.flashMappedAt()),
        "-Wl,--defsym=__stack=0x" + Integer.toHexString(0x800000 + l.ramEnd() - 1),
        "-o", elf.toString(), crt.toString(), src.toString()), elf, "");
  }

  /** Runs the ELF on avrkit: a warm-up, then the best of {@code repeat}. */
  public static SimBenchmark.Report run(Path elf, int rounds, int repeat, PrintStream log) {
    Device d = DeviceCatalog.fromEnvironment().device("ATmega4809");
    FirmwareImage image = FirmwareImage.load(elf);
    SimBenchmark.AvrkitTiming a = SimBenchmark.timeAvrkit(out -> {
      Machine m = Machine.builder(d).console(UartConsole.of(out, null)).fuse("OSCCFG", 1).build();
      m.load(image);
      m.i2cBus("TWI0").attach(new dev.avrkit.sim.bus.I2cRegisters(0x50));
      return m;
    }, elf, Math.max(1, repeat), log);
    return new SimBenchmark.Report(a.cycles(), rounds, List.of(a.entry()));
  }

  /** The table for this case. */
  public static String format(SimBenchmark.Report r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("ADC0 conversions and TWI0 transfers (1 MHz SCL) x %d rounds; ATmega4809 @ 16 MHz%n", r.rounds()));
    b.append(String.format("simulated cycles: %,d%n", r.cycles()));
    b.append(String.format("%-10s %8s %8s %15s  %s%n", "simulator", "wall s", "CPU s", "simulated MHz", "output"));
    for (SimBenchmark.Entry e : r.entries()) {
      b.append(String.format("%-10s %8.3f %8.3f %15.1f  %s%n", e.simulator(), e.seconds(), e.cpuSeconds(), e.mhz(), e.output()));
    }
    b.append("simulated MHz: cycles per CPU second; no other simulator runs the ATmega4809\n");
    return b.toString();
  }
}
