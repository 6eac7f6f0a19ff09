package dev.avrkit.program;

/** No (complete) answer within the time allowed. */
public final class TimeoutLinkException extends LinkException {
  private final int received;

  public TimeoutLinkException(String port, int received, int expected, long millis) {
    super(port + ": no answer: " + received + " of " + expected + " expected bytes arrived within "
        + millis + " ms");
    this.received = received;
  }

  /** How many bytes did arrive. */
  public int received() { return received; }
}
