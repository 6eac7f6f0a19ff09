package dev.avrkit.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the part definitions of avrdude's configuration (/etc/avrdude.conf), parents resolved. */
final class AvrdudeConf {
  static final Path FILE = Path.of("/etc/avrdude.conf");

  /** A part: its settings and its memories (each a map of settings), parents merged in. */
  record Part(String id, String desc, Map<String, String> settings, Map<String, Map<String, String>> memories) {
    String get(String key) { return settings.get(key); }
  }

  private static final class Raw {
    String id;
    String parent;
    final Map<String, String> settings = new LinkedHashMap<>();
    final Map<String, Map<String, String>> memories = new LinkedHashMap<>();
  }

  static List<Part> parts() throws IOException {
    Map<String, Raw> byId = new LinkedHashMap<>();
    List<Raw> all = new ArrayList<>();
    Raw cur = null;
    Map<String, String> mem = null;
    Pattern kv = Pattern.compile("^\\s+([a-z_0-9]+)\\s*=\\s*(.*?);?\\s*$");
    Pattern memStart = Pattern.compile("^\\s+memory\\s+\"([^\"]+)\"\\s*$");
    for (String raw : Files.readAllLines(FILE)) {
      String line = raw.replaceAll("#.*$", "");
      if (line.isBlank()) continue;
      if (line.startsWith("part")) {
        cur = new Raw();
        Matcher p = Pattern.compile("parent\\s+\"([^\"]+)\"").matcher(line);
        if (p.find()) cur.parent = p.group(1);
        all.add(cur);
        mem = null;
        continue;
      }
      if (line.startsWith(";")) {
        cur = null;
        mem = null;
        continue;
      }
      if (cur == null) continue;
      Matcher ms = memStart.matcher(line);
      if (ms.find()) {
        mem = cur.memories.computeIfAbsent(ms.group(1), k -> new LinkedHashMap<>());
        continue;
      }
      if (line.trim().equals(";")) {
        mem = null;
        continue;
      }
      Matcher m = kv.matcher(line);
      if (m.find()) {
        String v = m.group(2).trim().replaceAll(";$", "").replace("\"", "").trim();
        (mem != null ? mem : cur.settings).put(m.group(1), v);
        if (mem == null && m.group(1).equals("id")) {
          cur.id = v;
          byId.put(v, cur);
        }
      }
    }
    List<Part> out = new ArrayList<>();
    for (Raw r : all) {
      if (r.id == null) continue;
      Map<String, String> s = new LinkedHashMap<>();
      Map<String, Map<String, String>> mems = new LinkedHashMap<>();
      List<Raw> chain = new ArrayList<>();
      for (Raw x = r; x != null && chain.size() < 10; x = x.parent == null ? null : byId.get(x.parent)) chain.add(0, x);
      for (Raw x : chain) {
        s.putAll(x.settings);
        x.memories.forEach((k, v) -> mems.computeIfAbsent(k, q -> new LinkedHashMap<>()).putAll(v));
      }
      out.add(new Part(r.id, s.getOrDefault("desc", ""), s, mems));
    }
    return out;
  }
}
