package dev.avrkit.device;

import java.util.List;

/**
 * One interrupt vector. Several interrupt sources may share it (TCA0 OVF/LUNF): {@code names}
 * lists them all as ATDF names them (with their instance, e.g. "TCA0_OVF", "TCA0_LUNF"); {@code
 * name} is the first. Index 0 is RESET.
 */
public record Interrupt(int index, String name, String caption, String instance, List<String> names) {
  public Interrupt { names = List.copyOf(names); }
}
