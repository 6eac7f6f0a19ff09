package dev.avrkit.program;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.image.Region;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * avrdude's {@code -U memory:op:file[:format]}: memory (flash, eeprom, fuses, fuseN, lfuse/hfuse/
 * efuse, lock, userrow/usersig, signature), op (w write, r read, v verify), file or immediate
 * values, format (e ELF, i Intel HEX, r raw, m immediate, a auto). Immutable.
 *
 * @param offset the byte within the memory the data starts at (fuse2 = 2 within fuses)
 */
public record UpdateSpec(Region memory, long offset, char op, String file, char format) {

  public static UpdateSpec parse(String text) {
    String t = text.trim();
    // a Windows drive letter would contain ':' too; avrdude's rule: split from the left, the
    // format is the last field when it is one letter
    String[] p = t.split(":");
    if (p.length < 3) {
      throw new AvrkitException("-U " + text + ": expected memory:op:file[:format], e.g. "
          + "flash:w:firmware.hex:i or fuse2:w:0x01:m");
    }
    char fmt = 'a';
    int last = p.length;
    if (p.length >= 4 && p[p.length - 1].length() == 1) {
      fmt = Character.toLowerCase(p[p.length - 1].charAt(0));
      last = p.length - 1;
    }
    String file = String.join(":", java.util.Arrays.copyOfRange(p, 2, last));
    if ("eirma".indexOf(fmt) < 0) {
      throw new AvrkitException("-U " + text + ": format '" + fmt + "' is not one of e (ELF), "
          + "i (Intel HEX), r (raw), m (immediate), a (auto)");
    }
    String op = p[1].toLowerCase(Locale.ROOT);
    if (!op.equals("w") && !op.equals("r") && !op.equals("v")) {
      throw new AvrkitException("-U " + text + ": operation '" + p[1] + "' is not w, r or v");
    }
    String mem = p[0].toLowerCase(Locale.ROOT);
    Region r;
    long off = 0;
    if (mem.matches("fuse\\d+")) {
      r = Region.FUSES;
      off = Long.parseLong(mem.substring(4));
    } else {
      switch (mem) {
        case "lfuse" -> { r = Region.FUSES; off = 0; }
        case "hfuse" -> { r = Region.FUSES; off = 1; }
        case "efuse" -> { r = Region.FUSES; off = 2; }
        default -> r = Region.ofName(mem).orElseThrow(() -> new AvrkitException("-U " + text
            + ": unknown memory '" + p[0] + "'; use flash, eeprom, fuses, fuseN, lock, userrow "
            + "or signature"));
      }
    }
    if (fmt == 'm' && op.equals("r")) {
      throw new AvrkitException("-U " + text + ": immediate values (m) can be written or "
          + "verified, not read into");
    }
    return new UpdateSpec(r, off, op.charAt(0), file, fmt);
  }

  /** The bytes to write or verify: from the file (by format) or immediate values. */
  public MemoryContent content() {
    if (format == 'm') {
      String[] vals = file.split("[ ,]+");
      byte[] b = new byte[vals.length];
      for (int i = 0; i < vals.length; i++) {
        try {
          long v = Long.decode(vals[i].trim());
          if (v < 0 || v > 255) throw new NumberFormatException();
          b[i] = (byte) v;
        } catch (NumberFormatException e) {
          throw new AvrkitException("-U " + memory.memoryName() + ": '" + vals[i]
              + "' is not a byte value (0..255, 0x.. for hex)");
        }
      }
      return MemoryContent.of(offset, b);
    }
    FirmwareImage.Format f = switch (format) {
      case 'e' -> FirmwareImage.Format.ELF;
      case 'i' -> FirmwareImage.Format.IHEX;
      case 'r' -> FirmwareImage.Format.RAW;
      default -> null;
    };
    FirmwareImage img = FirmwareImage.load(Path.of(file), f);
    // an ELF file gives the memory asked for; HEX and raw files are that memory's contents
    Optional<MemoryContent> c = f == FirmwareImage.Format.ELF || img.architecture().isPresent()
        ? Optional.of(img.memory(memory))
        : Optional.of(img.memories().size() == 1 ? img.memories().values().iterator().next()
            : img.memory(memory));
    return c.get().shifted(offset);
  }
}
