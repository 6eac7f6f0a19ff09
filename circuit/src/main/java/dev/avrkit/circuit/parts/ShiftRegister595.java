package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;
import dev.avrkit.sim.PinListener;
import dev.avrkit.sim.bus.SpiDevice;
import java.util.Locale;

/**
 * {@code wokwi-74hc595}: 8-bit serial-in, parallel-out shift register. A rising edge on SHCP
 * shifts DS into stage 0 (stage 7 leaves on Q7S, for chaining); a rising edge on STCP copies the
 * stages to the output latch; Q0..Q7 drive the latch while OE is low (or unwired) and float
 * otherwise; MR low clears the stages. Bit-banged firmware (shiftOut) toggles the pins; when DS
 * and SHCP are wired to the chip's SPI MOSI/SCK, the part also joins that SPI bus and takes
 * whole bytes (first bit on the wire ends in Q7), unless the SPI simulation's own SCK edges on
 * the pins have shifted the byte in already.
 */
public final class ShiftRegister595 implements Part, SpiDevice {
  private final Circuit.Context ctx;
  private final Circuit.Driver[] q = new Circuit.Driver[8];
  private final Circuit.Driver q7s;
  private int stages, latch = -1;
  private int lastShcp = PinListener.FLOATING, lastStcp = PinListener.FLOATING;
  private boolean enabled = true;
  private int edgesSinceByte;

  public ShiftRegister595(Circuit.Context ctx) {
    this.ctx = ctx;
    for (int i = 0; i < 8; i++) q[i] = ctx.driver("Q" + i, false);
    q7s = ctx.driver("Q7S", false);
    ctx.watch("DS", "SHCP", "STCP", "OE", "MR");
    ctx.joinSpi(this, "SHCP", "DS");
    latch = 0;
  }

  @Override
  public String id() {
    return ctx.id();
  }

  @Override
  public void netsChanged() {
    int mr = ctx.level("MR");
    if (ctx.connected("MR") && mr == 0) stages = 0;
    int shcp = ctx.level("SHCP");
    if (shcp == 1 && lastShcp == 0) {
      shift(ctx.level("DS") == 1 ? 1 : 0);
      edgesSinceByte++;
    }
    lastShcp = shcp;
    int stcp = ctx.level("STCP");
    if (stcp == 1 && lastStcp == 0) store();
    lastStcp = stcp;
    boolean en = !ctx.connected("OE") || ctx.level("OE") == 0;
    if (en != enabled) {
      enabled = en;
      drive();
    }
  }

  private void shift(int bit) {
    stages = (stages << 1 | bit) & 0x1FF;
    q7s.level(stages >> 7 & 1);
    stages &= 0xFF;
  }

  private void store() {
    if (latch == stages) return;
    latch = stages;
    ctx.event(String.format(Locale.ROOT, "outputs %8s", Integer.toBinaryString(latch)).replace(' ', '0').replace("outputs0", "outputs "));
    drive();
  }

  private void drive() {
    for (int i = 0; i < 8; i++) q[i].level(enabled ? latch >> i & 1 : PinListener.FLOATING);
  }

  @Override
  public boolean selected() {
    return true; // no chip select: every byte on SCK/MOSI shifts in; STCP latches
  }

  @Override
  public int transfer(int mosi) {
    int out = stages;
    // an SPI simulation that also drives the SCK/MOSI pins has shifted the byte in already
    if (edgesSinceByte >= 8) {
      edgesSinceByte = 0;
      return out;
    }
    edgesSinceByte = 0;
    for (int i = 7; i >= 0; i--) shift(mosi >> i & 1);
    return out; // Q7S shifts the old stages out, MSB first
  }

  /** The output latch (Q0 = bit 0). */
  public int outputs() {
    return latch;
  }

  @Override
  public String state() {
    return "Q7..Q0 = " + String.format(Locale.ROOT, "%8s", Integer.toBinaryString(latch)).replace(' ', '0');
  }
}
