package dev.avrkit.sim.gdb;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.SimRun;
import dev.avrkit.sim.UartConsole;
import dev.avrkit.sim.vcd.VcdWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code avrkit sim} with a VCD trace and/or avr-gdb attached: builds the machine like {@link
 * SimRun}, attaches a {@link VcdWriter} ({@code --vcd}, {@code --trace-reg}), then either runs
 * it or serves avr-gdb ({@code --gdb [HOST:]PORT}, 127.0.0.1 unless a host is given) and, if the
 * debugger detaches, runs the rest of the program. Prints the stop summary like {@link SimRun}
 * and returns its exit code.
 */
public final class DebugRun {
  private DebugRun() {}

  /** Where to listen: "[HOST:]PORT". */
  public record Listen(InetAddress host, int port) {
    /** Parses "1234" (127.0.0.1) or "0.0.0.0:1234". */
    public static Listen parse(String s) {
      int colon = s.lastIndexOf(':');
      String host = colon >= 0 ? s.substring(0, colon) : null;
      String port = colon >= 0 ? s.substring(colon + 1) : s;
      int p;
      try {
        p = Integer.parseInt(port.trim());
        if (p < 0 || p > 65535) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        throw new AvrkitException("--gdb '" + s + "': expected [HOST:]PORT with PORT 0..65535, e.g. --gdb 1234");
      }
      try {
        return new Listen(host == null || host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host), p);
      } catch (UnknownHostException e) {
        throw new AvrkitException("--gdb '" + s + "': unknown host " + host);
      }
    }
  }

  /** Runs the firmware with the debugging options; returns the exit code. */
  public static int run(SimRun.Options o, Path vcd, List<String> traceRegs, Listen gdb, InputStream stdin,
      PrintStream stdout, PrintStream stderr) {
    if (traceRegs != null && !traceRegs.isEmpty() && vcd == null) {
      throw new AvrkitException("--trace-reg needs --vcd FILE: the registers are traced into that file");
    }
    if (!Files.isRegularFile(o.firmware())) {
      throw new AvrkitException(o.firmware() + ": no such file; give the firmware ELF (or HEX) to simulate");
    }
    long max = o.maxCycles() == null ? Long.MAX_VALUE : o.maxCycles();
    if (max <= 0) throw new AvrkitException("--max-cycles must be positive, got " + max);
    FirmwareImage image = FirmwareImage.load(o.firmware());
    boolean toFile = o.uart() != null && !o.uart().equals("-");
    OutputStream out = stdout;
    try {
      if (toFile) out = Files.newOutputStream(Path.of(o.uart()));
    } catch (IOException e) {
      throw new AvrkitException("--uart " + o.uart() + ": cannot write (" + e.getMessage() + ")");
    }
    UartConsole console = UartConsole.of(out, stdin);
    Machine m = SimRun.machine(o, console);
    m.load(image);
    VcdWriter trace = vcd == null ? null : VcdWriter.attach(m, vcd, traceRegs);
    // Ctrl-C: stop the run so the VCD is finished and the summary printed
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      m.requestStop();
      try {
        done.await(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      RunResult r;
      if (gdb != null) {
        try (GdbServer server = GdbServer.bind(m, gdb.host(), gdb.port(), max)) {
          if (trace != null) server.chain(trace.observer());
          GdbServer.Session s = server.serve(stderr);
          r = s.lastRun();
          if (s.detached()) {
            stderr.println("avrkit sim: avr-gdb detached; running on");
            r = m.run(max - m.cpu().cycle());
          }
        }
      } else {
        r = m.run(max);
      }
      console.flush();
      stderr.println();
      if (r == null) {
        stderr.println("avrkit sim: avr-gdb left before the program ran");
        return 0;
      }
      stderr.println("avrkit sim: " + m.device().name() + " @ " + m.clockHz() / 1e6 + " MHz: " + r.summary());
      if (vcd != null) stderr.println("avrkit sim: wrote " + vcd);
      return SimRun.exitCode(r.reason());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        if (trace != null) trace.close();
        if (toFile) out.close();
      } catch (IOException e) {
        stderr.println("avrkit sim: could not finish writing: " + e.getMessage());
      }
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
  }
}
