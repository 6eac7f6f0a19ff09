package dev.avrkit.device;

import java.util.Optional;

/**
 * A peripheral signal routed to a pad ({@code <signal group function pad index field>}): e.g. USART3
 * TXD on PB4 for function "ALT1". PORTMUX routes are the signals' functions; {@code field} is the
 * PORTMUX bit field that selects the route, when the file names it (schema 4.x: {@code
 * "PORTMUX.TCAROUTEA.TCA0"}).
 */
public record Signal(String group, String function, String pad, Optional<Integer> index, Optional<String> field) {
  /** A signal without a named PORTMUX field (schema 0.3 files). */
  public Signal(String group, String function, String pad, Optional<Integer> index) {
    this(group, function, pad, index, Optional.empty());
  }
}
