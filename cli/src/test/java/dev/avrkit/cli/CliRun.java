package dev.avrkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the avrkit command line in-process and captures what it prints (device commands' tests). */
record CliRun(int exit, String out, String err) {
  static Path packs() {
    for (String env : new String[] {System.getenv("AVRKIT_PACKS"), System.getenv("AVRKIT_PACKS_DEFAULT")}) {
      if (env != null && !env.isBlank()) {
        Path p = Path.of(env.split(File.pathSeparator)[0]);
        if (Files.isDirectory(p)) return p;
      }
    }
    return Path.of(System.getProperty("avrkit.repo", ".")).resolve("../shared/atdf").normalize();
  }

  static synchronized CliRun run(Path cacheDir, String... args) {
    PrintStream o = System.out;
    PrintStream e = System.err;
    java.io.InputStream in = System.in;
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    ByteArrayOutputStream be = new ByteArrayOutputStream();
    String oldCache = System.getProperty("avrkit.cacheDir");
    try {
      System.setProperty("avrkit.cacheDir", cacheDir.toString());
      System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(be, true, StandardCharsets.UTF_8));
      // no keyboard: a command reading stdin (avrkit run's console) sees its end at once instead of
      // taking surefire's command channel from it (the forked JVM would then wait 30 s to exit)
      System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
      int code = Main.execute(args);
      return new CliRun(code, bo.toString(StandardCharsets.UTF_8), be.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
      System.setIn(in);
      if (oldCache == null) System.clearProperty("avrkit.cacheDir");
      else System.setProperty("avrkit.cacheDir", oldCache);
    }
  }
}
