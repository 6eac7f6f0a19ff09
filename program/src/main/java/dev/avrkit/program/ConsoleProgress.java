package dev.avrkit.program;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on the console: a progress bar (me.tongfei progressbar) when the output is a terminal,
 * else one plain line per task ("writing flash: 12345 bytes ... done in 1.2 s").
 */
public final class ConsoleProgress implements Progress {
  private final PrintStream out;
  private final boolean terminal;
  private ProgressBar bar;
  private String task;
  private long total;
  private long started;

  /** Draws a bar when {@code terminal} is true. */
  public ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** A bar when the JVM has a console (an interactive terminal), plain lines otherwise. */
  public static ConsoleProgress forStdout() {
    return new ConsoleProgress(System.out, System.console() != null);
  }

  @Override
  public void begin(String task, long total) {
    end();
    this.task = task;
    this.total = total;
    this.started = System.nanoTime();
    if (terminal) {
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
          .setUnit(" B", 1).showSpeed().build();
    } else {
      out.printf("%s: %d bytes%n", task, total);
    }
  }

  @Override
  public void advance(long bytes) {
    if (bar != null) bar.stepBy(bytes);
  }

  @Override
  public void end() {
    if (task == null) return;
    if (bar != null) {
      bar.close();
      bar = null;
    }
    out.printf("%s: done (%d bytes in %.2f s)%n", task, total, (System.nanoTime() - started) / 1e9);
    task = null;
  }

  @Override
  public void note(String line) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    out.println(line);
  }
}
