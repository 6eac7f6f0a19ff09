package dev.avrkit.circuit;

import dev.avrkit.circuit.parts.Ds1307;
import dev.avrkit.circuit.parts.Eeprom24c;
import dev.avrkit.circuit.parts.Lcd1602;
import dev.avrkit.circuit.parts.Led;
import dev.avrkit.circuit.parts.ShiftRegister595;
import dev.avrkit.circuit.parts.Ssd1306;
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
    add(new PartType("board-ssd1306", List.of("GND", "VCC", "SCL", "SDA"), Set.of("SCL", "SDA"),
        List.of("i2cAddress"), List.of(), Ssd1306::new));
    add(new PartType("wokwi-ds1307", List.of("GND", "5V", "SDA", "SCL", "SQW"), Set.of("SDA", "SCL"),
        List.of("initTime"), List.of(), Ds1307::new));
    add(new PartType("avrkit-24c256", List.of("GND", "VCC", "SDA", "SCL", "WP", "A0", "A1", "A2"), Set.of("SDA", "SCL"),
        List.of("i2cAddress", "writeTime"), List.of(), Eeprom24c::new));
    add(new PartType("wokwi-lcd1602", List.of("GND", "VCC", "SDA", "SCL", "VSS", "VDD", "V0", "RS", "RW", "E",
        "D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "A", "K"), Set.of(), List.of("pins", "i2cAddress", "color", "background"),
        List.of(), Lcd1602::new));
    add(new PartType("wokwi-74hc595", List.of("DS", "SHCP", "STCP", "OE", "MR", "Q0", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7",
        "Q7S", "GND", "VCC"), Set.of("DS", "SHCP", "STCP"), List.of(), List.of(), ShiftRegister595::new));
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
