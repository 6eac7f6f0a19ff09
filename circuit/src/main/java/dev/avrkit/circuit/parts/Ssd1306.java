package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;
import dev.avrkit.sim.bus.I2cDevice;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * {@code board-ssd1306}: a 128x64 monochrome OLED on I2C (address {@code i2cAddress}, 0x3C by
 * default). After its address the master sends a control byte: Co (bit 7) = one byte follows
 * then another control byte, D/C (bit 6) = data (display RAM) rather than commands. The command
 * set common drivers (Adafruit, U8g2, SSD1306Ascii, ssd1306 crates) use is simulated: display
 * on/off, normal/inverse, entire display on, contrast, addressing modes (horizontal, vertical,
 * page) with column/page windows, page-mode start addresses, segment remap, COM scan direction,
 * display start line and offset, multiplex ratio; charge pump, clock, pre-charge, COM pins,
 * VCOMH and scrolling commands are taken with their arguments (scrolling is not animated).
 */
public final class Ssd1306 implements Part, I2cDevice {
  public static final int WIDTH = 128, HEIGHT = 64;
  private final Circuit.Context ctx;
  private final int address;
  private final byte[] ram = new byte[WIDTH * HEIGHT / 8]; // page-major: ram[page * 128 + col]
  private boolean addressed;
  private int control = -1; // -1: expecting a control byte
  private boolean continuation; // Co = 0: the rest are all data or all commands
  private int[] cmd = new int[8];
  private int cmdLen, cmdNeed;
  private boolean on, inverse, allOn, remap, comFlip;
  private int contrast = 0x7F, mode = 2, startLine, offset, mux = 63;
  private int col, page, colStart, colEnd = 127, pageStart, pageEnd = 7;
  private boolean dirty;
  private double lastReport = -1;
  private long writes;
  private int shownHash;

  public Ssd1306(Circuit.Context ctx) {
    this.ctx = ctx;
    this.address = (int) ctx.number("i2cAddress", 0x3C, 0x08, 0x77);
    ctx.joinI2c(this, "SDA", "SCL");
  }

  @Override
  public String id() {
    return ctx.id();
  }

  // ------------------------------------------------------------------ I2C

  @Override
  public boolean start(int addr, boolean read) {
    addressed = addr == address;
    control = -1;
    return addressed;
  }

  @Override
  public boolean write(int b) {
    if (!addressed) return false;
    if (control < 0) {
      control = b & 0xC0;
      continuation = (b & 0x80) != 0;
      return true;
    }
    if ((control & 0x40) != 0) data(b);
    else command(b);
    if (continuation) control = -1;
    return true;
  }

  @Override
  public int read(boolean ack) {
    // status byte: bit 6 = display off
    return on ? 0x00 : 0x40;
  }

  @Override
  public void stop() {
    if (addressed && dirty) {
      double t = ctx.time();
      if (lastReport < 0 || t - lastReport >= 0.1) {
        report();
        lastReport = t;
      }
    }
    addressed = false;
  }

  /** Reports "display updated" when what the glass shows changed since the last report. */
  private void report() {
    dirty = false;
    int h = java.util.Arrays.hashCode(ram) * 31 + java.util.Objects.hash(on, inverse, allOn, remap, comFlip, startLine, offset, mux);
    if (h == shownHash) return;
    shownHash = h;
    ctx.event("display updated (" + pixelsOn() + " pixels on)");
  }

  private void data(int b) {
    ram[page * WIDTH + col] = (byte) b;
    dirty = true;
    writes++;
    switch (mode) {
      case 0 -> { // horizontal
        if (++col > colEnd) {
          col = colStart;
          if (++page > pageEnd) page = pageStart;
        }
      }
      case 1 -> { // vertical
        if (++page > pageEnd) {
          page = pageStart;
          if (++col > colEnd) col = colStart;
        }
      }
      default -> { // page: the column wraps within the page
        if (++col > 127) col = 0;
      }
    }
  }

  private void command(int b) {
    if (cmdNeed > 0) {
      cmd[cmdLen++] = b;
      if (cmdLen == cmdNeed + 1) {
        run(cmd);
        cmdNeed = 0;
        cmdLen = 0;
      }
      return;
    }
    int args = arguments(b);
    if (args == 0) {
      cmd[0] = b;
      run(cmd);
    } else {
      cmd[0] = b;
      cmdLen = 1;
      cmdNeed = args;
    }
  }

  private static int arguments(int c) {
    return switch (c) {
      case 0x81, 0x20, 0xA8, 0xD3, 0xD5, 0xD9, 0xDA, 0xDB, 0x8D -> 1;
      case 0x21, 0x22, 0xA3 -> 2;
      case 0x29, 0x2A -> 5;
      case 0x26, 0x27 -> 6;
      default -> 0;
    };
  }

  private void run(int[] c) {
    int op = c[0];
    if (op <= 0x0F) {
      col = (col & 0xF0) | op;
      return;
    }
    if (op <= 0x1F) {
      col = (col & 0x0F) | (op & 0x07) << 4;
      return;
    }
    if (op >= 0x40 && op <= 0x7F) {
      startLine = op & 0x3F;
      dirty = true;
      return;
    }
    if (op >= 0xB0 && op <= 0xB7) {
      page = op & 7;
      return;
    }
    switch (op) {
      case 0x81 -> contrast = c[1];
      case 0x20 -> mode = c[1] & 3;
      case 0x21 -> {
        colStart = c[1] & 0x7F;
        colEnd = c[2] & 0x7F;
        col = colStart;
      }
      case 0x22 -> {
        pageStart = c[1] & 7;
        pageEnd = c[2] & 7;
        page = pageStart;
      }
      case 0xA0, 0xA1 -> remap = op == 0xA1;
      case 0xA4, 0xA5 -> allOn = op == 0xA5;
      case 0xA6, 0xA7 -> inverse = op == 0xA7;
      case 0xA8 -> mux = Math.max(15, c[1] & 0x3F);
      case 0xAE, 0xAF -> {
        boolean was = on;
        on = op == 0xAF;
        if (was != on) ctx.event(on ? "display on" : "display off");
      }
      case 0xC0, 0xC8 -> comFlip = op == 0xC8;
      case 0xD3 -> offset = c[1] & 0x3F;
      default -> {} // 0x8D charge pump, 0xD5, 0xD9, 0xDA, 0xDB, 0xE3 nop, scrolling: accepted
    }
    dirty = true;
  }

  // ------------------------------------------------------------------ picture

  /**
   * Whether the pixel at (x, y) of the glass is lit (x from the left, y from the top, the module's
   * pins at the top). The glass of these modules is mounted turned: SEG0 drives the right-most
   * column and COM0 the bottom row, so every driver's set-up (Adafruit_SSD1306, U8g2, the ssd1306
   * crate: segment remap 0xA1, COM scan from COM63 0xC8) shows column 0 of the RAM at the left and
   * page 0 at the top; 0xA0 and 0xC0 turn the picture by 180 degrees, as on the real module.
   */
  public boolean pixel(int x, int y) {
    if (!on) return false;
    if (allOn) return true;
    int com = HEIGHT - 1 - y;
    if (com > mux) return inverse;
    // COM line com shows RAM row (startLine + offset + com), mirrored when scanning from COM[mux]
    int row = comFlip ? mux - com : com;
    row = (row + startLine + offset) & 63;
    int seg = WIDTH - 1 - x;
    int col = remap ? WIDTH - 1 - seg : seg;
    boolean bit = (ram[(row >> 3) * WIDTH + col] >> (row & 7) & 1) != 0;
    return bit != inverse;
  }

  @Override
  public Optional<BufferedImage> screenshot() {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) img.setRGB(x, y, pixel(x, y) ? 0xFFFFFF : 0x000000);
    }
    return Optional.of(img);
  }

  @Override
  public int[] screenSize() {
    return new int[] {WIDTH, HEIGHT};
  }

  public int pixelsOn() {
    int n = 0;
    for (int y = 0; y < HEIGHT; y++) for (int x = 0; x < WIDTH; x++) if (pixel(x, y)) n++;
    return n;
  }

  public boolean displayOn() {
    return on;
  }

  public int contrast() {
    return contrast;
  }

  /** Data bytes written to display RAM so far. */
  public long dataWrites() {
    return writes;
  }

  @Override
  public String state() {
    return (on ? "on" : "off") + ", " + pixelsOn() + " pixels lit";
  }

  @Override
  public void finish() {
    if (dirty) report();
  }
}
