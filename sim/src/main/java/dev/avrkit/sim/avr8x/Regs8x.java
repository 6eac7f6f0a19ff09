package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import java.util.Optional;

/** Register lookup and small helpers shared by the AVR8X peripherals. */
final class Regs8x {
  private Regs8x() {}

  /** Address of the first register path that exists ("CTRLA", "SINGLE.CTRLA"), or -1. */
  static int find(Peripheral p, String... paths) {
    for (String n : paths) {
      Optional<ResolvedRegister> r = p.register(n);
      if (r.isPresent()) return (int) r.get().address();
    }
    return -1;
  }

  /** Like {@link #find} but the register is the base address plus {@code offset} when absent. */
  static int at(Peripheral p, int offset, String... paths) {
    int a = find(p, paths);
    return a >= 0 ? a : (int) p.baseAddress() + offset;
  }

  /** Vector of {@code INSTANCE_WHAT} or -1. */
  static int vector(Machine m, Peripheral p, String what) {
    return m.vector(p.name() + "_" + what);
  }

  /**
   * A 16-bit register accessed through a shared TEMP register, as AVR8X timers do: reading the
   * low byte latches the high byte into TEMP, reading the high byte returns TEMP; writing the low
   * byte goes to TEMP, writing the high byte writes both bytes at once.
   */
  interface Word {
    int get();

    void set(int v);
  }

  /** Hooks a TEMP-buffered 16-bit register at {@code addr}/{@code addr+1}. */
  static void word(DataBus bus, int addr, int[] temp, Word w) {
    bus.onRead(addr, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        int v = w.get();
        temp[0] = (v >> 8) & 0xFF;
        return v & 0xFF;
      }

      @Override
      public int peek(int a) {
        return w.get() & 0xFF;
      }
    });
    bus.onRead(addr + 1, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        return temp[0];
      }

      @Override
      public int peek(int a) {
        return (w.get() >> 8) & 0xFF;
      }
    });
    bus.onWrite(addr, (a, v) -> temp[0] = v);
    bus.onWrite(addr + 1, (a, v) -> w.set(temp[0] | v << 8));
  }

  /** Hooks a register that stores what is written, then calls {@code after} (INTCTRL, CTRLA). */
  static void storeThen(DataBus bus, int addr, Runnable after) {
    bus.onWrite(addr, (a, v) -> {
      bus.set(a, v);
      after.run();
    });
  }

  /**
   * Hooks an INTFLAGS-style register: reads give {@code get}, writing 1s clears those flags
   * ({@code clear} gets the bits), then {@code after} runs.
   */
  static void flags(DataBus bus, int addr, java.util.function.IntSupplier get,
      java.util.function.IntConsumer clear, Runnable after) {
    bus.onRead(addr, a -> get.getAsInt());
    bus.onWrite(addr, (a, v) -> {
      clear.accept(v);
      after.run();
    });
  }

  /** The CCP state of the machine's CPU peripheral (null when the model has no CPU.CCP). */
  static Ccp ccp(Machine m) {
    return m.peripheral("CPU").filter(Ccp.class::isInstance).map(Ccp.class::cast).orElse(null);
  }

  /** Whether a write to an IOREG-protected register is allowed now. */
  static boolean ioregOpen(Machine m) {
    Ccp c = ccp(m);
    return c == null || c.open(Ccp.IOREG);
  }

  /**
   * Hooks an IOREG-protected register (configuration change protection): {@code hook} sees only
   * the writes made while CCP is open for IOREG; the others are ignored.
   */
  static void ioregProtected(Machine m, int addr, DataBus.WriteHook hook) {
    m.bus().onWrite(addr, (a, v) -> {
      if (ioregOpen(m)) hook.write(a, v);
    });
  }

  /** An event that resets the device with {@code cause} (watchdog time-out, software reset). */
  static Scheduler.Event resetEvent(Machine m, Machine.ResetCause cause) {
    return new Scheduler.Event() {
      @Override
      protected void fire(long when) {
        m.resetFrom(cause);
      }
    };
  }

  /** Whether an SPM-protected write (NVMCTRL.CTRLA) is allowed now. */
  static boolean spmOpen(Machine m) {
    Ccp c = ccp(m);
    return c == null || c.open(Ccp.SPM);
  }
}
