package dev.avrkit.codegen;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.Device;
import dev.avrkit.device.MemorySegment;
import java.util.Locale;
import java.util.Optional;

/**
 * How a device's core looks to the compilers: avr-gcc's architecture (multilib) name, the LLVM CPU
 * that generates code for it, the vector size and how start-up code reads flash. Derived from the
 * device model alone (architecture, memories), so it also works for devices that the installed
 * avr-gcc or LLVM do not know by name.
 *
 * @param gccArch avr-gcc's {@code -mmcu} architecture (avr5, avr6, avrxmega3, avrtiny...)
 * @param llvmCpu the CPU for LLVM 14 and later (a generic family CPU LLVM always knows)
 * @param vectorSize bytes per interrupt vector (4 = JMP, 2 = RJMP)
 * @param flashRead how the reset handler reads the {@code .data} image from flash
 * @param mappedFlash data-space address where all of flash is mapped (when {@code flashRead} is
 *     MAPPED)
 * @param classic16BitOrder true when 16-bit registers are written high byte first (classic
 *     cores), false for AVR8X/XMEGA (low byte first)
 */
public record AvrCore(
    String gccArch,
    String llvmCpu,
    int vectorSize,
    FlashRead flashRead,
    long mappedFlash,
    boolean classic16BitOrder) {

  /** How start-up code reads flash. */
  public enum FlashRead {
    /** {@code LD} from flash mapped into data space (AVR8X with all flash mapped, AVRrc). */
    MAPPED,
    /** {@code LPM} (flash up to 64 KiB). */
    LPM,
    /** {@code ELPM} with RAMPZ (flash above 64 KiB). */
    ELPM
  }

  /** Derives the core facts of a device. */
  public static AvrCore of(Device d) {
    long flash = d.memory().flashSize();
    int vec = flash > 8192 ? 4 : 2;
    Optional<MemorySegment> mapped = d.segment("MAPPED_PROGMEM");
    Architecture a = d.architecture();
    String name = d.name().toUpperCase(Locale.ROOT);
    switch (a) {
      case AVR8L:
        return new AvrCore("avrtiny", "avrtiny", 2, FlashRead.MAPPED, mapped.map(MemorySegment::start).orElse(0x4000L), true);
      case AVR8X:
      case AVR8_XMEGA: {
        boolean classic = false;
        if (mapped.isPresent() && mapped.get().size() >= flash && a == Architecture.AVR8X) {
          return new AvrCore("avrxmega3", "avrxmega3", vec, FlashRead.MAPPED, mapped.get().start(), classic);
        }
        // XMEGA parts with an external bus interface address more than 64 KiB of RAM (RAMPD etc.)
        boolean bigRam = d.peripheral("EBI").isPresent();
        String arch = flash <= 0x10000 ? "avrxmega2" : flash <= 0x20000 ? (bigRam ? "avrxmega5" : "avrxmega4")
            : (bigRam ? "avrxmega7" : "avrxmega6");
        arch = EXCEPTIONS.getOrDefault(name, arch);
        return new AvrCore(arch, arch, vec, flash > 0x10000 ? FlashRead.ELPM : FlashRead.LPM, 0, classic);
      }
      default: {
        String arch;
        if (flash > 0x20000) arch = "avr6";
        else if (flash > 0x10000) arch = "avr51";
        else if (name.startsWith("ATTINY") || name.startsWith("AT90USB82") || name.startsWith("AT90USB162")
            || name.startsWith("ATMEGA8U2") || name.startsWith("ATMEGA16U2") || name.startsWith("ATMEGA32U2")) {
          arch = flash > 8192 ? "avr35" : "avr25";
        } else arch = flash > 8192 ? "avr5" : "avr4";
        if (NO_MUL_AVR2.contains(name)) arch = "avr2";
        arch = EXCEPTIONS.getOrDefault(name, arch);
        return new AvrCore(arch, arch, vec, flash > 0x10000 ? FlashRead.ELPM : FlashRead.LPM, 0, true);
      }
    }
  }

  /**
   * Devices whose instruction set the model does not tell (ATDF has no MUL/MOVW flags): avr-gcc's
   * classification. Checked against avr-gcc by the tests.
   */
  private static final java.util.Map<String, String> EXCEPTIONS = java.util.Map.of(
      "AT90USB82", "avr35", "ATMEGA8U2", "avr35", "ATA5272", "avr25", "ATA5505", "avr35", "ATA5795", "avr5",
      "ATA6616C", "avr25", "ATA6617C", "avr35", "ATA664251", "avr35", "ATXMEGA128A4U", "avrxmega7");

  /** Classic tinies without LPMX/MOVW (avr-gcc's avr2). */
  private static final java.util.Set<String> NO_MUL_AVR2 = java.util.Set.of("ATTINY26", "ATTINY22", "AT90S2313");
}
