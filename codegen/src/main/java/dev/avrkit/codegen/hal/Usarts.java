package dev.avrkit.codegen.hal;

import dev.avrkit.device.BitField;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Signal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated half of {@code serial.rs}: one {@code Instance} per USART with its register
 * addresses and bits, and one {@code Route} per pin pair the chip can route to it (with the
 * PORTMUX value on AVR8X parts). Everything from the device model; a USART whose registers or
 * pins the model does not name is left out.
 */
final class Usarts {
  private final Model m;

  Usarts(Model m) {
    this.m = m;
  }

  /** One route: TX and RX pads, and the PORTMUX write (register address, field mask, value), if any. */
  record Route(String usart, Model.PinRef tx, Model.PinRef rx, Optional<long[]> portmux, String name) {}

  List<Peripheral> instances() {
    List<Peripheral> out = new ArrayList<>();
    for (Peripheral p : m.d.peripherals()) {
      if (p.module().name().equalsIgnoreCase("USART") && p.name().matches("USART\\d") && regs(p).isPresent()) out.add(p);
    }
    return out;
  }

  /** The Rust {@code UsartRegs} initialiser, or empty when a register or bit is missing. */
  Optional<String> regs(Peripheral p) {
    String n = p.name().substring(5);
    if (m.x) {
      var rx = p.register("RXDATAL");
      var tx = p.register("TXDATAL");
      var st = p.register("STATUS");
      var en = p.register("CTRLB");
      var baud = p.register("BAUD");
      if (rx.isEmpty() || tx.isEmpty() || st.isEmpty() || en.isEmpty() || baud.isEmpty()) return Optional.empty();
      Optional<Long> rxc = bit(st.get(), "RXCIF"), txc = bit(st.get(), "TXCIF"), dre = bit(st.get(), "DREIF");
      Optional<Long> rxen = bit(en.get(), "RXEN"), txen = bit(en.get(), "TXEN");
      var ctrla = p.register("CTRLA");
      Optional<Long> rxcie = ctrla.flatMap(r -> bit(r, "RXCIE"));
      if (rxc.isEmpty() || txc.isEmpty() || dre.isEmpty() || rxen.isEmpty() || txen.isEmpty() || rxcie.isEmpty()) return Optional.empty();
      return Optional.of(init(rx.get().address(), tx.get().address(), st.get().address(), rxc.get(), txc.get(), dre.get(), 0,
          en.get().address(), rxen.get(), txen.get(), baud.get().address(), false, ctrla.get().address(), rxcie.get()));
    }
    var udr = p.register("UDR" + n);
    var a = p.register("UCSR" + n + "A");
    var b = p.register("UCSR" + n + "B");
    var ubrr = p.register("UBRR" + n);
    if (udr.isEmpty() || a.isEmpty() || b.isEmpty() || ubrr.isEmpty()) return Optional.empty();
    Optional<Long> rxc = bit(a.get(), "RXC" + n), txc = bit(a.get(), "TXC" + n), dre = bit(a.get(), "UDRE" + n),
        u2x = bit(a.get(), "U2X" + n), rxen = bit(b.get(), "RXEN" + n), txen = bit(b.get(), "TXEN" + n),
        rxcie = bit(b.get(), "RXCIE" + n);
    if (rxc.isEmpty() || txc.isEmpty() || dre.isEmpty() || u2x.isEmpty() || rxen.isEmpty() || txen.isEmpty() || rxcie.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(init(udr.get().address(), udr.get().address(), a.get().address(), rxc.get(), txc.get(), dre.get(),
        u2x.get(), b.get().address(), rxen.get(), txen.get(), ubrr.get().address(), true, b.get().address(), rxcie.get()));
  }

  private static Optional<Long> bit(ResolvedRegister r, String name) {
    return Model.field(r, name).map(BitField::mask);
  }

  private static String init(long rx, long tx, long st, long rxc, long txc, long dre, long keep, long en, long rxen,
      long txen, long baud, boolean classic, long rxIntReg, long rxInt) {
    return "UsartRegs {\n        rx_data: " + Model.hex(rx) + ",\n        tx_data: " + Model.hex(tx)
        + ",\n        status: " + Model.hex(st) + ",\n        rx_complete: " + b(rxc) + ",\n        tx_complete: " + b(txc)
        + ",\n        tx_empty: " + b(dre) + ",\n        status_keep: " + b(keep) + ",\n        enable: " + Model.hex(en)
        + ",\n        rx_enable: " + b(rxen) + ",\n        tx_enable: " + b(txen) + ",\n        baud: " + Model.hex(baud)
        + ",\n        classic: " + classic + ",\n        rx_interrupt: (" + Model.hex(rxIntReg) + ", " + b(rxInt) + "),\n    }";
  }

  private static String b(long v) {
    return String.format("0x%02X", v);
  }

  private static final Pattern ALT = Pattern.compile("(?i)ALT(\\d*)$");

  /** The routes of a USART: pads grouped by the signals' function. */
  List<Route> routes(Peripheral p) {
    Map<String, Model.PinRef[]> byFunction = new LinkedHashMap<>();
    for (Signal s : p.signals()) {
      String g = s.group().toUpperCase(Locale.ROOT);
      if (!g.equals("TXD") && !g.equals("RXD")) continue;
      if (!s.pad().toUpperCase(Locale.ROOT).matches("P[A-Z][0-7]")) continue;
      Model.PinRef[] pair = byFunction.computeIfAbsent(s.function(), k -> new Model.PinRef[2]);
      pair[g.equals("TXD") ? 0 : 1] = Model.PinRef.parse(s.pad());
    }
    List<Route> out = new ArrayList<>();
    for (var e : byFunction.entrySet()) {
      Model.PinRef[] pr = e.getValue();
      if (pr[0] == null || pr[1] == null || !m.hasPin(pr[0]) || !m.hasPin(pr[1])) continue;
      Matcher a = ALT.matcher(e.getKey());
      String value = a.find() ? "ALT" + (a.group(1).isEmpty() ? "1" : a.group(1)) : "DEFAULT";
      Optional<long[]> mux = Optional.empty();
      if (m.x) {
        mux = m.portmux(p.name(), value);
        if (mux.isEmpty()) continue; // a route the model gives no PORTMUX value for
      }
      out.add(new Route(p.name(), pr[0], pr[1], mux, value));
    }
    return out;
  }

  /** The generated part of serial.rs. */
  String rust() {
    StringBuilder s = new StringBuilder();
    s.append("\n// ---- the ").append(m.d.name()).append("'s USARTs and their routes (generated from the device model) ----\n\n");
    s.append("use crate::gpio::{Input, Output, Pin};\nuse crate::port::*;\n\n");
    for (Peripheral p : instances()) {
      s.append("impl Instance for pac::").append(p.name()).append(" {\n    const REGS: UsartRegs = ").append(regs(p).orElseThrow())
          .append(";\n}\n\n");
      for (Route r : routes(p)) {
        s.append("/// ").append(p.name()).append(" on ").append(r.tx()).append(" (TX) / ").append(r.rx()).append(" (RX)")
            .append(r.portmux().isPresent() ? " (PORTMUX " + r.name() + ")" : "").append(".\n");
        s.append("impl<M> Route<pac::").append(p.name()).append("> for (Pin<Output, ").append(r.tx().rustType())
            .append(">, Pin<Input<M>, ").append(r.rx().rustType()).append(">) {\n");
        s.append("    const PORTMUX: Option<(usize, u8, u8)> = ").append(r.portmux()
            .map(v -> "Some((" + Model.hex(v[0]) + ", " + b(v[1]) + ", " + b(v[2]) + "))").orElse("None")).append(";\n}\n\n");
      }
    }
    return s.toString();
  }
}
