package dev.avrkit.sim.bus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * One I2C bus (SDA + SCL with their pull-ups) at the level of bytes: the chip's TWI master calls
 * {@link #start}, {@link #write}, {@link #read}, {@link #stop} when each completes on the wire (it
 * models the timing itself); devices ({@link I2cDevice}) answer. A part or a test can also hold
 * SDA or SCL low (a stuck device); a master then sees the bus busy, loses arbitration or times
 * out, as the chip's TWI defines it. {@link #misplacedStop} puts a STOP condition in the middle of
 * a byte (noise, another master): the chip's TWI reports a bus error.
 *
 * <p>Obtained from {@link dev.avrkit.sim.Machine#i2cBus(String)} by the TWI instance name
 * ("TWI0", "TWI"); the TWI simulation sets {@link #setPins} to the pins its route uses so a
 * circuit can tell which bus its wires reach.
 */
public final class I2cBus {
  private final String name;
  private final LongSupplier clock;
  private final List<I2cDevice> devices = new CopyOnWriteArrayList<>();
  private final List<I2cListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> busErrorWatchers = new CopyOnWriteArrayList<>();
  private I2cDevice addressed;
  private boolean reading;
  private boolean sdaHeld, sclHeld;
  /** Inside a device's answer; a misplaced STOP it asks for follows the byte's event. */
  private int answering;
  private boolean stopPending;
  private String sdaPin = "", sclPin = "";

  /** {@code clock} gives the current CPU cycle for listeners. */
  public I2cBus(String name, LongSupplier clock) {
    this.name = name;
    this.clock = clock;
  }

  public String name() {
    return name;
  }

  public void attach(I2cDevice d) {
    devices.add(d);
  }

  public void detach(I2cDevice d) {
    devices.remove(d);
    if (addressed == d) addressed = null;
  }

  public List<I2cDevice> devices() {
    return List.copyOf(devices);
  }

  public void addListener(I2cListener l) {
    listeners.add(l);
  }

  public void removeListener(I2cListener l) {
    listeners.remove(l);
  }

  /** The chip pins ("PA2", "PA3") the bus's master currently uses for SDA and SCL. */
  public void setPins(String sda, String scl) {
    this.sdaPin = sda;
    this.sclPin = scl;
  }

  public String sdaPin() {
    return sdaPin;
  }

  public String sclPin() {
    return sclPin;
  }

  /** A device (or test) holds SDA low; the master can send no START and no address bit 1. */
  public void holdSdaLow(boolean held) {
    sdaHeld = held;
  }

  /** A device holds SCL low (clock stretching forever): the master waits for it. */
  public void holdSclLow(boolean held) {
    sclHeld = held;
  }

  public boolean sdaHeldLow() {
    return sdaHeld;
  }

  public boolean sclHeldLow() {
    return sclHeld;
  }

  /**
   * START (or repeated START) + address byte; returns the acknowledge. Every device sees the
   * address; the first that acknowledges is the one addressed.
   */
  public boolean start(int address, boolean read) {
    emit(I2cListener.Kind.START, 0, false);
    addressed = null;
    reading = read;
    answering++;
    try {
      for (I2cDevice d : devices) {
        if (d.start(address & 0x7F, read) && addressed == null) addressed = d;
      }
    } finally {
      answering--;
    }
    boolean ack = addressed != null && !stopPending;
    emit(I2cListener.Kind.ADDRESS, (address & 0x7F) << 1 | (read ? 1 : 0), ack);
    afterAnswer();
    return ack;
  }

  /** The master writes a byte; returns the addressed device's acknowledge (false when none). */
  public boolean write(int data) {
    boolean ack;
    answering++;
    try {
      ack = addressed != null && !reading && addressed.write(data & 0xFF);
    } finally {
      answering--;
    }
    emit(I2cListener.Kind.WRITE, data & 0xFF, ack);
    afterAnswer();
    return ack;
  }

  /**
   * The master reads a byte and then sends {@code ack}; with nobody addressed the pulled-up SDA
   * reads 0xFF.
   */
  public int read(boolean ack) {
    int v;
    answering++;
    try {
      v = addressed != null && reading ? addressed.read(ack) & 0xFF : 0xFF;
    } finally {
      answering--;
    }
    emit(I2cListener.Kind.READ, v, ack);
    afterAnswer();
    return v;
  }

  /** STOP: every device is told. */
  public void stop() {
    for (I2cDevice d : devices) d.stop();
    addressed = null;
    emit(I2cListener.Kind.STOP, 0, false);
  }

  /**
   * A STOP condition where the frame has none: during an address or data byte or its acknowledge
   * (a glitch on SDA while SCL is high, another master). Every device is told STOP (no longer
   * addressed); listeners see a STOP; a chip TWI master that is sending or receiving a byte then
   * reports a bus error as its data sheet says and lets go of the lines (ATmega328P: TWSR status
   * 0x00 with TWINT, until TWSTO is written; AVR8X: MSTATUS.BUSERR with WIF, the bus IDLE after
   * the STOP it saw). A device can call it from its {@code start}, {@code write} or {@code read}
   * to break a transfer at a chosen byte, a test from a scheduler event at a chosen cycle. An
   * illegal START is not modelled separately (the classic TWI reports it the same way).
   */
  public void misplacedStop() {
    if (answering > 0) { // after the byte the device answers (listeners see it first)
      stopPending = true;
      return;
    }
    for (I2cDevice d : devices) d.stop();
    addressed = null;
    emit(I2cListener.Kind.STOP, 0, false);
    for (Runnable r : busErrorWatchers) r.run();
  }

  private void afterAnswer() {
    if (answering == 0 && stopPending) {
      stopPending = false;
      misplacedStop();
    }
  }

  /** The chip's TWI registers to hear {@link #misplacedStop}. */
  public void onMisplacedStop(Runnable r) {
    busErrorWatchers.add(r);
  }

  private void emit(I2cListener.Kind k, int v, boolean ack) {
    if (listeners.isEmpty()) return;
    long c = clock.getAsLong();
    for (I2cListener l : listeners) l.event(k, v, ack, c);
  }

  @Override
  public String toString() {
    return name;
  }
}
