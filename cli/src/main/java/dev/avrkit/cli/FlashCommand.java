package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.IntelHex;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.image.Region;
import dev.avrkit.program.ConsoleProgress;
import dev.avrkit.program.Connection;
import dev.avrkit.program.FlashPipeline;
import dev.avrkit.program.FuseRules;
import dev.avrkit.program.Session;
import dev.avrkit.program.UpdateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit flash}: write firmware to a chip, verify it, write the board's fuses. */
@Command(
    name = "flash",
    mixinStandardHelpOptions = true,
    description = {
      "Write firmware (ELF, Intel HEX or raw binary) to a chip and verify it. Before the chip is "
          + "touched: the ELF's architecture must suit the chip (an avr5 build is refused for the "
          + "ATmega4809), the image must fit, fuse and lock values must be safe (or --force). "
          + "Then: signature check, chip erase, write, verify (always), fuses, lock bits.",
      "An ELF file's sections go where their load addresses say (avrdude's :e): flash, EEPROM "
          + "(0x810000), fuses (0x820000), lock bits (0x830000), user row (0x850000).",
      "avrdude's -U memory:op:file[:format] works too (op w/v/r; format e/i/r/m/a).",
      "--board nano-every finds the port by USB ID 2341:0058, does the 1200-baud touch, speaks "
          + "jtag2updi and writes Arduino's fuses (fuse2=0x01 16 MHz, fuse5=0xC9, fuse8=0x00) "
          + "unless --no-board-fuses."
    })
public final class FlashCommand implements Callable<Integer> {
  @Mixin ProgrammerOptions options;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FIRMWARE",
      description = "Firmware file: .elf, .hex or raw binary (format by content).")
  Path firmware;

  @Option(names = "-U", paramLabel = "MEM:OP:FILE[:FMT]",
      description = "avrdude-style memory operation, e.g. flash:w:fw.hex:i, fuse2:w:0x01:m, "
          + "eeprom:r:ee.hex:i (repeatable).")
  List<String> updates = new ArrayList<>();

  @Option(names = "--fuse", paramLabel = "NAME=VALUE",
      description = "Also write a fuse (OSCCFG=0x01, fuse5=0xC9, SYSCFG0=RSTPINCFG:RST); repeatable.")
  List<String> fuses = new ArrayList<>();

  @Option(names = "--no-board-fuses", description = "Do not write the board's default fuses.")
  boolean noBoardFuses;

  @Option(names = "--no-erase", description = "Skip the chip erase (flash must be erased already).")
  boolean noErase;

  @Option(names = "--force",
      description = "Write fuse or lock values that disable UPDI/reset/ISP or lock the chip.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Map<Region, MemoryContent.Builder> mem = new EnumMap<>(Region.class);
    Optional<dev.avrkit.image.AvrArch> arch = Optional.empty();
    String source = firmware != null ? firmware.toString()
        : updates.stream().map(UpdateSpec::parse).filter(u -> u.op() == 'w' && u.format() != 'm')
            .map(UpdateSpec::file).findFirst().orElse("-U values");
    if (firmware != null) {
      FirmwareImage img = FirmwareImage.load(firmware);
      arch = img.architecture();
      img.memories().forEach((r, c) -> mem.computeIfAbsent(r, k -> MemoryContent.builder()).putAll(c));
    }
    List<UpdateSpec> reads = new ArrayList<>();
    List<UpdateSpec> verifies = new ArrayList<>();
    for (String u : updates) {
      UpdateSpec s = UpdateSpec.parse(u);
      switch (s.op()) {
        case 'w' -> {
          if (s.format() == 'e' || (s.format() == 'a' && s.memory() == Region.FLASH && isElf(s.file()))) {
            FirmwareImage img = FirmwareImage.load(Path.of(s.file()));
            if (img.architecture().isPresent()) arch = img.architecture();
          }
          var clash = mem.computeIfAbsent(s.memory(), k -> MemoryContent.builder()).putAll(s.content());
          if (clash.isPresent()) {
            throw new AvrkitException(String.format("-U %s: its %s bytes at 0x%X disagree with "
                + "another source's", u, s.memory().memoryName(), clash.getAsLong()));
          }
        }
        case 'r' -> {
          ReadCommand.checkWritable(Path.of(s.file()), "-U");
          reads.add(s);
        }
        default -> verifies.add(s);
      }
    }
    Connection c = options.connection();
    Map<Integer, Integer> fuseValues = new LinkedHashMap<>();
    if (!noBoardFuses) {
      // the board's fuses, except those the image sets itself (the image's win, --fuse wins over both)
      MemoryContent.Builder imageFuses = mem.get(Region.FUSES);
      MemoryContent given = imageFuses == null ? MemoryContent.empty() : imageFuses.build();
      c.boardFuses().forEach((i, v) -> { if (given.get(i) < 0) fuseValues.put(i, v); });
    }
    for (String f : fuses) {
      String[] kv = f.split("=", 2);
      if (kv.length != 2) throw new AvrkitException("--fuse " + f + ": expected NAME=VALUE");
      var fuse = c.device().fuse(kv[0].trim()).orElseThrow(() -> new AvrkitException("--fuse "
          + f + ": the " + c.device().name() + " has no fuse " + kv[0].trim()));
      long cur = fuseValues.getOrDefault(fuse.index(), fuse.defaultValue().orElse(0L).intValue());
      fuseValues.put(fuse.index(), (int) FuseRules.parseValue(fuse, kv[1], cur));
    }
    Map<Region, MemoryContent> contents = new EnumMap<>(Region.class);
    mem.forEach((r, b) -> contents.put(r, b.build()));
    ConsoleProgress progress = ConsoleProgress.forStdout();
    if (contents.isEmpty() && fuseValues.isEmpty() && reads.isEmpty() && verifies.isEmpty()) {
      throw new AvrkitException("nothing to do: name a firmware file or give -U operations");
    }
    java.util.function.Consumer<dev.avrkit.program.Programmer> extra = p -> {
      for (UpdateSpec s : verifies) {
        MemoryContent want = s.content();
        byte[] got = Session.read(p, s.memory(), want.end(), progress);
        for (MemoryContent.Chunk ch : want.chunks()) {
          byte[] w = ch.bytes();
          for (int i = 0; i < w.length; i++) {
            if (got[(int) ch.address() + i] != w[i]) {
              throw new AvrkitException(String.format("verify FAILED: %s at 0x%04X holds 0x%02X, "
                  + "%s has 0x%02X", s.memory().memoryName(), ch.address() + i,
                  got[(int) ch.address() + i] & 0xFF, s.file(), w[i] & 0xFF));
            }
          }
        }
        System.out.println(s.memory().memoryName() + ": " + want.byteCount()
            + " bytes verified against " + s.file());
      }
      for (UpdateSpec s : reads) {
        byte[] b = Session.read(p, s.memory(), Session.size(c.effectiveTarget(), s.memory()), progress);
        ReadCommand.save(Path.of(s.file()), b, s.format());
        System.out.println(s.memory().memoryName() + ": " + b.length + " bytes read into " + s.file());
      }
    };
    if (!contents.isEmpty() || !fuseValues.isEmpty()) {
      FirmwareImage image = FirmwareImage.of(source, contents, arch);
      var plan = new FlashPipeline.Plan(image, !noErase && !image.flash().isEmpty(), fuseValues,
          Optional.empty(), force);
      System.out.println("flashing " + source + " to " + c.describe());
      var result = new FlashPipeline(c.device(), c.effectiveTarget(), c.open(), progress).run(plan, extra);
      result.lines().forEach(l -> System.out.println("  " + l));
      System.out.printf("done: %s holds %s, verified (%.1f s)%n", c.target().name(), source,
          result.totalNanos() / 1e9);
    } else {
      Session.run(c, progress, false, p -> {
        extra.accept(p);
        return null;
      });
    }
    return 0;
  }

  private static boolean isElf(String file) {
    try {
      byte[] head = new byte[4];
      try (var in = Files.newInputStream(Path.of(file))) {
        return in.read(head) == 4 && dev.avrkit.image.ElfFile.isElf(head);
      }
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static String hexOf(MemoryContent c) { return IntelHex.format(c); }
}
