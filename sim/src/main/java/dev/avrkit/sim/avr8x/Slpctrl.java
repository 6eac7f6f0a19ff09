package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Interrupt;
import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SLPCTRL: SLEEP sleeps only while CTRLA.SEN is set; CTRLA.SMODE (value names IDLE, STDBY, PDOWN
 * in the model) chooses what stops, as the data sheet's sleep mode activity table says:
 *
 * <ul>
 *   <li>idle: only the CPU; every interrupt wakes it.
 *   <li>standby: the peripheral clock stops except for peripherals with RUNSTDBY (TCB, the RTC
 *       counter; ADC, AC, CCL) and the PIT; wake-up sources: pin interrupts, BOD VLM, RTC (CNT
 *       with RUNSTDBY, PIT), TWI address match, USART start of frame (RXC), TCB, ADC, AC, CCL,
 *       NMI.
 *   <li>power-down: only the PIT (of the RTC) and the asynchronous sources run; wake-up sources:
 *       pin interrupts, BOD VLM, the PIT, TWI address match, NMI.
 * </ul>
 *
 * Peripherals whose clock stops ask {@link #mode(Machine)} from a sleep listener
 * ({@link Machine#addSleepListener}); CPUINT asks {@link #canWake} before it lets an interrupt end
 * the sleep (other requests stay pending until the CPU is awake).
 */
final class Slpctrl implements SimPeripheral {
  /** Sleep modes, in order of what they stop. */
  static final int IDLE = 0, STANDBY = 1, POWER_DOWN = 2;

  private static final Pattern POWER_DOWN_WAKE =
      Pattern.compile("PORT[A-Z]_PORT|BOD_VLM|RTC_PIT|TWI\\d_TWIS|CRCSCAN_NMI");
  private static final Pattern STANDBY_WAKE =
      Pattern.compile("RTC_CNT|USART\\d_RXC|TCB\\d_INT|ADC\\d_.*|AC\\d_AC|CCL_CCL");

  private final String name;
  private final Machine m;
  private final int ctrla;
  private final int smodeMask;
  private final int[] modeOfValue = new int[8];
  /** Per vector: the deepest sleep mode it can end. */
  private final int[] wakesFrom;

  Slpctrl(Machine m, Peripheral p) {
    this.name = p.name();
    this.m = m;
    this.ctrla = Regs8x.at(p, 0, "CTRLA");
    this.smodeMask = Fields.mask(p, "CTRLA", "SMODE");
    for (int v = 0; v < modeOfValue.length; v++) {
      String n = Fields.name(p, "CTRLA", "SMODE", v);
      modeOfValue[v] = n.startsWith("PDOWN") || n.startsWith("PWRDOWN") ? POWER_DOWN
          : n.startsWith("STDBY") || n.startsWith("STANDBY") ? STANDBY : IDLE;
    }
    wakesFrom = new int[Math.max(1, m.layout().vectors())];
    for (Interrupt i : m.device().interrupts()) {
      if (i.index() < 0 || i.index() >= wakesFrom.length) continue;
      int deepest = IDLE;
      for (String n : names(i)) {
        if (POWER_DOWN_WAKE.matcher(n).matches()) deepest = Math.max(deepest, POWER_DOWN);
        else if (STANDBY_WAKE.matcher(n).matches()) deepest = Math.max(deepest, STANDBY);
      }
      wakesFrom[i.index()] = deepest;
    }
    m.setSleepControl(() -> (m.bus().get(ctrla) & 1) != 0);
  }

  private static java.util.List<String> names(Interrupt i) {
    java.util.List<String> out = new java.util.ArrayList<>();
    out.add(i.name().toUpperCase(Locale.ROOT));
    for (String n : i.names()) out.add(n.toUpperCase(Locale.ROOT));
    if (i.instance() != null) out.add((i.instance() + "_" + i.name()).toUpperCase(Locale.ROOT));
    return out;
  }

  /** The sleep mode CTRLA selects. */
  int selected() {
    return modeOfValue[Fields.get(smodeMask, m.bus().get(ctrla)) & 7];
  }

  /** The sleep mode the CPU is in now, or -1 while it runs (or the device has no SLPCTRL). */
  static int mode(Machine m) {
    if (!m.cpu().sleeping()) return -1;
    return m.peripheral("SLPCTRL").filter(Slpctrl.class::isInstance).map(s -> ((Slpctrl) s).selected()).orElse(IDLE);
  }

  /** Whether interrupt {@code vector} may end the current sleep (always while awake). */
  boolean canWake(int vector) {
    if (!m.cpu().sleeping()) return true;
    int mode = selected();
    return mode == IDLE || (vector >= 0 && vector < wakesFrom.length && wakesFrom[vector] >= mode);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {}
}
