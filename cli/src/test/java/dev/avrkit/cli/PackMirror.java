package dev.avrkit.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Microchip-style pack server on the loopback interface for tests: {@code index.idx} naming
 * ATmega_DFP 8.1.2 with the ATmega4809, and that pack as an {@code .atpack} holding the real
 * ATmega4809.atdf of {@code ../shared/atdf}. Counts the requests it answers.
 */
final class PackMirror implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private PackMirror(Map<String, byte[]> files) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      requests.incrementAndGet();
      byte[] b = files.get(ex.getRequestURI().getPath());
      ex.sendResponseHeaders(b == null ? 404 : 200, b == null ? -1 : b.length);
      if (b != null) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(b);
        }
      }
      ex.close();
    });
    server.start();
  }

  /** The server with ATmega_DFP 8.1.2 (one device, the ATmega4809) under {@code /m/}. */
  static PackMirror atmegaDfp() {
    try {
      ByteArrayOutputStream zip = new ByteArrayOutputStream();
      try (ZipOutputStream z = new ZipOutputStream(zip)) {
        z.putNextEntry(new ZipEntry("Microchip.ATmega_DFP.pdsc"));
        z.write(("<package><name>ATmega_DFP</name><releases><release version=\"8.1.2\"/></releases></package>")
            .getBytes(StandardCharsets.UTF_8));
        z.putNextEntry(new ZipEntry("atdf/ATmega4809.atdf"));
        z.write(Files.readAllBytes(CliRun.packs().resolve("ATmega_DFP-2.3.126/ATmega4809.atdf")));
      }
      String index = "<index><pindex><pdsc url=\"./\" vendor=\"Microchip\" name=\"ATmega_DFP\" version=\"8.1.2\">"
          + "<atmel:releases><atmel:release version=\"8.1.2\"><atmel:devices><atmel:device name=\"ATmega4809\"/>"
          + "</atmel:devices></atmel:release></atmel:releases></pdsc></pindex></index>";
      return new PackMirror(Map.of("/m/index.idx", index.getBytes(StandardCharsets.UTF_8),
          "/m/Microchip.ATmega_DFP.8.1.2.atpack", zip.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mirror's address, as {@code --mirror} and {@code AVRKIT_PACK_MIRROR} take it. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/m/";
  }

  /** How many requests it has answered. */
  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
