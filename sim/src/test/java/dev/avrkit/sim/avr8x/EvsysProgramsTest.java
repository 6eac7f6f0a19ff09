package dev.avrkit.sim.avr8x;

import static dev.avrkit.sim.avr8x.Avr8xTestSupport.idle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EVSYS, TCB input capture and ADC start on the ATmega4809: a register-level C program built by
 * avr-gcc measures a square wave the test drives on PA1 and an ADC conversion through events;
 * the latency of a pin event is checked against the two-cycle synchroniser.
 */
class EvsysProgramsTest {
  @TempDir Path dir;

  /** Drives {@code pin} with a square wave: {@code high} cycles high per {@code period}. */
  static void squareWave(Machine m, String pin, long first, int period, int high) {
    m.scheduler().schedule(new Scheduler.Event() {
      boolean up;

      @Override
      protected void fire(long when) {
        up = !up;
        m.pins().pin(pin).drive(up ? 1 : 0);
        m.scheduler().schedule(this, when + (up ? high : period - high));
      }
    }, first);
  }

  @Test
  void captureModesAndAdcStartThroughEvents() throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Avr8xTestSupport.resource(dir, "regs4809.h");
    Avr8xTestSupport.resource(dir, "common.h");
    Avr8xTestSupport.resource(dir, "periph4809.h");
    Path elf = Avr8xTestSupport.build4809(dir, "evsys4809.c");
    String text = AnalogProgramsTest.run4809(elf, 20_000_000L, m -> squareWave(m, "PA1", 5000, 1000, 300));
    // the ADC: 13 CLK_ADC at /16 from the strobe to RESRDY, both synchronous events (no delay)
    assertThat(text).contains("adc by event 208 cycles\n");
    // 1000-cycle period, 300 high: both edges pass the same synchroniser
    assertThat(text).contains("frq 1000 pw 300 frqpw 1000 300\n");
  }

  /** CCL LUT0 as XOR of two pins gated by LINK, on its output pin, with its edge flag. */
  @Test
  void cclLookUpTableOnPins() throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Avr8xTestSupport.resource(dir, "regs4809.h");
    Avr8xTestSupport.resource(dir, "common.h");
    Path elf = Avr8xTestSupport.build4809(dir, "ccl4809.c");
    String text = AnalogProgramsTest.run4809(elf, 20_000_000L, m -> {});
    assertThat(text).isEqualTo("xor 0 1 1 0 flag 1 linked-off 0\ndone\n");
  }

  /** A pin edge reaches a TCB capture two CLK_PER cycles later (the synchroniser). */
  @Test
  void pinEventLatencyIsTwoCycles() {
    Machine m = idle();
    DataBus b = m.bus();
    b.write(0x190, 0x41);        // CHANNEL0 = PORT0_PIN1 (PA1)
    b.write(0x1B4, 1);           // USERTCB0 = channel 0
    b.write(0xA81, 2);           // TCB0 CAPT mode
    b.write(0xA84, 1);           // CAPTEI
    long start = m.cpu().cycle();
    b.write(0xA80, 1);           // enable, CLK_PER
    long edgeAt = start + 500;
    m.scheduler().schedule(new Scheduler.Event() {
      @Override
      protected void fire(long when) {
        m.pins().pin("PA1").drive(1);
      }
    }, edgeAt);
    m.run(1000);
    int lo = b.read(0xA8C);
    int ccmp = lo | b.read(0xA8D) << 8;
    assertThat(ccmp).isEqualTo(500 + 2);
    // falling edge: no capture in CAPT mode with EDGE = 0; EDGE = 1 captures it
    b.write(0xA84, 1 | 0x10);
    long fall = m.cpu().cycle() + 100;
    m.scheduler().schedule(new Scheduler.Event() {
      @Override
      protected void fire(long when) {
        m.pins().pin("PA1").drive(0);
      }
    }, fall);
    m.run(300);
    lo = b.read(0xA8C);
    ccmp = lo | b.read(0xA8D) << 8;
    assertThat(ccmp).isEqualTo((int) ((fall - start + 2) & 0xFFFF));
  }
}
