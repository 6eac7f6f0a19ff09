package dev.avrkit.codegen;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.Device;
import dev.avrkit.device.MemoryMap;
import dev.avrkit.device.ResolvedRegister;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes {@code src/runtime.rs}: the vector table sized for the device, the reset handler (zero
 * register, SREG, stack pointer, {@code .data} copy and {@code .bss} clear, jump to the entry
 * point) and the default handler. No avr-libc start-up files are involved.
 *
 * <p>Instructions that LLVM's module-level assembler only accepts with CPU features enabled
 * ({@code jmp}, {@code ld/st} with post-increment, {@code lpm Z+}, {@code ijmp}) are written as
 * {@code .word} with their encoding, so the crate builds without assembler noise on rustc 1.63 and
 * current nightlies. On devices with 4-byte vectors the table is a Rust static of {@code jmp}
 * opcodes and function addresses.
 */
final class RuntimeWriter {
  private final Device d;
  private final AvrCore core;

  RuntimeWriter(Device d, AvrCore core) {
    this.d = d;
    this.core = core;
  }

  private Optional<Long> cpuRegIo(String name) {
    Optional<Long> a = d.peripheral("CPU").flatMap(p -> p.register(name)).map(ResolvedRegister::address);
    boolean classic = d.architecture() == Architecture.AVR8;
    return a.map(x -> classic ? x - 0x20 : x).filter(x -> x >= 0 && x < 0x40);
  }

  String runtime() {
    MemoryMap m = d.memory();
    int n = Math.max(1, d.vectorCount());
    long ramEnd = Math.max(0, m.ramStart() + m.ramSize() - 1); // 0 on parts without SRAM (no Rust there)
    StringBuilder s = new StringBuilder();
    s.append("//! Start-up runtime for the ").append(d.name()).append(": vector table, reset handler and\n");
    s.append("//! default interrupt handler. Link with `-nostartfiles` (see avrkit's linker arguments).\n\n");
    s.append("/// Number of interrupt vectors, RESET included.\npub const VECTOR_COUNT: usize = ").append(n).append(";\n");
    s.append("/// Bytes per vector (4 = `jmp`, 2 = `rjmp`).\npub const VECTOR_SIZE: usize = ").append(core.vectorSize()).append(";\n");
    s.append("/// First RAM address.\npub const RAMSTART: u16 = 0x").append(Long.toHexString(m.ramStart())).append(";\n");
    s.append("/// Last RAM address: the initial stack pointer.\npub const RAMEND: u16 = 0x").append(Long.toHexString(ramEnd)).append(";\n");
    s.append("/// Flash size in bytes.\npub const FLASH_SIZE: u32 = 0x").append(Long.toHexString(m.flashSize())).append(";\n\n");
    s.append("/// Does nothing for one cycle (`nop`); also keeps delay loops from being optimised away.\n");
    s.append("#[inline(always)]\npub fn nop() {\n    #[cfg(target_arch = \"avr\")]\n    unsafe {\n        core::arch::asm!(\"nop\");\n    }\n}\n\n");

    boolean tiny = d.architecture() == Architecture.AVR8L;
    s.append("/// Busy-waits `count` iterations of 4 cycles (`count` = 0 means 65536), like avr-libc's\n");
    s.append("/// `_delay_loop_2`.\n#[inline(always)]\npub fn delay_loop(count: u16) {\n");
    s.append("    #[cfg(target_arch = \"avr\")]\n    unsafe {\n        core::arch::asm!(\n");
    if (tiny) {
      s.append("            \"1: subi {n:l}, 1\",\n            \"sbci {n:h}, 0\",\n            \"brne 1b\",\n");
      s.append("            n = inout(reg_pair) count => _,\n");
    } else {
      s.append("            \"1: sbiw {n}, 1\",\n            \"brne 1b\",\n            n = inout(reg_iw) count => _,\n");
    }
    s.append("        );\n    }\n    #[cfg(not(target_arch = \"avr\"))]\n    let _ = count;\n}\n\n");
    String zero = tiny ? "r17" : "r1";
    String tmp = tiny ? "r16" : "r0";
    String hiReg = tiny ? "r18" : "r17";
    List<String> a = new ArrayList<>();
    if (core.vectorSize() == 2) {
      a.add(".section .vectors,\"ax\",@progbits");
      a.add(".global __vectors");
      a.add(".type __vectors, @function");
      a.add("__vectors:");
      a.add("rjmp __avrkit_reset");
      for (int i = 1; i < n; i++) a.add("rjmp __vector_" + i);
      a.add(".size __vectors, " + (2 * n));
    }
    // Unused vectors: the linker script fragment avrkit links with (GccDeviceSpecs.vectorDefaults)
    // PROVIDEs __vector_N = __avrkit_default_handler for every handler the program does not define.
    // (Weak aliases here would clash with the handlers under LTO, which merges this module-level
    // assembly with the program's code.)
    // The reset handler runs through .init0 .. .init9, which the linker script keeps in order.
    a.add(".section .init0,\"ax\",@progbits");
    a.add(".global __avrkit_reset");
    a.add("__avrkit_reset:");
    a.add(".section .init2,\"ax\",@progbits");
    a.add("clr " + zero);
    a.add("out 0x3f, " + zero + " ; SREG = 0");
    a.add("ldi r28, lo8(0x" + Long.toHexString(ramEnd) + ")");
    a.add("ldi r29, hi8(0x" + Long.toHexString(ramEnd) + ")");
    a.add("out 0x3e, r29 ; SPH");
    a.add("out 0x3d, r28 ; SPL");
    if (tiny) {
      // AVRrc has no LPM: the .data image is read through the flash mapping in data space
      a.add(".section .init4,\"ax\",@progbits");
      a.add(".global __do_copy_data");
      a.add("__do_copy_data:");
      a.add("ldi r26, lo8(__data_start)");
      a.add("ldi r27, hi8(__data_start)");
      String off = " + 0x" + Long.toHexString(core.mappedFlash());
      a.add("ldi r30, lo8(__data_load_start" + off + ")");
      a.add("ldi r31, hi8(__data_load_start" + off + ")");
      a.add("ldi " + hiReg + ", hi8(__data_end)");
      a.add("rjmp 2f");
      a.add("1: " + (tiny ? ".word 0x9101 ; ld r16, Z+" : ".word 0x9001 ; ld r0, Z+"));
      a.add(tiny ? ".word 0x930d ; st X+, r16" : ".word 0x920d ; st X+, r0");
      a.add("2: cpi r26, lo8(__data_end)");
      a.add("cpc r27, " + hiReg);
      a.add("brne 1b");
      a.add(".global __do_clear_bss");
      a.add("__do_clear_bss:");
      a.add("ldi r26, lo8(__bss_start)");
      a.add("ldi r27, hi8(__bss_start)");
      a.add("ldi " + hiReg + ", hi8(__bss_end)");
      a.add("rjmp 4f");
      a.add("3: " + (tiny ? ".word 0x931d ; st X+, r17" : ".word 0x921d ; st X+, r1"));
      a.add("4: cpi r26, lo8(__bss_end)");
      a.add("cpc r27, " + hiReg);
      a.add("brne 3b");
    }
    // else: the compiler references __do_copy_data / __do_clear_bss only when the program has
    // .data / .bss, and libgcc's LPM/ELPM versions (section .init4) are linked on demand (a
    // program without .data and .bss has no copy loops; LPM reads flash on AVRxt too).
    a.add(".section .init9,\"ax\",@progbits");
    if (core.vectorSize() == 2) {
      a.add("rjmp __avrkit_main");
    } else {
      a.add("ldi r30, pm_lo8(__avrkit_main)");
      a.add("ldi r31, pm_hi8(__avrkit_main)");
      a.add(".word 0x9409 ; ijmp");
    }
    a.add(".section .text.__avrkit_default_handler,\"ax\",@progbits");
    a.add(".global __avrkit_default_handler");
    a.add("__avrkit_default_handler:");
    a.add(core.vectorSize() == 2 ? "rjmp __vectors" : ".word 0x940c, 0x0000 ; jmp 0 (restart)");
    // LLVM lowers traps to a call of abort(); without avr-libc the runtime supplies it
    a.add(".section .text.abort,\"ax\",@progbits");
    a.add(".weak abort");
    a.add("abort:");
    a.add("cli");
    a.add("5: rjmp 5b");

    s.append("#[cfg(target_arch = \"avr\")]\nmod avr {\n");
    if (core.vectorSize() == 4) {
      s.append("    /// One vector: a `jmp` opcode and the handler's (word) address.\n");
      s.append("    #[repr(C)]\n    pub struct Vector {\n        jmp: u16,\n        handler: unsafe extern \"C\" fn(),\n    }\n\n");
      s.append("    extern \"C\" {\n        fn __avrkit_reset();\n");
      for (int i = 1; i < n; i++) s.append("        fn __vector_").append(i).append("();\n");
      s.append("    }\n\n");
      s.append("    /// The interrupt vector table (").append(n).append(" vectors).\n");
      s.append("    #[unsafe(link_section = \".vectors\")]\n    #[used]\n    #[unsafe(no_mangle)]\n");
      s.append("    pub static __vectors: [Vector; ").append(n).append("] = [\n");
      s.append("        Vector {\n            jmp: 0x940c,\n            handler: __avrkit_reset,\n        },\n");
      for (int i = 1; i < n; i++) {
        s.append("        Vector {\n            jmp: 0x940c,\n            handler: __vector_").append(i).append(",\n        },\n");
      }
      s.append("    ];\n\n");
    }
    s.append("    core::arch::global_asm!(\n");
    for (String line : a) s.append("        \"").append(line.replace("\"", "\\\"")).append("\",\n");
    s.append("    );\n}\n");
    return s.toString();
  }
}
