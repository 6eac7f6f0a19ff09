package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * User mistakes on the command line: every one ends with exit code 2 and an error whose first
 * line starts with {@code error:} and names the file, device, board, fuse, port or option at
 * fault (only progress notes may come before it on stderr); never a stack trace, never a half-written project. Also: every command has --help and a
 * description.
 */
class UserErrorsTest {
  @TempDir static Path dir;
  static Path okHex;
  static Path badHex;
  static Path notElf;
  static Path truncatedElf;

  @BeforeAll
  static void files() throws Exception {
    okHex = Files.writeString(dir.resolve("ok.hex"), ":0400000001020304F2\n:00000001FF\n");
    badHex = Files.writeString(dir.resolve("bad.hex"), ":10000000ZZ\n");
    notElf = Files.writeString(dir.resolve("firmware.elf"), "this is not an ELF file");
    truncatedElf = Files.write(dir.resolve("short.elf"), new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0});
  }

  /** A serial port path that does not exist. */
  static final String NO_PORT = "/dev/avrkit-no-such-port";

  static CliRun run(String... args) {
    return CliRun.run(dir.resolve("cache"), args);
  }

  /** Exit 2, first line "error: ..." naming {@code thing}, no stack trace. */
  static CliRun assertUserError(String thing, String... args) {
    CliRun r = run(args);
    String cmd = String.join(" ", args);
    assertThat(r.exit()).as(cmd + "\n" + r.err()).isEqualTo(2);
    // progress notes ("reading URL") may come before it; the error's own first line says it all
    String first = r.err().lines().filter(l -> l.startsWith("error: ")).findFirst()
        .orElseThrow(() -> new AssertionError(cmd + ": no line starting with 'error: ' in\n" + r.err()));
    assertThat(first).as(cmd).containsIgnoringCase(thing);
    assertThat(r.err().lines().takeWhile(l -> !l.startsWith("error: ")))
        .as(cmd + ": lines before the error").noneMatch(l -> l.startsWith("error") || l.contains("Exception"));
    assertThat(r.err()).as(cmd).doesNotContain("\tat ").doesNotContain("internal error");
    return r;
  }

  static String[] programmer(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--device", "atmega4809", "-c", "serialupdi", "-P", NO_PORT));
    return a.toArray(String[]::new);
  }

  @Test
  void unknownDeviceAndBoard() {
    assertThat(assertUserError("atmega9999", "info", "atmega9999").err()).contains("did you mean");
    assertUserError("atmega9999", "flash", okHex.toString(), "--device", "atmega9999", "-c", "serialupdi",
        "-P", NO_PORT);
    assertThat(assertUserError("mega", "flash", okHex.toString(), "--board", "mega").err())
        .contains("known boards: nano-every, uno, nano");
    assertUserError("mega", "monitor", "--board", "mega");
    assertUserError("foo", "flash", okHex.toString(), "--device", "atmega4809", "-c", "foo", "-P", NO_PORT);
  }

  @Test
  void missingAndMalformedFirmware() {
    assertUserError("nofile.hex", programmer("flash", dir.resolve("nofile.hex").toString()));
    assertUserError("bad.hex:1", programmer("flash", badHex.toString()));
    assertUserError("short.elf", programmer("flash", truncatedElf.toString()));
    // a .elf file that is not ELF is refused, not flashed as raw bytes
    assertUserError("firmware.elf: named .elf but not an ELF file", programmer("flash", notElf.toString()));
    assertUserError("firmware.elf", "run", notElf.toString(), "--board", "uno", "--sim");
    assertUserError("nofile.elf", "run", dir.resolve("nofile.elf").toString(), "--board", "uno", "--sim");
  }

  @Test
  void runSpeedAndSecondsOutOfRange() {
    for (String bad : List.of("0", "-2", "NaN", "Infinity")) {
      assertThat(assertUserError("--speed " + Double.parseDouble(bad), "run", okHex.toString(), "--board", "uno",
          "--sim", "--speed", bad).err()).contains("--fast");
    }
    assertUserError("--speed", "run", okHex.toString(), "--board", "uno", "--sim", "--speed", "fast");
    assertUserError("--seconds -1.0", "run", okHex.toString(), "--board", "uno", "--sim", "--seconds", "-1");
  }

  @Test
  void badUpdateSyntaxAndFuses() {
    assertUserError("-U bogus", programmer("flash", "-U", "bogus"));
    assertUserError("'q' is not w, r or v", programmer("flash", "-U", "flash:q:x.hex"));
    assertUserError("format 'z'", programmer("flash", "-U", "flash:w:" + okHex + ":z"));
    assertUserError("NOPE", programmer("flash", okHex.toString(), "--fuse", "NOPE=1"));
    assertUserError("OSCCFG", programmer("flash", okHex.toString(), "--fuse", "OSCCFG=0x100"));
    assertUserError("expected NAME=VALUE", programmer("flash", okHex.toString(), "--fuse", "OSCCFG"));
    assertThat(assertUserError("NOPE", programmer("fuses", "write", "NOPE=1")).err()).contains("OSCCFG");
    // a value out of range is refused before the chip (here: a port that is not there) is touched
    assertUserError("0x999", programmer("fuses", "write", "OSCCFG=0x999"));
    assertUserError("FREQSEL", programmer("fuses", "write", "OSCCFG=FREQSEL:99MHZ"));
    assertUserError("bogus", programmer("fuses", "bogus"));
  }

  @Test
  void portsThatDoNotExist() {
    assertUserError(NO_PORT, programmer("erase"));
    assertUserError(NO_PORT, programmer("fuses", "show"));
    assertUserError(NO_PORT, programmer("flash", okHex.toString()));
    assertUserError(NO_PORT, "monitor", "--board", "nano-every", "-P", NO_PORT, "--seconds", "1");
    // the output folder is checked before the chip is read
    assertUserError("/no-such-dir", programmer("read", "flash", "--out", "/no-such-dir/x.hex"));
    assertUserError("--format srec", programmer("read", "flash", "--out", dir.resolve("r.hex").toString(),
        "--format", "srec"));
    assertUserError("/no-such-dir", programmer("flash", "-U", "flash:r:/no-such-dir/x.hex:i"));
  }

  @Test
  void benchSimProgramAndRounds() {
    assertThat(assertUserError("'nope'", "bench", "sim", "--program", "nope").err()).contains("crc32, periph");
    assertUserError("--rounds must be at least 1", "bench", "sim", "--program", "periph", "--rounds", "0");
  }

  @Test
  void virtualBoardOptions() {
    assertUserError("--bridge-firmware 7", "board", "serve", "nano-every", "--link",
        dir.resolve("b1").toString(), "--bridge-firmware", "7");
    assertUserError("slowdown 0.5", "board", "serve", "serialupdi:attiny817", "--link",
        dir.resolve("b2").toString(), "--nvm-slowdown", "0.5");
  }

  @Test
  void newNeverOverwritesNorLeavesHalfAProject() throws Exception {
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");
    assertUserError("not an empty folder", "new", full.toString(), "--board", "nano-every");
    assertThat(full.toFile().list()).containsExactly("keep.txt");
    assertUserError("mega", "new", dir.resolve("p1").toString(), "--board", "mega");
    assertUserError("atmega9999", "new", dir.resolve("p2").toString(), "--device", "atmega9999");
    assertUserError("--led", "new", dir.resolve("p3").toString(), "--device", "attiny3217", "--led", "PZ9");
    assertThat(dir.resolve("p1")).doesNotExist();
    assertThat(dir.resolve("p2")).doesNotExist();
    assertThat(dir.resolve("p3")).doesNotExist();
    // a folder below a regular file cannot be created
    assertUserError("keep.txt", "new", full.resolve("keep.txt").resolve("p").toString(), "--board", "uno");
  }

  @Test
  void projectCommandsOutsideAProject() {
    assertUserError("no avrkit project", "build", dir.resolve("full-of-nothing").toString());
    assertUserError("--toolchain foo", "new", dir.resolve("p4").toString(), "--board", "uno", "--toolchain", "foo");
    assertUserError("no avrkit project", "new", dir.resolve("full-of-nothing").toString(), "--config-only");
  }

  @Test
  void packsThatAreNotThere() {
    assertUserError("no device packs", "devices", "--packs", dir.resolve("none").toString());
    // a device file is no pack (found by CliFuzzTest: it was an internal error)
    assertThat(assertUserError("no device packs", "devices", "--packs", "/dev/null").err())
        .contains("/dev/null: not a pack");
    assertUserError("no devices loaded", "bench", "packs", "--packs", dir.resolve("none").toString());
    // port 1 on loopback: nothing listens there
    assertUserError("cannot reach http://127.0.0.1:1/", "packs", "install", "atmega", "--mirror",
        "http://127.0.0.1:1/");
  }

  @Test
  void commandLinesPicocliCannotParse() {
    assertThat(assertUserError("Missing required parameter: 'DEVICE'", "info").err())
        .contains("avrkit info --help");
    assertUserError("Unknown option: '--bogus'", "doctor", "--bogus");
    assertUserError("'abc' is not an int", "flash", "--baud", "abc");
    assertUserError("Unknown option: '--bogus'", "bench", "flash", "--bogus");
    assertUserError("no benchmark program 'crc64'; choose one of crc32, periph, periph4809", "bench", "sim", "--program", "crc64");
  }

  @Test
  void everyCommandHasHelpAndADescription() {
    List<CommandSpec> all = new ArrayList<>();
    collect(new CommandLine(new Main()).getCommandSpec(), all);
    assertThat(all).hasSizeGreaterThan(15);
    for (CommandSpec s : all) {
      String name = s.qualifiedName();
      assertThat(s.optionsMap()).as(name + " has --help").containsKey("--help");
      assertThat(String.join(" ", s.usageMessage().description()).trim())
          .as(name + " has a description").hasSizeGreaterThan(20);
      List<String> args = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
      args.add("--help");
      CliRun r = run(args.toArray(String[]::new));
      assertThat(r.exit()).as(name + " --help\n" + r.err()).isZero();
      assertThat(r.out()).as(name + " --help").contains("Usage: " + name + " ");
    }
  }

  private static void collect(CommandSpec s, List<CommandSpec> out) {
    out.add(s);
    for (CommandLine sub : s.subcommands().values()) {
      // aliases map to the same spec: visit each once
      if (out.stream().noneMatch(x -> x == sub.getCommandSpec())) collect(sub.getCommandSpec(), out);
    }
  }
}
