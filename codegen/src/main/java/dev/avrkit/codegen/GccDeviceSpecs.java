package dev.avrkit.codegen;

import dev.avrkit.device.AvrkitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The avr-gcc device-specs file avrkit links with. rustc's {@code avr-none} target calls the linker
 * with {@code -mmcu=<target-cpu>} (e.g. {@code -mmcu=atmega4809}); avr-gcc 5.4 (Debian 12) does not
 * know the newer chips, and a second {@code -mmcu} for the core's architecture is refused. avr-gcc
 * reads {@code device-specs/specs-<mcu>} from every {@code -B} folder first, the way Microchip's
 * packs add devices to it: avrkit writes one there that is avr-gcc's own specs file for the core's
 * architecture ({@code specs-avrxmega3}, {@code specs-avr5}...) plus a {@code self_spec} that
 * turns {@code -mmcu=<device>} into {@code -mmcu=<architecture>} and drops {@code -no-pie} (which
 * rustc passes and avr-gcc 5.4 does not know). So every device links like {@code avr-gcc
 * -mmcu=<architecture> -nostartfiles}, whether avr-gcc knows it or not; the vector table and
 * start-up code come from the register crate.
 *
 * <p>Next to it goes {@code vectors-<n>.x}, a linker script fragment (avr-gcc passes a file it
 * does not know as an input script to the linker) that {@code PROVIDE}s {@code __vector_1 ..
 * __vector_<n-1> = __avrkit_default_handler}: the default for every interrupt the program has no
 * handler for. {@code PROVIDE} defines a symbol only when nothing else does, like a weak alias, but
 * it also works under LTO, where weak aliases in the runtime's assembly clash with the handlers.
 */
public final class GccDeviceSpecs {
  private GccDeviceSpecs() {}

  /** The folder to pass with {@code -B} for a sysroot: {@code <sysroot>/avr-gcc/}. */
  public static Path prefix(Path sysroot) {
    return sysroot.resolve("avr-gcc");
  }

  /** The specs file for an mcu under a sysroot. */
  static Path file(Path sysroot, String mcu) {
    return prefix(sysroot).resolve("device-specs").resolve("specs-" + mcu);
  }

  /**
   * Writes {@code <sysroot>/avr-gcc/device-specs/specs-<mcu>} for {@code avrGcc}, mapping {@code
   * mcu} to the architecture {@code gccArch}.
   */
  public static Path write(String avrGcc, Path sysroot, String mcu, String gccArch) throws IOException {
    Path f = file(sysroot, mcu);
    AvrToolchain.writeIfChanged(f, text(avrGcc, mcu, gccArch));
    return f;
  }

  /** The vector-defaults script for a device with {@code vectorCount} vectors (RESET included) under a sysroot. */
  public static Path vectorDefaults(Path sysroot, int vectorCount) {
    return prefix(sysroot).resolve("vectors-" + vectorCount + ".x");
  }

  /** Writes {@link #vectorDefaults}. */
  public static Path writeVectorDefaults(Path sysroot, int vectorCount) throws IOException {
    Path f = vectorDefaults(sysroot, vectorCount);
    StringBuilder s = new StringBuilder();
    s.append("/* Written by avrkit: unused interrupt vectors go to the runtime's default handler. */\n");
    for (int i = 1; i < vectorCount; i++) {
      s.append("PROVIDE(__vector_").append(i).append(" = __avrkit_default_handler);\n");
    }
    AvrToolchain.writeIfChanged(f, s.toString());
    return f;
  }

  /** The specs text: avr-gcc's {@code specs-<gccArch>} plus the {@code self_spec}. */
  static String text(String avrGcc, String mcu, String gccArch) throws IOException {
    String dir = AvrToolchain.run(List.of(avrGcc, "-print-file-name=device-specs"));
    Path arch = dir == null ? null : Path.of(dir.trim()).resolve("specs-" + gccArch);
    if (arch == null || !arch.isAbsolute() || !Files.isRegularFile(arch)) {
      throw new AvrkitException(avrGcc + " has no device-specs/specs-" + gccArch + " (avr-gcc 5 or newer has them); "
          + "install a newer avr-gcc (Debian/Ubuntu: sudo apt-get install gcc-avr)");
    }
    return "# Written by avrkit: avr-gcc's " + arch + ", plus a self_spec that links\n"
        + "# -mmcu=" + mcu + " (what rustc's avr-none target passes) as -mmcu=" + gccArch + "\n"
        + "# and drops -no-pie (rustc passes it; avr-gcc 5.4 does not know it).\n\n"
        + Files.readString(arch)
        + "\n*self_spec:\n\t%<mmcu=* -mmcu=" + gccArch + " %<no-pie\n";
  }
}
