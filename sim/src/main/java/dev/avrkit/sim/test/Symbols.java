package dev.avrkit.sim.test;

import dev.avrkit.image.ElfFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The functions of a firmware's ELF symbol table by code address, with Rust's mangled names made
 * readable ({@code _ZN6runner14illegal_opcode17h0123456789abcdefE} and the v0 form
 * {@code _RNvCs1234_6runner14illegal_opcode} both read {@code runner::illegal_opcode}): what a
 * crash report names the place with.
 */
public final class Symbols {
  private record Fn(long start, long end, String name) {}

  private final List<Fn> fns;

  private Symbols(List<Fn> fns) {
    this.fns = fns;
  }

  /** The function symbols of {@code elf} (none when it was stripped). */
  public static Symbols of(ElfFile elf) {
    List<Fn> l = new ArrayList<>();
    for (ElfFile.Symbol s : elf.symbols()) {
      if (!s.isFunction() || s.size() <= 0 || s.name().isEmpty()) continue;
      l.add(new Fn(s.value(), s.value() + s.size(), demangle(s.name())));
    }
    l.sort(Comparator.comparingLong(Fn::start));
    return new Symbols(List.copyOf(l));
  }

  /** No symbols. */
  public static Symbols none() {
    return new Symbols(List.of());
  }

  /** The function whose code holds the byte address {@code pc}. */
  public Optional<String> functionAt(long pc) {
    Fn best = null;
    for (Fn f : fns) {
      if (f.start > pc) break;
      if (pc < f.end && (best == null || f.end - f.start <= best.end - best.start)) best = f;
    }
    return Optional.ofNullable(best).map(Fn::name);
  }

  /** " in NAME" for a code address inside a function, else empty. */
  public String in(long pc) {
    return functionAt(pc).map(n -> " in " + n).orElse("");
  }

  /** A readable Rust (legacy or v0) symbol name; other names as they are. */
  public static String demangle(String s) {
    try {
      if (s.startsWith("_ZN") && s.endsWith("E")) return legacy(s);
      if (s.startsWith("_R")) {
        String v = new V0(s).path();
        if (v != null) return v;
      }
    } catch (RuntimeException e) {
      // not a Rust name after all
    }
    return s;
  }

  private static String legacy(String s) {
    List<String> parts = new ArrayList<>();
    int i = 3;
    while (i < s.length() - 1) {
      int j = i;
      while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
      if (j == i) return s;
      int n = Integer.parseInt(s.substring(i, j));
      parts.add(s.substring(j, j + n));
      i = j + n;
    }
    if (!parts.isEmpty() && parts.get(parts.size() - 1).matches("h[0-9a-f]{16}")) parts.remove(parts.size() - 1);
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      if (p.startsWith("_$")) p = p.substring(1);
      out.add(p.replace("$LT$", "<").replace("$GT$", ">").replace("$RF$", "&").replace("$BP$", "*")
          .replace("$C$", ",").replace("$SP$", "@").replace("$u20$", " ").replace("$u27$", "'").replace("$u5b$", "[")
          .replace("$u5d$", "]").replace("$u7b$", "{").replace("$u7d$", "}").replace("$u7e$", "~").replace("..", "::"));
    }
    return String.join("::", out);
  }

  /** Rust's v0 mangling, the paths of plain functions: nested {@code N}, crate roots {@code C}; else null. */
  private static final class V0 {
    private final String s;
    private int i = 2;

    V0(String s) {
      this.s = s;
    }

    String path() {
      if (i < s.length() && Character.isDigit(s.charAt(i))) return null; // encoding version
      return p();
    }

    private String p() {
      char c = s.charAt(i++);
      if (c == 'C') {
        disambiguator();
        return ident();
      }
      if (c == 'N') {
        char ns = s.charAt(i++);
        String inner = p();
        if (inner == null) return null;
        disambiguator();
        String id = ident();
        if (Character.isUpperCase(ns)) return inner + "::{" + (ns == 'C' ? "closure" : ns == 'S' ? "shim" : "" + ns) + "}";
        return inner + "::" + id;
      }
      return null; // impls, generics and the rest: left mangled
    }

    private void disambiguator() {
      if (i < s.length() && s.charAt(i) == 's') {
        i++;
        while (s.charAt(i) != '_') i++;
        i++;
      }
    }

    private String ident() {
      boolean punycode = s.charAt(i) == 'u';
      if (punycode) i++;
      int j = i;
      while (Character.isDigit(s.charAt(j))) j++;
      int n = Integer.parseInt(s.substring(i, j));
      if (j < s.length() && s.charAt(j) == '_') j++;
      String id = s.substring(j, j + n);
      i = j + n;
      return punycode ? id + "(punycode)" : id;
    }
  }
}
