package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EVSYS, the event system: CHANNELn selects a generator by the value names of the model
 * (megaAVR 0: "PORT0_PIN3" is pin 3 of the first port of the channel's pair — channels 0/1
 * PORTA/PORTB, 2/3 PORTC/PORTD, 4/5 PORTE/PORTF, as the data sheet's table says; AVR-Dx style
 * "PORTA_PIN3" too), STROBE makes a software event on the channels whose bits are written, and
 * each USERx register connects a user to a channel (value = channel + 1).
 *
 * <p>Generators simulated: pins (level), ACn_OUT and CCL_LUTn (levels), ADCn_RESRDY and TCBn_CAPT
 * (pulses), the strobe (pulse). Users: ADCn start, TCBn capture input, CCL LUTn event inputs A/B,
 * EVOUTx (the channel's level on the
 * PORTMUX EVOUT pin of that port, while it is an output). Pins and comparators are asynchronous
 * generators: their events reach the users after the two CLK_PER cycles of synchronisation;
 * events from clocked peripherals and the strobe arrive in the cycle they happen.
 */
final class Evsys implements SimPeripheral {
  private static final int SYNC = 2;
  private static final Pattern PIN_GEN = Pattern.compile("PORT([0-9A-Z])_PIN(\\d)");

  private final Machine m;
  private final DataBus bus;
  private final Peripheral p;
  private final int[] channel;
  private final boolean[] level;
  private final List<User> users = new ArrayList<>();
  private final ArrayDeque<long[]> delayed = new ArrayDeque<>(); // {cycle, channel, level}

  private record User(int address, Consumer<Boolean> sink) {}

  private final Scheduler.Event deliver = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      while (!delayed.isEmpty() && delayed.peek()[0] <= when) {
        long[] e = delayed.poll();
        setChannel((int) e[1], e[2] != 0);
      }
      if (!delayed.isEmpty()) m.scheduler().schedule(this, delayed.peek()[0]);
    }
  };

  Evsys(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.p = p;
    List<Integer> chans = new ArrayList<>();
    for (int n = 0; ; n++) {
      int a = Regs8x.find(p, "CHANNEL" + n);
      if (a < 0) break;
      chans.add(a);
    }
    channel = chans.stream().mapToInt(Integer::intValue).toArray();
    level = new boolean[channel.length];
    int strobe = Regs8x.find(p, "STROBE");
    if (strobe < 0) strobe = Regs8x.find(p, "SWEVENTA");
    if (strobe >= 0) {
      bus.onWrite(strobe, (a, v) -> {
        for (int c = 0; c < channel.length && c < 8; c++) {
          if ((v >> c & 1) != 0) pulse(c);
        }
      });
      bus.onRead(strobe, a -> 0);
    }
    for (int c = 0; c < channel.length; c++) {
      int ch = c;
      bus.onWrite(channel[c], (a, v) -> {
        bus.set(a, v);
        setChannel(ch, currentLevel(ch));
      });
    }
    m.addPinListener((port, bit, lv, cycle) -> pinChanged(port, bit, lv == 1));
  }

  /** The machine's EVSYS, or null. */
  static Evsys of(Machine m) {
    return m.peripheral("EVSYS").filter(Evsys.class::isInstance).map(Evsys.class::cast).orElse(null);
  }

  /** Connects users to the peripherals that exist (after all peripherals are made). */
  private void connectUsers() {
    if (!users.isEmpty()) return;
    Pattern tcb = Pattern.compile("USERTCB(\\d)"), adc = Pattern.compile("USERADC(\\d)"), evout = Pattern.compile("USER(?:EVSYS)?EVOUT([A-Z])");
    Pattern ccl = Pattern.compile("USERCCLLUT(\\d)([AB])");
    for (ResolvedRegister r : p.registers()) {
      String n = r.name().toUpperCase(Locale.ROOT);
      int a = (int) r.address();
      Matcher mt;
      if ((mt = tcb.matcher(n)).lookingAt()) {
        Tcb t = m.peripheral("TCB" + mt.group(1)).filter(Tcb.class::isInstance).map(Tcb.class::cast).orElse(null);
        if (t != null) users.add(new User(a, t::event));
      } else if ((mt = adc.matcher(n)).lookingAt()) {
        Adc d = Adc.of(m, "ADC" + mt.group(1));
        if (d != null) users.add(new User(a, lv -> {
          if (lv) d.startEvent();
        }));
      } else if ((mt = ccl.matcher(n)).lookingAt()) {
        Ccl c = Ccl.of(m);
        int lut = Integer.parseInt(mt.group(1));
        boolean b = mt.group(2).equals("B");
        if (c != null) users.add(new User(a, lv -> c.event(lut, b, lv)));
      } else if ((mt = evout.matcher(n)).lookingAt()) {
        String port = mt.group(1);
        users.add(new User(a, lv -> evout(port, lv)));
      }
    }
  }

  /** EVOUTx: the PORTMUX route's pin of that port ("EVOUT on PA7"), 2 when the model says none. */
  private void evout(String port, boolean lv) {
    Peripheral mux = m.device().peripheral("PORTMUX").orElse(null);
    int bit = 2;
    if (mux != null) {
      String reg = Regs8x.find(mux, "EVSYSROUTEA") >= 0 ? "EVSYSROUTEA" : "EVOUTROUTEA";
      int addr = Regs8x.find(mux, reg);
      var f = Fields.field(mux, reg, "EVOUT" + port);
      if (addr >= 0 && f.isPresent()) {
        int v = Fields.get((int) f.get().mask(), bus.get(addr));
        String cap = f.get().values().flatMap(g -> g.byValue(v)).map(x -> x.caption()).orElse("");
        Matcher mt = Pattern.compile("P" + port + "(\\d)").matcher(cap);
        if (mt.find()) bit = Integer.parseInt(mt.group(1));
      }
    }
    Port pt = Fields.port(m, "P" + port + bit);
    if (pt != null) pt.override(bit, lv ? 1 : 0);
  }

  private String generator(int ch) {
    return Fields.name(p, "CHANNEL" + ch, "GENERATOR", bus.get(channel[ch])).isEmpty()
        ? Fields.name(p, "CHANNEL" + ch, "CHANNEL" + ch, bus.get(channel[ch]))
        : Fields.name(p, "CHANNEL" + ch, "GENERATOR", bus.get(channel[ch]));
  }

  /** The port letter a generator name's pin refers to on channel {@code ch}, or 0. */
  private static char portOf(String gen, int ch) {
    Matcher mt = PIN_GEN.matcher(gen);
    if (!mt.matches()) return 0;
    String g = mt.group(1);
    if (Character.isLetter(g.charAt(0))) return g.charAt(0);
    return (char) ('A' + 2 * (ch / 2) + (g.charAt(0) - '0'));
  }

  private boolean currentLevel(int ch) {
    String gen = generator(ch);
    char port = portOf(gen, ch);
    if (port != 0) {
      int bit = gen.charAt(gen.length() - 1) - '0';
      return m.pins().find("P" + port + bit).map(x -> x.level() == 1).orElse(false);
    }
    return false;
  }

  private void pinChanged(String port, int bit, boolean lv) {
    if (port.length() != 5) return;
    char letter = port.charAt(4);
    for (int c = 0; c < channel.length; c++) {
      if (bus.get(channel[c]) == 0) continue;
      String gen = generator(c);
      if (portOf(gen, c) == letter && gen.charAt(gen.length() - 1) - '0' == bit) later(c, lv);
    }
  }

  /** A level generator changed ("AC0_OUT"): asynchronous, synchronised before the users. */
  void level(String generator, boolean lv) {
    for (int c = 0; c < channel.length; c++) {
      if (bus.get(channel[c]) != 0 && generator(c).equals(generator)) later(c, lv);
    }
  }

  /** A pulse generator fired ("ADC0_RESRDY", "TCB0_CAPT"): users see it in this cycle. */
  void pulse(String generator) {
    for (int c = 0; c < channel.length; c++) {
      if (bus.get(channel[c]) != 0 && generator(c).equals(generator)) pulse(c);
    }
  }

  private void pulse(int c) {
    setChannel(c, true);
    setChannel(c, false);
  }

  private void later(int c, boolean lv) {
    long at = m.scheduler().now() + SYNC;
    delayed.add(new long[] {at, c, lv ? 1 : 0});
    if (!deliver.scheduled() || deliver.when() > at) m.scheduler().schedule(deliver, delayed.peek()[0]);
  }

  private void setChannel(int c, boolean lv) {
    if (level[c] == lv && !lv) return;
    level[c] = lv;
    connectUsers();
    for (User u : users) {
      if (bus.get(u.address) == c + 1) u.sink.accept(lv);
    }
  }

  @Override
  public String name() {
    return p.name();
  }

  @Override
  public void reset() {
    delayed.clear();
    m.scheduler().cancel(deliver);
    java.util.Arrays.fill(level, false);
  }
}
