package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;
import dev.avrkit.sim.bus.I2cDevice;

/**
 * {@code wokwi-lcd1602} with {@code pins: "i2c"}: an HD44780 16x2 character LCD behind a
 * PCF8574 I/O expander (address {@code i2cAddress}, 0x27 by default). Each byte written to the
 * PCF8574 sets its outputs P0..P7 = RS, RW, E, backlight, D4..D7; the HD44780 takes the data
 * nibble on the falling edge of E. It starts in 8-bit mode (one nibble = one instruction, as the
 * usual initialisation 0x3, 0x3, 0x3, 0x2 expects); function set with DL = 0 switches to 4-bit
 * mode (two nibbles, high first). Instructions: clear, home, entry mode (increment/decrement,
 * shift), display on/off/cursor/blink, cursor/display shift, function set, CGRAM and DDRAM
 * address; data goes to DDRAM (line 1 at 0x00-0x27, line 2 at 0x40-0x67) or CGRAM.
 */
public final class Lcd1602 implements Part, I2cDevice {
  private final Circuit.Context ctx;
  private final int address;
  private boolean addressed;
  private int port = 0xFF;
  private boolean fourBit, half;
  private int high;
  private final byte[] ddram = new byte[0x80];
  private final byte[] cgram = new byte[64];
  private int ac;
  private boolean cgMode, increment = true, shiftDisplay, displayOn, backlight;
  private int shift;
  private String shown = "";

  public Lcd1602(Circuit.Context ctx) {
    this.ctx = ctx;
    String pins = ctx.attr("pins", "full");
    if (!pins.equals("i2c")) {
      throw ctx.error("only the I2C backpack is simulated: set attrs {\"pins\": \"i2c\"} and wire GND, VCC, SDA, SCL");
    }
    this.address = (int) ctx.number("i2cAddress", 0x27, 0x08, 0x77);
    java.util.Arrays.fill(ddram, (byte) ' ');
    ctx.joinI2c(this, "SDA", "SCL");
  }

  @Override
  public String id() {
    return ctx.id();
  }

  @Override
  public boolean start(int addr, boolean read) {
    addressed = addr == address;
    return addressed;
  }

  @Override
  public boolean write(int b) {
    if (!addressed) return false;
    int before = port;
    port = b & 0xFF;
    boolean bl = (port & 0x08) != 0;
    if (bl != backlight) {
      backlight = bl;
      ctx.event(bl ? "backlight on" : "backlight off");
    }
    if ((before & 0x04) != 0 && (port & 0x04) == 0 && (port & 0x02) == 0) nibble(port >> 4 & 0x0F, (port & 1) != 0);
    return true;
  }

  @Override
  public int read(boolean ack) {
    return port; // quasi-bidirectional outputs read back as written (busy flag never set)
  }

  @Override
  public void stop() {
    if (!addressed) return;
    addressed = false;
    String now = line(0) + "|" + line(1);
    if (!now.equals(shown)) {
      shown = now;
      ctx.event("\"" + line(0).stripTrailing() + "\" / \"" + line(1).stripTrailing() + "\"");
    }
  }

  private void nibble(int n, boolean rs) {
    if (!fourBit) {
      byte8(n << 4, rs);
      return;
    }
    if (!half) {
      high = n;
      half = true;
      return;
    }
    half = false;
    byte8(high << 4 | n, rs);
  }

  private void byte8(int v, boolean rs) {
    if (rs) {
      if (cgMode) {
        cgram[ac & 0x3F] = (byte) v;
        ac = (ac + (increment ? 1 : -1)) & 0x3F;
      } else {
        ddram[ac & 0x7F] = (byte) v;
        moveCursor();
        if (shiftDisplay) shift += increment ? 1 : -1;
      }
      return;
    }
    if (v == 0x01) {
      java.util.Arrays.fill(ddram, (byte) ' ');
      ac = 0;
      cgMode = false;
      increment = true;
      shift = 0;
    } else if ((v & 0xFE) == 0x02) {
      ac = 0;
      cgMode = false;
      shift = 0;
    } else if ((v & 0xFC) == 0x04) {
      increment = (v & 2) != 0;
      shiftDisplay = (v & 1) != 0;
    } else if ((v & 0xF8) == 0x08) {
      boolean on = (v & 4) != 0;
      if (on != displayOn) ctx.event(on ? "display on" : "display off");
      displayOn = on;
    } else if ((v & 0xF0) == 0x10) {
      boolean display = (v & 8) != 0, right = (v & 4) != 0;
      if (display) shift += right ? -1 : 1;
      else ac = right ? next(ac) : prev(ac);
    } else if ((v & 0xE0) == 0x20) {
      fourBit = (v & 0x10) == 0;
      half = false;
    } else if ((v & 0xC0) == 0x40) {
      cgMode = true;
      ac = v & 0x3F;
    } else if ((v & 0x80) != 0) {
      cgMode = false;
      ac = v & 0x7F;
    }
  }

  private void moveCursor() {
    ac = increment ? next(ac) : prev(ac);
  }

  private static int next(int a) {
    if (a == 0x27) return 0x40;
    if (a == 0x67) return 0x00;
    return a + 1;
  }

  private static int prev(int a) {
    if (a == 0x40) return 0x27;
    if (a == 0x00) return 0x67;
    return a - 1;
  }

  /** The 16 characters shown on line {@code row} (0 or 1); user-defined characters as '?'. */
  public String line(int row) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      int pos = Math.floorMod(i + shift, 40);
      int c = ddram[(row == 0 ? 0 : 0x40) + pos] & 0xFF;
      b.append(!displayOn ? ' ' : c >= 0x20 && c < 0x7F ? (char) c : '?');
    }
    return b.toString();
  }

  public boolean backlight() {
    return backlight;
  }

  @Override
  public String state() {
    return "\"" + line(0) + "\" / \"" + line(1) + "\"";
  }
}
