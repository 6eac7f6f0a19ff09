package dev.avrkit.circuit;

import dev.avrkit.circuit.parts.Led;
import dev.avrkit.circuit.parts.Potentiometer;
import dev.avrkit.circuit.parts.PushButton;
import dev.avrkit.circuit.parts.Resistor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The part types avrkit simulates, by Wokwi type name. */
public final class PartTypes {
  private static final Map<String, PartType> TYPES = new LinkedHashMap<>();
  private static final Map<String, List<String[]>> LINKS = new LinkedHashMap<>();

  static {
    add(new PartType("wokwi-led", List.of("A", "C"), Set.of("A", "C"),
        List.of("color", "fps"), List.of(), Led::new));
    add(new PartType("wokwi-pushbutton", List.of("1.l", "1.r", "2.l", "2.r"), Set.of(),
        List.of("color", "bounce", "key", "label", "xray"), List.of("pressed"), PushButton::new));
    LINKS.put("wokwi-pushbutton", List.of(new String[] {"1.l", "1.r"}, new String[] {"2.l", "2.r"}));
    add(new PartType("wokwi-resistor", List.of("1", "2"), Set.of("1", "2"), List.of("value"), List.of(), Resistor::new));
    add(new PartType("wokwi-potentiometer", List.of("GND", "SIG", "VCC"), Set.of("SIG"),
        List.of("value"), List.of("position"), Potentiometer::new));
    add(new PartType("wokwi-slide-potentiometer", List.of("GND", "SIG", "VCC"), Set.of("SIG"),
        List.of("value", "travelLength"), List.of("position"), Potentiometer::new));
  }

  private PartTypes() {}

  static void add(PartType t) {
    TYPES.put(t.type(), t);
  }

  public static Optional<PartType> find(String type) {
    return Optional.ofNullable(TYPES.get(type));
  }

  public static List<String> names() {
    return new ArrayList<>(TYPES.keySet());
  }

  /** Pins joined inside the part (a button's 1.l and 1.r). */
  static List<String[]> internalLinks(String type) {
    return LINKS.getOrDefault(type, List.of());
  }
}
