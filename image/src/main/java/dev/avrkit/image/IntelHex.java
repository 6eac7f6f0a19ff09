package dev.avrkit.image;

import dev.avrkit.device.AvrkitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Intel HEX reading and writing: records 00 (data), 01 (end of file), 02 (extended segment
 * address), 03/05 (start address, ignored), 04 (extended linear address). Every record's checksum
 * is checked; errors name the file and line.
 */
public final class IntelHex {
  private IntelHex() {}

  /** Reads a HEX file. */
  public static MemoryContent read(Path file) {
    return parse(new String(FirmwareImage.readBytes(file), StandardCharsets.ISO_8859_1), file.toString());
  }

  /** Parses HEX text; {@code name} names the source in error messages. */
  public static MemoryContent parse(String text, String name) {
    MemoryContent.Builder out = MemoryContent.builder();
    long base = 0;
    boolean eof = false;
    String[] lines = text.split("\r\n|\n|\r", -1);
    for (int ln = 0; ln < lines.length; ln++) {
      String line = lines[ln].strip();
      String where = name + ":" + (ln + 1);
      if (line.isEmpty()) continue;
      if (eof) throw new AvrkitException(where + ": data after the end-of-file record");
      if (line.charAt(0) != ':') {
        throw new AvrkitException(where + ": not an Intel HEX record (lines start with ':')");
      }
      if (line.length() < 11 || (line.length() - 1) % 2 != 0) {
        throw new AvrkitException(where + ": record too short or odd number of hex digits");
      }
      byte[] rec = new byte[(line.length() - 1) / 2];
      for (int i = 0; i < rec.length; i++) {
        int hi = Character.digit(line.charAt(1 + 2 * i), 16);
        int lo = Character.digit(line.charAt(2 + 2 * i), 16);
        if (hi < 0 || lo < 0) {
          throw new AvrkitException(where + ": '" + line.substring(1 + 2 * i, 3 + 2 * i)
              + "' at column " + (2 + 2 * i) + " is not a hex number");
        }
        rec[i] = (byte) (hi << 4 | lo);
      }
      int len = rec[0] & 0xFF;
      if (rec.length != len + 5) {
        throw new AvrkitException(where + ": record says " + len + " data bytes but holds "
            + (rec.length - 5));
      }
      int sum = 0;
      for (byte x : rec) sum += x & 0xFF;
      if ((sum & 0xFF) != 0) {
        int got = rec[rec.length - 1] & 0xFF;
        int want = (got - sum) & 0xFF;
        throw new AvrkitException(String.format(
            "%s: checksum 0x%02X wrong (should be 0x%02X); the file is damaged", where, got, want));
      }
      int offset = (rec[1] & 0xFF) << 8 | (rec[2] & 0xFF);
      int type = rec[3] & 0xFF;
      switch (type) {
        case 0x00 -> {
          byte[] d = new byte[len];
          System.arraycopy(rec, 4, d, 0, len);
          OptionalLong c = out.put(base + offset, d);
          if (c.isPresent()) {
            throw new AvrkitException(String.format(
                "%s: data for address 0x%X disagrees with an earlier record", where, c.getAsLong()));
          }
        }
        case 0x01 -> eof = true;
        case 0x02 -> {
          requireLen(where, len, 2);
          base = (long) ((rec[4] & 0xFF) << 8 | (rec[5] & 0xFF)) << 4;
        }
        case 0x04 -> {
          requireLen(where, len, 2);
          base = (long) ((rec[4] & 0xFF) << 8 | (rec[5] & 0xFF)) << 16;
        }
        case 0x03, 0x05 -> { /* start address: meaningless for AVR programming */ }
        default -> throw new AvrkitException(
            String.format("%s: unknown record type %02X", where, type));
      }
    }
    if (!eof) {
      throw new AvrkitException(
          name + ": no end-of-file record (:00000001FF); the file looks truncated");
    }
    return out.build();
  }

  private static void requireLen(String where, int len, int want) {
    if (len != want) throw new AvrkitException(where + ": address record with " + len + " bytes (needs " + want + ")");
  }

  /** HEX text of the contents, 16 data bytes a record, extended linear records above 64 KiB. */
  public static String format(MemoryContent content) { return format(content, 16); }

  /** HEX text with at most {@code perRecord} (1..255) data bytes a record. */
  public static String format(MemoryContent content, int perRecord) {
    if (perRecord < 1 || perRecord > 255) throw new IllegalArgumentException("perRecord " + perRecord);
    StringBuilder sb = new StringBuilder();
    long upper = 0;
    for (MemoryContent.Chunk c : content.chunks()) {
      byte[] d = c.bytes();
      long a = c.address();
      int i = 0;
      while (i < d.length) {
        if ((a >>> 16) != upper) {
          upper = a >>> 16;
          if (upper > 0xFFFF) throw new IllegalArgumentException("address beyond 32 bits");
          record(sb, 0, 0x04, new byte[] {(byte) (upper >> 8), (byte) upper}, 0, 2);
        }
        int n = (int) Math.min(perRecord, Math.min(d.length - i, 0x10000 - (a & 0xFFFF)));
        record(sb, (int) (a & 0xFFFF), 0x00, d, i, n);
        i += n;
        a += n;
      }
    }
    sb.append(":00000001FF\n");
    return sb.toString();
  }

  /** Writes HEX text to a file. */
  public static void write(Path file, MemoryContent content) {
    try {
      Files.writeString(file, format(content), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new AvrkitException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  private static void record(StringBuilder sb, int addr, int type, byte[] d, int from, int n) {
    int sum = n + (addr >> 8) + (addr & 0xFF) + type;
    sb.append(':').append(String.format("%02X%04X%02X", n, addr, type));
    for (int i = 0; i < n; i++) {
      sb.append(String.format("%02X", d[from + i] & 0xFF));
      sum += d[from + i] & 0xFF;
    }
    sb.append(String.format("%02X", (-sum) & 0xFF)).append('\n');
  }
}
