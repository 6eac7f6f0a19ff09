/** Value Change Dump traces of pins and registers in simulated time: {@link dev.avrkit.sim.vcd.VcdWriter}. */
package dev.avrkit.sim.vcd;
