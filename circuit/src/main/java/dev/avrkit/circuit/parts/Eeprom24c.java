package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;
import dev.avrkit.sim.bus.I2cDevice;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code avrkit-24c256}: an I2C EEPROM of the 24C256 family (32 KiB, 64-byte pages, address
 * 0x50 + A2..A0 via {@code i2cAddress}). A write sends two address bytes (high, low) then data
 * that fills the page buffer, wrapping within the page; the STOP starts the internal write cycle
 * (t_WR, {@code writeTime} ms, 5 by default) during which the chip does not acknowledge its
 * address (masters poll for the ACK). Reads continue from the current address (after a write's
 * address bytes: a random read) and roll over the whole memory. The memory lives in the part,
 * so it keeps its data across resets of the chip; it starts erased (0xFF).
 */
public final class Eeprom24c implements Part, I2cDevice {
  public static final int SIZE = 32 * 1024, PAGE = 64;
  private final Circuit.Context ctx;
  private final int address;
  private final double writeTime;
  private final byte[] mem = new byte[SIZE];
  private final byte[] buffer = new byte[PAGE];
  private final boolean[] loaded = new boolean[PAGE];
  private int pointer, addrBytes;
  private boolean addressed, reading, pending;
  private double busyUntil = -1;
  private int pageBase;
  private long pageWrites;

  public Eeprom24c(Circuit.Context ctx) {
    this.ctx = ctx;
    this.address = (int) ctx.number("i2cAddress", 0x50, 0x50, 0x57);
    this.writeTime = ctx.number("writeTime", 5, 0, 100) / 1000;
    Arrays.fill(mem, (byte) 0xFF);
    ctx.joinI2c(this, "SDA", "SCL");
  }

  @Override
  public String id() {
    return ctx.id();
  }

  @Override
  public boolean start(int addr, boolean read) {
    addressed = false;
    if (addr != address) return false;
    if (ctx.time() < busyUntil) return false; // busy writing: no ACK
    addressed = true;
    reading = read;
    if (!read) {
      addrBytes = 0;
      pending = false;
    }
    return true;
  }

  @Override
  public boolean write(int b) {
    if (!addressed || reading) return false;
    if (addrBytes == 0) {
      pointer = (b & 0x7F) << 8 | (pointer & 0xFF);
      addrBytes++;
      return true;
    }
    if (addrBytes == 1) {
      pointer = (pointer & 0x7F00) | b;
      addrBytes++;
      pageBase = pointer & ~(PAGE - 1);
      Arrays.fill(loaded, false);
      return true;
    }
    int off = pointer & (PAGE - 1);
    buffer[off] = (byte) b;
    loaded[off] = true;
    pending = true;
    pointer = pageBase | ((off + 1) & (PAGE - 1));
    return true;
  }

  @Override
  public int read(boolean ack) {
    int v = mem[pointer] & 0xFF;
    pointer = (pointer + 1) % SIZE;
    return v;
  }

  @Override
  public void stop() {
    if (addressed && !reading && pending) {
      int n = 0;
      for (int i = 0; i < PAGE; i++) {
        if (loaded[i]) {
          mem[pageBase + i] = buffer[i];
          n++;
        }
      }
      pageWrites++;
      busyUntil = ctx.time() + writeTime;
      ctx.event(String.format(Locale.ROOT, "wrote %d bytes at 0x%04X", n, pageBase));
    }
    pending = false;
    addressed = false;
  }

  /** The memory (for tests and inspection). */
  public byte[] memory() {
    return mem;
  }

  public long pageWrites() {
    return pageWrites;
  }

  @Override
  public String state() {
    return pageWrites + " page writes";
  }
}
