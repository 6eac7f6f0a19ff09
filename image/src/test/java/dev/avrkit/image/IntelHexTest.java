package dev.avrkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.device.AvrkitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Intel HEX reading and writing; avr-objcopy converts both ways as the oracle. */
class IntelHexTest {
  @TempDir Path dir;

  @Test
  void readsObjcopyOutputAcross64k() throws Exception {
    byte[] data = new byte[70_000 + 123];
    new Random(5).nextBytes(data);
    Path bin = dir.resolve("in.bin");
    Files.write(bin, data);
    Path hex = dir.resolve("in.hex");
    Tools.run(dir, "avr-objcopy", "-I", "binary", "-O", "ihex", bin.toString(), hex.toString());
    MemoryContent c = IntelHex.read(hex);
    assertThat(c.chunks()).hasSize(1);
    assertThat(c.lowest()).isZero();
    assertThat(c.toArray(0, c.end(), (byte) 0)).isEqualTo(data);
  }

  @Test
  void writtenHexReadsBackInObjcopy() throws Exception {
    MemoryContent.Builder b = MemoryContent.builder();
    Random r = new Random(7);
    byte[] a = new byte[300];
    byte[] z = new byte[0x11000];
    r.nextBytes(a);
    r.nextBytes(z);
    b.put(0x10, a);
    b.put(0xF800, z); // crosses 64 KiB and 128 KiB? crosses 0x10000
    MemoryContent c = b.build();
    Path hex = dir.resolve("out.hex");
    IntelHex.write(hex, c);
    Path bin = dir.resolve("out.bin");
    Tools.run(dir, "avr-objcopy", "-I", "ihex", "-O", "binary", "--gap-fill", "0xff",
        hex.toString(), bin.toString());
    // objcopy's binary output starts at the lowest address
    assertThat(Files.readAllBytes(bin)).isEqualTo(c.toArray(0x10, c.end(), (byte) 0xFF));
    assertThat(IntelHex.read(hex)).isEqualTo(c);
    assertThat(Files.readString(hex)).contains(":020000040001F9").endsWith(":00000001FF\n");
  }

  @Test
  void badChecksumNamesFileAndLine() {
    String text = ":0400000001020304F2\n:0400040001020304EE\n:00000001FF\n";
    assertThat(IntelHex.parse(text.replace("EE", "EE"), "ok").byteCount()).isEqualTo(4 + 4);
    String bad = text.replace("304EE", "304EF");
    assertThatThrownBy(() -> IntelHex.parse(bad, "fw.hex"))
        .isInstanceOf(AvrkitException.class)
        .hasMessage("fw.hex:2: checksum 0xEF wrong (should be 0xEE); the file is damaged");
  }

  @Test
  void otherErrorsNameTheLine() {
    assertThatThrownBy(() -> IntelHex.parse(":00000001FF\n:0100000000FF\n", "f.hex"))
        .hasMessageStartingWith("f.hex:2: data after the end-of-file record");
    assertThatThrownBy(() -> IntelHex.parse("hello\n", "f.hex"))
        .hasMessageStartingWith("f.hex:1: not an Intel HEX record");
    assertThatThrownBy(() -> IntelHex.parse(":0100000000FF\n", "f.hex"))
        .hasMessageStartingWith("f.hex: no end-of-file record");
    assertThatThrownBy(() -> IntelHex.parse(":0200000000FE\n:00000001FF\n", "f.hex"))
        .hasMessageStartingWith("f.hex:1: record says 2 data bytes but holds 1");
    assertThatThrownBy(() -> IntelHex.parse(":01000000GGFF\n", "f.hex"))
        .hasMessageStartingWith("f.hex:1: 'GG' at column 10 is not a hex number");
    assertThatThrownBy(() -> IntelHex.parse(":0100000001FE\n:0100000002FD\n:00000001FF\n", "f.hex"))
        .hasMessageStartingWith("f.hex:2: data for address 0x0 disagrees");
  }

  @Test
  void segmentAddressRecords() {
    // 02 record: base 0x1000 << 4 = 0x10000
    String text = ":020000021000EC\n:02000000AABB99\n:00000001FF\n";
    MemoryContent c = IntelHex.parse(text, "s.hex");
    assertThat(c.lowest()).isEqualTo(0x10000);
    assertThat(c.get(0x10001)).isEqualTo(0xBB);
  }

  @Test
  void contentMergesAndSlices() {
    MemoryContent.Builder b = MemoryContent.builder();
    b.put(4, new byte[] {4, 5});
    b.put(0, new byte[] {0, 1});
    b.put(2, new byte[] {2, 3});
    assertThat(b.put(1, new byte[] {1, 2, 3})).isEmpty();
    assertThat(b.put(3, new byte[] {9})).hasValue(3);
    MemoryContent c = b.build();
    assertThat(c.chunks()).hasSize(1);
    assertThat(c.toArray(0, 7, (byte) -1)).containsExactly(0, 1, 2, 3, 4, 5, -1);
    assertThat(c.slice(2, 4).chunks().get(0).address()).isEqualTo(2);
    assertThat(c.slice(2, 4).byteCount()).isEqualTo(2);
    assertThat(c.get(6)).isEqualTo(-1);
  }
}
