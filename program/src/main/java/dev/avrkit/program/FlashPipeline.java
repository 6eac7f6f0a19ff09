package dev.avrkit.program;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.Fuse;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.image.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One flashing pipeline for every programmer: image -> architecture check -> fits -> fuse and
 * lock safety -> connect -> signature -> erase -> write -> verify -> fuses -> lock. Everything
 * that can be checked without the chip is checked before the chip is touched. Every write is
 * verified by reading it back; on a link failure the message says what was written and how to
 * recover. Link errors are retried (after resynchronising) where the step can simply be redone.
 */
public final class FlashPipeline {
  private static final int RETRIES = 3;

  /**
   * What to do.
   *
   * @param image what to write (flash, EEPROM, user row; its fuses and lock bits are written too)
   * @param erase chip erase before writing (the only way flash gets erased on UPDI parts)
   * @param fuses fuse values by index to write on top of (and overriding) the image's fuses
   * @param lock a lock-bit value to write last, overriding the image's: one byte (LOCKBIT of
   *     megaAVR 0 / tinyAVR, the LB byte of classic parts) or the 32-bit KEY of AVR Dx parts
   *     ({@link TargetInfo#lockSize()} bytes, little-endian; 0xA33A3AA3 locks, 0x5CC5C55C not)
   * @param force write fuse and lock values that the safety rules refuse
   */
  public record Plan(
      FirmwareImage image, boolean erase, Map<Integer, Integer> fuses, Optional<Integer> lock,
      boolean force) {
    public Plan {
      fuses = Map.copyOf(fuses);
    }

    /** Erase and write an image, nothing else. */
    public static Plan of(FirmwareImage image) {
      return new Plan(image, true, Map.of(), Optional.empty(), false);
    }
  }

  /** What was done: one line a step, and the time each phase took. */
  public record Result(List<String> lines, Map<String, Long> nanos) {
    public Result {
      lines = List.copyOf(lines);
      nanos = Map.copyOf(nanos);
    }

    /** Total time spent talking to the chip. */
    public long totalNanos() { return nanos.values().stream().mapToLong(Long::longValue).sum(); }
  }

  private final Device device;
  private final TargetInfo target;
  private final Programmer programmer;
  private final Progress progress;
  private final List<String> done = new ArrayList<>();
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private String step = "connecting";

  public FlashPipeline(Device device, TargetInfo target, Programmer programmer, Progress progress) {
    this.device = device;
    this.target = target;
    this.programmer = programmer;
    this.progress = progress;
  }

  /** The fuse values a plan writes (index to value): the image's, then the plan's. */
  public static Map<Integer, Integer> fuseValues(Plan plan) {
    Map<Integer, Integer> f = new TreeMap<>();
    for (MemoryContent.Chunk c : plan.image().memory(Region.FUSES).chunks()) {
      byte[] b = c.bytes();
      for (int i = 0; i < b.length; i++) f.put((int) c.address() + i, b[i] & 0xFF);
    }
    f.putAll(plan.fuses());
    return f;
  }

  /** The lock value a plan writes (first lock byte only: see {@link #lockValue(Plan, int)}). */
  public static Optional<Integer> lockValue(Plan plan) {
    return lockValue(plan, 1).map(Long::intValue);
  }

  /**
   * The lock value a plan writes, if any: the plan's, else the image's {@code size} lock bytes
   * (little-endian; all of them must be there), as an unsigned number.
   */
  public static Optional<Long> lockValue(Plan plan, int size) {
    if (plan.lock().isPresent()) return Optional.of(plan.lock().get() & 0xFFFFFFFFL);
    MemoryContent c = plan.image().memory(Region.LOCK);
    if (c.isEmpty()) return Optional.empty();
    long v = 0;
    for (int i = size - 1; i >= 0; i--) {
      int b = c.get(i);
      if (b < 0) {
        throw new AvrkitException(String.format("%s: the image's lock bits have %d of the %d "
            + "bytes the lock has; give all %d bytes (or none)", plan.image().source(),
            c.byteCount(), size, size));
      }
      v = v << 8 | b;
    }
    return Optional.of(v);
  }

  private int lockSize() { return Math.max(1, target.lockSize()); }

  /**
   * Checks everything that needs no chip: architecture, sizes, signature section, supported
   * memories, fuse and lock safety. Throws {@link AvrkitException} with the reason.
   */
  public void check(Plan plan) {
    FirmwareImage img = plan.image();
    ArchitectureCheck.check(img, target);
    for (var e : img.memories().entrySet()) {
      Region r = e.getKey();
      MemoryContent c = e.getValue();
      long size = switch (r) {
        case FLASH -> target.flashSize();
        case EEPROM -> target.eepromSize();
        case USERROW -> target.userRowSize();
        case FUSES -> target.fuseCount();
        case LOCK -> Math.max(1, target.lockSize());
        case SIGNATURE -> 3;
        case DATA -> Long.MAX_VALUE;
      };
      if (c.end() > size) {
        throw new AvrkitException(String.format(
            "%s: the image's %s ends at 0x%X (%d bytes) but the %s has %d bytes of %s%s",
            img.source(), r.memoryName(), c.end(), c.end(), target.name(), size, r.memoryName(),
            r == Region.FLASH ? "; make the program smaller or pick a chip with more flash" : ""));
      }
      if (r == Region.SIGNATURE) {
        byte[] s = c.toArray(0, 3, (byte) 0);
        if (c.byteCount() == 3 && !Arrays.equals(s, target.signature())) {
          throw new AvrkitException(String.format("%s: the image was built for the chip with "
              + "signature %s, not the %s (%s)", img.source(), hex(s), target.name(),
              target.signatureText()));
        }
        continue;
      }
      if (r == Region.DATA) continue;
      if (!programmer.supports(r)) {
        throw new AvrkitException(String.format("%s: the image has %s contents but %s cannot "
            + "write %s; remove them from the image or use another programmer", img.source(),
            r.memoryName(), programmer.description(), r.memoryName()));
      }
    }
    List<String> dangers = new ArrayList<>();
    for (var e : fuseValues(plan).entrySet()) {
      if (!programmer.supports(Region.FUSES)) {
        throw new AvrkitException(programmer.description() + " cannot write fuses (fuse"
            + e.getKey() + " requested); leave them out or use a UPDI/ISP programmer");
      }
      if (e.getKey() >= target.fuseCount()) {
        throw new AvrkitException(String.format("fuse%d does not exist: the %s has fuses 0..%d",
            e.getKey(), target.name(), target.fuseCount() - 1));
      }
      if (device != null) {
        Optional<Fuse> f = FuseRules.fuseAt(device, e.getKey());
        f.flatMap(x -> FuseRules.fuseDanger(device, x, e.getValue())).ifPresent(dangers::add);
      }
    }
    Optional<Long> lock = lockValue(plan, lockSize());
    if (lock.isPresent()) {
      if (device == null) {
        dangers.add("lock bits 0x" + Long.toHexString(lock.get()) + " cannot be checked without "
            + "the device model");
      } else {
        FuseRules.lockDanger(device, lock.get()).ifPresent(dangers::add);
      }
    }
    if (!dangers.isEmpty() && !plan.force()) {
      throw new AvrkitException("refusing to write: " + String.join("; ", dangers)
          + ". Pass --force if you really mean it");
    }
  }

  /** Runs the plan: check, connect, signature, erase, write, verify, fuses, lock; closes. */
  public Result run(Plan plan) { return run(plan, p -> {}); }

  /**
   * Runs the plan, then {@code after} in the same session (reads, extra verifies), then closes.
   */
  public Result run(Plan plan, java.util.function.Consumer<Programmer> after) {
    check(plan);
    try (Programmer p = programmer) {
      if (plan.erase()) p.allowUnlockByErase();
      timed("connect", () -> {
        for (int attempt = 1; ; attempt++) {
          try {
            p.connect();
            return null;
          } catch (LinkException e) {
            if (attempt >= RETRIES || e instanceof SerialTransport.NoSuchPort) throw e;
            progress.note("link error while connecting (" + e.getMessage() + "); trying again");
          }
        }
      });
      step = "reading the signature";
      byte[] sig = retry(p::readSignature);
      for (int i = 1; i < RETRIES && !Arrays.equals(sig, target.signature()); i++) {
        sig = retry(p::readSignature); // a line error may have garbled it: read it again
      }
      target.checkSignature(sig, p.description());
      progress.note("signature " + hex(sig) + " (" + target.name() + ") via " + p.description());
      if (plan.erase() && p.canChipErase()) {
        step = "erasing the chip";
        timed("erase", () -> retry(() -> {
          p.chipErase();
          return null;
        }));
        done.add("chip erased");
      }
      for (Region r : List.of(Region.FLASH, Region.EEPROM, Region.USERROW)) {
        MemoryContent c = plan.image().memory(r);
        if (!c.isEmpty()) timed("write " + r.memoryName(), () -> {
          write(p, r, c, plan.erase() || !p.canChipErase());
          return null;
        });
      }
      for (Region r : List.of(Region.FLASH, Region.EEPROM, Region.USERROW)) {
        MemoryContent c = plan.image().memory(r);
        if (!c.isEmpty()) timed("verify " + r.memoryName(), () -> {
          verify(p, r, c);
          return null;
        });
      }
      Map<Integer, Integer> fuses = fuseValues(plan);
      if (!fuses.isEmpty()) {
        timed("fuses", () -> {
          for (var e : fuses.entrySet()) writeByte(p, Region.FUSES, e.getKey(), e.getValue(), "fuse" + e.getKey());
          return null;
        });
      }
      Optional<Long> lock = lockValue(plan, lockSize());
      if (lock.isPresent()) {
        timed("lock", () -> {
          writeLock(p, lock.get());
          return null;
        });
      }
      step = "reading after writing";
      after.accept(p);
      step = "leaving programming mode";
    } catch (LinkException e) {
      throw failure(e);
    }
    return new Result(done, nanos);
  }

  private <T> T timed(String phase, Supplier<T> s) {
    long t0 = System.nanoTime();
    try {
      return s.get();
    } finally {
      nanos.merge(phase, System.nanoTime() - t0, Long::sum);
    }
  }

  private <T> T retry(Supplier<T> op) {
    for (int attempt = 1; ; attempt++) {
      try {
        return op.get();
      } catch (LinkException e) {
        if (attempt >= RETRIES) throw e;
        progress.note("link error while " + step + " (" + e.getMessage() + "); retrying");
        try {
          programmer.recover();
        } catch (LinkException r) {
          throw new LinkException(e.getMessage() + "; resynchronising failed too: " + r.getMessage(), r);
        }
      }
    }
  }

  /** Pages touched by the content, each with its bytes (gaps 0xFF when {@code fill}). */
  private void write(Programmer p, Region r, MemoryContent c, boolean fill) {
    int unit = Math.max(1, p.writeUnit(r));
    List<long[]> spans = new ArrayList<>();
    for (MemoryContent.Chunk ch : c.chunks()) {
      long a = ch.address();
      while (a < ch.end()) {
        long pageStart = a - a % unit;
        long pageEnd = pageStart + unit;
        long s = fill && r == Region.FLASH ? pageStart : a;
        long e = fill && r == Region.FLASH ? pageEnd : Math.min(pageEnd, ch.end());
        if (!spans.isEmpty() && spans.get(spans.size() - 1)[0] == s) {
          spans.get(spans.size() - 1)[1] = Math.max(spans.get(spans.size() - 1)[1], e);
        } else {
          spans.add(new long[] {s, e});
        }
        a = Math.min(pageEnd, ch.end());
      }
    }
    long total = spans.stream().mapToLong(x -> x[1] - x[0]).sum();
    progress.begin("writing " + r.memoryName(), total);
    long first = spans.get(0)[0];
    int burst = Math.max(unit, p.burstUnit(r) / unit * unit);
    int n = 0;
    for (int i = 0; i < spans.size(); ) {
      // a burst: following units that touch each other inside one burst-aligned block
      int j = i + 1;
      long block = spans.get(i)[0] / burst;
      while (j < spans.size() && spans.get(j)[0] == spans.get(j - 1)[1]
          && spans.get(j)[0] / burst == block && (spans.get(j)[1] - 1) / burst == block) {
        j++;
      }
      long bs = spans.get(i)[0];
      long be = spans.get(j - 1)[1];
      byte[] data = c.toArray(bs, be, (byte) 0xFF);
      int units = j - i;
      step = String.format("writing %s at 0x%04X (unit %d of %d)", r.memoryName(), bs, n + 1, spans.size());
      boolean written = false;
      if (units > 1) {
        try {
          p.write(r, bs, data);
          written = true;
        } catch (LinkException e) {
          progress.note(String.format("link error in the burst of %d units at 0x%04X (%s); writing "
              + "them one at a time", units, bs, e.getMessage()));
          try {
            programmer.recover();
          } catch (LinkException again) {
            throw new LinkException(e.getMessage() + "; resynchronising failed too: " + again.getMessage(), again);
          }
        }
      }
      for (int k = i; k < j && !written; k++) {
        long[] s = spans.get(k);
        byte[] one = c.toArray(s[0], s[1], (byte) 0xFF);
        boolean again = units > 1 && p.canRewrite(r); // part of the burst may be on the chip
        step = String.format("writing %s at 0x%04X (unit %d of %d)", r.memoryName(), s[0], n + k - i + 1, spans.size());
        retry(() -> {
          if (again) p.rewrite(r, s[0], one);
          else p.write(r, s[0], one);
          return null;
        });
      }
      n += units;
      lastWritten = String.format("%s 0x%04X-0x%04X written (%d of %d units), not yet verified",
          r.memoryName(), first, be - 1, n, spans.size());
      progress.advance(data.length);
      i = j;
    }
    progress.end();
    lastWritten = null;
    done.add(String.format("%s: %d bytes written (%d units of %d bytes)", r.memoryName(), total, spans.size(), unit));
  }

  private String lastWritten;

  private void verify(Programmer p, Region r, MemoryContent c) {
    progress.begin("verifying " + r.memoryName(), c.byteCount());
    int unit = Math.max(1, p.readUnit(r));
    int page = Math.max(1, p.writeUnit(r));
    int rewrites = 0;
    for (MemoryContent.Chunk ch : c.chunks()) {
      byte[] want = ch.bytes();
      for (int off = 0; off < want.length; off += unit) {
        int n = Math.min(unit, want.length - off);
        long at = ch.address() + off;
        for (int round = 0; ; round++) {
          step = String.format("verifying %s at 0x%04X", r.memoryName(), at);
          byte[] got = retry(() -> p.read(r, at, n));
          int first = -1;
          int diff = 0;
          for (int i = 0; i < n; i++) {
            if (got[i] != want[off + i]) {
              if (first < 0) first = i;
              diff++;
            }
          }
          if (first < 0) break;
          if (round < RETRIES && rewrites < 16 && p.canRewrite(r)) {
            // a byte went wrong on the way (UPDI has no checksum): erase and write that unit again
            long bad = at + first;
            long ps = bad - bad % page;
            progress.note(String.format("verify: %s at 0x%04X reads 0x%02X, image 0x%02X; "
                + "rewriting the %d-byte unit at 0x%04X", r.memoryName(), bad, got[first] & 0xFF,
                want[off + first] & 0xFF, page, ps));
            byte[] data = r == Region.FLASH ? c.toArray(ps, ps + page, (byte) 0xFF)
                : c.slice(ps, ps + page).toArray(Math.max(ps, c.slice(ps, ps + page).lowest()),
                    c.slice(ps, ps + page).end(), (byte) 0xFF);
            long wAt = r == Region.FLASH ? ps : c.slice(ps, ps + page).lowest();
            step = String.format("rewriting %s at 0x%04X", r.memoryName(), wAt);
            retry(() -> {
              p.rewrite(r, wAt, data);
              return null;
            });
            rewrites++;
            continue;
          }
          throw new AvrkitException(String.format(
              "verify FAILED: %s at 0x%04X holds 0x%02X but the image has 0x%02X (%d of the %d "
                  + "bytes read there differ); the chip does NOT hold the image. Done before: %s. "
                  + "Run the command again; if it fails the same way the flash may be worn or "
                  + "the chip locked", r.memoryName(), at + first, got[first] & 0xFF,
              want[off + first] & 0xFF, diff, n, String.join("; ", done)));
        }
        progress.advance(n);
      }
    }
    progress.end();
    done.add(r.memoryName() + ": " + c.byteCount() + " bytes verified"
        + (rewrites > 0 ? " (" + rewrites + " units rewritten after a wrong read-back)" : ""));
  }

  private void writeByte(Programmer p, Region r, int index, int value, String name) {
    step = String.format("writing %s = 0x%02X", name, value);
    retry(() -> {
      p.write(r, index, new byte[] {(byte) value});
      return null;
    });
    step = "verifying " + name;
    int got = retry(() -> p.read(r, index, 1))[0] & 0xFF;
    int mask = 0xFF;
    if (got != value) {
      throw new AvrkitException(String.format("verify FAILED: %s reads back 0x%02X after writing "
          + "0x%02X; done before: %s", name, got, value, String.join("; ", done)));
    }
    done.add(String.format("%s = 0x%02X written and verified", name, value & mask));
  }

  /**
   * Writes the lock bits ({@link TargetInfo#lockSize()} bytes, little-endian: the AVR Dx KEY is
   * 32 bits) and reads them back. A chip takes its lock bits at the next reset, so they read back
   * in this session even when they lock it.
   */
  private void writeLock(Programmer p, long value) {
    int n = lockSize();
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (value >> (8 * i));
    String text = String.format("0x%0" + (2 * n) + "X", value);
    step = "writing lock = " + text;
    retry(() -> {
      p.write(Region.LOCK, 0, b);
      return null;
    });
    step = "verifying lock";
    byte[] got = retry(() -> p.read(Region.LOCK, 0, n));
    if (!Arrays.equals(got, b)) {
      long back = 0;
      for (int i = n - 1; i >= 0; i--) back = back << 8 | (got[i] & 0xFF);
      throw new AvrkitException(String.format("verify FAILED: lock reads back 0x%0" + (2 * n)
          + "X after writing %s; done before: %s", back, text, String.join("; ", done)));
    }
    done.add("lock = " + text + " written and verified");
  }

  private LinkException failure(LinkException e) {
    StringBuilder sb = new StringBuilder();
    sb.append("flashing stopped: the link failed while ").append(step).append(": ")
        .append(e.getMessage());
    sb.append("\n  done before the failure: ").append(done.isEmpty() ? "nothing" : String.join("; ", done));
    if (lastWritten != null) sb.append("\n  partly done: ").append(lastWritten);
    boolean touched = done.stream().anyMatch(d -> d.contains("erased") || d.contains("written"))
        || lastWritten != null;
    if (touched) {
      sb.append("\n  the chip does not hold the complete image: do not trust it. Check the cable "
          + "and port, then run the same command again (it erases and writes everything again)");
    } else {
      sb.append("\n  nothing on the chip was changed. Check the cable, the port (`avrkit ports`) "
          + "and the programmer kind, then try again");
    }
    return new LinkException(sb.toString(), e);
  }

  private static String hex(byte[] b) { return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b); }
}
