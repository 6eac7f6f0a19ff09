package dev.avrkit.sim;

import dev.avrkit.device.Architecture;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which simulation belongs to which module of the device model, keyed by architecture and the
 * model's module name ("PORT", "USART", "TC16", "TCA"...), plus the interrupt controller of each
 * architecture. Immutable; {@link #standard()} holds everything avrkit simulates.
 */
public final class PeripheralRegistry {
  private final Map<String, PeripheralFactory> factories;
  private final Map<Architecture, Function<Machine, InterruptController>> controllers;

  private PeripheralRegistry(Builder b) {
    this.factories = Map.copyOf(b.factories);
    this.controllers = Map.copyOf(b.controllers);
  }

  private static String key(Architecture a, String module) {
    return a.name() + "/" + module.toUpperCase(Locale.ROOT);
  }

  /** The factory of a module on an architecture, if avrkit simulates it. */
  public Optional<PeripheralFactory> factory(Architecture a, String module) {
    return Optional.ofNullable(factories.get(key(a, module)));
  }

  /** The interrupt controller factory of an architecture (classic fixed priority by default). */
  public Optional<Function<Machine, InterruptController>> interruptController(Architecture a) {
    return Optional.ofNullable(controllers.get(a));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Everything avrkit simulates: the ATmega328P family peripherals (and AVR8X when present). */
  public static PeripheralRegistry standard() {
    Builder b = builder();
    dev.avrkit.sim.mega.MegaPeripherals.register(b);
    // AVR8X (ATmega4809, tinyAVR 0/1/2, AVR-Dx): dev.avrkit.sim.avr8x registers itself here.
    dev.avrkit.sim.avr8x.Avr8xPeripherals.register(b);
    return b.build();
  }

  /** Collects factories. */
  public static final class Builder {
    private final Map<String, PeripheralFactory> factories = new HashMap<>();
    private final Map<Architecture, Function<Machine, InterruptController>> controllers =
        new HashMap<>();

    public Builder add(Architecture a, String module, PeripheralFactory f) {
      factories.put(key(a, module), f);
      return this;
    }

    public Builder interruptController(Architecture a, Function<Machine, InterruptController> f) {
      controllers.put(a, f);
      return this;
    }

    public PeripheralRegistry build() {
      return new PeripheralRegistry(this);
    }
  }
}
