package dev.avrkit.program;

/**
 * Where the flashing pipeline reports how far it got. {@link ConsoleProgress} draws a bar on a
 * terminal and prints plain lines otherwise; {@link #silent()} says nothing.
 */
public interface Progress {
  /** A task with a known amount of bytes starts ("writing flash", 12345). */
  void begin(String task, long total);

  /** Some more bytes of the current task are done. */
  void advance(long bytes);

  /** The current task finished. */
  void end();

  /** A message line ("signature 1E 96 51 (ATmega4809)"). */
  void note(String line);

  /** Reports nothing. */
  static Progress silent() {
    return new Progress() {
      @Override
      public void begin(String task, long total) {}

      @Override
      public void advance(long bytes) {}

      @Override
      public void end() {}

      @Override
      public void note(String line) {}
    };
  }
}
