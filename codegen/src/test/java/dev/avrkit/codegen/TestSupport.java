package dev.avrkit.codegen;

import dev.avrkit.device.DeviceCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared helpers: the device catalog, where the tests write, running peer tools. */
final class TestSupport {
  private TestSupport() {}

  private static DeviceCatalog catalog;

  static synchronized DeviceCatalog catalog() {
    if (catalog == null) catalog = DeviceCatalog.fromEnvironment();
    return catalog;
  }

  /** A folder under codegen/target for a test's files. */
  static Path work(String name) throws IOException {
    Path p = Path.of("target", "test-work", name).toAbsolutePath();
    Files.createDirectories(p);
    return p;
  }

  /** cargo from rustup (PATH first, then ~/.cargo/bin). */
  static String cargo() {
    return AvrToolchain.onPath("cargo").orElseGet(() -> {
      Path p = Path.of(System.getProperty("user.home"), ".cargo", "bin", "cargo");
      if (Files.isExecutable(p)) return p.toString();
      throw new AssertionError("cargo (rustup stable) not found on PATH or in ~/.cargo/bin");
    });
  }

  record Result(int exit, String output) {}

  static Result run(Path dir, List<String> cmd, java.util.Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Path log = Files.createTempFile("avrkit-test", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Result(p.exitValue(), out);
  }
}
