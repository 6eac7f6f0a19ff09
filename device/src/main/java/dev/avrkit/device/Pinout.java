package dev.avrkit.device;

import java.util.List;

/** A package pinout ({@code <pinout>}): pin positions and the pad on each. */
public record Pinout(String name, String caption, List<Pin> pins) {
  public Pinout { pins = List.copyOf(pins); }

  public record Pin(String position, String pad) {}
}
