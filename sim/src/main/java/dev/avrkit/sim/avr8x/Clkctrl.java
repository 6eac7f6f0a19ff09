package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;
import java.util.ArrayList;
import java.util.List;

/**
 * CLKCTRL: the main clock and its prescaler set the CPU and peripheral clock (and therefore how
 * simulated cycles map to seconds). Sources (MCLKCTRLA.CLKSEL): 0 the 16/20 MHz oscillator
 * (fuse OSCCFG.FREQSEL 1 = 16 MHz, 2 = 20 MHz) or, on AVR-Dx, the high-frequency oscillator
 * (OSCHFCTRLA.FRQSEL, 4 MHz at reset); 1 the 32.768 kHz ULP oscillator; 2 the 32.768 kHz crystal;
 * 3 an external clock (taken as the oscillator frequency). MCLKCTRLB: PEN bit 0, PDIV bits 4:1
 * (2, 4, 8, 16, 32, 64, -, -, 6, 10, 12, 24, 48); reset 0x11 = divide by 6 on megaAVR 0 and
 * tinyAVR. All registers are IOREG-protected (CCP 0xD8).
 */
final class Clkctrl implements SimPeripheral {
  private static final int[] PDIV = {2, 4, 8, 16, 32, 64, 1, 1, 6, 10, 12, 24, 48, 1, 1, 1};
  private static final int[] FRQSEL_MHZ = {1, 2, 3, 4, 4, 8, 12, 16, 20, 24, 24, 24, 24, 24, 24, 24};

  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int mclkctrla, mclkctrlb, mclkstatus, oschfctrla;
  private final boolean prescalerResetsToSix;
  private final List<Runnable> before = new ArrayList<>();
  private final List<Runnable> after = new ArrayList<>();

  Clkctrl(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    mclkctrla = Regs8x.at(p, 0, "MCLKCTRLA");
    mclkctrlb = Regs8x.at(p, 1, "MCLKCTRLB");
    mclkstatus = Regs8x.find(p, "MCLKSTATUS");
    oschfctrla = Regs8x.find(p, "OSCHFCTRLA");
    // tinyAVR 0/1 ATDFs (ATtiny_DFP 2.5.116) give MCLKCTRLB initval 0x00; their datasheets, like
    // the megaAVR 0 ones, say 0x11 (divide by 6): every part with the 16/20 MHz oscillator gets 0x11
    prescalerResetsToSix = oschfctrla < 0 && mclkctrlb >= 0;
    for (var r : p.registers()) {
      int a = (int) r.address();
      for (int k = 0; k < r.size(); k++) {
        if (a + k == mclkstatus) continue;
        Regs8x.ioregProtected(m, a + k, (ad, v) -> {
          bus.set(ad, v);
          if (ad == mclkctrla || ad == mclkctrlb || ad == oschfctrla) update();
        });
      }
    }
    if (mclkstatus >= 0) bus.onWrite(mclkstatus, (a, v) -> {});
  }

  /**
   * Calls {@code beforeChange} just before and {@code afterChange} just after the clock changes
   * (RTC and WDT convert their own clocks to CPU cycles).
   */
  void onClockChange(Runnable beforeChange, Runnable afterChange) {
    before.add(beforeChange);
    after.add(afterChange);
  }

  /** The oscillator frequency selected by the fuses or OSCHFCTRLA. */
  long oscillatorHz() {
    if (oschfctrla >= 0) return FRQSEL_MHZ[(bus.get(oschfctrla) >> 2) & 15] * 1_000_000L;
    int freqsel = m.fuse("OSCCFG").orElse(2) & 3;
    return freqsel == 1 ? 16_000_000L : 20_000_000L;
  }

  /** The main (CPU and peripheral) clock the registers select now. */
  long mainClockHz() {
    int a = bus.get(mclkctrla);
    long src = switch (a & 3) {
      case 1, 2 -> 32_768L;
      default -> oscillatorHz();
    };
    int b = bus.get(mclkctrlb);
    if ((b & 1) != 0) src /= PDIV[(b >> 1) & 15];
    return Math.max(1, src);
  }

  private void update() {
    long hz = mainClockHz();
    if (hz != m.clockHz()) {
      for (Runnable r : before) r.run();
      m.setClockHz(hz);
      for (Runnable r : after) r.run();
    }
    if (mclkstatus >= 0) {
      int sel = bus.get(mclkctrla) & 3;
      bus.set(mclkstatus, (sel == 0 ? 0x10 : sel == 1 ? 0x20 : sel == 2 ? 0x40 : 0x80));
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    if (prescalerResetsToSix) bus.set(mclkctrlb, 0x11);
    update();
  }
}
