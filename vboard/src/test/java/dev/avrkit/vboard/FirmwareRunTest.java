package dev.avrkit.vboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outside the bridge the Nano Every runs its stored firmware in avrkit's simulator with USART3 on
 * the port: avrdude flashes an echo program (assembled by avr-gcc), then a serial session at
 * 9600 baud sees its greeting and its answers.
 */
class FirmwareRunTest {
  @TempDir Path dir;
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Test
  void flashedFirmwareTalksOnUsart3() throws Exception {
    Path src = dir.resolve("echo4809.S");
    try (var in = getClass().getResourceAsStream("echo4809.S")) {
      Files.copy(in, src);
    }
    Process cc =
        new ProcessBuilder("avr-gcc", "-mmcu=avrxmega3", "-nostartfiles", "-nostdlib", "-o",
                dir.resolve("echo.elf").toString(), src.toString())
            .inheritIO().start();
    assertThat(cc.waitFor()).isZero();
    Process oc =
        new ProcessBuilder("avr-objcopy", "-O", "binary", dir.resolve("echo.elf").toString(),
                dir.resolve("echo.bin").toString())
            .inheritIO().start();
    assertThat(oc.waitFor()).isZero();
    try (VirtualBoard b =
        VirtualBoard.start(
            "nano-every", Catalogs.get(),
            VirtualBoard.Options.at(dir.resolve("port")).withLog(events::add))) {
      Avrdude.touch(b.port());
      var r =
          Avrdude.run(dir, 60, "-c", "jtag2updi", "-p", "m4809", "-P", b.port().toString(), "-b",
              "115200", "-e", "-U", "flash:w:echo.bin:r");
      assertThat(r.exit()).as(r.output()).isZero();
      Thread.sleep(800); // the bridge leaves 500 ms after the session
      Process stty = new ProcessBuilder("stty", "-F", b.port().toString(), "9600", "raw", "-echo").start();
      assertThat(stty.waitFor()).isZero();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (RandomAccessFile f = new RandomAccessFile(b.port().toFile(), "rw");
          FileInputStream in = new FileInputStream(f.getFD())) {
        // Wait for each answer with a generous deadline (a loaded machine warms up slowly),
        // then listen a little longer so that extra bytes would be seen.
        readUntil(in, got, "hello\n", 15_000);
        String expected = "hello\n";
        for (char c : "abc".toCharArray()) {
          f.write(c);
          expected += (char) (c + 1);
          readUntil(in, got, expected, 10_000);
        }
        PortReads.readFor(in, got, 300);
      }
      assertThat(got.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello\nbcd");
      assertThat(events).contains("target reset: firmware runs, USART3 on the port at 9600 baud");
    }
  }

  private static void readUntil(FileInputStream in, ByteArrayOutputStream got, String want, int ms)
      throws Exception {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end
        && got.toString(StandardCharsets.ISO_8859_1).length() < want.length()) {
      PortReads.readFor(in, got, 20);
    }
  }

}
