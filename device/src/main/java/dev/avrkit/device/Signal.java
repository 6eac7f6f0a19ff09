package dev.avrkit.device;

import java.util.Optional;

/**
 * A peripheral signal routed to a pad ({@code <signal group function pad index>}): e.g. USART3
 * TXD on PB4 for function "ALT1". PORTMUX routes are the signals' functions.
 */
public record Signal(String group, String function, String pad, Optional<Integer> index) {}
