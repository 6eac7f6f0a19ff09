package dev.avrkit.vboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Runs Debian's avrdude (the peer nobody here wrote) and the 1200-baud touch (stty). */
final class Avrdude {
  private Avrdude() {}

  record Result(int exit, String output, long millis) {}

  static Result run(Path dir, int timeoutSeconds, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("avrdude");
    cmd.add("-C");
    cmd.add("/etc/avrdude.conf");
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "avrdude", ".log");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      return new Result(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n[timed out]",
          (System.nanoTime() - t0) / 1_000_000);
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** The 1200-baud touch as a user does it: set 1200 baud on the port, then close it. */
  static void touch(Path port) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("stty", "-F", port.toString(), "1200").inheritIO().start();
    if (p.waitFor() != 0) throw new IOException("stty failed on " + port);
    Thread.sleep(300); // the bridge needs a moment, like the real one
  }

  static byte[] randomImage(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
