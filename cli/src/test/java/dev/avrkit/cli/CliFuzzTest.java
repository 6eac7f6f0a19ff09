package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Seeded fuzz of the command line: random options of each command (taken from its picocli spec)
 * with values that are right, wrong, empty, too big or files that are not what they should be.
 * Every run must end with exit 0, 1 or 2; a 2 with a line starting {@code error: }; never a stack
 * trace or an internal error. Commands that run until stopped (run, sim, monitor, board serve) or
 * build projects (new, build, test, doctor) and the benches are left to their own tests; the
 * others run in-process here against the packs of {@code ../shared/atdf} and serial ports that do
 * not exist.
 */
class CliFuzzTest {
  @TempDir static Path dir;

  static final List<String> COMMANDS = List.of("devices", "info", "pac", "svd", "flash", "read", "erase",
      "fuses", "packs", "ports");

  static String pick(Random r, List<String> l) {
    return l.get(r.nextInt(l.size()));
  }

  @Test
  void randomCommandLinesEndCleanly() throws Exception {
    Path junk = Files.write(dir.resolve("junk.hex"), new byte[] {':', 'Z', 0, (byte) 0xFF, '\n'});
    Path okHex = Files.writeString(dir.resolve("ok.hex"), ":0400000001020304F2\n:00000001FF\n");
    Path notElf = Files.writeString(dir.resolve("x.elf"), "not an elf");
    Path folder = Files.createDirectories(dir.resolve("folder"));
    List<String> paths = List.of(junk.toString(), okHex.toString(), notElf.toString(), folder.toString(),
        dir.resolve("missing/nope.bin").toString(), "/dev/null", "");
    List<String> words = List.of("atmega4809", "ATmega328P", "attiny817", "avr128da48", "nano-every", "uno", "mega",
        "x", "", "-", "--", "ümlaut", "OSCCFG=0x999", "OSCCFG=FREQSEL:20MHZ", "flash:w:" + okHex + ":i",
        "flash:r:" + dir.resolve("out.hex") + ":i", "eeprom:w:0x01,0x02:m", "fuses", "list", "install", "read",
        "write", UserErrorsTest.NO_PORT, "serialupdi", "jtag2updi", "arduino", "a".repeat(300), "1e999");
    List<String> numbers = List.of("0", "-1", "1", "115200", "2147483648", "abc", "", "0x10", "NaN", "3.5");
    CommandSpec root = new CommandLine(new Main()).getCommandSpec();
    Random r = new Random(Long.getLong("fuzz.seed", 20261202));
    int clean = 0;
    for (int i = 0; i < 160; i++) {
      String name = pick(r, COMMANDS);
      CommandSpec spec = root.subcommands().get(name).getCommandSpec();
      List<String> args = new ArrayList<>(List.of(name));
      if (!spec.subcommands().isEmpty() && r.nextInt(4) > 0) {
        String sub = pick(r, new ArrayList<>(spec.subcommands().keySet()));
        if (sub.equals("serve")) continue;
        args.add(sub);
        spec = spec.subcommands().get(sub).getCommandSpec();
      }
      List<OptionSpec> options = spec.options().stream()
          .filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
      for (int k = 0, n = r.nextInt(5); k < n && !options.isEmpty(); k++) {
        OptionSpec o = options.get(r.nextInt(options.size()));
        args.add(o.names()[r.nextInt(o.names().length)]);
        if (o.arity().max() == 0) continue;
        Class<?> t = o.type();
        if (t == Path.class || t == java.io.File.class) args.add(pick(r, paths));
        else if (Number.class.isAssignableFrom(t) || t.isPrimitive()) args.add(pick(r, numbers));
        else args.add(r.nextBoolean() ? pick(r, words) : pick(r, paths));
      }
      for (PositionalParamSpec p : spec.positionalParameters()) {
        if (r.nextInt(5) == 0) continue;
        args.add(p.type() == Path.class ? pick(r, paths) : pick(r, words));
      }
      if (r.nextInt(6) == 0) args.add(pick(r, words));
      // programmer commands never find a board here: give them a port that is not there, mostly
      if (List.of("flash", "read", "erase", "fuses").contains(name) && r.nextInt(4) > 0) {
        args.addAll(List.of("-P", UserErrorsTest.NO_PORT));
      }
      String line = String.join(" ", args);
      CliRun run = CliRun.run(dir.resolve("cache"), args.toArray(String[]::new));
      assertThat(run.exit()).as(line + "\n" + run.err()).isBetween(0, 2);
      assertThat(run.err()).as(line).doesNotContain("\tat ").doesNotContainIgnoringCase("internal error")
          .doesNotContain("Exception");
      if (run.exit() == 2) {
        assertThat(run.err().lines()).as(line + "\n" + run.err()).anyMatch(l -> l.startsWith("error: "));
      }
      clean++;
    }
    assertThat(clean).isGreaterThan(100);
  }
}
