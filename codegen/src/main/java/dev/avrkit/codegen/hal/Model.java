package dev.avrkit.codegen.hal;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.BitField;
import dev.avrkit.device.Device;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The facts the HAL generator reads from the device model: ports and their pins, the registers of
 * each, bit positions. Everything is looked up by name in the model; a missing name gives an
 * empty answer, never a constant.
 */
final class Model {
  final Device d;
  final boolean x;

  Model(Device d) {
    this.d = d;
    this.x = d.architecture() == Architecture.AVR8X;
  }

  /** One port pin: port letter and bit. */
  record PinRef(char port, int bit) implements Comparable<PinRef> {
    static PinRef parse(String s) {
      String t = s.trim().toUpperCase(Locale.ROOT);
      if (!t.matches("P[A-Z][0-7]")) throw new IllegalArgumentException("not a port pin: '" + s + "' (expected e.g. PE2)");
      return new PinRef(t.charAt(1), t.charAt(2) - '0');
    }

    String rustType() {
      return "P" + port + bit;
    }

    String field() {
      return ("p" + port + bit).toLowerCase(Locale.ROOT);
    }

    @Override
    public int compareTo(PinRef o) {
      return port != o.port ? Character.compare(port, o.port) : Integer.compare(bit, o.bit);
    }

    @Override
    public String toString() {
      return "P" + port + bit;
    }
  }

  /** One port with the data-space addresses of its direction, output and input registers. */
  record Port(char letter, String peripheral, long dir, long out, long in, long pinctrl, long pullup, int mask, long intflags) {}

  private List<Port> ports;

  /** The ports of the device, in letter order, with at least one pin. */
  List<Port> ports() {
    if (ports == null) {
      List<Port> out = new ArrayList<>();
      for (char c = 'A'; c <= 'Z'; c++) {
        port(c).filter(p -> p.mask() != 0).ifPresent(out::add);
      }
      ports = List.copyOf(out);
    }
    return ports;
  }

  /**
   * The pads the package pinouts name ("PF6"); empty when the model has no pinout. Pins are the
   * bits of the direction register's mask that a pinout also lists (the 48-pin ATmega4809's DIR
   * has no mask, but no package has PF7).
   */
  java.util.Set<String> pads() {
    java.util.Set<String> s = new java.util.HashSet<>();
    for (var po : d.pinouts()) {
      for (var p : po.pins()) {
        for (String pad : p.pad().toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) s.add(pad);
      }
    }
    return s;
  }

  private int padMask(char c, int mask) {
    java.util.Set<String> pads = pads();
    if (pads.isEmpty()) return mask;
    int m = 0;
    for (int b = 0; b < 8; b++) if (pads.contains("P" + c + b)) m |= 1 << b;
    return mask & m;
  }

  Optional<Port> port(char c) {
    Optional<Peripheral> p = d.peripheral("PORT" + c);
    if (p.isEmpty()) return Optional.empty();
    if (x) {
      Optional<Peripheral> vp = d.peripheral("VPORT" + c);
      if (vp.isEmpty()) return Optional.empty();
      Optional<ResolvedRegister> dir = vp.get().register("DIR");
      Optional<ResolvedRegister> out = vp.get().register("OUT");
      Optional<ResolvedRegister> in = vp.get().register("IN");
      Optional<ResolvedRegister> ctrl = p.get().register("PIN0CTRL");
      if (dir.isEmpty() || out.isEmpty() || in.isEmpty() || ctrl.isEmpty()) return Optional.empty();
      long pull = field(ctrl.get(), "PULLUPEN").map(BitField::mask).orElse(0L);
      int mask = (int) (long) p.get().register("DIR").flatMap(r -> r.register().mask()).orElse(0xFFL);
      return Optional.of(new Port(c, "PORT" + c, dir.get().address(), out.get().address(), in.get().address(),
          ctrl.get().address(), pull, padMask(c, mask & 0xFF),
          vp.get().register("INTFLAGS").map(ResolvedRegister::address).orElse(0L)));
    }
    Optional<ResolvedRegister> dir = p.get().register("DDR" + c);
    Optional<ResolvedRegister> out = p.get().register("PORT" + c);
    Optional<ResolvedRegister> in = p.get().register("PIN" + c);
    if (dir.isEmpty() || out.isEmpty() || in.isEmpty()) return Optional.empty();
    int mask = (int) (long) dir.get().register().mask().orElse(0xFFL);
    return Optional.of(new Port(c, "PORT" + c, dir.get().address(), out.get().address(), in.get().address(), 0, 0,
        padMask(c, mask & 0xFF), 0));
  }

  /** True when the device has this pin (its port's direction register has the bit). */
  boolean hasPin(PinRef p) {
    return ports().stream().anyMatch(pt -> pt.letter() == p.port() && (pt.mask() & (1 << p.bit())) != 0);
  }

  static Optional<BitField> field(ResolvedRegister r, String name) {
    return r.register().fields().stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }

  Optional<ResolvedRegister> reg(String periph, String path) {
    return d.peripheral(periph).flatMap(p -> p.register(path));
  }

  /** A field's mask in a register, or empty. */
  Optional<Long> mask(String periph, String path, String field) {
    return reg(periph, path).flatMap(r -> field(r, field)).map(BitField::mask);
  }

  /**
   * The PORTMUX register and field named {@code field} (an instance: USART3, TCB1, TCA0) and
   * its value named {@code value} (DEFAULT, ALT1, PORTB): register address, field mask, value in
   * place. Empty without PORTMUX or such a field/value.
   */
  Optional<long[]> portmux(String field, String value) {
    Optional<dev.avrkit.device.Peripheral> pm = d.peripheral("PORTMUX");
    if (pm.isEmpty()) return Optional.empty();
    for (ResolvedRegister r : pm.get().registers()) {
      for (BitField f : r.register().fields()) {
        if (!f.name().equalsIgnoreCase(field)) continue;
        Optional<dev.avrkit.device.Value> v = f.values().flatMap(g -> g.byName(value));
        if (v.isPresent()) return Optional.of(new long[] {r.address(), f.mask(), v.get().value() << f.shift()});
      }
    }
    return Optional.empty();
  }

  static String hex(long v) {
    return String.format("0x%04X", v);
  }
}
