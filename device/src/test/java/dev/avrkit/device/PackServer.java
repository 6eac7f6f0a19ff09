package dev.avrkit.device;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A pack server on the loopback interface: an index.idx and .atpack files made from ../shared/atdf. */
final class PackServer implements AutoCloseable {
  final HttpServer server;
  final Map<String, byte[]> files = new ConcurrentHashMap<>();

  PackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      byte[] b = files.get(ex.getRequestURI().getPath());
      if (b == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(b);
        }
      }
      ex.close();
    });
    server.start();
  }

  URI base() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/packs/"); }

  /** A zip of a .pdsc and the named devices' .atdf files of {@code folder}, plus extra raw entries. */
  static byte[] atpack(String name, String version, Path folder, List<String> devices, Map<String, String> extra) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bo)) {
      z.putNextEntry(new ZipEntry("Microchip." + name + ".pdsc"));
      z.write(("<?xml version=\"1.0\"?>\n<package schemaVersion=\"1.4\"><vendor>Microchip</vendor><name>" + name
          + "</name><releases><release version=\"" + version + "\">test</release><release version=\"1.0.0\">old</release></releases></package>\n")
          .getBytes(StandardCharsets.UTF_8));
      for (String d : devices) {
        z.putNextEntry(new ZipEntry("atdf/" + d + ".atdf"));
        z.write(Files.readAllBytes(folder.resolve(d + ".atdf")));
      }
      for (Map.Entry<String, String> e : extra.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return bo.toByteArray();
  }

  /** Serves a CMSIS-Pack index in Microchip's style, listing each pack's devices. */
  void index(String... packNameVersionDevices) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<index schemaVersion=\"1.1.0\" xmlns:atmel=\"http://packs.download.atmel.com/pack-idx-atmel-extension\">\n"
        + "<vendor>Microchip</vendor><url>" + base() + "</url><pindex>\n");
    for (String p : packNameVersionDevices) {
      String[] x = p.split(" ");
      sb.append("<pdsc url=\"").append(base()).append("\" vendor=\"Microchip\" name=\"").append(x[0]).append("\" version=\"").append(x[1]).append("\">")
          .append("<atmel:releases><atmel:release version=\"").append(x[1]).append("\"><atmel:devices>");
      for (int i = 2; i < x.length; i++) sb.append("<atmel:device name=\"").append(x[i]).append("\"/>");
      sb.append("</atmel:devices></atmel:release></atmel:releases></pdsc>\n");
    }
    sb.append("</pindex></index>\n");
    files.put("/packs/index.idx", sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() { server.stop(0); }
}
