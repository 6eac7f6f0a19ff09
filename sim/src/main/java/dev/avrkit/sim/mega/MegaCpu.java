package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.ClassicInterruptController;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;

/**
 * The classic CPU module's control registers: SMCR (sleep enable), MCUCR (IVSEL with IVCE),
 * MCUSR (reset flags), CLKPR (clock prescaler with CLKPCE), SPMCSR (self-programming: page
 * buffer, page erase, page write). SREG and SP are the machine's.
 */
final class MegaCpu implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int smcr, mcucr, mcusr, clkpr, spmcsr;
  private final long baseClock;
  private long ivceUntil = -1, clkpceUntil = -1;
  private byte[] pageBuffer;
  private final int pageSize;

  MegaCpu(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    this.smcr = Regs.find(p, "SMCR");
    this.mcucr = Regs.find(p, "MCUCR");
    this.mcusr = Regs.find(p, "MCUSR");
    this.clkpr = Regs.find(p, "CLKPR");
    this.spmcsr = Regs.find(p, "SPMCSR", "SPMCR");
    this.baseClock = m.clockHz();
    this.pageSize = Math.max(2, m.device().memory().flashPageSize());
    this.pageBuffer = new byte[pageSize];
    if (smcr >= 0) m.setSleepControl(() -> (bus.get(smcr) & 1) != 0);
    if (mcucr >= 0) {
      bus.onWrite(mcucr, (a, v) -> {
        int old = bus.get(a);
        long now = m.scheduler().now();
        if ((v & 1) != 0) { // IVCE
          ivceUntil = now + 4;
          bus.set(a, (old & ~0x03) | (v & ~0x03) | 1 | (old & 2));
          return;
        }
        int ivsel = old & 2;
        if (now <= ivceUntil) ivsel = v & 2;
        ivceUntil = -1;
        bus.set(a, (v & ~0x03) | ivsel);
        if (m.interrupts() instanceof ClassicInterruptController c) {
          c.setVectorBase(ivsel != 0 ? bootStart() : 0);
        }
      });
    }
    if (clkpr >= 0) {
      bus.onWrite(clkpr, (a, v) -> {
        long now = m.scheduler().now();
        if (v == 0x80) {
          clkpceUntil = now + 4;
          bus.set(a, 0x80);
        } else if ((v & 0x80) == 0 && now <= clkpceUntil) {
          bus.set(a, v & 0x0F);
          m.setClockHz(baseClock >> Math.min(8, v & 0x0F));
          clkpceUntil = -1;
        }
      });
      bus.onRead(clkpr, a -> bus.get(a) & (m.scheduler().now() <= clkpceUntil ? 0x8F : 0x0F));
    }
    if (spmcsr >= 0) m.setSpmHandler(this::spm);
  }

  private int bootStart() {
    // BOOTSZ from the HIGH fuse is not modelled in detail: the smallest boot section size.
    return m.flash().length - 512;
  }

  private int spm(int z, int r1r0) {
    if (spmcsr < 0) return 0;
    int ctl = bus.get(spmcsr);
    if ((ctl & 1) == 0) return 0; // SELFPRGEN not set
    int mode = ctl & 0x3E;
    int page = z & ~(pageSize - 1);
    byte[] flash = m.flash();
    int extra = 0;
    if (mode == 0) { // fill the page buffer
      int off = z & (pageSize - 1) & ~1;
      pageBuffer[off] = (byte) r1r0;
      pageBuffer[off + 1] = (byte) (r1r0 >> 8);
    } else if (mode == 0x02 && page < flash.length) { // PGERS
      java.util.Arrays.fill(flash, page, page + pageSize, (byte) 0xFF);
      m.flashWritten(page, pageSize);
      extra = (int) (m.clockHz() * 4 / 1000); // 3.7-4.5 ms, CPU halted
    } else if (mode == 0x04 && page < flash.length) { // PGWRT
      for (int i = 0; i < pageSize; i++) flash[page + i] &= pageBuffer[i];
      java.util.Arrays.fill(pageBuffer, (byte) 0xFF);
      m.flashWritten(page, pageSize);
      extra = (int) (m.clockHz() * 4 / 1000);
    }
    bus.set(spmcsr, ctl & ~0x3F);
    return extra;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    ivceUntil = clkpceUntil = -1;
    pageBuffer = new byte[pageSize];
    java.util.Arrays.fill(pageBuffer, (byte) 0xFF);
    if (mcusr >= 0) {
      int flag =
          switch (m.lastResetCause()) {
            case POWER_ON -> 0x01;
            case EXTERNAL -> 0x02;
            case WATCHDOG -> 0x08;
            case SOFTWARE -> 0x00;
          };
      bus.set(mcusr, flag);
    }
    if (m.interrupts() instanceof ClassicInterruptController c) c.setVectorBase(0);
    if (clkpr >= 0 && m.clockHz() != baseClock) m.setClockHz(baseClock);
  }
}
