package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;
import dev.avrkit.sim.bus.I2cDevice;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code wokwi-ds1307}: the I2C real-time clock at 0x68, counting simulated time. Registers 0..6
 * hold seconds (bit 7 = CH, clock halt), minutes, hours (bit 6 = 12-hour mode, then bit 5 = PM),
 * day of week, date, month and year in BCD; 7 is the control register (SQW), 8..0x3F are 56 bytes
 * of RAM. The register pointer increments after each byte and wraps from 0x3F to 0. As in the
 * chip, a START copies the time into the registers read out (so a multi-byte read is
 * consistent) and writing the seconds restarts the second. {@code initTime}: "0" =
 * 2000-01-01T00:00:00, "now" (the default: the host's time in UTC) or an ISO 8601 date-time.
 */
public final class Ds1307 implements Part, I2cDevice {
  private final Circuit.Context ctx;
  private final byte[] reg = new byte[64];
  private LocalDateTime base; // the time at simulated second baseAt
  private double baseAt;
  private boolean halted;
  private int pointer;
  private boolean addressed, first;
  private int dayOfWeek = 1;
  private boolean twelveHour;

  public Ds1307(Circuit.Context ctx) {
    this.ctx = ctx;
    String init = ctx.attr("initTime", "now");
    if (init.equals("0")) base = LocalDateTime.of(2000, 1, 1, 0, 0, 0);
    else if (init.equals("now")) base = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    else {
      try {
        base = OffsetDateTime.parse(init).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      } catch (DateTimeParseException e) {
        try {
          base = LocalDateTime.parse(init);
        } catch (DateTimeParseException e2) {
          throw ctx.error("initTime \"" + init + "\" is not \"0\", \"now\" or an ISO 8601 date-time like 2019-11-19T11:41:56Z");
        }
      }
    }
    if (base.getYear() < 2000 || base.getYear() > 2099) throw ctx.error("initTime " + base + " is outside 2000..2099 (two BCD digits of year)");
    dayOfWeek = base.getDayOfWeek().getValue() % 7 + 1; // Sunday = 1 (RTClib's convention: any 1..7 works)
    baseAt = ctx.time();
    ctx.joinI2c(this, "SDA", "SCL");
    latch();
  }

  @Override
  public String id() {
    return ctx.id();
  }

  /** The clock's time now (simulated). */
  public LocalDateTime now() {
    if (halted) return base;
    double dt = ctx.time() - baseAt;
    return base.plusNanos((long) Math.floor(dt * 1e9));
  }

  private void latch() {
    LocalDateTime t = now();
    int days = (int) ChronoUnit.DAYS.between(base.toLocalDate(), t.toLocalDate());
    int dow = Math.floorMod(dayOfWeek - 1 + days, 7) + 1;
    reg[0] = (byte) (bcd(t.getSecond()) | (halted ? 0x80 : 0));
    reg[1] = (byte) bcd(t.getMinute());
    if (twelveHour) {
      int h = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
      reg[2] = (byte) (0x40 | (t.getHour() >= 12 ? 0x20 : 0) | bcd(h));
    } else {
      reg[2] = (byte) bcd(t.getHour());
    }
    reg[3] = (byte) dow;
    reg[4] = (byte) bcd(t.getDayOfMonth());
    reg[5] = (byte) bcd(t.getMonthValue());
    reg[6] = (byte) bcd(t.getYear() - 2000);
  }

  private static int bcd(int v) {
    return (v / 10) << 4 | (v % 10);
  }

  private static int unbcd(int b) {
    return (b >> 4 & 0x0F) * 10 + (b & 0x0F);
  }

  @Override
  public boolean start(int address, boolean read) {
    addressed = address == 0x68;
    first = !read;
    if (addressed) latch();
    return addressed;
  }

  @Override
  public boolean write(int b) {
    if (!addressed) return false;
    if (first) {
      pointer = b & 0x3F;
      first = false;
      return true;
    }
    if (pointer <= 6) writeTime(pointer, b);
    else reg[pointer] = (byte) b;
    pointer = (pointer + 1) & 0x3F;
    return true;
  }

  private void writeTime(int r, int b) {
    LocalDateTime t = now();
    int sec = t.getSecond(), min = t.getMinute(), hour = t.getHour(), day = t.getDayOfMonth(), mon = t.getMonthValue(), year = t.getYear();
    switch (r) {
      case 0 -> {
        sec = Math.min(59, unbcd(b & 0x7F));
        halted = (b & 0x80) != 0;
      }
      case 1 -> min = Math.min(59, unbcd(b & 0x7F));
      case 2 -> {
        twelveHour = (b & 0x40) != 0;
        if (twelveHour) {
          int h = unbcd(b & 0x1F) % 12;
          hour = h + ((b & 0x20) != 0 ? 12 : 0);
        } else {
          hour = Math.min(23, unbcd(b & 0x3F));
        }
      }
      case 3 -> dayOfWeek = Math.max(1, Math.min(7, b & 7));
      case 4 -> day = Math.max(1, Math.min(31, unbcd(b & 0x3F)));
      case 5 -> mon = Math.max(1, Math.min(12, unbcd(b & 0x1F)));
      default -> year = 2000 + unbcd(b);
    }
    int maxDay = java.time.YearMonth.of(year, mon).lengthOfMonth();
    LocalDateTime n = LocalDateTime.of(year, mon, Math.min(day, maxDay), hour, min, sec);
    if (r == 3) {
      // the day of week is a free-running counter: keep it relative to the date
      base = now().truncatedTo(ChronoUnit.SECONDS);
    } else {
      // writing the seconds restarts the second; other fields keep the fraction
      double fraction = r == 0 ? 0 : (ctx.time() - baseAt) % 1.0;
      base = n;
      if (r != 0 && !halted) base = base.plusNanos((long) (Math.max(0, fraction) * 1e9));
    }
    baseAt = ctx.time();
    latch();
  }

  @Override
  public int read(boolean ack) {
    int v = reg[pointer] & 0xFF;
    pointer = (pointer + 1) & 0x3F;
    return v;
  }

  @Override
  public void stop() {
    addressed = false;
  }

  @Override
  public String state() {
    return now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
