package dev.avrkit.vboard;

import dev.avrkit.device.AvrkitException;
import java.util.Locale;

/**
 * Faults a virtual link injects, repeatable from a seed: each byte in either direction is dropped
 * with probability {@code drop}, has one bit flipped with probability {@code corrupt}, or is held
 * back {@code delayMs} with probability {@code delay}; after {@code unplugAfter} bytes (both
 * directions, 0 = never) the board is "unplugged" (the port disappears) for {@code unplugMs}
 * and then comes back under the same link.
 *
 * <p>Text form (CLI {@code --faults}): {@code seed=7,drop=0.001,corrupt=0.001,delay=0.01:20,
 * unplug=5000:1000}; a leading bare number is the seed.
 */
public record Faults(
    long seed, double drop, double corrupt, double delay, int delayMs, long unplugAfter, int unplugMs) {

  /** No faults at all. */
  public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, 0);

  public Faults {
    if (drop < 0 || drop > 1 || corrupt < 0 || corrupt > 1 || delay < 0 || delay > 1) {
      throw new AvrkitException("fault probabilities must be between 0 and 1");
    }
    if (delayMs < 0 || unplugAfter < 0 || unplugMs < 0) {
      throw new AvrkitException("fault delays and counts must not be negative");
    }
  }

  /** Whether any fault is configured. */
  public boolean any() {
    return drop > 0 || corrupt > 0 || delay > 0 || unplugAfter > 0;
  }

  /** Parses the text form; throws {@link AvrkitException} naming the bad part. */
  public static Faults parse(String text) {
    long seed = 1;
    double drop = 0;
    double corrupt = 0;
    double delay = 0;
    int delayMs = 10;
    long unplug = 0;
    int unplugMs = 1000;
    String[] parts = text.trim().isEmpty() ? new String[0] : text.split(",");
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      try {
        if (i == 0 && p.matches("-?\\d+")) {
          seed = Long.parseLong(p);
          continue;
        }
        int eq = p.indexOf('=');
        if (eq < 0) throw new NumberFormatException();
        String k = p.substring(0, eq);
        String v = p.substring(eq + 1);
        String[] vv = v.split(":");
        switch (k) {
          case "seed" -> seed = Long.parseLong(v);
          case "drop" -> drop = Double.parseDouble(v);
          case "corrupt" -> corrupt = Double.parseDouble(v);
          case "delay" -> {
            delay = Double.parseDouble(vv[0]);
            if (vv.length > 1) delayMs = Integer.parseInt(vv[1]);
          }
          case "unplug" -> {
            unplug = Long.parseLong(vv[0]);
            if (vv.length > 1) unplugMs = Integer.parseInt(vv[1]);
          }
          default -> throw new NumberFormatException();
        }
      } catch (RuntimeException e) {
        if (e instanceof AvrkitException) throw e;
        throw new AvrkitException(
            "bad fault spec '" + parts[i].trim() + "' in --faults " + text
                + "; use seed=N,drop=P,corrupt=P,delay=P:MS,unplug=BYTES:MS");
      }
    }
    return new Faults(seed, drop, corrupt, delay, delayMs, unplug, unplugMs);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "seed=%d,drop=%s,corrupt=%s,delay=%s:%d,unplug=%d:%d",
        seed, drop, corrupt, delay, delayMs, unplugAfter, unplugMs);
  }
}
