package dev.avrkit.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the diagram and scenario readers: valid files mutated (bytes flipped,
 * deleted, duplicated, cut, tokens inserted) must either read or fail with one clean line
 * naming the file, never another exception.
 */
class ParserFuzzTest {
  static final String DIAGRAM = """
      { "version": 1, "author": "x", "editor": "wokwi",
        "parts": [ { "type": "wokwi-arduino-uno", "id": "uno", "top": 0, "left": 0, "attrs": {} },
                   { "type": "wokwi-led", "id": "led1", "top": 1.5, "left": 2, "rotate": 90, "attrs": { "color": "red" } } ],
        "connections": [ [ "led1:A", "uno:13", "green", [ "v10", "*", "h5" ] ], [ "led1:C", "uno:GND.1", "black", [] ] ],
        "serialMonitor": { "display": "always", "newline": "lf" } }
      """;
  static final String SCENARIO = """
      name: Blink
      version: 1
      author: x
      steps:
        - wait-serial: 'LED on'
        - expect-pin: { part-id: led1, pin: A, value: 1 }
        - name: press
          set-control: { part-id: btn1, control: pressed, value: 1 }
        - delay: 200ms
        - write-serial: [104, 105]
        - take-screenshot: { part-id: oled1, save-to: a.png, compare-with: b.png }
      """;
  static final String[] TOKENS = {"{", "}", "[", "]", ":", ",", "\"", "'", "-", "\n", "  ", "null", "1e999", "\t", "&a", "*a", "!!binary", "%", "#", "\u0000", "\uFFFF"};

  @Test
  void diagramReader() {
    fuzz(DIAGRAM, 0xD1A6L, true);
  }

  @Test
  void scenarioReader() {
    fuzz(SCENARIO, 0x5CE7L, false);
  }

  private static void fuzz(String base, long seed, boolean json) {
    SplittableRandom r = new SplittableRandom(seed);
    int clean = 0;
    for (int i = 0; i < 1200; i++) {
      StringBuilder b = new StringBuilder(base);
      int edits = 1 + r.nextInt(4);
      for (int e = 0; e < edits && b.length() > 0; e++) {
        int at = r.nextInt(b.length());
        switch (r.nextInt(5)) {
          case 0 -> b.setCharAt(at, (char) (32 + r.nextInt(95)));
          case 1 -> b.deleteCharAt(at);
          case 2 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
          case 3 -> b.setLength(at);
          default -> b.insert(at, b.substring(at, Math.min(b.length(), at + r.nextInt(20))));
        }
      }
      String text = b.toString();
      try {
        if (json) Diagram.of(Path.of("d.json"), Tree.json("d.json", text.getBytes(StandardCharsets.UTF_8)));
        else Scenario.of(Path.of("s.yaml"), Tree.yaml("s.yaml", text));
        clean++;
      } catch (CircuitException e) {
        assertThat(e.getMessage()).as(text).startsWith(json ? "d.json" : "s.yaml").doesNotContain("\n");
      } catch (RuntimeException e) {
        throw new AssertionError("input " + i + " ended in " + e + ":\n" + text, e);
      }
    }
    assertThat(clean).as("some mutations still read").isGreaterThan(0);
  }
}
