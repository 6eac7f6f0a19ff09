package dev.avrkit.vboard;

import dev.avrkit.device.Device;
import dev.avrkit.device.Fuse;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.image.Region;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import java.io.ByteArrayOutputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Runs a board's stored firmware in avrkit's simulator (module sim), paced to wall-clock time so
 * that UART bytes reach the host when they would on hardware. One USART is the board's USB serial
 * port (USART3 on the Nano Every, USART0 on the Uno).
 */
public final class SimFirmwareRunner implements FirmwareRunner {
  private static final long SLICE_NANOS = 2_000_000; // simulate 2 ms at a time

  private final Device device;
  private final String uart;
  private final long clockHz;
  private final Consumer<String> log;

  /**
   * @param device the simulated device (the board's chip, from the model)
   * @param uart the USART wired to the port ("USART3", "USART0")
   * @param clockHz CPU clock at reset of the board (16 MHz on Nano Every and Uno)
   * @param log receives a line when the firmware stops (sleep forever, illegal opcode...)
   */
  public SimFirmwareRunner(Device device, String uart, long clockHz, Consumer<String> log) {
    this.device = device;
    this.uart = uart;
    this.clockHz = clockHz;
    this.log = log;
  }

  @Override
  public Session start(
      ChipLayout chip, byte[] flash, byte[] eeprom, byte[] fuses, int baud, Sink toHost) {
    // host bytes with the simulated time their stop bit ends (10 bit times apart at the baud)
    ConcurrentLinkedQueue<double[]> input = new ConcurrentLinkedQueue<>();
    Machine[] machine = new Machine[1];
    double[] lastArrival = {0};
    double byteSeconds = baud > 0 ? 10.0 / baud : 0;
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    UartConsole console =
        new UartConsole() {
          @Override
          public void transmit(String u, int b) {
            if (u.equalsIgnoreCase(uart)) output.write(b);
          }

          @Override
          public int receive(String u) {
            if (!u.equalsIgnoreCase(uart)) return -1;
            double[] next = input.peek();
            if (next == null || machine[0].seconds() < next[1]) return -1;
            input.poll();
            return (int) next[0];
          }
        };
    // simulated time follows wall-clock time from here (the simulator catches up after its slow
    // start); host bytes are stamped on that common clock
    long wall0 = System.nanoTime();
    Thread t =
        new Thread(
            () -> {
              // building the machine takes a while: not on the board's thread
              Machine.Builder mb =
                  Machine.builder(device).clockHz(clockHz).console(console).watchdogStops(false);
              for (Fuse f : device.fuses()) {
                if (!f.lockBits() && f.index() >= 0 && f.index() < fuses.length) {
                  mb.fuse(f.name(), fuses[f.index()] & 0xFF);
                }
              }
              Machine m = mb.build();
              Map<Region, MemoryContent> mem = new EnumMap<>(Region.class);
              mem.put(Region.FLASH, MemoryContent.of(0, flash));
              mem.put(Region.EEPROM, MemoryContent.of(0, eeprom));
              m.load(FirmwareImage.of("flash of the virtual " + chip.name(), mem,
                  java.util.Optional.empty()));
              machine[0] = m;
              double sim0 = m.seconds();
              long slice = Math.max(1, clockHz * SLICE_NANOS / 1_000_000_000L);
              while (!Thread.currentThread().isInterrupted()) {
                RunResult r = m.run(slice);
                byte[] out;
                synchronized (output) {
                  out = output.toByteArray();
                  output.reset();
                }
                if (out.length > 0) toHost.send(out);
                if (r.reason() == StopReason.REQUESTED || Thread.currentThread().isInterrupted()) break;
                if (r.reason() != StopReason.CYCLE_LIMIT) {
                  log.accept("firmware stopped: " + r.summary());
                  break;
                }
                long due = wall0 + (long) ((m.seconds() - sim0) * 1e9);
                Wire.sleepUntil(due);
              }
            },
            "vboard-firmware");
    t.setDaemon(true);
    t.start();
    return new Session() {
      @Override
      public void fromHost(byte[] data) {
        synchronized (lastArrival) {
          double now = (System.nanoTime() - wall0) / 1e9;
          double t = Math.max(lastArrival[0], now);
          for (byte b : data) {
            t += byteSeconds;
            input.add(new double[] {b & 0xFF, t});
          }
          lastArrival[0] = t;
        }
      }

      @Override
      public void close() {
        if (machine[0] != null) machine[0].requestStop();
        t.interrupt();
        try {
          t.join(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }
}
