package dev.avrkit.circuit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Wokwi {@code diagram.json} as read: the parts (type, id, attributes) and the wires between
 * their pins. Layout (top, left, rotate, wire hints, colours) is accepted and ignored; anything
 * not in Wokwi's documented format is an error at its line:column.
 */
public record Diagram(Path file, List<PartDecl> parts, List<Wire> wires, Map<String, String> serialMonitor) {

  /** One part: {@code attrs} as strings (Wokwi writes them as strings; numbers are accepted). */
  public record PartDecl(String id, String type, Map<String, String> attrs, Tree at) {
    public String attr(String name, String dflt) {
      String v = attrs.get(name);
      return v == null || v.isEmpty() ? dflt : v;
    }
  }

  /** A wire between two "part:pin" ends. */
  public record Wire(String from, String to, Tree fromAt, Tree toAt) {}

  private static final Set<String> TOP = Set.of("version", "author", "editor", "parts", "connections", "serialMonitor", "dependencies");
  private static final Set<String> PART = Set.of("type", "id", "top", "left", "rotate", "hide", "attrs");
  private static final Set<String> MONITOR = Set.of("display", "newline", "convertEol", "collapse");

  /** Reads and checks the file's structure (part types and pins are checked by {@link Circuit}). */
  public static Diagram read(Path file) {
    return of(file, Tree.json(file));
  }

  static Diagram of(Path file, Tree root) {
    Map<String, Tree> top = root.map("the diagram", TOP);
    Tree v = top.get("version");
    if (v != null && v.number("\"version\"") != 1) throw v.error("\"version\" must be 1 (Wokwi's diagram format 1)");
    for (String k : List.of("author", "editor")) if (top.containsKey(k) && top.get(k).raw() != null) top.get(k).text("\"" + k + "\"");
    Tree partsT = top.get("parts");
    if (partsT == null) throw root.error("no \"parts\" list; a diagram needs at least the board part, e.g. {\"type\": \"wokwi-arduino-uno\", \"id\": \"uno\"}");
    List<PartDecl> parts = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Tree p : partsT.list("\"parts\"")) {
      Map<String, Tree> m = p.map("a part", PART);
      Tree type = m.get("type");
      Tree id = m.get("id");
      if (type == null) throw p.error("part without \"type\"");
      if (id == null) throw p.error("part without \"id\"");
      String ids_ = id.text("\"id\"");
      if (ids_.isEmpty() || ids_.contains(":") || ids_.startsWith("$")) {
        throw id.error("part id \"" + ids_ + "\" must be non-empty, without ':' and not start with '$'");
      }
      if (!ids.add(ids_)) throw id.error("two parts have the id \"" + ids_ + "\"; ids must be unique");
      for (String k : List.of("top", "left", "rotate")) if (m.containsKey(k)) m.get(k).number("\"" + k + "\"");
      if (m.containsKey("hide")) m.get("hide").bool("\"hide\"");
      Map<String, String> attrs = new LinkedHashMap<>();
      if (m.containsKey("attrs")) {
        @SuppressWarnings("unchecked")
        Map<String, Tree> a = (Map<String, Tree>) (m.get("attrs").isMap() ? m.get("attrs").raw() : m.get("attrs").map("\"attrs\"", Set.of()));
        a.forEach((k, t) -> attrs.put(k, t.text("attribute \"" + k + "\"")));
      }
      parts.add(new PartDecl(ids_, type.string("\"type\""), attrs, p));
    }
    List<Wire> wires = new ArrayList<>();
    Tree conns = top.get("connections");
    if (conns != null) {
      for (Tree c : conns.list("\"connections\"")) {
        List<Tree> l = c.list("a connection");
        if (l.size() < 2) throw c.error("a connection needs two ends: [\"part:pin\", \"part:pin\", \"color\", [hints]]");
        if (l.size() > 4) throw c.error("a connection has at most 4 items: [\"part:pin\", \"part:pin\", \"color\", [hints]]");
        String a = l.get(0).string("a connection's first end");
        String b = l.get(1).string("a connection's second end");
        for (Tree end : List.of(l.get(0), l.get(1))) {
          String s = (String) end.raw();
          int colon = s.indexOf(':');
          if (colon <= 0 || colon == s.length() - 1) throw end.error("\"" + s + "\" is not \"part:pin\" (e.g. \"uno:13\", \"led1:A\")");
        }
        if (l.size() > 2 && l.get(2).raw() != null) l.get(2).string("a connection's colour");
        if (l.size() > 3) for (Tree h : l.get(3).list("a connection's wire hints")) h.text("a wire hint");
        wires.add(new Wire(a, b, l.get(0), l.get(1)));
      }
    }
    Map<String, String> mon = new LinkedHashMap<>();
    if (top.containsKey("serialMonitor")) {
      top.get("serialMonitor").map("\"serialMonitor\"", MONITOR).forEach((k, t) -> mon.put(k, t.text("\"" + k + "\"")));
      String nl = mon.getOrDefault("newline", "lf");
      if (!Set.of("lf", "cr", "crlf", "none").contains(nl)) {
        throw top.get("serialMonitor").error("serialMonitor \"newline\" must be lf, cr, crlf or none, not \"" + nl + "\"");
      }
    }
    return new Diagram(file, parts, wires, mon);
  }
}
