package dev.avrkit.sim.bus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One SPI bus (SCK, MOSI, MISO) at the level of bytes. The chip's SPI master calls {@link
 * #transfer} when a byte completes on the wire (it models the timing itself), with the byte in
 * wire order: a master set to LSB first reverses the bits before and after. Selected devices
 * answer; MISO is the AND of their answers (an unselected device leaves MISO to the pull-up:
 * 0xFF). The master's mode is available to devices that care ({@link #mode()}).
 *
 * <p>Obtained from {@link dev.avrkit.sim.Machine#spiBus(String)} by the SPI instance name
 * ("SPI0", "SPI").
 */
public final class SpiBus {
  /** Sees every byte on the bus (decoders). */
  @FunctionalInterface
  public interface Listener {
    void transfer(int mosi, int miso, long cycle);
  }

  private final String name;
  private final java.util.function.LongSupplier clock;
  private final List<SpiDevice> devices = new CopyOnWriteArrayList<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private int mode;
  private String sckPin = "", mosiPin = "", misoPin = "";

  public SpiBus(String name, java.util.function.LongSupplier clock) {
    this.name = name;
    this.clock = clock;
  }

  public String name() {
    return name;
  }

  public void attach(SpiDevice d) {
    devices.add(d);
  }

  public void detach(SpiDevice d) {
    devices.remove(d);
  }

  public List<SpiDevice> devices() {
    return List.copyOf(devices);
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  public void removeListener(Listener l) {
    listeners.remove(l);
  }

  /** SPI mode 0-3 (CPOL << 1 | CPHA) the master uses now. */
  public int mode() {
    return mode;
  }

  public void setMode(int mode) {
    this.mode = mode & 3;
  }

  /** The chip pins the master's route uses ("PE2", "PE0", "PE1"). */
  public void setPins(String sck, String mosi, String miso) {
    this.sckPin = sck;
    this.mosiPin = mosi;
    this.misoPin = miso;
  }

  public String sckPin() {
    return sckPin;
  }

  public String mosiPin() {
    return mosiPin;
  }

  public String misoPin() {
    return misoPin;
  }

  /** One byte in wire order; returns MISO. */
  public int transfer(int mosi) {
    int miso = 0xFF;
    for (SpiDevice d : devices) if (d.selected()) miso &= d.transfer(mosi & 0xFF);
    if (!listeners.isEmpty()) {
      long c = clock.getAsLong();
      for (Listener l : listeners) l.transfer(mosi & 0xFF, miso, c);
    }
    return miso;
  }

  @Override
  public String toString() {
    return name;
  }
}
