package dev.avrkit.device;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal JSON writer for avrkit's machine-readable output: maps (kept in insertion order),
 * collections, strings, numbers, booleans, Optionals (empty = null) and null.
 */
public final class Json {
  private Json() {}

  /** Renders {@code value} as indented JSON. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, Object v, int ind) {
    if (v instanceof Optional<?> o) v = o.orElse(null);
    if (v == null) sb.append("null");
    else if (v instanceof String s) string(sb, s);
    else if (v instanceof Number || v instanceof Boolean) sb.append(v);
    else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        indent(sb, ind + 1);
        string(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue(), ind + 1);
        if (++i < m.size()) sb.append(',');
        sb.append('\n');
      }
      indent(sb, ind);
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      if (c.isEmpty()) {
        sb.append("[]");
        return;
      }
      boolean simple = c.stream().allMatch(x -> !(x instanceof Map) && !(x instanceof Collection));
      sb.append(simple ? "[" : "[\n");
      int i = 0;
      for (Object x : c) {
        if (!simple) indent(sb, ind + 1);
        write(sb, x, ind + 1);
        if (++i < c.size()) sb.append(simple ? ", " : ",");
        if (!simple) sb.append('\n');
      }
      if (!simple) indent(sb, ind);
      sb.append(']');
    } else string(sb, v.toString());
  }

  private static void indent(StringBuilder sb, int n) {
    for (int i = 0; i < n; i++) sb.append("  ");
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
