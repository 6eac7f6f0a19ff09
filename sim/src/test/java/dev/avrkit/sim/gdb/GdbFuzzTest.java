package dev.avrkit.sim.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.sim.Machine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fuzz of the GDB remote protocol server: packets gdb sends with random, missing or
 * out-of-range arguments, bad checksums, raw junk and Ctrl-C bytes. Every well-framed packet gets
 * a well-framed reply (an answer, an empty reply or {@code E01}); the session never dies of an
 * exception, and at the end a normal {@code g} and kill still work.
 */
class GdbFuzzTest {
  static final List<String> COMMANDS = List.of("?", "g", "G", "p", "P", "m", "M", "c", "s", "Z", "z", "H",
      "qSupported", "qAttached", "qC", "qfThreadInfo", "qRcmd,", "qSymbol", "v", "X", "");

  static String randomHex(Random r, int max) {
    StringBuilder sb = new StringBuilder();
    String digits = "0123456789abcdefABCDEFxyz-,:;=#$}*";
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      sb.append(r.nextInt(10) < 8 ? "0123456789abcdef".charAt(r.nextInt(16)) : digits.charAt(r.nextInt(digits.length())));
    }
    return sb.toString();
  }

  static String randomPacket(Random r) {
    String cmd = COMMANDS.get(r.nextInt(COMMANDS.size()));
    String args = switch (r.nextInt(5)) {
      case 0 -> "";
      case 1 -> randomHex(r, 20);
      case 2 -> randomHex(r, 8) + "," + randomHex(r, 8);
      case 3 -> randomHex(r, 2) + "," + randomHex(r, 9) + "," + randomHex(r, 3) + ":" + randomHex(r, 12);
      default -> randomHex(r, 4) + "=" + randomHex(r, 10);
    };
    String p = cmd + args;
    // D (detach) and k (kill) end the session: they are sent once, at the end
    return p.startsWith("D") || p.startsWith("k") ? "v" + p : p;
  }

  static byte[] frame(String data, boolean badSum) {
    int sum = 0;
    StringBuilder sb = new StringBuilder("$");
    for (char ch : data.toCharArray()) {
      if (ch == '#' || ch == '$' || ch == '}' || ch == '*') {
        sb.append('}');
        sum += '}';
        ch ^= 0x20;
      }
      sb.append(ch);
      sum += ch;
    }
    sb.append('#').append(String.format("%02x", (sum + (badSum ? 1 : 0)) & 0xFF));
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Reads one reply: the ack, then a framed packet; returns its data. */
  static String reply(InputStream in) throws IOException {
    int c;
    while ((c = in.read()) != '$') {
      if (c < 0) throw new IOException("connection closed");
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while ((c = in.read()) != '#') {
      if (c < 0) throw new IOException("connection closed");
      b.write(c);
    }
    in.read();
    in.read();
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void randomRequestsGetRepliesAndNeverKillTheSession(long seed) throws Exception {
    for (String device : List.of("ATmega328P", "ATmega4809")) {
      Machine m = Machine.builder(DeviceCatalog.fromEnvironment().device(device)).build();
      byte[] f = m.flash();
      f[0] = (byte) 0xFF; // rjmp . : the program loops forever; 'c' runs into the cycle bound
      f[1] = (byte) 0xCF;
      m.flashWritten(0, 2);
      Random r = new Random(seed);
      try (GdbServer server = GdbServer.bind(m, InetAddress.getLoopbackAddress(), 0, 20_000)) {
        CompletableFuture<GdbServer.Session> session = CompletableFuture.supplyAsync(() -> {
          try {
            return server.serve(null);
          } catch (IOException e) {
            throw new RuntimeException(e);
          }
        });
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
          s.setSoTimeout(10_000);
          OutputStream out = s.getOutputStream();
          InputStream in = s.getInputStream();
          int replies = 0;
          for (int i = 0; i < 600; i++) {
            int kind = r.nextInt(20);
            if (kind == 0) {
              byte[] junk = new byte[1 + r.nextInt(30)];
              r.nextBytes(junk);
              for (int k = 0; k < junk.length; k++) if (junk[k] == '$' || junk[k] == 3) junk[k] = '+';
              out.write(junk); // outside a packet: skipped like acks
            } else if (kind == 1) {
              out.write(frame(randomPacket(r), true)); // bad checksum: NAK, no reply
              out.flush();
              assertThat(in.read()).isEqualTo('-');
            } else {
              String p = randomPacket(r);
              out.write(frame(p, false));
              out.flush();
              String rep;
              try {
                rep = reply(in);
              } catch (IOException e) {
                throw new AssertionError("no reply to " + p + "; the server: " + session.handle((x, t) -> t).get(), e);
              }
              replies++;
              assertThat(rep).as("reply to %s", p).doesNotContain("\u0000");
            }
          }
          assertThat(replies).isGreaterThan(400);
          out.write(frame("g", false));
          out.flush();
          assertThat(reply(in)).matches("[0-9a-f]{" + (2 * (32 + 1 + 2 + 4)) + "}");
          out.write(frame("k", false));
          out.flush();
        }
        session.get(10, TimeUnit.SECONDS); // ends normally: no exception in the server
      }
    }
  }
}
