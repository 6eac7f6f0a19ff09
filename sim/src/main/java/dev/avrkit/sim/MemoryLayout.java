package dev.avrkit.sim;

import dev.avrkit.device.Device;
import dev.avrkit.device.MemoryMap;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;

/**
 * Where things are for the CPU, all derived from the device model ({@link #of(Device)}): flash
 * size, the data space, SRAM, where flash and EEPROM appear in data space (AVR8X), the CPU
 * registers SREG/SP/RAMPZ/EIND (data addresses, -1 when absent) and the vector size in words.
 */
public record MemoryLayout(
    Core core,
    int flashBytes,
    int dataSize,
    int ramStart,
    int ramEnd,
    int flashMappedAt,
    int eepromBytes,
    int eepromDataAddress,
    int sregAddress,
    int spAddress,
    int rampzAddress,
    int eindAddress,
    int vectorWords,
    int vectors) {

  /** The layout of a device of the model. */
  public static MemoryLayout of(Device d) {
    Core core = Core.of(d.architecture());
    MemoryMap m = d.memory();
    int ramStart = (int) m.ramStart();
    int ramEnd = (int) (m.ramStart() + m.ramSize());
    int flashMapped = m.flashMappedAt().map(Long::intValue).orElse(Integer.MAX_VALUE);
    long dataSpace =
        d.addressSpaces().stream().filter(a -> a.id().equals("data")).mapToLong(a -> a.start() + a.size()).max().orElse(ramEnd);
    int dataSize = (int) Math.min(0x10000, Math.max(dataSpace, ramEnd));
    if (flashMapped != Integer.MAX_VALUE) dataSize = Math.min(dataSize, flashMapped);
    Peripheral cpu = d.peripheral("CPU").orElse(null);
    int sreg = addr(cpu, "SREG");
    int sp = addr(cpu, "SP");
    if (sp < 0) sp = addr(cpu, "SPL");
    int rampz = addr(cpu, "RAMPZ");
    int eind = addr(cpu, "EIND");
    if (sreg < 0) sreg = core.ioOffset + 0x3F;
    if (sp < 0) sp = core.ioOffset + 0x3D;
    int flash = (int) m.flashSize();
    int vectorWords = flash > 8192 ? 2 : 1;
    return new MemoryLayout(
        core,
        flash,
        dataSize,
        ramStart,
        ramEnd,
        flashMapped,
        (int) m.eepromSize(),
        m.eepromDataAddress().map(Long::intValue).orElse(-1),
        sreg,
        sp,
        rampz,
        eind,
        vectorWords,
        d.vectorCount());
  }

  private static int addr(Peripheral p, String reg) {
    if (p == null) return -1;
    return p.register(reg).map(ResolvedRegister::address).map(Long::intValue).orElse(-1);
  }
}
