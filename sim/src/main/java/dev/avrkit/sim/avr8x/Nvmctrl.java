package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;
import java.util.Arrays;

/**
 * NVMCTRL of megaAVR 0 / tinyAVR 0/1/2 (the one with a page buffer). EEPROM reads in data space
 * come from the EEPROM; stores to EEPROM addresses, stores to mapped flash (ST/STS at
 * data addresses from MAPPED_PROGMEM) and SPM (r1:r0 to the flash word at Z) fill the page buffer
 * and set ADDR. CTRLA commands (SPM-protected, CCP 0x9D): WP write page, ER erase
 * page, ERWP erase and write page, PBC clear the buffer, CHER chip erase, EEER erase EEPROM.
 * Only loaded buffer bytes are written (erase sets 0xFF, write ANDs like the cells do). Flash
 * operations halt the CPU for the programming time; EEPROM operations set STATUS.EEBUSY and
 * then INTFLAGS.EEREADY (vector NVMCTRL_EE). Times (datasheet typical): page write or erase 2 ms,
 * erase and write 4 ms, chip or EEPROM erase 4 ms.
 */
final class Nvmctrl implements SimPeripheral {
  private static final int WP = 1, ER = 2, ERWP = 3, PBC = 4, CHER = 5, EEER = 6;
  private static final int FBUSY = 1, EEBUSY = 2, WRERROR = 4;

  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int ctrla, status, addr;
  private final IntFlags ints;
  private final int eeStart, eeSize, eePage;
  private final int flashAt, flashPage;
  private final byte[] buffer;
  private final boolean[] loaded;
  private int statusV;

  private final Scheduler.Event eeDone = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      statusV &= ~EEBUSY;
      ints.raise(1);
      publish();
    }
  };

  Nvmctrl(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    ctrla = Regs8x.at(p, 0, "CTRLA");
    status = Regs8x.at(p, 2, "STATUS");
    addr = Regs8x.at(p, 8, "ADDR");
    ints = new IntFlags(m, Regs8x.at(p, 3, "INTCTRL"), Regs8x.at(p, 4, "INTFLAGS"), m.vector("NVMCTRL_EE"), 1,
        this::publish);
    eeStart = m.layout().eepromDataAddress();
    eeSize = m.eeprom().length;
    int ep = m.device().memory().eepromPageSize();
    eePage = ep > 0 ? ep : 32;
    flashAt = m.layout().flashMappedAt();
    int fp = m.device().memory().flashPageSize();
    flashPage = fp > 0 ? fp : 128;
    buffer = new byte[Math.max(eePage, flashPage)];
    loaded = new boolean[buffer.length];
    bus.onWrite(ctrla, (a, v) -> {
      if (Regs8x.spmOpen(m)) command(v & 7);
    });
    bus.onRead(status, a -> statusV);
    bus.onWrite(status, (a, v) -> {});
    if (eeStart >= 0 && eeSize > 0 && eeStart + eeSize <= bus.size()) {
      bus.onRange(eeStart, eeSize, a -> m.eeprom()[a - eeStart] & 0xFF, (a, v) -> load(a, v));
    }
    if (flashAt != Integer.MAX_VALUE) bus.onFlashWrite(this::load); // ST/STS to mapped flash
    m.setSpmHandler((z, r1r0) -> {
      int a = flashAt + (z & ~1);
      load(a, r1r0 & 0xFF);
      load(a + 1, r1r0 >> 8);
      return 0;
    });
  }

  /**
   * For NVMCTRL flavours this class does not program (AVR-Dx): EEPROM still reads from the
   * EEPROM in data space; stores there are ignored.
   */
  static SimPeripheral readOnly(Machine m, Peripheral p) {
    int start = m.layout().eepromDataAddress();
    int size = m.eeprom().length;
    if (start >= 0 && size > 0 && start + size <= m.bus().size()) {
      m.bus().onRange(start, size, a -> m.eeprom()[a - start] & 0xFF, (a, v) -> {});
    }
    return null;
  }

  /** A store into the page buffer (data-space address of EEPROM or mapped flash). */
  private void load(int a, int v) {
    int page = isEeprom(a) ? eePage : flashPage;
    int off = a & (page - 1);
    buffer[off] &= (byte) v; // several loads of one byte AND together, as on the chip
    loaded[off] = true;
    bus.set(addr, a & 0xFF);
    bus.set(addr + 1, (a >> 8) & 0xFF);
  }

  private boolean isEeprom(int a) {
    return eeStart >= 0 && a >= eeStart && a < eeStart + eeSize;
  }

  private void command(int cmd) {
    int a = bus.get(addr) | bus.get(addr + 1) << 8;
    if (cmd == 0) return;
    if ((statusV & (FBUSY | EEBUSY)) != 0) {
      statusV |= WRERROR;
      return;
    }
    statusV &= ~WRERROR;
    switch (cmd) {
      case PBC -> clearBuffer();
      case CHER -> {
        Arrays.fill(m.flash(), (byte) 0xFF);
        m.flashWritten(0, m.flash().length);
        Arrays.fill(m.eeprom(), (byte) 0xFF);
        flashBusy(4);
      }
      case EEER -> {
        Arrays.fill(m.eeprom(), (byte) 0xFF);
        eeBusy(4);
      }
      case WP, ER, ERWP -> {
        if (isEeprom(a)) {
          program(m.eeprom(), (a - eeStart) & ~(eePage - 1), eePage, cmd);
          eeBusy(cmd == ERWP ? 4 : 2);
        } else if (a >= flashAt) {
          int off = (a - flashAt) & ~(flashPage - 1);
          if (off < m.flash().length) {
            program(m.flash(), off, flashPage, cmd);
            m.flashWritten(off, flashPage);
          }
          flashBusy(cmd == ERWP ? 4 : 2);
        } else {
          statusV |= WRERROR;
        }
      }
      default -> {}
    }
    publish();
  }

  private void program(byte[] mem, int start, int page, int cmd) {
    for (int i = 0; i < page && start + i < mem.length; i++) {
      if (cmd == ER || (cmd == ERWP && loaded[i])) mem[start + i] = (byte) 0xFF;
      if ((cmd == WP || cmd == ERWP) && loaded[i]) mem[start + i] &= buffer[i];
    }
    if (cmd != ER) clearBuffer();
  }

  private void clearBuffer() {
    Arrays.fill(buffer, (byte) 0xFF);
    Arrays.fill(loaded, false);
  }

  private long ms(int n) {
    return m.clockHz() * n / 1000;
  }

  private void flashBusy(int millis) {
    m.cpu().setCycleDelay((int) Math.min(Integer.MAX_VALUE, ms(millis)));
  }

  private void eeBusy(int millis) {
    statusV |= EEBUSY;
    ints.clear(1);
    m.scheduler().scheduleIn(eeDone, ms(millis));
  }

  private void publish() {
    bus.set(status, statusV);
    ints.publish();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    m.scheduler().cancel(eeDone);
    statusV = 0;
    ints.clear(0xFF);
    clearBuffer();
    publish();
  }
}
