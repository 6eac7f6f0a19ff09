package dev.avrkit.sim;

import dev.avrkit.device.AvrkitException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The chip's pins as the outside world sees them ({@link Machine#pins()}): digital levels and
 * analog voltages driven by parts, tests and virtual boards, and the supply voltage. Pins are
 * named by port letter and bit, as in the data sheet: "PB5", "PE2".
 *
 * <p>A voltage set on a pin also drives its digital input: above half the supply it reads 1,
 * else 0 (the data sheets' V_IH/V_IL lie on either side). ADC simulations read {@link
 * Pin#voltage()}: a pin the chip drives reads the supply or 0 V, an external voltage reads as
 * set, a digitally driven pin reads the supply or 0 V, a pulled-up input the supply, a floating
 * one 0 V.
 */
public final class Pins {
  private final Map<String, PortPins> ports = new LinkedHashMap<>();
  private final Map<String, Pin> pins = new LinkedHashMap<>();
  private double vcc = 5.0;
  private final List<Runnable> analogListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The supply voltage (5 V on the Uno and Nano Every). */
  public double vcc() {
    return vcc;
  }

  public void setVcc(double volts) {
    if (!(volts > 0 && volts < 6.5)) throw new AvrkitException("supply must be in (0, 6.5) V, got " + volts);
    this.vcc = volts;
  }

  /**
   * Told after any pin's analog voltage is set from outside (comparators re-evaluate; digital
   * level changes also reach {@link Machine#addPinListener}).
   */
  public void addAnalogListener(Runnable l) {
    analogListeners.add(l);
  }

  /** Called by a PORT simulation when it is created. */
  public void register(PortPins port) {
    String n = port.name().toUpperCase(Locale.ROOT);
    ports.put(n, port);
  }

  /** The registered ports, in model order. */
  public List<PortPins> ports() {
    return new ArrayList<>(ports.values());
  }

  /** A pin by name ("PB5", "pe2"), empty when the chip has no such pin. */
  public Optional<Pin> find(String name) {
    String n = name.toUpperCase(Locale.ROOT).trim();
    Pin p = pins.get(n);
    if (p != null) return Optional.of(p);
    if (n.length() != 3 || n.charAt(0) != 'P' || n.charAt(2) < '0' || n.charAt(2) > '7') return Optional.empty();
    PortPins port = ports.get("PORT" + n.charAt(1));
    if (port == null) return Optional.empty();
    p = new Pin(n, port, n.charAt(2) - '0');
    pins.put(n, p);
    return Optional.of(p);
  }

  /**
   * Adds a pin that has no port: an analog-only input such as the ATmega328P's ADC6, ADC7 or
   * AREF (TQFP/QFN packages). It is never an output and reads 0 V until a voltage is set.
   */
  public Pin addAnalogPin(String name) {
    String n = name.toUpperCase(Locale.ROOT).trim();
    return pins.computeIfAbsent(n, k -> new Pin(k, new AnalogOnly(k), 0));
  }

  /** The port side of an analog-only pin: no digital input or output. */
  private record AnalogOnly(String name) implements PortPins {
    @Override
    public void drive(int bit, int level) {}

    @Override
    public int level(int bit) {
      return PinListener.FLOATING;
    }

    @Override
    public boolean isOutput(int bit) {
      return false;
    }

    @Override
    public boolean pullUp(int bit) {
      return false;
    }
  }

  /** A pin by name; an {@link AvrkitException} naming the ports the chip has otherwise. */
  public Pin pin(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new AvrkitException(
                    "no pin '" + name + "' on this chip; pins are P<port><0-7> with ports "
                        + Arrays.toString(ports.keySet().stream().map(s -> s.substring(4)).toArray())));
  }

  /** One pin of the chip. */
  public final class Pin {
    private final String name;
    private final PortPins port;
    private final int bit;
    private double volts = Double.NaN;

    private Pin(String name, PortPins port, int bit) {
      this.name = name;
      this.port = port;
      this.bit = bit;
    }

    /** "PB5". */
    public String name() {
      return name;
    }

    /** "PORTB". */
    public String port() {
      return port.name();
    }

    public int bit() {
      return bit;
    }

    /** The level on the wire: 0, 1 or {@link PinListener#FLOATING}. */
    public int level() {
      return port.level(bit);
    }

    /** Whether the chip drives this pin. */
    public boolean isOutput() {
      return port.isOutput(bit);
    }

    public boolean pullUp() {
      return port.pullUp(bit);
    }

    /** Drives the pin digitally from outside (0/1), {@link PinListener#FLOATING} releases it. */
    public void drive(int level) {
      volts = Double.NaN;
      port.drive(bit, level);
    }

    /** Puts an analog voltage on the pin from outside; {@code NaN} releases it. */
    public void setVoltage(double v) {
      if (Double.isNaN(v)) {
        volts = Double.NaN;
        port.drive(bit, PinListener.FLOATING);
      } else {
        volts = Math.max(0, Math.min(vcc, v));
        port.drive(bit, volts > vcc / 2 ? 1 : 0);
      }
      for (Runnable l : analogListeners) l.run();
    }

    /** The voltage an ADC or comparator sees on this pin. */
    public double voltage() {
      if (port.isOutput(bit)) return port.level(bit) == 1 ? vcc : 0;
      if (!Double.isNaN(volts)) return volts;
      int lv = port.level(bit);
      return lv == 1 ? vcc : 0;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
