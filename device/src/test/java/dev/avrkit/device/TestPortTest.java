package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the simulator's test channel sits: two addresses no register and no memory segment covers. */
class TestPortTest {

  @Test
  void theHighestFreePairOfTheIoArea() {
    assertThat(TestPort.of(TestPacks.catalog().device("ATmega4809"))).contains(new TestPort(0x10FE, 0x10FF));
    assertThat(TestPort.of(TestPacks.catalog().device("ATmega328P"))).contains(new TestPort(0xFE, 0xFF));
    // every I/O address is a register
    assertThat(TestPort.of(TestPacks.catalog().device("ATmega16"))).isEmpty();
  }

  @Test
  void noDeviceGetsAnAddressARegisterOrSegmentUses() {
    List<String> without = new ArrayList<>();
    int checked = 0;
    for (Device d : TestPacks.catalog().loadAll()) {
      var p = TestPort.of(d);
      if (p.isEmpty()) {
        without.add(d.name());
        continue;
      }
      checked++;
      assertThat(p.get().control()).isEqualTo(p.get().data() + 1);
      for (int a : new int[] {p.get().data(), p.get().control()}) {
        for (Peripheral per : d.peripherals()) {
          if (!per.addressSpace().equals("data")) continue;
          for (ResolvedRegister r : per.registers()) {
            long end = r.address() + (long) r.size() * Math.max(1, r.register().count());
            assertThat(a >= r.address() && a < end).as("%s: 0x%X is %s.%s", d.name(), a, per.name(), r.name()).isFalse();
          }
        }
        for (MemorySegment s : d.segments()) {
          if (s.addressSpace().equals("data") && !s.type().equals("io")) {
            assertThat(s.contains(a)).as("%s: 0x%X is in %s", d.name(), a, s.name()).isFalse();
          }
        }
        if (a < d.memory().ramStart() + d.memory().ramSize()) assertThat((long) a).isLessThan(d.memory().ramStart());
      }
    }
    assertThat(checked).isGreaterThan(250);
    assertThat(without).hasSizeLessThan(20).contains("ATmega16", "ATtiny861");
  }
}
