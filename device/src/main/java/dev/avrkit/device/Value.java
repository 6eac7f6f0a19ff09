package dev.avrkit.device;

/** One named value of a bit field ({@code <value>} in a value group). */
public record Value(String name, String caption, long value) {}
