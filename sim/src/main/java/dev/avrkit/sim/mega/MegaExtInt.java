package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Signal;
import dev.avrkit.sim.ClassicInterruptController;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;
import java.util.HashMap;
import java.util.Map;

/**
 * External interrupts INTn (EICRA sense control: low level, any change, falling, rising; EIMSK,
 * EIFR) and pin-change interrupts PCINTn (PCICR, PCMSKn, PCIFR). Which pad feeds which INT/PCINT
 * comes from the model's signals of the EXINT instance. Listens to pin levels of the ports.
 */
final class MegaExtInt implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final InterruptController irq;
  private final int eicra, eimsk, eifr, pcicr, pcifr;
  private final int[] pcmsk = new int[4];
  /** "PORTB/3" -> INT number / PCINT number. */
  private final Map<String, Integer> intOf = new HashMap<>();
  private final Map<String, Integer> pcintOf = new HashMap<>();
  private final Map<String, Integer> level = new HashMap<>();
  private final int[] vInt = new int[8];
  private final int[] vPc = new int[4];

  MegaExtInt(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    this.irq = m.interrupts();
    eicra = Regs.find(p, "EICRA");
    eimsk = Regs.find(p, "EIMSK", "GICR");
    eifr = Regs.find(p, "EIFR", "GIFR");
    pcicr = Regs.find(p, "PCICR");
    pcifr = Regs.find(p, "PCIFR");
    for (int i = 0; i < 4; i++) pcmsk[i] = Regs.find(p, "PCMSK" + i);
    for (Signal s : p.signals()) {
      if (s.index().isEmpty() || s.pad() == null || s.pad().length() < 3) continue;
      String key = "PORT" + s.pad().charAt(1) + "/" + s.pad().substring(2);
      if (s.group().equals("INT")) intOf.put(key, s.index().get());
      if (s.group().equals("PCINT")) pcintOf.put(key, s.index().get());
    }
    for (int i = 0; i < 8; i++) vInt[i] = m.vector("INT" + i);
    for (int i = 0; i < 4; i++) vPc[i] = m.vector("PCINT" + i);
    if (irq instanceof ClassicInterruptController c) {
      for (int i = 0; i < 8; i++) {
        int bit = 1 << i;
        if (vInt[i] >= 0) c.onTaken(vInt[i], v -> { if (eifr >= 0) bus.set(eifr, bus.get(eifr) & ~bit); update(); });
      }
      for (int i = 0; i < 4; i++) {
        int bit = 1 << i;
        if (vPc[i] >= 0) c.onTaken(vPc[i], v -> { if (pcifr >= 0) bus.set(pcifr, bus.get(pcifr) & ~bit); update(); });
      }
    }
    for (int r : new int[] {eicra, eimsk, pcicr}) {
      if (r >= 0) bus.onWrite(r, (a, v) -> { bus.set(a, v); update(); });
    }
    for (int r : pcmsk) if (r >= 0) bus.onWrite(r, (a, v) -> bus.set(a, v));
    for (int r : new int[] {eifr, pcifr}) {
      if (r >= 0) bus.onWrite(r, (a, v) -> { bus.set(a, bus.get(a) & ~v); update(); });
    }
    m.addPinListener(this::pinChanged);
  }

  private void pinChanged(String port, int bit, int lv, long cycle) {
    String key = port + "/" + bit;
    int newLevel = lv == 1 ? 1 : 0;
    Integer old = level.put(key, newLevel);
    int oldLevel = old == null ? 0 : old;
    if (oldLevel == newLevel) return;
    Integer in = intOf.get(key);
    if (in != null && eicra >= 0 && in < 4) {
      int isc = (bus.get(eicra) >> (2 * in)) & 3;
      boolean fire = isc == 1 || (isc == 2 && newLevel == 0) || (isc == 3 && newLevel == 1);
      if (fire && eifr >= 0) bus.set(eifr, bus.get(eifr) | (1 << in));
    }
    Integer pc = pcintOf.get(key);
    if (pc != null && pcifr >= 0) {
      int group = pc / 8;
      if (group < 4 && pcmsk[group] >= 0 && (bus.get(pcmsk[group]) & (1 << (pc % 8))) != 0) {
        bus.set(pcifr, bus.get(pcifr) | (1 << group));
      }
    }
    update();
  }

  private boolean lowLevel(int in) {
    for (Map.Entry<String, Integer> e : intOf.entrySet()) {
      if (e.getValue() == in) return level.getOrDefault(e.getKey(), 0) == 0;
    }
    return false;
  }

  private void update() {
    int mask = eimsk >= 0 ? bus.get(eimsk) : 0;
    int flags = eifr >= 0 ? bus.get(eifr) : 0;
    for (int i = 0; i < 8; i++) {
      boolean on = (mask & (1 << i)) != 0 && (flags & (1 << i)) != 0;
      if (i < 4 && eicra >= 0 && ((bus.get(eicra) >> (2 * i)) & 3) == 0) {
        on = (mask & (1 << i)) != 0 && lowLevel(i); // low level: no flag, the line itself
      }
      irq.set(vInt[i], on);
    }
    int pm = pcicr >= 0 ? bus.get(pcicr) : 0;
    int pf = pcifr >= 0 ? bus.get(pcifr) : 0;
    for (int i = 0; i < 4; i++) irq.set(vPc[i], (pm & pf & (1 << i)) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    level.clear();
    update();
  }
}
