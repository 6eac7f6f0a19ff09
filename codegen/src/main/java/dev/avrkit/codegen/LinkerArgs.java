package dev.avrkit.codegen;

import dev.avrkit.device.Device;
import dev.avrkit.device.MemoryMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The avr-gcc link arguments for a device, derived from the model's memories: {@code -nostartfiles}
 * plus {@code --defsym} placement of flash, RAM and (on AVR8X with mapped flash) read-only data.
 * rustc adds {@code -mmcu=<target-cpu>}; the device-specs file avrkit writes ({@link
 * GccDeviceSpecs}, passed with {@code -B}) makes avr-gcc link that as the core's architecture, so
 * they work with avr-gcc 5.4, which does not know the newer devices by name, and with newer avr-gcc
 * alike. The vector table and start-up code come from the generated crate's runtime, never from
 * avr-libc. The last argument, {@code -lc}, links
 * avr-libc's library routines ({@code memcpy}, {@code memset}...) that the compiled Rust code may
 * call: rustc links with {@code -nodefaultlibs}, so avr-gcc would not add it by itself.
 *
 * @param args the arguments for {@code avr-gcc} (pass each to rustc as {@code -C link-arg=...})
 */
public record LinkerArgs(List<String> args) {
  public LinkerArgs {
    args = List.copyOf(args);
  }

  /** The link arguments for a device. */
  public static LinkerArgs of(Device d) {
    AvrCore core = AvrCore.of(d);
    MemoryMap m = d.memory();
    List<String> a = new ArrayList<>();
    a.add("-nostartfiles");
    a.add("-Wl,--gc-sections");
    // the vector table lives in the register crate's rlib: make the linker pull it in
    a.add("-Wl,--undefined=__vectors");
    a.add(defsym("__TEXT_REGION_LENGTH__", m.flashSize()));
    a.add(defsym("__DATA_REGION_ORIGIN__", 0x800000L + m.ramStart()));
    a.add(defsym("__DATA_REGION_LENGTH__", m.ramSize()));
    if (m.eepromSize() > 0) a.add(defsym("__EEPROM_REGION_LENGTH__", m.eepromSize()));
    if (rodataInFlash(d)) {
      a.add(defsym("__RODATA_PM_OFFSET__", core.mappedFlash()));
    }
    a.add("-lc");
    return new LinkerArgs(a);
  }

  /**
   * Compiler flags every AVR build gets besides the link arguments: {@code -Zlocation-detail=none}
   * leaves file, line and column of panics out. On the AVR constant data lives in RAM (copied there
   * from flash at start-up), so the source paths would cost RAM, and the length of the project's
   * path would decide whether a program fits a small part (an ATtiny26 has 128 bytes).
   */
  public static final List<String> COMPILER_FLAGS = List.of("-Zlocation-detail=none");

  /**
   * Whether constant data stays in flash, read through the data space's flash mapping (avrxmega3:
   * ATmega4809, tinyAVR 0/1/2), instead of being copied to RAM at start-up.
   */
  public static boolean rodataInFlash(Device d) {
    AvrCore core = AvrCore.of(d);
    return core.flashRead() == AvrCore.FlashRead.MAPPED && core.gccArch().equals("avrxmega3");
  }

  /**
   * The compiler flags for a device's project builds: {@link #COMPILER_FLAGS} where constant data
   * lives in RAM; none where it stays in flash ({@link #rodataInFlash}), so that panic locations
   * (test failures) name the file, for some flash and no RAM.
   */
  public static List<String> compilerFlags(Device d) {
    return rodataInFlash(d) ? List.of() : COMPILER_FLAGS;
  }

  /** The arguments as rustc flags ({@code -C link-arg=...} each). */
  public List<String> rustcFlags() {
    return args.stream().map(s -> "-Clink-arg=" + s).toList();
  }

  private static String defsym(String sym, long value) {
    return "-Wl,--defsym=" + sym + "=0x" + Long.toHexString(value);
  }
}
