package dev.avrkit.device;

import java.util.List;
import java.util.Optional;

/**
 * A module's register group: registers plus references to nested groups ({@code <register-group
 * name-in-module offset count>}). A union group ({@code class="union"}) overlays its subgroups,
 * one per mode ({@link Mode}); schema 4.x modes appear in {@link #modes()} and on registers'
 * {@code modes}.
 */
public record RegisterGroup(
    String name,
    String caption,
    Optional<Integer> size,
    boolean union,
    Optional<String> unionTag,
    List<Register> registers,
    List<GroupReference> subgroups,
    List<Mode> modes) {
  public RegisterGroup {
    registers = List.copyOf(registers);
    subgroups = List.copyOf(subgroups);
    modes = List.copyOf(modes);
  }

  public Optional<Register> register(String n) {
    return registers.stream().filter(r -> r.name().equalsIgnoreCase(n)).findFirst();
  }

  /**
   * A nested group at {@code offset} in its parent, {@code count} times (an array of groups,
   * {@code stride} bytes apart), taking the module group named {@code groupName}. For a union
   * member {@code unionTagValue} selects it.
   */
  public record GroupReference(
      String name, String groupName, long offset, int count, int stride, Optional<Long> unionTagValue) {}

  /**
   * A mode of a group: it applies when the register {@code qualifier} (e.g. "TCA.SINGLE.CTRLD")
   * masked by its field holds {@code value}. Schema 0.3 {@code <mode>} and 4.x declarations map
   * to this.
   */
  public record Mode(String name, String caption, String qualifier, long value) {}
}
