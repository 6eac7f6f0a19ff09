package dev.avrkit.sim.test;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.sim.test.TestFirmware.Outcome;
import dev.avrkit.sim.test.TestFirmware.Status;
import dev.avrkit.sim.test.TestFirmware.TestCase;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the tests of one {@link TestFirmware} the way libtest runs a host test binary: the same
 * arguments ({@code NAME} filters, {@code --exact}, {@code --ignored}, {@code --include-ignored},
 * {@code --list}, {@code --nocapture}/{@code --show-output}) and the same report ({@code running N
 * tests}, {@code test NAME ... ok|FAILED|ignored}, the failures with their panic message and
 * location, {@code test result: ...}). Exit code 101 when a test failed, like libtest.
 */
public final class TestSession {
  /** libtest's exit code for failed tests. */
  public static final int FAILED_EXIT = 101;

  /** What the arguments ask for. */
  public record Options(List<String> filters, boolean exact, boolean ignoredOnly, boolean includeIgnored, boolean list,
      boolean showOutput, long timeoutCycles) {

    /** Reads libtest's arguments (as cargo passes them after the binary). */
    public static Options parse(List<String> args, long defaultTimeout) {
      List<String> filters = new ArrayList<>();
      boolean exact = false, ignored = false, include = false, list = false, show = false;
      long timeout = defaultTimeout;
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--exact" -> exact = true;
          case "--ignored" -> ignored = true;
          case "--include-ignored" -> include = true;
          case "--list" -> list = true;
          case "--nocapture", "--show-output" -> show = true;
          case "-q", "--quiet" -> { }
          case "--test-threads" -> i++;
          case "--timeout-cycles" -> {
            if (i + 1 >= args.size()) throw new AvrkitException("--timeout-cycles needs a number of cycles, e.g. --timeout-cycles 16000000");
            timeout = cycles(args.get(++i));
          }
          default -> {
            if (a.startsWith("--test-threads=")) break;
            if (a.startsWith("--timeout-cycles=")) {
              timeout = cycles(a.substring("--timeout-cycles=".length()));
              break;
            }
            if (a.startsWith("-")) {
              throw new AvrkitException("unknown test option " + a + "; on-target tests take NAME filters, --exact, --ignored, "
                  + "--include-ignored, --list, --nocapture, --show-output and --timeout-cycles N");
            }
            filters.add(a);
          }
        }
      }
      return new Options(filters, exact, ignored, include, list, show, timeout);
    }

    private static long cycles(String s) {
      try {
        long v = Long.parseLong(s.replace("_", ""));
        if (v > 0) return v;
      } catch (NumberFormatException e) {
        // below
      }
      throw new AvrkitException("--timeout-cycles " + s + ": give a positive number of simulated cycles, e.g. 16000000");
    }

    boolean selects(String name) {
      if (filters.isEmpty()) return true;
      for (String f : filters) if (exact ? name.equals(f) : name.contains(f)) return true;
      return false;
    }
  }

  /** One test's result in a session. */
  public record Result(TestCase test, boolean passed, boolean ignored, String failure, Outcome outcome) {}

  /** All results, and the counts libtest prints. */
  public record Summary(List<Result> results, int passed, int failed, int ignored, int filteredOut, double seconds) {
    public boolean ok() {
      return failed == 0;
    }
  }

  private TestSession() {}

  /** Runs the selected tests, prints libtest's report to {@code out}; returns the summary. */
  public static Summary run(TestFirmware fw, Options o, PrintStream out) {
    long start = System.nanoTime();
    List<TestCase> all = fw.tests();
    // like libtest: --ignored runs the ignored tests only, the others count as filtered out
    List<TestCase> selected = all.stream().filter(t -> o.selects(t.name()) && (!o.ignoredOnly() || t.ignored())).toList();
    if (o.list()) {
      for (TestCase t : selected) out.println(t.name() + ": test");
      out.println();
      out.println(selected.size() + " test" + (selected.size() == 1 ? "" : "s") + ", 0 benchmarks");
      return new Summary(List.of(), 0, 0, 0, all.size() - selected.size(), 0);
    }
    out.println();
    out.println("running " + selected.size() + " test" + (selected.size() == 1 ? "" : "s"));
    List<Result> results = new ArrayList<>();
    int passed = 0, failed = 0, ignored = 0;
    for (TestCase t : selected) {
      String label = "test " + t.name() + (t.shouldPanic() ? " - should panic" : "") + " ... ";
      boolean skip = t.ignored() && !o.ignoredOnly() && !o.includeIgnored();
      if (skip) {
        out.println(label + "ignored");
        out.flush();
        results.add(new Result(t, false, true, "", null));
        ignored++;
        continue;
      }
      Outcome r = fw.run(t, o.timeoutCycles());
      String failure = judge(t, r);
      boolean ok = failure.isEmpty();
      out.println(label + (ok ? "ok" : "FAILED"));
      out.flush();
      results.add(new Result(t, ok, false, failure, r));
      if (ok) passed++;
      else failed++;
    }
    double secs = (System.nanoTime() - start) / 1e9;
    Summary s = new Summary(results, passed, failed, ignored, all.size() - selected.size(), secs);
    List<Result> shown = results.stream().filter(r -> !r.ignored() && (!r.passed() || o.showOutput())
        && (!r.passed() || !r.outcome().output().isEmpty())).toList();
    if (o.showOutput() && shown.stream().anyMatch(Result::passed)) {
      out.println();
      out.println("successes:");
      for (Result r : shown) if (r.passed()) block(out, r);
      out.println();
      out.println("successes:");
      for (Result r : shown) if (r.passed()) out.println("    " + r.test().name());
    }
    if (failed > 0) {
      out.println();
      out.println("failures:");
      for (Result r : results) if (!r.passed() && !r.ignored()) block(out, r);
      out.println();
      out.println("failures:");
      for (Result r : results) if (!r.passed() && !r.ignored()) out.println("    " + r.test().name());
    }
    out.println();
    out.printf(Locale.ROOT, "test result: %s. %d passed; %d failed; %d ignored; 0 measured; %d filtered out; finished in %.2fs%n",
        failed == 0 ? "ok" : "FAILED", passed, failed, ignored, s.filteredOut(), secs);
    out.println();
    out.flush();
    return s;
  }

  private static void block(PrintStream out, Result r) {
    out.println();
    out.println("---- " + r.test().name() + " stdout ----");
    String o = r.outcome().output();
    if (!o.isEmpty()) {
      out.print(o.replace("\r\n", "\n"));
      if (!o.endsWith("\n")) out.println();
    }
    if (!r.failure().isEmpty()) out.println(r.failure());
  }

  /** Empty when the test passed, else what to print about its failure. */
  public static String judge(TestCase t, Outcome r) {
    String panicked = r.status() == Status.PANICKED
        ? (r.location().isEmpty() ? "panicked:" : "panicked at " + r.location() + ":") + "\n" + r.message() : "";
    if (t.shouldPanic()) {
      return switch (r.status()) {
        case PASSED -> "note: test did not panic as expected";
        case PANICKED -> r.message().contains(t.expected()) ? ""
            : panicked + "\nnote: panic did not contain expected string\n      panic message: " + quote(r.message())
                + "\n expected substring: " + quote(t.expected());
        default -> r.message();
      };
    }
    return switch (r.status()) {
      case PASSED -> "";
      case PANICKED -> panicked;
      default -> r.message();
    };
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
