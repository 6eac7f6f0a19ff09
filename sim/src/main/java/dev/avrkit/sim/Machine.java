package dev.avrkit.sim;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.Fuse;
import dev.avrkit.device.Interrupt;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.image.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * One simulated AVR: CPU, data bus, scheduler, interrupt controller and the peripherals the
 * {@link PeripheralRegistry} knows for the device's modules, all laid out from the device model.
 *
 * <p>Typical use: {@code Machine m = Machine.builder(device).clockHz(16_000_000)
 * .console(UartConsole.of(System.out, System.in)).build(); m.load(FirmwareImage.load(elf));
 * RunResult r = m.run(maxCycles);}
 *
 * <p>Not thread-safe, except {@link #requestStop()} which any thread may call.
 */
public final class Machine {

  /** Why the device was reset. */
  public enum ResetCause {
    POWER_ON,
    WATCHDOG,
    SOFTWARE,
    EXTERNAL
  }

  /** Handles SPM: returns the extra cycles it took. {@code z} includes RAMPZ. */
  @FunctionalInterface
  public interface SpmHandler {
    int spm(int z, int r1r0);
  }

  private static final long POLL_CYCLES = 1 << 20;
  /** At most this many cycles for the transmitters to finish after the program ended. */
  private static final long FINISH_LIMIT = 1L << 28;

  private final Device device;
  private final MemoryLayout layout;
  private final DataBus bus;
  private final Cpu cpu;
  private final Scheduler scheduler;
  private final InterruptController irq;
  private final byte[] flash;
  private final byte[] eeprom;
  private final List<SimPeripheral> peripherals = new ArrayList<>();
  private final Map<String, SimPeripheral> byName = new HashMap<>();
  private final List<PinListener> pinListeners = new CopyOnWriteArrayList<>();
  private final Pins pins = new Pins();
  private final Map<String, dev.avrkit.sim.bus.I2cBus> i2cBuses = new java.util.LinkedHashMap<>();
  private final Map<String, dev.avrkit.sim.bus.SpiBus> spiBuses = new java.util.LinkedHashMap<>();
  private final Map<String, Integer> fuses;
  private final UartConsole console;
  private final boolean watchdogStops;
  private long clockHz;
  private long clockCycleBase;
  private double clockSecondsBase;
  private BooleanSupplier sleepControl = () -> true;
  private BooleanSupplier wakeWithoutI = () -> false;
  private Runnable watchdogReset = () -> {};
  private SpmHandler spm = (z, v) -> 0;
  private int wakeCycles;
  private ResetCause lastReset = ResetCause.POWER_ON;
  private volatile boolean stopRequested;
  private final long[] resetImage;

  private Machine(Builder b, MemoryLayout l) {
    this.device = b.device;
    this.layout = l;
    this.flash = new byte[l.flashBytes()];
    Arrays.fill(flash, (byte) 0xFF);
    this.eeprom = new byte[Math.max(0, l.eepromBytes())];
    Arrays.fill(eeprom, (byte) 0xFF);
    this.bus = new DataBus(l.dataSize(), l.ramStart(), l.ramEnd(), l.flashMappedAt(), flash);
    this.cpu = new Cpu(l.core(), bus, flash, l.vectorWords(), l.flashMappedAt());
    this.cpu.machine = this;
    this.scheduler = new Scheduler(cpu);
    this.clockHz = b.clockHz;
    this.console = b.console;
    this.watchdogStops = b.watchdogStops;
    this.fuses = Map.copyOf(b.fuses);
    this.wakeCycles = l.core() == Core.AVRE_PLUS ? 4 : 0;
    hookCpuRegisters();
    Architecture arch = device == null ? Architecture.AVR8 : device.architecture();
    this.irq =
        b.registry
            .interruptController(arch)
            .map(f -> f.apply(this))
            .orElseGet(() -> new ClassicInterruptController(cpu, l.vectors()));
    cpu.irq = irq;
    List<long[]> resets = new ArrayList<>();
    if (device != null) {
      for (Peripheral p : device.peripherals()) {
        if (!p.addressSpace().equals("data")) continue;
        for (ResolvedRegister r : p.registers()) {
          if (r.register().initialValue().isEmpty()) continue;
          long v = r.register().initialValue().get();
          for (int k = 0; k < r.size() * Math.max(1, r.register().count()); k++) {
            long a = r.address() + k;
            if (a < l.dataSize()) resets.add(new long[] {a, (v >> (8 * (k % r.size()))) & 0xFF});
          }
        }
      }
      for (Peripheral p : device.peripherals()) {
        if (!p.addressSpace().equals("data")) continue;
        Optional<PeripheralFactory> f = b.registry.factory(arch, p.module().name());
        if (f.isPresent()) {
          SimPeripheral sp = f.get().create(this, p);
          if (sp != null) {
            peripherals.add(sp);
            byName.put(sp.name().toUpperCase(Locale.ROOT), sp);
          }
        }
      }
    }
    this.resetImage = new long[resets.size()];
    for (int i = 0; i < resets.size(); i++) resetImage[i] = resets.get(i)[0] << 8 | resets.get(i)[1];
    reset(ResetCause.POWER_ON);
  }

  private void hookCpuRegisters() {
    int sreg = layout.sregAddress();
    bus.onRead(sreg, a -> cpu.sreg);
    bus.onWrite(sreg, (a, v) -> cpu.setSreg(v));
    int sp = layout.spAddress();
    bus.onRead(sp, a -> cpu.sp & 0xFF);
    bus.onWrite(sp, (a, v) -> cpu.sp = (cpu.sp & 0xFF00) | v);
    bus.onRead(sp + 1, a -> cpu.sp >> 8);
    bus.onWrite(sp + 1, (a, v) -> cpu.sp = (cpu.sp & 0xFF) | v << 8);
    if (layout.rampzAddress() >= 0) {
      bus.onRead(layout.rampzAddress(), a -> cpu.rampz);
      bus.onWrite(layout.rampzAddress(), (a, v) -> cpu.rampz = v);
    }
    if (layout.eindAddress() >= 0) {
      bus.onRead(layout.eindAddress(), a -> cpu.eind);
      bus.onWrite(layout.eindAddress(), (a, v) -> cpu.eind = v);
    }
  }

  /** Starts building a machine for a device of the model. */
  public static Builder builder(Device device) {
    return new Builder(device, null);
  }

  /** A machine with a CPU and memory but no peripherals (instruction tests, benchmarks). */
  public static Builder builder(MemoryLayout layout) {
    return new Builder(null, layout);
  }

  /** Options of a machine. */
  public static final class Builder {
    private final Device device;
    private final MemoryLayout layout;
    private long clockHz = 16_000_000;
    private UartConsole console = UartConsole.none();
    private PeripheralRegistry registry = PeripheralRegistry.standard();
    private final Map<String, Integer> fuses = new HashMap<>();
    private boolean watchdogStops = true;

    private Builder(Device device, MemoryLayout layout) {
      this.device = device;
      this.layout = layout;
    }

    /** CPU clock at reset in Hz (16 MHz by default; AVR8X CLKCTRL may change it). */
    public Builder clockHz(long hz) {
      if (hz <= 0) throw new AvrkitException("clock must be positive, got " + hz + " Hz");
      this.clockHz = hz;
      return this;
    }

    public Builder console(UartConsole c) {
      this.console = c;
      return this;
    }

    public Builder registry(PeripheralRegistry r) {
      this.registry = r;
      return this;
    }

    /**
     * Sets a fuse byte by its model name (LOW, HIGH, EXTENDED, OSCCFG, SYSCFG0...) or "fuseN".
     * Throws {@link AvrkitException} when the device has no such fuse.
     */
    public Builder fuse(String name, int value) {
      if (device == null) throw new AvrkitException("fuses need a device");
      Fuse f =
          device
              .fuse(name)
              .orElseThrow(
                  () ->
                      new AvrkitException(
                          "unknown fuse '" + name + "' for " + device.name() + "; fuses: "
                              + device.fuses().stream().filter(x -> !x.lockBits()).map(Fuse::name).toList()));
      fuses.put(f.name().toUpperCase(Locale.ROOT), value & 0xFF);
      return this;
    }

    /** Whether a watchdog reset ends the run (default) or resets the device and goes on. */
    public Builder watchdogStops(boolean stops) {
      this.watchdogStops = stops;
      return this;
    }

    public Machine build() {
      MemoryLayout l = layout != null ? layout : MemoryLayout.of(device);
      return new Machine(this, l);
    }
  }

  // ------------------------------------------------------------------ accessors

  /** The device model (null for a bare machine). */
  public Device device() {
    return device;
  }

  public MemoryLayout layout() {
    return layout;
  }

  public Cpu cpu() {
    return cpu;
  }

  public DataBus bus() {
    return bus;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public InterruptController interrupts() {
    return irq;
  }

  public UartConsole console() {
    return console;
  }

  public List<SimPeripheral> peripherals() {
    return List.copyOf(peripherals);
  }

  /** A peripheral simulation by instance name. */
  public Optional<SimPeripheral> peripheral(String name) {
    return Optional.ofNullable(byName.get(name.toUpperCase(Locale.ROOT)));
  }

  /** Vector number of an interrupt by its model name ("TIMER1_OVF", "TCA0_OVF"), or -1. */
  public int vector(String name) {
    if (device == null) return -1;
    for (Interrupt i : device.interrupts()) {
      if (i.name().equalsIgnoreCase(name)) return i.index();
      for (String n : i.names()) if (n.equalsIgnoreCase(name)) return i.index();
    }
    return -1;
  }

  /** A fuse value: what --fuse set, else the model's default; empty if the device has none. */
  public OptionalInt fuse(String name) {
    if (device == null) return OptionalInt.empty();
    Optional<Fuse> f = device.fuse(name);
    if (f.isEmpty()) return OptionalInt.empty();
    Integer v = fuses.get(f.get().name().toUpperCase(Locale.ROOT));
    if (v != null) return OptionalInt.of(v);
    return f.get().defaultValue().map(x -> OptionalInt.of((int) (long) x)).orElse(OptionalInt.empty());
  }

  /** Fuses set explicitly (name in upper case to value). */
  public Map<String, Integer> fuseOverrides() {
    return fuses;
  }

  /** The CPU (and peripheral) clock in Hz. */
  public long clockHz() {
    return clockHz;
  }

  /** Changes the CPU clock from now on (CLKCTRL, CLKPR). */
  public void setClockHz(long hz) {
    clockSecondsBase = seconds();
    clockCycleBase = cpu.cycle;
    clockHz = hz;
  }

  /** Simulated time since reset in seconds. */
  public double seconds() {
    return clockSecondsBase + (double) (cpu.cycle - clockCycleBase) / clockHz;
  }

  /** Flash contents (live array: writers must call {@link #flashWritten}). */
  public byte[] flash() {
    return flash;
  }

  /** Tells the CPU that flash bytes changed (SPM, debugger) so it decodes them again. */
  public void flashWritten(int byteAddress, int length) {
    cpu.invalidate(byteAddress, length);
  }

  /** EEPROM contents (live array, for the EEPROM/NVMCTRL simulations). */
  public byte[] eeprom() {
    return eeprom;
  }

  public ResetCause lastResetCause() {
    return lastReset;
  }

  // ------------------------------------------------------------------ peripheral services

  /** The chip's pins as the outside world sees them (parts, tests, virtual boards). */
  public Pins pins() {
    return pins;
  }

  /**
   * The I2C bus of a TWI instance ("TWI0", "TWI"), made on first use: the TWI simulation is its
   * master, parts attach devices.
   */
  public dev.avrkit.sim.bus.I2cBus i2cBus(String twi) {
    return i2cBuses.computeIfAbsent(
        twi.toUpperCase(Locale.ROOT), n -> new dev.avrkit.sim.bus.I2cBus(n, scheduler::now));
  }

  /** The I2C buses made so far (by their TWI simulations or parts). */
  public List<dev.avrkit.sim.bus.I2cBus> i2cBuses() {
    return List.copyOf(i2cBuses.values());
  }

  /** The SPI bus of an SPI instance ("SPI0", "SPI"), made on first use. */
  public dev.avrkit.sim.bus.SpiBus spiBus(String spi) {
    return spiBuses.computeIfAbsent(
        spi.toUpperCase(Locale.ROOT), n -> new dev.avrkit.sim.bus.SpiBus(n, scheduler::now));
  }

  /** The SPI buses made so far. */
  public List<dev.avrkit.sim.bus.SpiBus> spiBuses() {
    return List.copyOf(spiBuses.values());
  }

  public void addPinListener(PinListener l) {
    pinListeners.add(l);
  }

  public void removePinListener(PinListener l) {
    pinListeners.remove(l);
  }

  /** A PORT simulation reports a pin level change. */
  public void pinChanged(String port, int bit, int level) {
    long now = scheduler.now();
    for (PinListener l : pinListeners) l.pinChanged(port, bit, level, now);
  }

  /** Told when the CPU goes to sleep ({@code true}) and wakes up ({@code false}). */
  @FunctionalInterface
  public interface SleepListener {
    void sleepChanged(boolean asleep);
  }

  private final List<SleepListener> sleepListeners = new CopyOnWriteArrayList<>();
  private final List<BooleanSupplier> transmitters = new CopyOnWriteArrayList<>();

  /**
   * A transmitter (USART, SPI, TWI...) says whether it still holds data it is sending. When the
   * program ends while the chip keeps running (HALTED, SLEEP_INTERRUPTS_OFF, BREAK), {@link #run}
   * lets the peripherals run on until no transmitter is sending, so their output is complete.
   */
  public void addTransmitter(BooleanSupplier sending) {
    transmitters.add(sending);
  }

  private boolean sending() {
    for (BooleanSupplier t : transmitters) if (t.getAsBoolean()) return true;
    return false;
  }

  /**
   * After the program ended, the CPU does nothing more but the peripherals' clocks run on: fire
   * the scheduled events until every transmitter has sent what it held.
   */
  private void finishTransmissions() {
    long until = cpu.cycle + FINISH_LIMIT;
    while (!stopRequested && sending()) {
      long n = scheduler.next();
      if (n == Long.MAX_VALUE || n > until) break;
      cpu.cycle = Math.max(cpu.cycle, n);
      scheduler.runDue(cpu.cycle);
    }
  }

  /** Peripherals whose clock stops in some sleep modes listen here. */
  public void addSleepListener(SleepListener l) {
    sleepListeners.add(l);
  }

  void sleepChanged(boolean asleep) {
    for (SleepListener l : sleepListeners) l.sleepChanged(asleep);
  }

  /** Whether SLEEP puts the CPU to sleep (SMCR.SE / SLPCTRL.SEN); default yes. */
  public void setSleepControl(BooleanSupplier enabled) {
    this.sleepControl = enabled;
  }

  /** Something that can wake or reset the CPU while SREG.I is clear (watchdog reset, NMI). */
  public void setWakeWithoutInterrupts(BooleanSupplier s) {
    this.wakeWithoutI = s;
  }

  /** What WDR does. */
  public void setWatchdog(Runnable onWdr) {
    this.watchdogReset = onWdr;
  }

  public void setSpmHandler(SpmHandler h) {
    this.spm = h;
  }

  /** Extra cycles for waking up from sleep by an interrupt. */
  public void setWakeCycles(int n) {
    this.wakeCycles = n;
  }

  boolean sleepEnabled() {
    return sleepControl.getAsBoolean();
  }

  boolean canInterruptWithoutI() {
    return wakeWithoutI.getAsBoolean() || irq.next(false) >= 0;
  }

  void watchdogReset() {
    watchdogReset.run();
  }

  int spm(int z, int r1r0) {
    return spm.spm(z, r1r0);
  }

  int wakeCycles() {
    return wakeCycles;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Loads flash (and EEPROM) contents of a firmware image, then resets. */
  public void load(FirmwareImage image) {
    for (MemoryContent.Chunk c : image.flash().chunks()) {
      byte[] b = c.bytes();
      if (c.address() < 0 || c.end() > flash.length) {
        throw new AvrkitException(
            String.format(
                "%s: flash contents at 0x%X-0x%X do not fit the %d bytes of %s's flash; build it for"
                    + " this device",
                image.source(), c.address(), c.end() - 1, flash.length,
                device == null ? "this machine" : device.name()));
      }
      System.arraycopy(b, 0, flash, (int) c.address(), b.length);
    }
    for (MemoryContent.Chunk c : image.memory(Region.EEPROM).chunks()) {
      if (c.end() > eeprom.length) {
        throw new AvrkitException(
            String.format("%s: EEPROM contents end at 0x%X, the device has %d bytes", image.source(), c.end(), eeprom.length));
      }
      System.arraycopy(c.bytes(), 0, eeprom, (int) c.address(), c.bytes().length);
    }
    cpu.invalidate(0, flash.length);
    reset(ResetCause.POWER_ON);
  }

  /** Resets the device (RAM is cleared only at power-on). */
  public void reset(ResetCause cause) {
    lastReset = cause;
    scheduler.clear();
    if (cause == ResetCause.POWER_ON) {
      Arrays.fill(bus.mem, 0);
      cpu.cycle = 0;
      cpu.instructions = 0;
      clockCycleBase = 0;
      clockSecondsBase = 0;
    } else {
      Arrays.fill(bus.mem, 0, Math.min(bus.ramStart, bus.mem.length), 0);
    }
    for (long e : resetImage) bus.mem[(int) (e >> 8)] = (int) (e & 0xFF);
    cpu.reset();
    cpu.sp = layout.ramEnd() - 1;
    irq.reset();
    for (SimPeripheral p : peripherals) p.reset();
  }

  /** A peripheral (watchdog, RSTCTRL) resets the device. */
  public void resetFrom(ResetCause cause) {
    if (cause == ResetCause.WATCHDOG && watchdogStops) {
      cpu.stop(StopReason.WATCHDOG, null);
      return;
    }
    reset(cause);
    cpu.attention();
  }

  /** Asks a running {@link #run} to stop soon (any thread). */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Runs until something stops the program or {@code maxCycles} more cycles have passed. When the
   * program ends normally ({@link StopReason#normal()}), the transmitters finish sending first; the
   * result still gives the cycle, instruction count and time at which the program ended.
   */
  public RunResult run(long maxCycles) {
    long end = maxCycles >= Long.MAX_VALUE - cpu.cycle ? Long.MAX_VALUE : cpu.cycle + maxCycles;
    return loop(end, false);
  }

  /** Executes one instruction (or enters one interrupt) and stops (debuggers). */
  public RunResult step() {
    return loop(Long.MAX_VALUE, true);
  }

  private RunResult loop(long end, boolean single) {
    Cpu c = cpu;
    c.stop = null;
    c.stopDetail = null;
    stopRequested = false;
    boolean stepped = false;
    while (true) {
      scheduler.runDue(c.cycle);
      if (c.stop != null) break;
      if (stopRequested) {
        c.stop(StopReason.REQUESTED, null);
        break;
      }
      boolean oneInstruction = false;
      if (c.inhibit) {
        c.inhibit = false;
        oneInstruction = true;
      } else {
        int v = irq.next((c.sreg & 0x80) != 0);
        if (v >= 0) {
          c.enterInterrupt(v);
          c.inhibit = true; // the first instruction of the handler runs before anything else
          if (single) {
            c.stop(StopReason.REQUESTED, "stepped into interrupt");
            break;
          }
          continue;
        }
      }
      if (single && stepped) {
        c.stop(StopReason.REQUESTED, null);
        break;
      }
      if (c.sleeping) {
        long n = scheduler.next();
        if (n == Long.MAX_VALUE) {
          c.stop(StopReason.SLEEP_FOREVER, null);
          break;
        }
        if (n >= end) {
          c.cycle = Math.max(c.cycle, end);
          c.stop(StopReason.CYCLE_LIMIT, null);
          break;
        }
        c.cycle = Math.max(c.cycle, n);
        continue;
      }
      if (c.cycle >= end) {
        c.stop(StopReason.CYCLE_LIMIT, null);
        break;
      }
      long limit = Math.min(Math.min(scheduler.next(), end), c.cycle + POLL_CYCLES);
      if (oneInstruction || single) limit = c.cycle + 1;
      c.limit = limit;
      if (c.pc >= c.flashWords) {
        c.stop(StopReason.PC_OUT_OF_FLASH, String.format("PC 0x%X", c.pc * 2));
        break;
      }
      c.execute();
      stepped = true;
      if (c.stop != null) break;
    }
    RunResult result = new RunResult(c.stop, c.pc * 2, c.cycle, c.instructions, seconds(), c.stopDetail);
    if (!single && c.stop.normal()) finishTransmissions();
    console.flush();
    return result;
  }
}
