/**
 * AVR8X peripherals (ATmega4809 / megaAVR 0, and what the same module families give tinyAVR
 * 0/1/2 and AVR-Dx): {@link dev.avrkit.sim.avr8x.Avr8xPeripherals#register} adds them and the
 * CPUINT interrupt controller to a {@link dev.avrkit.sim.PeripheralRegistry}. Each hooks its
 * registers by the addresses of the device model and runs on scheduler events only. {@link
 * dev.avrkit.sim.avr8x.Port#drive} lets virtual boards and tests drive input pins.
 */
package dev.avrkit.sim.avr8x;
