package dev.avrkit.sim.vcd;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.PinListener;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a Value Change Dump (IEEE 1364 VCD, opens in GTKWave) of a {@link Machine}: every pin of
 * every PORT instance (0, 1, or z for a floating input) and, on request, registers by name
 * ("TCA0.CNT", "PORTB.OUT", "SREG"). Times are simulated nanoseconds (they follow clock changes).
 * Pins come from the machine's pin listeners; registers are sampled whenever the CPU writes
 * them (through the bus observer), so changes a peripheral makes by itself (a counting CNT,
 * flags set by hardware) appear at the next CPU write, not when they happen.
 */
public final class VcdWriter implements Closeable {
  private final Machine m;
  private final Writer out;
  private final Map<String, String[]> pinIds = new LinkedHashMap<>();
  private final List<Traced> traced = new ArrayList<>();
  private final Traced[] byAddress;
  private long lastTime = -1;
  private boolean closed;

  private record Traced(String name, int address, int size, String id, int[] last) {}

  private VcdWriter(Machine m, Writer out, List<String> registers) throws IOException {
    this.m = m;
    this.out = out;
    this.byAddress = new Traced[m.bus().size()];
    Device d = m.device();
    int n = 0;
    Map<String, Peripheral> ports = new LinkedHashMap<>();
    for (Peripheral p : d.peripherals()) {
      if (p.module().name().equalsIgnoreCase("PORT") && p.addressSpace().equals("data")) ports.put(p.name(), p);
    }
    for (String port : ports.keySet()) {
      String[] ids = new String[8];
      for (int b = 0; b < 8; b++) ids[b] = id(n++);
      pinIds.put(port, ids);
    }
    for (String r : registers) {
      ResolvedRegister reg = resolve(d, r);
      int size = reg.size();
      Traced t = new Traced(r.toUpperCase(Locale.ROOT).replace('.', '_'), (int) reg.address(), size, id(n++), new int[] {-1});
      traced.add(t);
      for (int k = 0; k < size; k++) if (t.address + k < byAddress.length) byAddress[t.address + k] = t;
    }
    out.write("$date " + java.time.Instant.now() + " $end\n");
    out.write("$version avrkit sim $end\n");
    out.write("$comment " + d.name() + " $end\n");
    out.write("$timescale 1ns $end\n");
    out.write("$scope module " + d.name() + " $end\n");
    for (var e : pinIds.entrySet()) {
      out.write("$scope module " + e.getKey() + " $end\n");
      String letter = e.getKey().startsWith("PORT") ? e.getKey().substring(4) : e.getKey();
      for (int b = 0; b < 8; b++) out.write("$var wire 1 " + e.getValue()[b] + " P" + letter + b + " $end\n");
      out.write("$upscope $end\n");
    }
    if (!traced.isEmpty()) {
      out.write("$scope module registers $end\n");
      for (Traced t : traced) out.write("$var reg " + 8 * t.size + " " + t.id + " " + t.name + " $end\n");
      out.write("$upscope $end\n");
    }
    out.write("$upscope $end\n$enddefinitions $end\n");
    out.write("#0\n$dumpvars\n");
    for (var e : pinIds.entrySet()) {
      for (int b = 0; b < 8; b++) out.write("z" + e.getValue()[b] + "\n");
    }
    for (Traced t : traced) {
      int v = value(t);
      t.last[0] = v;
      out.write(bits(v, 8 * t.size) + " " + t.id + "\n");
    }
    out.write("$end\n");
    lastTime = 0;
  }

  /**
   * Starts a VCD of {@code file} for the machine: registers itself as pin listener and bus
   * observer. Throws {@link AvrkitException} for an unknown register name or an unwritable file.
   */
  public static VcdWriter attach(Machine m, Path file, List<String> registers) {
    Writer w;
    try {
      w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII), 1 << 16);
    } catch (IOException e) {
      throw new AvrkitException("--vcd " + file + ": cannot write (" + e.getMessage() + ")");
    }
    try {
      VcdWriter v = new VcdWriter(m, w, registers == null ? List.of() : registers);
      m.addPinListener(v.pinListener());
      if (!v.traced.isEmpty()) m.bus().setObserver(v.observer());
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      try {
        w.close();
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the register error is what matters
      }
      throw e;
    }
  }

  /** Finds "INSTANCE.REGISTER" (or a register name that only one instance has, like "SREG"). */
  static ResolvedRegister resolve(Device d, String name) {
    int dot = name.indexOf('.');
    if (dot > 0) {
      String inst = name.substring(0, dot), reg = name.substring(dot + 1);
      Peripheral p = d.peripheral(inst).orElseThrow(() -> new AvrkitException(
          "--trace-reg " + name + ": " + d.name() + " has no peripheral " + inst + "; see 'avrkit info " + d.name() + "'"));
      return p.register(reg)
          .or(() -> p.registers().stream().filter(r -> r.name().equalsIgnoreCase(reg)).findFirst())
          .orElseThrow(() -> new AvrkitException("--trace-reg " + name + ": " + inst + " has no register " + reg
              + "; registers: " + String.join(", ", p.registers().stream().map(ResolvedRegister::path).toList())));
    }
    List<ResolvedRegister> found = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (Peripheral p : d.peripherals()) {
      if (!p.addressSpace().equals("data")) continue;
      for (ResolvedRegister r : p.registers()) {
        if (r.name().equalsIgnoreCase(name)) {
          found.add(r);
          where.add(p.name() + "." + r.path());
        }
      }
    }
    if (found.size() == 1) return found.get(0);
    if (found.isEmpty()) {
      throw new AvrkitException("--trace-reg " + name + ": " + d.name() + " has no register of that name; write INSTANCE.REGISTER, e.g. TCA0.CNT");
    }
    throw new AvrkitException("--trace-reg " + name + ": several registers have that name (" + String.join(", ", where)
        + "); write INSTANCE.REGISTER");
  }

  private final PinListener pins = this::pinChanged;

  private void pinChanged(String port, int bit, int level, long cycle) {
    String[] ids = pinIds.get(port);
    if (ids == null || bit < 0 || bit > 7) return;
    // stamped at the cycle the change happened (an event's own cycle, not the end of the
    // instruction during which it fired)
    double at = m.seconds() - (double) (m.cpu().cycle() - cycle) / m.clockHz();
    emit((level == PinListener.FLOATING ? "z" : level == 0 ? "0" : "1") + ids[bit], at);
  }

  /** The pin listener (already registered by {@link #attach}). */
  public PinListener pinListener() {
    return pins;
  }

  /** The bus observer for traced registers (chain it when something else observes the bus). */
  public DataBus.AccessObserver observer() {
    return (address, value, write) -> {
      if (!write || address < 0 || address >= byAddress.length) return;
      Traced t = byAddress[address];
      if (t == null) return;
      int v = value(t);
      if (v == t.last[0]) return;
      t.last[0] = v;
      emit(bits(v, 8 * t.size) + " " + t.id);
    };
  }

  private int value(Traced t) {
    int v = 0;
    for (int k = t.size - 1; k >= 0; k--) v = v << 8 | m.bus().peek(t.address + k);
    return v;
  }

  private void emit(String line) {
    emit(line, m.seconds());
  }

  private void emit(String line, double seconds) {
    if (closed) return;
    try {
      long t = Math.round(seconds * 1e9);
      if (t > lastTime) {
        out.write("#" + t + "\n");
        lastTime = t;
      }
      out.write(line);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String bits(int v, int width) {
    StringBuilder sb = new StringBuilder("b");
    for (int i = width - 1; i >= 0; i--) sb.append((v >> i) & 1);
    return sb.toString();
  }

  private static String id(int n) {
    StringBuilder sb = new StringBuilder();
    do {
      sb.append((char) ('!' + n % 94));
      n /= 94;
    } while (n > 0);
    return sb.toString();
  }

  /** Writes the final time stamp and closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    long t = Math.round(m.seconds() * 1e9);
    if (t > lastTime) out.write("#" + t + "\n");
    closed = true;
    m.removePinListener(pins);
    out.close();
  }
}
