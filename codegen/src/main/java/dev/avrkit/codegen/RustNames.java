package dev.avrkit.codegen;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Turns ATDF names into legal Rust identifiers (digit-leading names, keywords, odd characters). */
final class RustNames {
  private RustNames() {}

  private static final Set<String> KEYWORDS = Set.of(
      "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
      "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
      "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
      "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
      "typeof", "unsized", "virtual", "yield", "try", "union", "raw", "safe");

  /** A snake_case identifier: lower case, {@code _} for odd characters, keywords get a {@code _}. */
  static String snake(String name) {
    String s = clean(name).toLowerCase(Locale.ROOT);
    if (KEYWORDS.contains(s)) s = s + "_";
    return s;
  }

  /** An UPPER_CASE identifier (types, constants, enum variants). */
  static String upper(String name) {
    String s = clean(name).toUpperCase(Locale.ROOT);
    if (s.equals("SELF")) s = "SELF_";
    return s;
  }

  private static String clean(String name) {
    StringBuilder b = new StringBuilder();
    for (char c : (name == null ? "" : name.trim()).toCharArray()) {
      b.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
    }
    String s = b.toString().replaceAll("_+", "_");
    if (s.length() > 1 && s.endsWith("_")) s = s.substring(0, s.length() - 1);
    if (s.isEmpty() || s.equals("_")) s = "_X";
    if (Character.isDigit(s.charAt(0))) s = "_" + s;
    return s;
  }

  /** Makes names unique within one scope by appending {@code _2}, {@code _3}... */
  static final class Scope {
    private final Set<String> used = new HashSet<>();

    Scope(String... reserved) {
      for (String r : reserved) used.add(r);
    }

    String unique(String n) {
      String s = n;
      for (int i = 2; used.contains(s); i++) s = n + "_" + i;
      used.add(s);
      return s;
    }

    boolean contains(String n) {
      return used.contains(n);
    }
  }

  /** A caption as one doc line (never empty). */
  static String doc(String caption, String fallback) {
    String c = caption == null ? "" : caption.replaceAll("\\s+", " ").trim();
    if (c.isEmpty()) c = fallback;
    return c.replace("\\", "\\\\");
  }
}
