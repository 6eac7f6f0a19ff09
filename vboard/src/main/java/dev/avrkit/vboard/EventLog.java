package dev.avrkit.vboard;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Board events for people: consecutive page writes of one memory are merged into one line
 * ("flash pages 0x0000..0x0B80 written (24 pages)"), printed when another event comes or after 300 ms.
 */
final class EventLog implements Consumer<String> {
  private static final Pattern PAGE = Pattern.compile("(\\w+) page 0x([0-9A-F]+) (.+)");
  private final Consumer<String> out;
  private String memory;
  private String verb;
  private int first;
  private int last;
  private int pages;
  private long lastAt;

  EventLog(Consumer<String> out) {
    this.out = out;
  }

  @Override
  public synchronized void accept(String s) {
    Matcher m = PAGE.matcher(s);
    if (m.matches()) {
      int a = Integer.parseInt(m.group(2), 16);
      if (pages > 0 && m.group(1).equals(memory) && m.group(3).equals(verb) && a > last) {
        last = a;
        pages++;
      } else {
        flush();
        memory = m.group(1);
        verb = m.group(3);
        first = a;
        last = a;
        pages = 1;
      }
      lastAt = System.nanoTime();
      return;
    }
    flush();
    out.accept(s);
  }

  /** Prints a pending run of page writes when it has been quiet for 300 ms. */
  synchronized void tick() {
    if (pages > 0 && System.nanoTime() - lastAt > 300_000_000L) flush();
  }

  synchronized void flush() {
    if (pages == 0) return;
    out.accept(
        pages == 1
            ? String.format("%s page 0x%04X %s", memory, first, verb)
            : String.format("%s pages 0x%04X..0x%04X %s (%d pages)", memory, first, last, verb, pages));
    pages = 0;
  }
}
