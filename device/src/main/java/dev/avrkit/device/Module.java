package dev.avrkit.device;

import java.util.List;
import java.util.Optional;

/**
 * A peripheral type ({@code <module>} under {@code <modules>}): register groups and value groups
 * shared by all of its instances. {@code id} comes from the file and is not unique.
 */
public record Module(
    String name, String caption, String id, List<RegisterGroup> registerGroups, List<ValueGroup> valueGroups) {
  public Module {
    registerGroups = List.copyOf(registerGroups);
    valueGroups = List.copyOf(valueGroups);
  }

  public Optional<RegisterGroup> registerGroup(String n) {
    return registerGroups.stream().filter(g -> g.name().equalsIgnoreCase(n)).findFirst();
  }

  public Optional<ValueGroup> valueGroup(String n) {
    return valueGroups.stream().filter(g -> g.name().equalsIgnoreCase(n)).findFirst();
  }
}
