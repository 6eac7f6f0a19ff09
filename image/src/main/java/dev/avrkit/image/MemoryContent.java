package dev.avrkit.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Sparse contents of one memory: runs of bytes at addresses, sorted, merged when adjacent, never
 * overlapping. Addresses not covered are "not in the image" (a programmer leaves them erased).
 * Immutable; build one with {@link #builder()}.
 */
public final class MemoryContent {
  /** One run of bytes starting at {@code address}. */
  public record Chunk(long address, byte[] bytes) {
    public Chunk {
      bytes = bytes.clone();
    }

    /** One past the last address. */
    public long end() { return address + bytes.length; }

    @Override
    public byte[] bytes() { return bytes.clone(); }

    @Override
    public boolean equals(Object o) {
      return o instanceof Chunk c && c.address == address && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() { return Long.hashCode(address) * 31 + Arrays.hashCode(bytes); }

    @Override
    public String toString() {
      return String.format("Chunk[0x%X, %d bytes]", address, bytes.length);
    }
  }

  private static final MemoryContent EMPTY = new MemoryContent(List.of());
  private final List<Chunk> chunks;

  private MemoryContent(List<Chunk> chunks) { this.chunks = List.copyOf(chunks); }

  public static MemoryContent empty() { return EMPTY; }

  /** One run of bytes at an address. */
  public static MemoryContent of(long address, byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new MemoryContent(List.of(new Chunk(address, bytes)));
  }

  public static Builder builder() { return new Builder(); }

  /** The runs, sorted by address, non-overlapping and non-adjacent. */
  public List<Chunk> chunks() { return chunks; }

  public boolean isEmpty() { return chunks.isEmpty(); }

  /** Number of bytes present. */
  public long byteCount() { return chunks.stream().mapToLong(c -> c.bytes.length).sum(); }

  /** Lowest address present (0 when empty). */
  public long lowest() { return chunks.isEmpty() ? 0 : chunks.get(0).address; }

  /** One past the highest address present (0 when empty). */
  public long end() { return chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).end(); }

  /** The byte at an address, or -1 when the image does not cover it. */
  public int get(long address) {
    for (Chunk c : chunks) {
      if (address >= c.address && address < c.end()) {
        return c.bytes[(int) (address - c.address)] & 0xFF;
      }
    }
    return -1;
  }

  /** The bytes from {@code from} (inclusive) to {@code to} (exclusive); gaps hold {@code fill}. */
  public byte[] toArray(long from, long to, byte fill) {
    if (to < from || to - from > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("range " + from + ".." + to);
    }
    byte[] out = new byte[(int) (to - from)];
    Arrays.fill(out, fill);
    for (Chunk c : chunks) {
      long s = Math.max(from, c.address);
      long e = Math.min(to, c.end());
      if (s < e) System.arraycopy(c.bytes, (int) (s - c.address), out, (int) (s - from), (int) (e - s));
    }
    return out;
  }

  /** The same bytes, every address moved by {@code delta}. */
  public MemoryContent shifted(long delta) {
    List<Chunk> l = new ArrayList<>();
    for (Chunk c : chunks) l.add(new Chunk(c.address + delta, c.bytes));
    return new MemoryContent(l);
  }

  /** Only the bytes in [from, to). */
  public MemoryContent slice(long from, long to) {
    Builder b = builder();
    for (Chunk c : chunks) {
      long s = Math.max(from, c.address);
      long e = Math.min(to, c.end());
      if (s < e) {
        b.put(s, Arrays.copyOfRange(c.bytes, (int) (s - c.address), (int) (e - c.address)));
      }
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemoryContent m && m.chunks.equals(chunks);
  }

  @Override
  public int hashCode() { return chunks.hashCode(); }

  @Override
  public String toString() { return "MemoryContent" + chunks; }

  /** Collects runs of bytes; overlapping runs must agree byte for byte. */
  public static final class Builder {
    private final TreeMap<Long, byte[]> runs = new TreeMap<>();

    private Builder() {}

    /**
     * Adds bytes at an address. Returns the first address where they disagree with bytes added
     * before (nothing is changed then), or empty when they were added.
     */
    public OptionalLong put(long address, byte[] data) {
      if (address < 0) throw new IllegalArgumentException("negative address");
      if (data.length == 0) return OptionalLong.empty();
      long end = address + data.length;
      long start = address;
      Map.Entry<Long, byte[]> fl = runs.floorEntry(address);
      if (fl != null && fl.getKey() + fl.getValue().length >= address) start = fl.getKey();
      List<Map.Entry<Long, byte[]>> touched =
          new ArrayList<>(runs.subMap(start, true, end, true).entrySet());
      // check for conflicts first
      for (Map.Entry<Long, byte[]> e : touched) {
        long s = Math.max(address, e.getKey());
        long t = Math.min(end, e.getKey() + e.getValue().length);
        for (long a = s; a < t; a++) {
          if (e.getValue()[(int) (a - e.getKey())] != data[(int) (a - address)]) {
            return OptionalLong.of(a);
          }
        }
      }
      long newEnd = end;
      for (Map.Entry<Long, byte[]> e : touched) {
        newEnd = Math.max(newEnd, e.getKey() + e.getValue().length);
      }
      byte[] merged = new byte[(int) (newEnd - start)];
      for (Map.Entry<Long, byte[]> e : touched) {
        System.arraycopy(e.getValue(), 0, merged, (int) (e.getKey() - start), e.getValue().length);
        runs.remove(e.getKey());
      }
      System.arraycopy(data, 0, merged, (int) (address - start), data.length);
      runs.put(start, merged);
      return OptionalLong.empty();
    }

    /** Adds every run of another content (which must agree where they overlap). */
    public OptionalLong putAll(MemoryContent other) {
      for (Chunk c : other.chunks) {
        OptionalLong r = put(c.address, c.bytes);
        if (r.isPresent()) return r;
      }
      return OptionalLong.empty();
    }

    public MemoryContent build() {
      if (runs.isEmpty()) return EMPTY;
      List<Chunk> l = new ArrayList<>();
      runs.forEach((a, d) -> l.add(new Chunk(a, d)));
      return new MemoryContent(l);
    }
  }
}
