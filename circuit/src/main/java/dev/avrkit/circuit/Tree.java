package dev.avrkit.circuit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A JSON or YAML document as a tree whose every value knows where it was written ({@code
 * file:line:column}), so that an error in a diagram or scenario points at the place to fix. JSON
 * is read with Jackson's streaming parser, YAML with SnakeYAML's node composer; both give the
 * same kinds of values: {@link Map} (keys in file order), {@link List}, String, Number, Boolean,
 * null.
 */
public final class Tree {
  private final Object value;
  private final String where;
  private String source; // a YAML scalar as written ("on", "0x3c"), for text()

  private Tree(Object value, String where) {
    this.value = value;
    this.where = where;
  }

  private Tree written(String text) {
    this.source = text;
    return this;
  }

  /** "file:line:column". */
  public String where() {
    return where;
  }

  public Object raw() {
    return value;
  }

  /** An error at this value. */
  public CircuitException error(String message) {
    return new CircuitException(where + ": " + message);
  }

  // ---------------------------------------------------------------- reading

  /** Reads a JSON file; malformed JSON is a {@link CircuitException} at file:line:column. */
  public static Tree json(Path file) {
    return json(file.toString(), read(file));
  }

  /** Parses JSON text (tests, fuzzing) as if read from a file called {@code name}. */
  static Tree json(String name, byte[] bytes) {
    JsonFactory f = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
        .build();
    try (JsonParser p = f.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) throw new CircuitException(name + ":1:1: empty file; expected a JSON object");
      Tree root = jsonValue(p, name);
      if (p.nextToken() != null) {
        throw new CircuitException(at(name, p.currentTokenLocation()) + ": unexpected text after the end of the JSON value");
      }
      return root;
    } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
      String msg = e.getOriginalMessage();
      int nl = msg.indexOf('\n');
      if (nl > 0) msg = msg.substring(0, nl);
      throw new CircuitException(at(name, e.getLocation()) + ": malformed JSON: " + msg);
    } catch (IOException e) {
      throw new CircuitException(name + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private static String at(String file, JsonLocation l) {
    return file + ":" + (l == null ? 1 : Math.max(1, l.getLineNr())) + ":" + (l == null ? 1 : Math.max(1, l.getColumnNr()));
  }

  private static Tree jsonValue(JsonParser p, String file) throws IOException {
    String where = at(file, p.currentTokenLocation());
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Tree> m = new LinkedHashMap<>();
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
          String key = p.currentName();
          String kw = at(file, p.currentTokenLocation());
          p.nextToken();
          if (m.containsKey(key)) throw new CircuitException(kw + ": key \"" + key + "\" given twice");
          m.put(key, jsonValue(p, file));
        }
        return new Tree(m, where);
      }
      case START_ARRAY -> {
        List<Tree> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) l.add(jsonValue(p, file));
        return new Tree(l, where);
      }
      case VALUE_STRING -> {
        return new Tree(p.getText(), where);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Tree(p.getNumberValue(), where);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Tree(t == JsonToken.VALUE_TRUE, where);
      }
      case VALUE_NULL -> {
        return new Tree(null, where);
      }
      default -> throw new CircuitException(where + ": unexpected " + t);
    }
  }

  /** Reads a YAML file (one document); malformed YAML is a {@link CircuitException} at file:line:column. */
  public static Tree yaml(Path file) {
    return yaml(file.toString(), new String(read(file), StandardCharsets.UTF_8));
  }

  static Tree yaml(String name, String text) {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(false);
    o.setMaxAliasesForCollections(20);
    o.setNestingDepthLimit(100);
    o.setCodePointLimit(4 * 1024 * 1024);
    Node root;
    try {
      root = new Yaml(o).compose(new java.io.StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String prob = e.getProblem() != null ? e.getProblem() : e.getMessage();
      prob = prob.replace('\n', ' ').trim();
      throw new CircuitException(name + ":" + (m == null ? 1 : m.getLine() + 1) + ":" + (m == null ? 1 : m.getColumn() + 1)
          + ": malformed YAML: " + prob);
    } catch (YAMLException e) {
      throw new CircuitException(name + ":1:1: malformed YAML: " + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      throw new CircuitException(name + ":1:1: malformed YAML: " + firstLine(String.valueOf(e.getMessage())));
    }
    if (root == null) throw new CircuitException(name + ":1:1: empty file");
    return yamlValue(root, name, 0);
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static Tree yamlValue(Node n, String file, int depth) {
    Mark s = n.getStartMark();
    String where = file + ":" + (s.getLine() + 1) + ":" + (s.getColumn() + 1);
    if (depth > 100) throw new CircuitException(where + ": nested too deeply");
    if (n instanceof MappingNode mn) {
      Map<String, Tree> m = new LinkedHashMap<>();
      for (NodeTuple t : mn.getValue()) {
        Tree k = yamlValue(t.getKeyNode(), file, depth + 1);
        if (!(k.value instanceof String) && !(k.value instanceof Number) && !(k.value instanceof Boolean)) {
          throw k.error("a key must be a plain word");
        }
        String key = String.valueOf(k.value);
        if (m.containsKey(key)) throw k.error("key \"" + key + "\" given twice");
        m.put(key, yamlValue(t.getValueNode(), file, depth + 1));
      }
      return new Tree(m, where);
    }
    if (n instanceof SequenceNode sn) {
      List<Tree> l = new ArrayList<>();
      for (Node c : sn.getValue()) l.add(yamlValue(c, file, depth + 1));
      return new Tree(l, where);
    }
    ScalarNode sc = (ScalarNode) n;
    String v = sc.getValue();
    Tag tag = sc.getTag();
    if (sc.isPlain() || !Tag.STR.equals(tag)) {
      if (Tag.NULL.equals(tag)) return new Tree(null, where);
      if (Tag.BOOL.equals(tag)) {
        return new Tree(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"), where).written(v);
      }
      if (Tag.INT.equals(tag)) {
        try {
          return new Tree(Long.decode(v.replace("_", "")), where).written(v);
        } catch (NumberFormatException e) {
          return new Tree(v, where);
        }
      }
      if (Tag.FLOAT.equals(tag)) {
        try {
          return new Tree(Double.parseDouble(v.replace("_", "")), where).written(v);
        } catch (NumberFormatException e) {
          return new Tree(v, where);
        }
      }
    }
    return new Tree(v, where);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CircuitException(file + ": no such file");
    } catch (IOException e) {
      throw new CircuitException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  // ---------------------------------------------------------------- typed access

  public boolean isMap() {
    return value instanceof Map;
  }

  public boolean isList() {
    return value instanceof List;
  }

  public boolean isString() {
    return value instanceof String;
  }

  public boolean isNumber() {
    return value instanceof Number;
  }

  /** This value as an object whose keys must be among {@code allowed}. */
  @SuppressWarnings("unchecked")
  public Map<String, Tree> map(String what, Set<String> allowed) {
    if (!(value instanceof Map)) throw error(what + " must be an object, not " + describe());
    Map<String, Tree> m = (Map<String, Tree>) value;
    for (Map.Entry<String, Tree> e : m.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw e.getValue().error("unknown key \"" + e.getKey() + "\" in " + what + "; known keys: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  public List<Tree> list(String what) {
    if (!(value instanceof List)) throw error(what + " must be a list, not " + describe());
    return (List<Tree>) value;
  }

  public String string(String what) {
    if (!(value instanceof String s)) throw error(what + " must be a string, not " + describe());
    return s;
  }

  /** A string, or a number written without quotes ("13" or 13). */
  public String text(String what) {
    if (value instanceof String s) return s;
    if (source != null) return source;
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : n.toString();
    }
    if (value instanceof Boolean b) return b.toString();
    throw error(what + " must be a string, not " + describe());
  }

  public double number(String what) {
    if (value instanceof Number n) return n.doubleValue();
    if (value instanceof Boolean b) return b ? 1 : 0;
    throw error(what + " must be a number, not " + describe());
  }

  public boolean bool(String what) {
    if (value instanceof Boolean b) return b;
    throw error(what + " must be true or false, not " + describe());
  }

  /** "a string \"x\"", "a list", ... for messages. */
  public String describe() {
    if (value == null) return "null";
    if (value instanceof String s) return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    if (value instanceof Number n) return "the number " + n;
    if (value instanceof Boolean b) return b.toString();
    if (value instanceof List) return "a list";
    return "an object";
  }
}
