/**
 * Debugging a simulated machine with avr-gdb: {@link dev.avrkit.sim.gdb.GdbServer} (the GDB
 * remote protocol with avr-gdb's address spaces) and {@link dev.avrkit.sim.gdb.DebugRun} (what
 * {@code avrkit sim --gdb/--vcd} runs).
 */
package dev.avrkit.sim.gdb;
