package dev.avrkit.circuit;

import dev.avrkit.device.Device;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Signal;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.PinListener;
import dev.avrkit.sim.Pins;
import dev.avrkit.sim.bus.I2cDevice;
import dev.avrkit.sim.bus.SpiDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A diagram wired to a simulated chip. Wires join part pins into nets (union-find over the
 * "part:pin" ends); the board part's header pins are chip pins or the supply rails. Whenever a
 * chip pin the circuit reaches changes, or a part changes what it drives (a button closes, a
 * knob turns), the circuit settles:
 *
 * <ol>
 *   <li>nets joined by closed switches form clusters;
 *   <li>a cluster's strong value comes from GND/VCC, a chip pin that is an output, or a part
 *       that drives it (a potentiometer's wiper, a shift register's output);
 *   <li>a cluster without one takes the value of a cluster a resistor leads to (pull-up/down),
 *       else a chip pin's internal pull-up, else it floats;
 *   <li>each chip input pin on a cluster gets the value from the other sources (not itself):
 *       {@code drive(0/1)}, {@code setVoltage} for analog sources, or released;
 *   <li>parts are told ({@link Part#netsChanged()}) and read the levels of their pins.
 * </ol>
 *
 * Settling is re-entrant safe: a pin change caused while settling is settled again afterwards.
 */
public final class Circuit {
  /** Something a part reports: LED on, button pressed, display updated. */
  public record Event(double seconds, String part, String what) {}

  private final Diagram diagram;
  private final Machine machine;
  private final Pins pins;
  private final BoardParts.Board board;
  private final String boardId;

  private final Map<String, Integer> netOfEnd = new HashMap<>();
  private final List<Net> nets = new ArrayList<>();
  private final Map<String, Net> netOfChipPin = new HashMap<>();
  private final Map<String, Part> parts = new LinkedHashMap<>();
  private final Map<String, PartType> typeOf = new HashMap<>();
  private final List<Switch> switches = new ArrayList<>();
  private final List<int[]> resistors = new ArrayList<>();
  private final List<Driver> drivers = new ArrayList<>();
  private final Map<String, Integer> livePins = new HashMap<>(); // port name -> bit mask
  private final Set<String> watchedEnds = new java.util.HashSet<>();
  private final List<Consumer<Event>> listeners = new ArrayList<>();
  private boolean settling, again;
  private final PinListener listener = this::pinChanged;
  private final List<Runnable> detachers = new ArrayList<>();

  private static final class Net {
    final int index;
    final List<String> ends = new ArrayList<>();
    final List<Pins.Pin> chipPins = new ArrayList<>();
    boolean gnd, vcc;
    double volts = Double.NaN;
    double lastChange = 0;

    Net(int index) {
      this.index = index;
    }
  }

  /** A switch between two nets (a button's contacts). */
  public final class Switch {
    final int a, b;
    boolean closed;

    Switch(int a, int b) {
      this.a = a;
      this.b = b;
    }

    public void set(boolean closed) {
      if (this.closed == closed) return;
      this.closed = closed;
      settle();
    }

    public boolean closed() {
      return closed;
    }
  }

  /** A part driving a net: a voltage, {@code NaN} for high impedance. */
  public final class Driver {
    final int net;
    final boolean analog;
    double volts = Double.NaN;

    Driver(int net, boolean analog) {
      this.net = net;
      this.analog = analog;
    }

    /** Drives a digital level (0/1) or releases the net (any other value). */
    public void level(int level) {
      volts(level == 0 ? 0 : level == 1 ? pins.vcc() : Double.NaN);
    }

    public void volts(double v) {
      if (Double.compare(v, volts) == 0) return;
      volts = v;
      settle();
    }
  }

  private Circuit(Diagram diagram, Machine machine, BoardParts.Board board, String boardId) {
    this.diagram = diagram;
    this.machine = machine;
    this.pins = machine.pins();
    this.board = board;
    this.boardId = boardId;
  }

  /** The board part of a diagram (its type decides the avrkit board). */
  public static BoardParts.Board boardOf(Diagram d) {
    List<Diagram.PartDecl> boards = d.parts().stream().filter(p -> BoardParts.find(p.type()).isPresent()).toList();
    if (boards.isEmpty()) {
      throw new CircuitException(d.file() + ": no board part; add one of " + String.join(", ", BoardParts.types())
          + " (e.g. {\"type\": \"wokwi-arduino-uno\", \"id\": \"uno\"})");
    }
    if (boards.size() > 1) throw boards.get(1).at().error("a second board part (" + boards.get(1).id() + "); avrkit simulates one chip per diagram");
    return BoardParts.find(boards.get(0).type()).orElseThrow();
  }

  /**
   * Wires the diagram to the machine (made for {@link #boardOf}'s board): checks every part type,
   * pin and required connection, makes the parts and settles once.
   */
  public static Circuit build(Diagram d, Machine machine) {
    BoardParts.Board board = boardOf(d);
    Diagram.PartDecl boardDecl = d.parts().stream().filter(p -> p.type().equals(board.type())).findFirst().orElseThrow();
    if (!board.device().equalsIgnoreCase(machine.device().name())) {
      throw new CircuitException(d.file() + ": part " + boardDecl.id() + " is a " + board.type() + " (" + board.device()
          + ") but the simulation runs a " + machine.device().name());
    }
    Circuit c = new Circuit(d, machine, board, boardDecl.id());
    c.wire();
    return c;
  }

  private void wire() {
    // 1. every end must name a known part and pin
    Map<String, Diagram.PartDecl> decls = new LinkedHashMap<>();
    for (Diagram.PartDecl p : diagram.parts()) {
      decls.put(p.id(), p);
      if (p.id().equals(boardId)) continue;
      PartType t = PartTypes.find(p.type()).orElseThrow(() -> p.at().error("part " + p.id() + ": unknown part type \""
          + p.type() + "\"; known types: " + String.join(", ", PartTypes.names()) + ", " + String.join(", ", BoardParts.types())));
      typeOf.put(p.id(), t);
    }
    UnionFind uf = new UnionFind();
    List<String> endsInOrder = new ArrayList<>();
    for (Diagram.Wire w : diagram.wires()) {
      String a = canonical(w.from(), w.fromAt(), decls);
      String b = canonical(w.to(), w.toAt(), decls);
      if (a == null || b == null) continue; // the serial monitor
      uf.union(a, b);
      endsInOrder.add(a);
      endsInOrder.add(b);
    }
    // board rails: all GND pins are one net, all VCC pins another
    for (Map.Entry<String, String> e : board.pins().entrySet()) {
      String end = boardId + ":" + e.getKey();
      if (e.getValue().equals("GND")) uf.union(end, "$GND");
      else if (e.getValue().equals("VCC")) uf.union(end, "$VCC");
    }
    // part-internal connections (a button's 1.l and 1.r)
    for (Diagram.PartDecl p : diagram.parts()) {
      PartType t = typeOf.get(p.id());
      if (t == null) continue;
      for (String[] link : PartTypes.internalLinks(t.type())) uf.union(p.id() + ":" + link[0], p.id() + ":" + link[1]);
    }
    // 2. nets
    Map<String, Net> byRoot = new LinkedHashMap<>();
    for (String end : uf.elements()) {
      Net n = byRoot.computeIfAbsent(uf.find(end), r -> {
        Net x = new Net(nets.size());
        nets.add(x);
        return x;
      });
      n.ends.add(end);
      netOfEnd.put(end, n.index);
      if (end.equals("$GND")) n.gnd = true;
      if (end.equals("$VCC")) n.vcc = true;
      if (end.startsWith(boardId + ":")) {
        String what = board.pins().get(end.substring(boardId.length() + 1));
        if (what == null || what.equals("GND") || what.equals("VCC") || what.equals("NC")) continue;
        for (String chip : what.split("\\+")) {
          Pins.Pin pin = pins.find(chip).orElseThrow(() -> new CircuitException("board data: no pin " + chip + " on " + machine.device().name()));
          if (!n.chipPins.contains(pin)) n.chipPins.add(pin);
          netOfChipPin.put(pin.name(), n);
        }
      }
    }
    for (Net n : nets) {
      if (n.gnd && n.vcc) {
        throw new CircuitException(diagram.file() + ": GND and 5V are wired together (short circuit) through "
            + String.join(", ", n.ends.stream().filter(e -> !e.startsWith("$")).toList()));
      }
    }
    // 3. required pins
    for (Diagram.PartDecl p : diagram.parts()) {
      PartType t = typeOf.get(p.id());
      if (t == null) continue;
      for (String req : t.required()) {
        String end = p.id() + ":" + req;
        Integer n = netOfEnd.get(end);
        if (n == null || nets.get(n).ends.size() < 2) {
          throw p.at().error("part " + p.id() + " (" + p.type() + "): pin " + req + " is not connected; wire it, e.g. [\""
              + end + "\", \"" + boardId + ":" + suggestion(req) + "\", \"green\", []] (required pins: "
              + String.join(", ", new TreeSet<>(t.required())) + ")");
        }
      }
    }
    // 4. parts
    for (Diagram.PartDecl p : diagram.parts()) {
      PartType t = typeOf.get(p.id());
      if (t == null) continue;
      parts.put(p.id(), t.factory().apply(new Context(p, t)));
    }
    // a chip pin change matters only on a net where something else listens or acts
    boolean[] live = new boolean[nets.size()];
    for (Switch sw : switches) live[sw.a] = live[sw.b] = true;
    for (int[] r : resistors) live[r[0]] = live[r[1]] = true;
    for (Driver d : drivers) live[d.net] = true;
    for (String end : watchedEnds) {
      Integer n = netOfEnd.get(end);
      if (n != null) live[n] = true;
    }
    for (Net net : nets) {
      if (net.chipPins.size() > 1 || net.gnd || net.vcc) live[net.index] = true;
      if (!live[net.index]) continue;
      for (Pins.Pin p : net.chipPins) livePins.merge(p.port(), 1 << p.bit(), (a, b) -> a | b);
    }
    machine.addPinListener(listener);
    settle();
  }

  private static String suggestion(String pin) {
    return switch (pin) {
      case "GND", "C", "K", "VSS" -> "GND.1";
      case "VCC", "5V", "VDD" -> "5V";
      case "SDA" -> "A4";
      case "SCL" -> "A5";
      default -> "2";
    };
  }

  /** "uno:D13" to the canonical end "uno:13"; null for the serial monitor. */
  private String canonical(String end, Tree at, Map<String, Diagram.PartDecl> decls) {
    int colon = end.indexOf(':');
    String id = end.substring(0, colon);
    String pin = end.substring(colon + 1);
    if (id.equals("$serialMonitor")) {
      if (!pin.equals("TX") && !pin.equals("RX")) throw at.error("the serial monitor's pins are TX and RX, not \"" + pin + "\"");
      return null;
    }
    Diagram.PartDecl p = decls.get(id);
    if (p == null) {
      throw at.error("wire end \"" + end + "\": no part with id \"" + id + "\"; parts: " + String.join(", ", decls.keySet()));
    }
    if (id.equals(boardId)) {
      String canon = board.canonicalPin(pin);
      if (canon == null) {
        throw at.error("wire end \"" + end + "\": the " + board.type() + " has no pin \"" + pin + "\"; pins: " + String.join(" ", board.pins().keySet()));
      }
      return id + ":" + canon;
    }
    PartType t = typeOf.get(id);
    if (t == null) {
      BoardParts.find(p.type()).ifPresent(b -> {
        throw at.error("wire end \"" + end + "\": a second board");
      });
    }
    if (!t.pins().contains(pin)) {
      throw at.error("wire end \"" + end + "\": a " + t.type() + " has no pin \"" + pin + "\"; pins: " + String.join(" ", t.pins()));
    }
    return id + ":" + pin;
  }

  // ------------------------------------------------------------------ settling

  private void pinChanged(String port, int bit, int level, long cycle) {
    Integer mask = livePins.get(port);
    if (mask != null && (mask >> bit & 1) != 0) settle();
  }

  /** Recomputes every net (see the class comment). */
  public void settle() {
    if (settling) {
      again = true;
      return;
    }
    settling = true;
    try {
      int rounds = 0;
      do {
        again = false;
        settleOnce();
      } while (again && ++rounds < 50);
    } finally {
      settling = false;
    }
  }

  private record Source(double volts, Pins.Pin origin, boolean analog) {}

  private final Map<String, Double> applied = new HashMap<>();

  private void settleOnce() {
    int n = nets.size();
    int[] cl = new int[n];
    for (int i = 0; i < n; i++) cl[i] = i;
    for (Switch s : switches) if (s.closed) union(cl, s.a, s.b);
    for (int i = 0; i < n; i++) cl[i] = root(cl, i);
    double vcc = pins.vcc();
    List<List<Source>> src = new ArrayList<>();
    for (int i = 0; i < n; i++) src.add(new ArrayList<>());
    for (Net net : nets) {
      List<Source> s = src.get(cl[net.index]);
      if (net.gnd) s.add(0, new Source(0, null, false));
      if (net.vcc) s.add(0, new Source(vcc, null, false));
    }
    for (Net net : nets) {
      for (Pins.Pin p : net.chipPins) {
        if (p.isOutput()) src.get(cl[net.index]).add(new Source(p.level() == 1 ? vcc : 0, p, false));
      }
    }
    for (Driver d : drivers) if (!Double.isNaN(d.volts)) src.get(cl[d.net]).add(new Source(d.volts, null, d.analog));
    // weak: through resistors from clusters with a strong value, then internal pull-ups
    double[] weak = new double[n];
    Arrays.fill(weak, Double.NaN);
    for (int round = 0; round < n + 1; round++) {
      boolean changed = false;
      for (int[] r : resistors) {
        int a = cl[r[0]], b = cl[r[1]];
        double va = src.get(a).isEmpty() ? weak[a] : src.get(a).get(0).volts;
        double vb = src.get(b).isEmpty() ? weak[b] : src.get(b).get(0).volts;
        if (src.get(a).isEmpty() && Double.isNaN(weak[a]) && !Double.isNaN(vb)) {
          weak[a] = vb;
          changed = true;
        }
        if (src.get(b).isEmpty() && Double.isNaN(weak[b]) && !Double.isNaN(va)) {
          weak[b] = va;
          changed = true;
        }
      }
      if (!changed) break;
    }
    // chip inputs get the value of the other sources
    for (Net net : nets) {
      for (Pins.Pin p : net.chipPins) {
        int c = cl[net.index];
        Source got = null;
        for (Source s : src.get(c)) {
          if (s.origin != p) {
            got = s;
            break;
          }
        }
        double v;
        boolean analog = false;
        if (got != null) {
          v = got.volts;
          analog = got.analog;
        } else if (!Double.isNaN(weak[c])) {
          v = weak[c];
        } else {
          v = Double.NaN;
          for (Net other : nets) {
            if (cl[other.index] != c) continue;
            for (Pins.Pin q : other.chipPins) if (q != p && !q.isOutput() && q.pullUp()) v = vcc;
          }
        }
        double key = analog ? v + 1000 : v;
        Double before = applied.get(p.name());
        if (before != null && Double.compare(before, key) == 0) continue;
        applied.put(p.name(), key);
        if (Double.isNaN(v)) p.drive(PinListener.FLOATING);
        else if (analog) p.setVoltage(v);
        else p.drive(v > vcc / 2 ? 1 : 0);
      }
    }
    // what the parts see
    double now = machine.seconds();
    boolean any = false;
    for (Net net : nets) {
      int c = cl[net.index];
      double v;
      if (!src.get(c).isEmpty()) v = src.get(c).get(0).volts;
      else if (!Double.isNaN(weak[c])) v = weak[c];
      else {
        v = Double.NaN;
        for (Net other : nets) {
          if (cl[other.index] != c) continue;
          for (Pins.Pin q : other.chipPins) if (!q.isOutput() && q.pullUp()) v = vcc;
        }
      }
      if (Double.compare(v, net.volts) != 0) {
        if (level(v) != level(net.volts)) net.lastChange = now;
        net.volts = v;
        any = true;
      }
    }
    if (any) for (Part p : parts.values()) p.netsChanged();
  }

  private int level(double v) {
    return Double.isNaN(v) ? PinListener.FLOATING : v > pins.vcc() / 2 ? 1 : 0;
  }

  private static int root(int[] p, int i) {
    while (p[i] != i) i = p[i] = p[p[i]];
    return i;
  }

  private static void union(int[] p, int a, int b) {
    p[root(p, a)] = root(p, b);
  }

  // ------------------------------------------------------------------ queries

  private double timeOffset, lastTime;

  /**
   * Simulated seconds for the parts: the machine's time, but never going back when a power-on
   * reset of the chip restarts its cycle count (the parts outside keep running).
   */
  public double time() {
    double s = machine.seconds();
    if (s + timeOffset < lastTime) timeOffset = lastTime - s;
    lastTime = s + timeOffset;
    return lastTime;
  }

  public Machine machine() {
    return machine;
  }

  public Diagram diagram() {
    return diagram;
  }

  public BoardParts.Board board() {
    return board;
  }

  public String boardId() {
    return boardId;
  }

  public Optional<Part> part(String id) {
    return Optional.ofNullable(parts.get(id));
  }

  public Map<String, Part> parts() {
    return parts;
  }

  public Optional<PartType> typeOf(String id) {
    return Optional.ofNullable(typeOf.get(id));
  }

  /** Whether {@code part:pin} names a pin of this diagram (the board's or a part's). */
  public Optional<String> checkPin(String partId, String pin) {
    if (partId.equals(boardId)) {
      String c = board.canonicalPin(pin);
      return c == null ? Optional.of("the " + board.type() + " has no pin \"" + pin + "\"; pins: " + String.join(" ", board.pins().keySet())) : Optional.empty();
    }
    PartType t = typeOf.get(partId);
    if (t == null) return Optional.of("no part \"" + partId + "\"; parts: " + String.join(", ", allIds()));
    return t.pins().contains(pin) ? Optional.empty() : Optional.of("a " + t.type() + " has no pin \"" + pin + "\"; pins: " + String.join(" ", t.pins()));
  }

  public List<String> allIds() {
    List<String> l = new ArrayList<>();
    l.add(boardId);
    l.addAll(parts.keySet());
    return l;
  }

  /** The level of the net {@code part:pin} is on: 0, 1 or {@link PinListener#FLOATING}. */
  public int level(String partId, String pin) {
    if (partId.equals(boardId)) {
      String what = board.pins().get(board.canonicalPin(pin));
      if (what != null && what.startsWith("P")) return pins.pin(what.split("\\+")[0]).level();
      if ("GND".equals(what)) return 0;
      if ("VCC".equals(what)) return 1;
    }
    Net n = netOf(partId, pin);
    if (n == null) return PinListener.FLOATING;
    return level(n.volts);
  }

  /** The voltage of the net {@code part:pin} is on, NaN when it floats. */
  public double voltage(String partId, String pin) {
    Net n = netOf(partId, pin);
    return n == null ? Double.NaN : n.volts;
  }

  /** Simulated second at which the net of {@code part:pin} last changed level. */
  public double lastChange(String partId, String pin) {
    Net n = netOf(partId, pin);
    return n == null ? 0 : n.lastChange;
  }

  private Net netOf(String partId, String pin) {
    String p = partId.equals(boardId) ? board.canonicalPin(pin) : pin;
    Integer n = netOfEnd.get(partId + ":" + p);
    return n == null ? null : nets.get(n);
  }

  /** The chip pins ("PC4") a part pin's net reaches. */
  public List<String> chipPinsOf(String partId, String pin) {
    Net n = netOf(partId, pin);
    return n == null ? List.of() : n.chipPins.stream().map(Pins.Pin::name).toList();
  }

  /** Chip pins that the diagram's wires reach, with their header names ("PB5" -> "13"). */
  public Map<String, String> wiredChipPins() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Net n : nets) {
      if (n.ends.size() < 2) continue;
      for (Pins.Pin p : n.chipPins) out.put(p.name(), board.headerName(p.name()));
    }
    return out;
  }

  public void addListener(Consumer<Event> l) {
    listeners.add(l);
  }

  void emit(String part, String what) {
    Event e = new Event(machine.seconds(), part, what);
    for (Consumer<Event> l : listeners) l.accept(e);
  }

  /**
   * Takes the circuit off the machine (its pin listener, its I2C and SPI devices), so another one
   * can be built on it: on-target tests start each test with the parts afresh.
   */
  public void detach() {
    machine.removePinListener(listener);
    for (Runnable r : detachers) r.run();
    detachers.clear();
  }

  /** Ends the run for the parts (last LED brightness). */
  public void finish() {
    for (Part p : parts.values()) p.finish();
  }

  // ------------------------------------------------------------------ what parts get

  /** Given to a part's factory: its declaration and the circuit's services. */
  public final class Context {
    private final Diagram.PartDecl decl;
    private final PartType type;

    Context(Diagram.PartDecl decl, PartType type) {
      this.decl = decl;
      this.type = type;
    }

    public String id() {
      return decl.id();
    }

    public Machine machine() {
      return machine;
    }

    public Circuit circuit() {
      return Circuit.this;
    }

    /** Simulated seconds, monotonic across chip resets ({@link Circuit#time()}). */
    public double time() {
      return Circuit.this.time();
    }

    /** An attribute as written, or {@code dflt}. */
    public String attr(String name, String dflt) {
      return decl.attr(name, dflt);
    }

    /** An error about this part's declaration. */
    public CircuitException error(String message) {
      return decl.at().error("part " + decl.id() + " (" + decl.type() + "): " + message);
    }

    /** A numeric attribute within [min, max]. */
    public double number(String name, double dflt, double min, double max) {
      String s = attr(name, null);
      if (s == null) return dflt;
      double v;
      try {
        v = s.startsWith("0x") || s.startsWith("0X") ? Integer.parseInt(s.substring(2), 16) : Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw error("attribute " + name + " \"" + s + "\" is not a number");
      }
      if (!(v >= min && v <= max)) throw error("attribute " + name + " " + s + " is outside " + fmt(min) + ".." + fmt(max));
      return v;
    }

    public boolean connected(String pin) {
      Net n = netOf(decl.id(), pin);
      return n != null && n.ends.size() > 1;
    }

    public int level(String pin) {
      return Circuit.this.level(decl.id(), pin);
    }

    /** Says that this part reads the levels of these pins (a chip pin change on them settles the circuit). */
    public void watch(String... pinNames) {
      for (String p : pinNames) watchedEnds.add(decl.id() + ":" + p);
    }

    public double voltage(String pin) {
      return Circuit.this.voltage(decl.id(), pin);
    }

    /** A driver on this part's pin (digital levels or, with {@code analog}, voltages for an ADC). */
    public Driver driver(String pin, boolean analog) {
      Driver d = new Driver(netOfEnd.computeIfAbsent(decl.id() + ":" + pin, e -> {
        Net x = new Net(nets.size());
        x.ends.add(e);
        nets.add(x);
        return x.index;
      }), analog);
      drivers.add(d);
      return d;
    }

    /** A switch between two of this part's pins. */
    public Switch addSwitch(String pinA, String pinB) {
      Switch s = new Switch(ensure(pinA), ensure(pinB));
      switches.add(s);
      return s;
    }

    /** A resistor between two of this part's pins (pulls a floating side to the other's value). */
    public void addResistor(String pinA, String pinB) {
      resistors.add(new int[] {ensure(pinA), ensure(pinB)});
    }

    private int ensure(String pin) {
      return netOfEnd.computeIfAbsent(decl.id() + ":" + pin, e -> {
        Net x = new Net(nets.size());
        x.ends.add(e);
        nets.add(x);
        return x.index;
      });
    }

    public void event(String what) {
      emit(decl.id(), what);
    }

    /**
     * Attaches an I2C device to the bus of the TWI whose SDA/SCL pins (from the device model's
     * signals) this part's SDA and SCL wires reach.
     */
    public void joinI2c(I2cDevice dev, String sdaPin, String sclPin) {
      List<String> sda = chipPinsOf(decl.id(), sdaPin), scl = chipPinsOf(decl.id(), sclPin);
      Device device = machine.device();
      for (Peripheral p : device.peripherals()) {
        if (!p.module().name().equals("TWI")) continue;
        boolean okSda = false, okScl = false;
        for (Signal s : p.signals()) {
          if (s.group().equals("SDA") && sda.contains(s.pad())) okSda = true;
          if (s.group().equals("SCL") && scl.contains(s.pad())) okScl = true;
        }
        if (okSda && okScl) {
          machine.i2cBus(p.name()).attach(dev);
          detachers.add(() -> machine.i2cBus(p.name()).detach(dev));
          return;
        }
      }
      throw error("its " + sdaPin + "/" + sclPin + " wires do not reach the I2C pins of the " + device.name() + " ("
          + i2cPins(device) + "); SDA is on " + describe(sda) + ", SCL on " + describe(scl));
    }

    /** Attaches an SPI device to the bus of the SPI whose SCK/MOSI pins this part's wires reach; false when none. */
    public boolean joinSpi(SpiDevice dev, String sckPin, String mosiPin) {
      List<String> sck = chipPinsOf(decl.id(), sckPin), mosi = chipPinsOf(decl.id(), mosiPin);
      for (Peripheral p : machine.device().peripherals()) {
        if (!p.module().name().equals("SPI")) continue;
        boolean a = false, b = false;
        for (Signal s : p.signals()) {
          if (s.group().equals("SCK") && sck.contains(s.pad())) a = true;
          if (s.group().equals("MOSI") && mosi.contains(s.pad())) b = true;
        }
        if (a && b) {
          machine.spiBus(p.name()).attach(dev);
          detachers.add(() -> machine.spiBus(p.name()).detach(dev));
          return true;
        }
      }
      return false;
    }

    private String describe(List<String> chip) {
      if (chip.isEmpty()) return "no chip pin";
      List<String> l = new ArrayList<>();
      for (String c : chip) l.add(board.headerName(c) + " (" + c + ")");
      return String.join(", ", l);
    }

    private String i2cPins(Device device) {
      Set<String> l = new TreeSet<>();
      for (Peripheral p : device.peripherals()) {
        if (!p.module().name().equals("TWI")) continue;
        for (Signal s : p.signals()) {
          if (s.group().equals("SDA") || s.group().equals("SCL")) {
            String h = board.headerName(s.pad());
            l.add(s.group() + " " + (h.equals(s.pad()) ? s.pad() : h + " = " + s.pad()));
          }
        }
      }
      return String.join(", ", l);
    }
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%g", v);
  }

  /** Union-find over strings, keeping first-seen order. */
  private static final class UnionFind {
    private final Map<String, String> parent = new LinkedHashMap<>();

    String find(String x) {
      parent.putIfAbsent(x, x);
      String r = x;
      while (!parent.get(r).equals(r)) r = parent.get(r);
      while (!parent.get(x).equals(r)) {
        String n = parent.get(x);
        parent.put(x, r);
        x = n;
      }
      return r;
    }

    void union(String a, String b) {
      String ra = find(a), rb = find(b);
      if (!ra.equals(rb)) parent.put(ra, rb);
    }

    Set<String> elements() {
      return new LinkedHashSet<>(parent.keySet());
    }
  }
}
