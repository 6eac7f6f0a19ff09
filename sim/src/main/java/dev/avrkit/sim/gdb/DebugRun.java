package dev.avrkit.sim.gdb;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.SimRun;
import dev.avrkit.sim.vcd.VcdWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

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
    class Debugger implements SimRun.Runner {
      VcdWriter trace;
      boolean ran;

      @Override
      public RunResult run(Machine m, long max) throws IOException {
        if (vcd != null) trace = VcdWriter.attach(m, vcd, traceRegs);
        ran = true;
        if (gdb == null) return m.run(max);
        try (GdbServer server = GdbServer.bind(m, gdb.host(), gdb.port(), max)) {
          if (trace != null) server.chain(trace.observer());
          GdbServer.Session s = server.serve(stderr);
          RunResult r = s.lastRun();
          if (s.detached()) {
            stderr.println("avrkit sim: avr-gdb detached; running on");
            r = m.run(max - m.cpu().cycle());
          }
          if (r == null) stderr.println("avrkit sim: avr-gdb left before the program ran");
          ran = r != null;
          return r;
        }
      }

      @Override
      public void finish() throws IOException {
        if (trace != null) trace.close();
      }
    }
    Debugger runner = new Debugger();
    int code = SimRun.run(o, stdin, stdout, stderr, runner);
    if (vcd != null && runner.ran) stderr.println("avrkit sim: wrote " + vcd);
    return code;
  }
}
