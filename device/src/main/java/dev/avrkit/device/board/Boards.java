package dev.avrkit.device.board;

import dev.avrkit.device.AvrkitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The boards avrkit knows, read from the data file {@code dev/avrkit/boards/boards.properties}
 * (one block of {@code <board>.<fact>} keys per board; the file documents each key).
 */
public final class Boards {
  private static final String RESOURCE = "/dev/avrkit/boards/boards.properties";
  private static volatile List<Board> all;

  private Boards() {}

  /** All boards, in the order of the data file. */
  public static List<Board> all() {
    List<Board> a = all;
    if (a == null) {
      try (InputStream in = Boards.class.getResourceAsStream(RESOURCE)) {
        if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
        a = parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      all = a;
    }
    return a;
  }

  /** The names of all boards ({@code nano-every, uno, nano}). */
  public static List<String> names() {
    return all().stream().map(Board::name).toList();
  }

  /** A board by name, case-insensitive. */
  public static Optional<Board> find(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return all().stream().filter(b -> b.name().equals(n)).findFirst();
  }

  /** A board by name; an {@link AvrkitException} that lists the known boards when there is none. */
  public static Board named(String name) {
    return find(name).orElseThrow(() -> new AvrkitException(
        "unknown board '" + name + "'; known boards: " + String.join(", ", names())
            + " (or give --device NAME for any device in the packs)"));
  }

  /** The first board whose serial port has this USB ID. */
  public static Optional<Board> byUsb(int vid, int pid) {
    Board.UsbId id = new Board.UsbId(vid, pid);
    return all().stream().filter(b -> b.usbIds().contains(id)).findFirst();
  }

  /** Parses a board data file (the format of {@code boards.properties}). */
  public static List<Board> parse(InputStream in) throws IOException {
    Properties p = new Properties();
    p.load(in);
    String list = p.getProperty("boards");
    if (list == null) throw new IllegalArgumentException("board data: no 'boards' list");
    List<Board> out = new ArrayList<>();
    for (String name : list.split(",")) {
      String n = name.trim();
      if (!n.isEmpty()) out.add(board(p, n));
    }
    return List.copyOf(out);
  }

  private static Board board(Properties p, String n) {
    try {
      Map<String, Integer> fuses = new LinkedHashMap<>();
      for (String f : opt(p, n, "fuses").split(",")) {
        if (f.isBlank()) continue;
        String[] kv = f.split("=");
        if (kv.length != 2) throw new IllegalArgumentException("fuse setting '" + f + "' is not NAME=VALUE");
        fuses.put(kv[0].trim(), Integer.decode(kv[1].trim()));
      }
      String route = opt(p, n, "console.portmux");
      Board.Console console = new Board.Console(
          req(p, n, "console.usart"),
          route.isBlank() ? Optional.empty() : Optional.of(Board.PortmuxRoute.parse(route)),
          Board.Pin.parse(req(p, n, "console.tx")),
          Board.Pin.parse(req(p, n, "console.rx")),
          Integer.parseInt(req(p, n, "console.baud")));
      Board.Upload upload = new Board.Upload(
          req(p, n, "upload.protocol"),
          Integer.parseInt(req(p, n, "upload.baud")),
          opt(p, n, "upload.touch").equals("1200"),
          Long.parseLong(opt(p, n, "upload.max").isBlank() ? "0" : opt(p, n, "upload.max")));
      List<Board.UsbId> usb = new ArrayList<>();
      for (String u : opt(p, n, "usb").split(",")) if (!u.isBlank()) usb.add(Board.UsbId.parse(u));
      return new Board(n, req(p, n, "description"), req(p, n, "device"), Long.parseLong(req(p, n, "clock")),
          fuses, Board.Pin.parse(req(p, n, "led")), console, upload, usb,
          Boolean.parseBoolean(opt(p, n, "reset.on.open")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("board data, board '" + n + "': " + e.getMessage(), e);
    }
  }

  private static String req(Properties p, String board, String key) {
    String v = p.getProperty(board + "." + key);
    if (v == null || v.isBlank()) throw new IllegalArgumentException("missing " + board + "." + key);
    return v.trim();
  }

  private static String opt(Properties p, String board, String key) {
    String v = p.getProperty(board + "." + key);
    return v == null ? "" : v.trim();
  }

  /** One line per board, for listings. */
  public static String table() {
    return all().stream().map(b -> String.format("%-11s %-11s %s", b.name(), b.device(), b.description()))
        .collect(Collectors.joining("\n"));
  }
}
