package dev.avrkit.circuit;

import dev.avrkit.sim.Machine;
import dev.avrkit.sim.PinListener;
import dev.avrkit.sim.bus.I2cBus;
import dev.avrkit.sim.bus.I2cListener;
import dev.avrkit.sim.bus.SpiBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A logic-analyser picture of a run ({@code --wave FILE.svg}): one trace per chip pin the
 * diagram wires, and one row per bus with its decoded bytes as labels (I2C: S, address+R/W,
 * data, ACK/NACK, P; SPI: MOSI/MISO; UART: the characters the firmware sent). Times are
 * simulated seconds; edges closer than a pixel merge into a block, as a zoomed-out analyser shows.
 */
public final class Wave {
  private record Edge(double t, int level) {}

  private record Label(double t, String text) {}

  private final Machine m;
  private final Map<String, String> traces = new LinkedHashMap<>(); // "PB5" -> title
  private final Map<String, List<Edge>> edges = new LinkedHashMap<>();
  private final Map<String, List<Label>> rows = new LinkedHashMap<>();
  private static final int MAX_EVENTS = 200_000;

  private Wave(Machine m) {
    this.m = m;
  }

  /** Starts recording the circuit's pins and buses and the serial monitor's bytes. */
  public static Wave attach(Circuit c, SerialMonitor serial) {
    Machine m = c.machine();
    Wave w = new Wave(m);
    c.wiredChipPins().forEach((chip, header) -> {
      w.traces.put(chip, header.equals(chip) ? chip : header + " (" + chip + ")");
      List<Edge> l = new ArrayList<>();
      l.add(new Edge(m.seconds(), m.pins().pin(chip).level()));
      w.edges.put(chip, l);
    });
    m.addPinListener((port, bit, level, cycle) -> {
      String name = "P" + port.charAt(port.length() - 1) + bit;
      List<Edge> l = w.edges.get(name);
      if (l != null && l.size() < MAX_EVENTS) l.add(new Edge(w.time(cycle), level));
    });
    for (I2cBus bus : m.i2cBuses()) {
      String row = "I2C " + bus.name();
      w.rows.put(row, new ArrayList<>());
      bus.addListener((kind, value, ack, cycle) -> {
        String text = switch (kind) {
          case START -> "S";
          case STOP -> "P";
          case ADDRESS -> String.format(Locale.ROOT, "%02X%s%s", value >> 1, (value & 1) != 0 ? "R" : "W", ack ? "" : " NACK");
          case WRITE, READ -> String.format(Locale.ROOT, "%02X%s", value, ack ? "" : "~");
        };
        w.add(row, cycle, text);
      });
    }
    for (SpiBus bus : m.spiBuses()) {
      String row = "SPI " + bus.name();
      w.rows.put(row, new ArrayList<>());
      bus.addListener((mosi, miso, cycle) -> w.add(row, cycle, String.format(Locale.ROOT, "%02X/%02X", mosi, miso)));
    }
    serial.addListener((uart, b, cycle) -> w.add("UART " + uart, cycle,
        b >= 0x20 && b < 0x7F ? Character.toString((char) b) : String.format(Locale.ROOT, "\\x%02X", b)));
    return w;
  }

  private double time(long cycle) {
    // cycles since now at the current clock: exact unless the clock changed in between
    return m.seconds() - (double) (m.cpu().cycle() - cycle) / m.clockHz();
  }

  private void add(String row, long cycle, String text) {
    List<Label> l = rows.computeIfAbsent(row, k -> new ArrayList<>());
    if (l.size() < MAX_EVENTS) l.add(new Label(time(cycle), text));
  }

  /** Writes the picture of everything recorded up to now. */
  public void write(Path file) {
    try {
      Files.writeString(file, svg(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CircuitException(file + ": cannot write the waveform (" + e.getMessage() + ")");
    }
  }

  /** The SVG text. */
  public String svg() {
    double end = Math.max(m.seconds(), 1e-6);
    int left = 150, width = 1400, rowH = 34, top = 30;
    int nrows = traces.size() + rows.size();
    int h = top + nrows * rowH + 40;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\" font-size=\"11\">%n",
        left + width + 20, h));
    s.append(String.format(Locale.ROOT, "<rect width=\"100%%\" height=\"100%%\" fill=\"#111\"/>%n"));
    s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" fill=\"#ccc\">avrkit %s, 0 .. %s</text>%n",
        esc(m.device().name()), seconds(end)));
    int y = top;
    for (Map.Entry<String, String> t : traces.entrySet()) {
      s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" fill=\"#8f8\">%s</text>%n", y + 20, esc(t.getValue())));
      s.append(trace(edges.get(t.getKey()), end, left, width, y + 6, y + rowH - 8));
      y += rowH;
    }
    for (Map.Entry<String, List<Label>> r : rows.entrySet()) {
      s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" fill=\"#8cf\">%s</text>%n", y + 20, esc(r.getKey())));
      double lastX = -1e9;
      for (Label l : r.getValue()) {
        double x = left + l.t / end * width;
        if (x - lastX < 7.0 * Math.max(2, l.text.length())) {
          s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#468\"/>%n", x, y + 8, x, y + rowH - 8));
          continue;
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#8cf\"/>", x, y + 8, x, y + rowH - 8));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#fff\">%s</text>%n", x + 2, y + 20, esc(l.text)));
        lastX = x;
      }
      y += rowH;
    }
    for (int i = 0; i <= 10; i++) {
      double x = left + i * width / 10.0;
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>", x, top, x, y));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#888\">%s</text>%n", x - 10, y + 16, seconds(end * i / 10)));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static String trace(List<Edge> l, double end, int left, int width, int hiY, int loY) {
    StringBuilder p = new StringBuilder();
    double px = left;
    int lv = l.isEmpty() ? PinListener.FLOATING : l.get(0).level;
    StringBuilder blocks = new StringBuilder();
    double blockStart = -1;
    int i = 1;
    p.append(String.format(Locale.ROOT, "M%.1f %d", px, yOf(lv, hiY, loY)));
    while (i < l.size()) {
      Edge e = l.get(i);
      double x = left + e.t / end * width;
      // edges within one pixel: a block of activity
      int j = i;
      while (j + 1 < l.size() && left + l.get(j + 1).t / end * width - x < 1.0) j++;
      if (j > i) {
        double x2 = left + l.get(j).t / end * width;
        blocks.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#4a4\"/>",
            x, hiY, Math.max(1, x2 - x), loY - hiY));
        blockStart = x;
      }
      lv = l.get(j).level;
      p.append(String.format(Locale.ROOT, " H%.1f V%d", x, yOf(lv, hiY, loY)));
      i = j + 1;
    }
    p.append(String.format(Locale.ROOT, " H%d", left + width));
    return "<path d=\"" + p + "\" fill=\"none\" stroke=\"#4f4\" stroke-width=\"1.5\"/>" + blocks + "\n";
  }

  private static int yOf(int level, int hi, int lo) {
    return level == 1 ? hi : level == 0 ? lo : (hi + lo) / 2;
  }

  private static String seconds(double t) {
    if (t == 0) return "0";
    if (t < 1e-3) return String.format(Locale.ROOT, "%.0fus", t * 1e6);
    if (t < 1) return String.format(Locale.ROOT, "%.3gms", t * 1e3);
    return String.format(Locale.ROOT, "%.3gs", t);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
