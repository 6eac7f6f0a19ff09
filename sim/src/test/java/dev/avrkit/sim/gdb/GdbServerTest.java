package dev.avrkit.sim.gdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's avr-gdb in batch mode against the server and an avr-gcc-built ATmega4809 program. */
class GdbServerTest {
  @TempDir Path dir;

  private static boolean have(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private Path resource(String name) throws IOException {
    Path out = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/avr8x/" + name)) {
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  private static String run(List<String> cmd, Path dir) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getInputStream().readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    });
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd.get(0) + " timed out");
    }
    String text = new String(out.get(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0 && !cmd.get(0).equals("avr-gdb")) throw new AssertionError(text);
    return text;
  }

  private Path build() throws Exception {
    resource("regs4809.h");
    Path crt = dev.avrkit.sim.avr8x.Avr8xTestSupport.startup(dir);
    Path src = resource("gdbdemo.c");
    Path elf = dir.resolve("gdbdemo.elf");
    run(List.of("avr-gcc", "-mmcu=avrxmega3", "-nostartfiles", "-Og", "-g", "-I" + dir,
        "-Wl,--defsym=__DATA_REGION_ORIGIN__=0x802800", "-Wl,--defsym=__DATA_REGION_LENGTH__=0x1800",
        "-Wl,--defsym=__TEXT_REGION_LENGTH__=0xC000", "-Wl,--defsym=__RODATA_PM_OFFSET__=0x4000",
        "-Wl,--defsym=__stack=0x803FFF", "-o", elf.toString(), crt.toString(), src.toString()), dir);
    return elf;
  }

  private String debug(Path elf, String... commands) throws Exception {
    Machine m = Machine.builder(DeviceCatalog.fromEnvironment().device("ATmega4809")).build();
    m.load(FirmwareImage.load(elf));
    try (GdbServer server = GdbServer.bind(m, null, 0, 50_000_000L)) {
      CompletableFuture<GdbServer.Session> session = CompletableFuture.supplyAsync(() -> {
        try {
          return server.serve(null);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      List<String> cmd = new ArrayList<>(List.of("avr-gdb", "-nx", "-batch", "-ex", "set pagination off",
          "-ex", "target remote 127.0.0.1:" + server.port()));
      for (String c : commands) {
        cmd.add("-ex");
        cmd.add(c);
      }
      cmd.add(elf.toString());
      String out = run(cmd, dir);
      session.get(30, TimeUnit.SECONDS);
      return out;
    }
  }

  @Test
  void breakpointsRegistersMemoryAndExit() throws Exception {
    assumeTrue(have("avr-gcc") && have("avr-gdb"), "avr-gcc or avr-gdb not installed");
    Path elf = build();
    String out = debug(elf,
        "break bump", "continue", "print k", "continue", "print k", "print counter",
        "print/x table", "print/x $sp", "info registers pc", "x/2xb 0",
        "delete", "set var counter = 990", "continue");
    assertThat(out).contains("Breakpoint 1, bump (k=1 ");
    assertThat(out).contains("Breakpoint 1, bump (k=2 ");
    assertThat(out).contains("$1 = 1 ").contains("$2 = 2 ").contains("$3 = 1\n");
    assertThat(out).contains("$4 = {0x1, 0x2, 0x3, 0x4}");
    assertThat(out).containsPattern("\\$5 = 0x3f[0-9a-f]{2}");
    assertThat(out).containsPattern("pc +0x[0-9a-f]+ +0x[0-9a-f]+ <bump>");
    assertThat(out).contains("0x0 <__vectors>:\t0x0c\t0x94"); // JMP __init at flash 0
    assertThat(out).contains("exited normally");
  }

  @Test
  void watchpointAndStep() throws Exception {
    assumeTrue(have("avr-gcc") && have("avr-gdb"), "avr-gcc or avr-gdb not installed");
    Path elf = build();
    String out = debug(elf,
        "break main", "continue", "watch counter", "continue", "print counter",
        "stepi", "info registers sreg", "delete", "continue");
    assertThat(out).contains("Breakpoint 1, main");
    assertThat(out).containsPattern("(Hardware )?[Ww]atchpoint 2: counter");
    assertThat(out).contains("New value = 1");
    assertThat(out).contains("exited normally");
  }

  /** Raw protocol: Ctrl-C (0x03) stops a program that loops forever; registers show where. */
  @Test
  void ctrlCStopsARunningProgram() throws Exception {
    Machine m = Machine.builder(DeviceCatalog.fromEnvironment().device("ATmega4809")).build();
    byte[] f = m.flash();
    f[0] = 0x78; f[1] = (byte) 0x94; // sei
    f[2] = (byte) 0xFF; f[3] = (byte) 0xCF; // rjmp .
    m.flashWritten(0, 4);
    try (GdbServer server = GdbServer.bind(m, null, 0, Long.MAX_VALUE)) {
      CompletableFuture<GdbServer.Session> session = CompletableFuture.supplyAsync(() -> {
        try {
          return server.serve(null);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
        var in = s.getInputStream();
        var out = s.getOutputStream();
        assertThat(packet(in, out, "c", false)).isNull();
        Thread.sleep(200);
        out.write(3);
        out.flush();
        assertThat(readReply(in)).isEqualTo("S02");
        String regs = packet(in, out, "g", true);
        assertThat(regs).hasSize(78).endsWith("02000000"); // PC = byte address 2
        assertThat(m.cpu().cycle()).isGreaterThan(100_000);
        assertThat(packet(in, out, "m800000,4", true)).hasSize(8);
        assertThat(packet(in, out, "D", true)).isEqualTo("OK");
      }
      assertThat(session.get(10, TimeUnit.SECONDS).detached()).isTrue();
    }
  }

  private static String packet(InputStream in, java.io.OutputStream out, String body, boolean reply)
      throws IOException {
    int sum = 0;
    for (char c : body.toCharArray()) sum += c;
    out.write(String.format("$%s#%02x", body, sum & 0xFF).getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    assertThat(in.read()).isEqualTo('+');
    return reply ? readReply(in) : null;
  }

  private static String readReply(InputStream in) throws IOException {
    int c;
    while ((c = in.read()) != '$') assertThat(c).isNotNegative();
    StringBuilder sb = new StringBuilder();
    while ((c = in.read()) != '#') sb.append((char) c);
    in.read();
    in.read();
    return sb.toString();
  }
}
