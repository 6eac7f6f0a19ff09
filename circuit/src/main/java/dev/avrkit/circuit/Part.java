package dev.avrkit.circuit;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * One part of a circuit (LED, button, display...). A part is made by its {@link PartType}'s
 * factory with a {@link Circuit.Context} through which it reads the levels of the nets its pins
 * are on, drives nets, closes switches, joins an I2C or SPI bus and reports events.
 */
public interface Part {

  /** The id from the diagram ("led1"). */
  String id();

  /** Some net changed level (after the circuit settled); read the pins that matter. */
  default void netsChanged() {}

  /** The controls a scenario's {@code set-control} may set ("pressed", "position"). */
  default List<String> controls() {
    return List.of();
  }

  /** Sets a control; the value was checked to be a number. */
  default void setControl(String control, double value) {
    throw new CircuitException("part " + id() + " has no control \"" + control + "\"");
  }

  /** The picture of a display part, at its native size; empty for parts without a display. */
  default Optional<BufferedImage> screenshot() {
    return Optional.empty();
  }

  /** Width and height of {@link #screenshot()}, known before the run; null without a display. */
  default int[] screenSize() {
    return null;
  }

  /** Called once when the run ends (flush a last LED brightness, save memories). */
  default void finish() {}

  /** A one-line state for failure reports ("on", "pressed", "72 pixels on"). */
  default String state() {
    return "";
  }
}
