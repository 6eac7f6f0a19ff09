package dev.avrkit.cli;

import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.sim.Board;
import dev.avrkit.sim.SimRun;
import dev.avrkit.sim.gdb.DebugRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit sim}: runs firmware on the cycle-accurate simulator. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Runs firmware (ELF, HEX) on the cycle-accurate AVR simulator.",
      "The firmware's USART output goes to stdout (or --uart FILE), stdin feeds its receiver.",
      "When it stops it prints why, cycles, instructions and simulated time on stderr.",
      "An ELF built for another architecture (avr5 for the ATmega4809) is refused as by avrkit flash,"
          + " unless --force.",
      "Exit codes: 0 normal stop (sleep or endless loop with interrupts off, BREAK),"
          + " 1 abnormal stop (illegal opcode, stack left RAM, watchdog reset, PC outside flash,"
          + " sleep with no wake-up source), 2 usage error, 3 cycle limit, 130 Ctrl-C."
    })
public final class SimCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FIRMWARE", description = "ELF (or Intel HEX) file to run")
  Path firmware;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Target target;

  static final class Target {
    @Option(names = "--device", paramLabel = "DEVICE", description = "device name, e.g. ATmega328P")
    String device;

    @Option(names = "--board", paramLabel = "BOARD", description = "board: uno, nano-every")
    String board;
  }

  @Option(names = "--max-cycles", paramLabel = "N", description = "stop after N CPU cycles")
  Long maxCycles;

  @Option(
      names = "--clock",
      paramLabel = "HZ",
      description = "crystal/external clock in Hz of classic parts like the ATmega328P (default: the board's,"
          + " else 16000000; CLKPR still divides it). Refused on AVR8X parts (ATmega4809, tinyAVR, AVR-Dx):"
          + " their clock comes from fuse OSCCFG and CLKCTRL; use --fuse OSCCFG=0x01 (16 MHz) or 0x02 (20 MHz)")
  Long clockHz;

  @Option(names = "--uart", paramLabel = "FILE|-", description = "where USART output goes (default -: stdout)")
  String uart;

  @Option(names = "--fuse", paramLabel = "NAME=VALUE", description = "fuse byte, e.g. OSCCFG=0x01 or HIGH=0xDE (repeatable)")
  List<String> fuses;

  @Option(names = "--watchdog-resets", description = "a watchdog reset restarts the firmware instead of stopping the run")
  boolean watchdogResets;

  @Option(names = "--vcd", paramLabel = "FILE", description = "write pin changes as VCD (GTKWave)")
  Path vcd;

  @Option(names = "--trace-reg", paramLabel = "REG", description = "also trace this register in the VCD, e.g. TCA0.CNT or SREG (repeatable; needs --vcd)")
  List<String> traceRegs;

  @Option(
      names = "--gdb",
      paramLabel = "[HOST:]PORT",
      description = "wait for avr-gdb on PORT (127.0.0.1 unless HOST is given), e.g. --gdb 1234")
  String gdb;

  @Option(names = "--diagram", paramLabel = "diagram.json",
      description = "wire the chip into this Wokwi circuit (its board part picks the board: wokwi-arduino-uno,"
          + " wokwi-arduino-nano, avrkit-nano-every); parts' events go to stderr")
  Path diagram;

  @Option(names = "--scenario", paramLabel = "test.yaml",
      description = "run this Wokwi scenario (needs --diagram): exit 0 when every step holds, 1 at the first that does not")
  Path scenario;

  @Option(names = "--timeout", paramLabel = "MS",
      description = "simulated milliseconds a scenario or --expect-text may take (default 30000); without them: run this long")
  Double timeoutMs;

  @Option(names = "--expect-text", paramLabel = "TEXT", description = "pass when the serial output shows TEXT (needs --diagram)")
  String expectText;

  @Option(names = "--fail-text", paramLabel = "TEXT", description = "fail as soon as the serial output shows TEXT (needs --diagram)")
  String failText;

  @Option(names = "--screenshot", paramLabel = "PART=FILE.png", description = "at the end, write display PART's picture (repeatable; needs --diagram)")
  List<String> screenshots;

  @Option(names = "--wave", paramLabel = "FILE.svg",
      description = "write a logic-analyser picture: the diagram's pins as traces, I2C/SPI/UART bytes as labels (needs --diagram)")
  Path wave;

  @Option(
      names = "--force",
      description = "run an image whose architecture does not suit the device (an avr5 ELF on the ATmega4809);"
          + " refused by default with the message avrkit flash gives")
  boolean force;

  @Override
  public Integer call() {
    if (diagram != null) {
      if (target != null) throw new dev.avrkit.device.AvrkitException("--diagram picks the board from its board part; leave out --device/--board");
      if (vcd != null || traceRegs != null || gdb != null || uart != null || clockHz != null) {
        throw new dev.avrkit.device.AvrkitException("--diagram does not combine with --vcd, --trace-reg, --gdb, --uart or --clock (use --wave for a picture)");
      }
      if (!force && java.nio.file.Files.isRegularFile(firmware) && java.nio.file.Files.isRegularFile(diagram)) {
        String chip = dev.avrkit.circuit.Circuit.boardOf(dev.avrkit.circuit.Diagram.read(diagram)).device();
        ImageArchitecture.check(firmware, DeviceCatalog.fromEnvironment().device(chip), false);
      }
      dev.avrkit.circuit.CircuitRun.Options co = new dev.avrkit.circuit.CircuitRun.Options(firmware, diagram, scenario,
          timeoutMs == null ? null : timeoutMs / 1000, expectText, failText,
          dev.avrkit.circuit.CircuitRun.parseScreenshots(screenshots), wave, maxCycles, SimRun.parseFuses(fuses), false);
      return dev.avrkit.circuit.CircuitRun.run(co, System.in, System.out, System.err);
    }
    if (scenario != null || timeoutMs != null || expectText != null || failText != null || screenshots != null || wave != null) {
      throw new dev.avrkit.device.AvrkitException("--scenario, --timeout, --expect-text, --fail-text, --screenshot and --wave need --diagram diagram.json");
    }
    if (target == null) throw new dev.avrkit.device.AvrkitException("give one of --device NAME, --board NAME or --diagram diagram.json");
    if (!force) {
      String name = target.device;
      if (target.board != null) name = Board.find(target.board).map(Board::device).orElse(null);
      if (name != null) ImageArchitecture.check(firmware, DeviceCatalog.fromEnvironment().device(name), false);
    }
    SimRun.Options o =
        new SimRun.Options(
            firmware, target.device, target.board, maxCycles, uart, SimRun.parseFuses(fuses), clockHz, watchdogResets);
    if (vcd != null || traceRegs != null || gdb != null) {
      DebugRun.Listen listen = gdb == null ? null : DebugRun.Listen.parse(gdb);
      return DebugRun.run(o, vcd, traceRegs, listen, System.in, System.out, System.err);
    }
    return SimRun.run(o, System.in, System.out, System.err);
  }
}
