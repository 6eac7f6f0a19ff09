package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.Fuse;
import dev.avrkit.image.Region;
import dev.avrkit.program.ConsoleProgress;
import dev.avrkit.program.Connection;
import dev.avrkit.program.FuseRules;
import dev.avrkit.program.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit fuses}: show or write fuses and lock bits, decoded by the device model. */
@Command(
    name = "fuses",
    mixinStandardHelpOptions = true,
    description = {
      "Show the chip's fuses and lock bits decoded with the model's value groups "
          + "(OSCCFG = 0x01: FREQSEL=16MHZ ...), or write some: avrkit fuses write OSCCFG=0x01 "
          + "SYSCFG0=RSTPINCFG:RST fuse8=0 LOCKBIT=0xC5.",
      "Values that disable UPDI or the reset pin, or lock the chip, are refused unless --force. "
          + "Every write is read back."
    })
public final class FusesCommand implements Callable<Integer> {
  @Mixin ProgrammerOptions options;

  @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", description = "show (default) or write.")
  String action = "show";

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME=VALUE",
      description = "For write: fuse name or fuseN, '=', a number or FIELD:VALUE settings.")
  List<String> assignments = new ArrayList<>();

  @Option(names = "--force", description = "Write values the safety rules refuse.")
  boolean force;

  @Override
  public Integer call() {
    Connection c = options.connection();
    Device d = c.device();
    ConsoleProgress progress = ConsoleProgress.forStdout();
    if (action.equalsIgnoreCase("show")) {
      if (!assignments.isEmpty()) throw new AvrkitException("fuses show takes no NAME=VALUE");
      Session.run(c, progress, false, p -> {
        for (Fuse f : d.fuses()) {
          Region r = f.lockBits() ? Region.LOCK : Region.FUSES;
          if (!p.supports(r)) {
            throw new AvrkitException(p.description() + " cannot read fuses; use a UPDI or ISP programmer");
          }
          long v = read(p, f);
          System.out.printf("%-8s %-9s = %s  %s%n", f.lockBits() ? "lock" : "fuse" + f.index(),
              f.name(), hex(f, v), FuseRules.decode(f, v));
        }
        return null;
      });
      return 0;
    }
    if (!action.equalsIgnoreCase("write")) {
      throw new AvrkitException("fuses: unknown action '" + action + "'; use show or write");
    }
    if (assignments.isEmpty()) throw new AvrkitException("fuses write: give NAME=VALUE pairs");
    Map<Fuse, String> wanted = new LinkedHashMap<>();
    for (String a : assignments) {
      String[] kv = a.split("=", 2);
      if (kv.length != 2) throw new AvrkitException("fuses write " + a + ": expected NAME=VALUE");
      Fuse f = d.fuse(kv[0].trim()).or(() -> kv[0].trim().equalsIgnoreCase("lock")
          ? FuseRules.lockByte(d) : java.util.Optional.empty())
          .orElseThrow(() -> new AvrkitException("the " + d.name() + " has no fuse " + kv[0].trim()
              + "; it has " + String.join(", ", d.fuses().stream().map(Fuse::name).toList())));
      // the value's syntax and range, before the chip is touched (FIELD:VALUE is applied to the
      // value read from the chip later; here to the factory default)
      FuseRules.parseValue(f, kv[1], f.defaultValue().orElse(0L).intValue());
      wanted.put(f, kv[1]);
    }
    Session.run(c, progress, false, p -> {
      for (var e : wanted.entrySet()) {
        Fuse f = e.getKey();
        long cur = read(p, f);
        long v = FuseRules.parseValue(f, e.getValue(), cur);
        var danger = f.lockBits() ? FuseRules.lockDanger(d, v) : FuseRules.fuseDanger(d, f, v);
        if (danger.isPresent() && !force) {
          throw new AvrkitException("refusing to write: " + danger.get() + ". Pass --force if you "
              + "really mean it");
        }
        byte[] bytes = new byte[size(f)];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (v >> (8 * i));
        p.write(region(f), offset(f), bytes);
        long back = read(p, f);
        if (back != v) {
          throw new AvrkitException(String.format("verify FAILED: %s reads %s after writing %s",
              f.name(), hex(f, back), hex(f, v)));
        }
        System.out.printf("%s = %s (was %s), verified: %s%n", f.name(), hex(f, v), hex(f, cur),
            FuseRules.decode(f, v));
      }
      return null;
    });
    return 0;
  }

  private static Region region(Fuse f) { return f.lockBits() ? Region.LOCK : Region.FUSES; }

  private static int offset(Fuse f) { return f.lockBits() ? 0 : f.index(); }

  /** Bytes of the fuse or lock: 1, or 4 for the 32-bit lock KEY of AVR Dx parts. */
  private static int size(Fuse f) { return Math.max(1, f.size()); }

  /** The value on the chip, little-endian over the fuse's bytes. */
  private static long read(dev.avrkit.program.Programmer p, Fuse f) {
    byte[] b = p.read(region(f), offset(f), size(f));
    long v = 0;
    for (int i = b.length - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xFF);
    return v;
  }

  private static String hex(Fuse f, long v) {
    return String.format("0x%0" + (2 * size(f)) + "X", v);
  }
}
