package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Signal;
import dev.avrkit.sim.ClassicInterruptController;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;

/**
 * External interrupts INTn (EICRA sense control: low level, any change, falling, rising; EIMSK,
 * EIFR) and pin-change interrupts PCINTn (PCICR, PCMSKn, PCIFR). Which pad feeds which INT/PCINT
 * comes from the model's signals of the EXINT instance. Listens to pin levels of the ports.
 *
 * <p>Edge detection on INTn needs the I/O clock: in every sleep mode but idle (SMCR.SM not 0) an
 * INTn edge sets no flag, only the low level (detected asynchronously) and pin changes wake the
 * CPU (ATmega328P data sheet, "External Interrupts" and the sleep modes' wake-up table).
 */
final class MegaExtInt implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final InterruptController irq;
  private final int eicra, eimsk, eifr, pcicr, pcifr;
  private final int[] pcmsk = new int[4];
  /** "PORTB/3" -> INT number / PCINT number. */
  /** Per pin (port letter * 8 + bit): its INT number, PCINT number (-1 none) and last level. */
  private final int[] intOf = new int[26 * 8];
  private final int[] pcintOf = new int[26 * 8];
  private final int[] level = new int[26 * 8];
  /** Per INT number: its pin index, -1 none. */
  private final int[] intPin = new int[8];
  private final int[] vInt = new int[8];
  private final int[] vPc = new int[4];
  /** SMCR and its SM field; the I/O clock is stopped (asleep in a mode other than idle). */
  private final int smcr, smMask;
  private boolean ioStopped;

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
    java.util.Arrays.fill(intOf, -1);
    java.util.Arrays.fill(pcintOf, -1);
    java.util.Arrays.fill(intPin, -1);
    for (Signal s : p.signals()) {
      if (s.index().isEmpty() || s.pad() == null || s.pad().length() != 3) continue;
      int key = pinIndex(s.pad().charAt(1), s.pad().charAt(2) - '0');
      if (key < 0) continue;
      if (s.group().equals("INT")) {
        intOf[key] = s.index().get();
        if (s.index().get() < 8) intPin[s.index().get()] = key;
      }
      if (s.group().equals("PCINT")) pcintOf[key] = s.index().get();
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
    smcr = m.device().peripheral("CPU").map(c -> Regs.find(c, "SMCR")).orElse(-1);
    smMask = m.device().peripheral("CPU").flatMap(c -> c.register("SMCR")).flatMap(r -> r.register().field("SM"))
        .map(f -> (int) f.mask()).orElse(0);
    m.addSleepListener(asleep -> ioStopped = asleep && smcr >= 0 && (bus.get(smcr) & smMask) != 0);
  }

  private static int pinIndex(char letter, int bit) {
    return letter >= 'A' && letter <= 'Z' && bit >= 0 && bit < 8 ? (letter - 'A') * 8 + bit : -1;
  }

  private void pinChanged(String port, int bit, int lv, long cycle) {
    if (port.length() != 5) return;
    int key = pinIndex(port.charAt(4), bit);
    if (key < 0) return;
    int newLevel = lv == 1 ? 1 : 0;
    int oldLevel = level[key];
    level[key] = newLevel;
    if (oldLevel == newLevel) return;
    int in = intOf[key];
    if (in >= 0 && eicra >= 0 && in < 4 && !ioStopped) {
      int isc = (bus.get(eicra) >> (2 * in)) & 3;
      boolean fire = isc == 1 || (isc == 2 && newLevel == 0) || (isc == 3 && newLevel == 1);
      if (fire && eifr >= 0) bus.set(eifr, bus.get(eifr) | (1 << in));
    }
    int pc = pcintOf[key];
    boolean touched = in >= 0; // an INT pin: a flag or the low level may have changed
    if (pc >= 0 && pcifr >= 0) {
      int group = pc / 8;
      if (group < 4 && pcmsk[group] >= 0 && (bus.get(pcmsk[group]) & (1 << (pc % 8))) != 0) {
        bus.set(pcifr, bus.get(pcifr) | (1 << group));
        touched = true;
      }
    }
    if (touched) update();
  }

  private boolean lowLevel(int in) {
    return intPin[in] >= 0 && level[intPin[in]] == 0;
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
    java.util.Arrays.fill(level, 0);
    ioStopped = false;
    update();
  }
}
