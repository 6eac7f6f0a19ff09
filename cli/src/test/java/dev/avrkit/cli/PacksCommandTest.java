package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** avrkit packs install/list against a pack server on the loopback interface. */
class PacksCommandTest {
  @TempDir Path cache;

  @Test
  void installFromAMirrorThenList() throws Exception {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("Microchip.ATmega_DFP.pdsc"));
      z.write("<package><name>ATmega_DFP</name><releases><release version=\"8.1.2\"/></releases></package>".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("atdf/ATmega4809.atdf"));
      z.write(Files.readAllBytes(CliRun.packs().resolve("ATmega_DFP-2.3.126/ATmega4809.atdf")));
    }
    String index = "<index><pindex><pdsc url=\"./\" vendor=\"Microchip\" name=\"ATmega_DFP\" version=\"8.1.2\">"
        + "<atmel:releases><atmel:release version=\"8.1.2\"><atmel:devices><atmel:device name=\"ATmega4809\"/></atmel:devices></atmel:release></atmel:releases>"
        + "</pdsc></pindex></index>";
    Map<String, byte[]> files = Map.of("/m/index.idx", index.getBytes(StandardCharsets.UTF_8), "/m/Microchip.ATmega_DFP.8.1.2.atpack", zip.toByteArray());
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext("/", ex -> {
      byte[] b = files.get(ex.getRequestURI().getPath());
      ex.sendResponseHeaders(b == null ? 404 : 200, b == null ? -1 : b.length);
      if (b != null) try (OutputStream os = ex.getResponseBody()) {
        os.write(b);
      }
      ex.close();
    });
    s.start();
    try {
      String mirror = "http://127.0.0.1:" + s.getAddress().getPort() + "/m/";
      CliRun empty = CliRun.run(cache, "packs", "list");
      assertThat(empty.out()).startsWith("no packs installed in " + cache.resolve("packs"));
      CliRun r = CliRun.run(cache, "packs", "install", "ATmega4809", "--mirror", mirror);
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.err()).contains("downloading ATmega_DFP 8.1.2: 100%");
      assertThat(r.out()).isEqualTo("installed ATmega_DFP 8.1.2 (1 device files) in " + cache.resolve("packs/ATmega_DFP-8.1.2") + "\n");
      CliRun l = CliRun.run(cache, "packs", "list");
      assertThat(l.out()).containsPattern("ATmega_DFP +8\\.1\\.2 +1  " + java.util.regex.Pattern.quote(cache.resolve("packs/ATmega_DFP-8.1.2").toString()));
      CliRun bad = CliRun.run(cache, "packs", "install", "pdp11", "--mirror", mirror);
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("error: no pack for 'pdp11'");
    } finally {
      s.stop(0);
    }
  }
}
