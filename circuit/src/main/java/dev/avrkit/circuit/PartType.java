package dev.avrkit.circuit;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What a diagram may say about one kind of part: its pin names, which pins must be wired, the
 * attributes it reads, its scenario controls, and the factory that makes it.
 */
public record PartType(
    String type,
    List<String> pins,
    Set<String> required,
    List<String> attrs,
    List<String> controls,
    Function<Circuit.Context, Part> factory) {}
