package dev.avrkit.codegen;

import dev.avrkit.device.Device;

/**
 * A rustc target specification (target JSON) for Rust toolchains without a built-in AVR target
 * that fits the device (Debian's rustc 1.63 with LLVM 14 knows {@code avrxmega3} but not {@code
 * atmega4809}). One spec per LLVM CPU: devices with the same instruction set share it (and so share
 * the cached {@code core} build). The linker arguments are not part of the spec (see {@link
 * LinkerArgs}) so that the spec stays per-core.
 *
 * @param name the target name, which is also the JSON file's stem ({@code avr-avrxmega3})
 * @param llvmCpu the LLVM CPU
 */
public record TargetSpec(String name, String llvmCpu) {

  /** The target spec for a device, derived from its core ({@link AvrCore#of}). */
  public static TargetSpec of(Device d) {
    return ofCpu(AvrCore.of(d).llvmCpu());
  }

  /** The target spec for an LLVM CPU name. */
  public static TargetSpec ofCpu(String llvmCpu) {
    return new TargetSpec("avr-" + llvmCpu, llvmCpu);
  }

  /** The file name to write {@link #json()} to: rustc takes the target's name from it. */
  public String fileName() {
    return name + ".json";
  }

  /** The target JSON as rustc 1.63 and later read it. */
  public String json() {
    return """
        {
          "arch": "avr",
          "cpu": "%s",
          "data-layout": "e-P1-p:16:8-i8:8-i16:8-i32:8-i64:8-f32:8-f64:8-n8-a:8",
          "llvm-target": "avr-unknown-unknown",
          "target-pointer-width": "16",
          "target-c-int-width": "16",
          "max-atomic-width": 0,
          "atomic-cas": false,
          "eh-frame-header": false,
          "executables": true,
          "exe-suffix": ".elf",
          "linker": "avr-gcc",
          "linker-flavor": "gcc",
          "linker-is-gnu": false,
          "panic-strategy": "abort",
          "relocation-model": "static",
          "late-link-args": { "gcc": ["-lgcc"] }
        }
        """.formatted(llvmCpu);
  }
}
