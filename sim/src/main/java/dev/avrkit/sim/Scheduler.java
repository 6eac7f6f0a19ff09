package dev.avrkit.sim;

import java.util.Arrays;

/**
 * Timed events on the CPU clock: a binary heap ordered by cycle. The CPU runs instructions until
 * the earliest event is due, then fires every due event (in cycle order, ties in scheduling
 * order) and goes on. Peripherals never run every cycle: a timer schedules its next overflow or
 * compare match, a USART the end of the byte it sends.
 *
 * <p>An event fires at the first instruction boundary at or after its cycle; {@link Event#fire}
 * gets the cycle it was scheduled for so periodic events do not drift.
 */
public final class Scheduler {

  /** Something that happens at a cycle. One instance is in the queue at most once. */
  public abstract static class Event {
    long when = -1;
    long seq;
    int index = -1;

    /** Called when due; {@code when} is the cycle it was scheduled for. */
    protected abstract void fire(long when);

    /** Whether it is in the queue. */
    public final boolean scheduled() {
      return index >= 0;
    }

    /** The cycle it is scheduled for (meaningful while {@link #scheduled()}). */
    public final long when() {
      return when;
    }
  }

  private Event[] heap = new Event[32];
  private int size;
  private long seq;
  private final Cpu cpu;

  Scheduler(Cpu cpu) {
    this.cpu = cpu;
  }

  private long firing = -1;

  /**
   * The current cycle: while an event fires, the cycle it was due at; otherwise the start of the
   * instruction being executed.
   */
  public long now() {
    return firing >= 0 ? firing : cpu.cycle;
  }

  /** Schedules (or moves) an event to an absolute cycle. */
  public void schedule(Event e, long when) {
    if (e.index >= 0) remove(e.index);
    e.when = when;
    e.seq = seq++;
    if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
    heap[size] = e;
    e.index = size;
    size++;
    up(e.index);
    if (when < cpu.limit) cpu.limit = when;
  }

  /** Schedules an event {@code delay} cycles from now. */
  public void scheduleIn(Event e, long delay) {
    schedule(e, now() + delay);
  }

  /** Removes an event if it is scheduled. */
  public void cancel(Event e) {
    if (e.index >= 0) remove(e.index);
  }

  /** The cycle of the earliest event, or Long.MAX_VALUE. */
  public long next() {
    return size == 0 ? Long.MAX_VALUE : heap[0].when;
  }

  /** Number of queued events. */
  public int pending() {
    return size;
  }

  void runDue(long now) {
    while (size > 0 && heap[0].when <= now) {
      Event e = heap[0];
      remove(0);
      firing = e.when;
      try {
        e.fire(e.when);
      } finally {
        firing = -1;
      }
    }
  }

  void clear() {
    for (int i = 0; i < size; i++) heap[i].index = -1;
    Arrays.fill(heap, null);
    size = 0;
  }

  private boolean less(Event a, Event b) {
    return a.when < b.when || (a.when == b.when && a.seq < b.seq);
  }

  private void remove(int i) {
    Event e = heap[i];
    e.index = -1;
    size--;
    if (i != size) {
      Event last = heap[size];
      heap[i] = last;
      last.index = i;
      heap[size] = null;
      up(i);
      down(last.index);
    } else {
      heap[size] = null;
    }
  }

  private void up(int i) {
    Event e = heap[i];
    while (i > 0) {
      int p = (i - 1) >> 1;
      if (!less(e, heap[p])) break;
      heap[i] = heap[p];
      heap[i].index = i;
      i = p;
    }
    heap[i] = e;
    e.index = i;
  }

  private void down(int i) {
    Event e = heap[i];
    while (true) {
      int c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && less(heap[c + 1], heap[c])) c++;
      if (!less(heap[c], e)) break;
      heap[i] = heap[c];
      heap[i].index = i;
      i = c;
    }
    heap[i] = e;
    e.index = i;
  }
}
