package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** One test per ATDF quirk of FIELD-NOTES and device/QUIRKS.md, each on a real file. */
class QuirksTest {
  final PackCatalog cat = TestPacks.catalog();

  @Test
  void oneModuleGroupServesManyInstancesKeyedByInstance() {
    Device d = cat.device("ATmega4809");
    assertThat(d.peripheral("PORTA").orElseThrow().register("DIRSET").orElseThrow().address()).isEqualTo(0x0401);
    assertThat(d.peripheral("PORTE").orElseThrow().register("DIRSET").orElseThrow().address()).isEqualTo(0x0481);
    assertThat(d.peripheral("PORTA").orElseThrow().module()).isSameAs(d.peripheral("PORTE").orElseThrow().module());
    // CTRLA exists in many modules: each instance has its own at its own address
    assertThat(d.peripherals().stream().filter(p -> p.register("CTRLA").isPresent()).count()).isGreaterThan(10);
  }

  @Test
  void nestedGroupsAndArraysOfGroups() {
    Device x = cat.device("ATxmega128A1");
    assertThat(x.peripheral("DMA").orElseThrow().register("CH0.CTRLA").orElseThrow().address()).isEqualTo(0x0110);
    Device du = cat.device("AVR64DU32");
    Peripheral usb = du.peripheral("USB0").orElseThrow();
    assertThat(usb.register("STATUS[0].OUTCLR").orElseThrow().address()).isEqualTo(0x0C40);
    assertThat(usb.register("STATUS[1].OUTCLR").orElseThrow().address()).isEqualTo(0x0C44);
    assertThat(usb.register("STATUS[15].INSET").orElseThrow().address()).isEqualTo(0x0C7F);
    // a register with count > 1 appears once, at its first element
    Register userrow = du.peripheral("USERROW").orElseThrow().registers().get(0).register();
    assertThat(userrow.count()).isGreaterThan(1);
  }

  @Test
  void schema03ModeWrappersKeepFieldsPerMode() {
    Register intflags = cat.device("ATmega4809").peripheral("SPI0").orElseThrow().register("INTFLAGS").orElseThrow().register();
    assertThat(intflags.field("BUFOVF").orElseThrow().modes()).containsExactly("BUFFERED");
    assertThat(intflags.field("IF").orElseThrow().modes()).containsExactly("DEFAULT");
    Register intflags45 = AtdfReader.read(TestPacks.file("ATmega_DFP-megaAVR0-schema4.5", "ATmega4809"))
        .peripheral("SPI0").orElseThrow().register("INTFLAGS").orElseThrow().register();
    assertThat(intflags45.field("BUFOVF").orElseThrow().modes()).containsExactly("BUFFERED");
  }

  @Test
  void accessComesFromRwNotOcdRw() {
    Device d = cat.device("ATmega328P");
    // PINB: ocd-rw="R", no rw: read-write (writing 1 toggles PORTB)
    assertThat(d.peripheral("PORTB").orElseThrow().register("PINB").orElseThrow().register().access()).isEqualTo(Access.READ_WRITE);
    Device m = cat.device("ATmega4809");
    assertThat(m.peripheral("SIGROW").orElseThrow().register("DEVICEID0").orElseThrow().register().access()).isEqualTo(Access.READ_ONLY);
  }

  @Test
  void sizesOneTwoFourAndSortedRegisters() {
    Set<Integer> sizes = new TreeSet<>();
    for (Device d : cat.loadAll()) {
      for (Peripheral p : d.peripherals()) {
        List<ResolvedRegister> regs = p.registers();
        assertThat(regs).isSortedAccordingTo(Comparator.comparingLong(ResolvedRegister::address).thenComparing(ResolvedRegister::path));
        for (ResolvedRegister r : regs) sizes.add(r.size());
      }
    }
    assertThat(sizes).contains(1, 2, 4);
  }

  @Test
  void namesAndIdsAsTheFileHasThem() {
    Device d = cat.device("ATmega4809");
    // value names starting with a digit are kept
    assertThat(d.fuse("OSCCFG").orElseThrow().field("FREQSEL").orElseThrow().values().orElseThrow().byName("20MHZ")).isPresent();
    // module ids repeat (FUSE and USERROW are both I2604): modules are keyed by name
    assertThat(d.module("FUSE").orElseThrow().id()).isEqualTo(d.module("USERROW").orElseThrow().id());
    // the old file's USERROW group says 0x20 bytes but lists 64 registers, like the 4.5 file's 0x40
    assertThat(d.module("USERROW").orElseThrow().registerGroup("USERROW").orElseThrow().size()).contains(0x20);
    assertThat(d.peripheral("USERROW").orElseThrow().registers()).hasSize(64);
    assertThat(d.segment("USER_SIGNATURES").orElseThrow().size()).isEqualTo(64);
  }

  @Test
  void xmegaInterruptGroupsAndEepromInTwoSpaces() {
    Device x = cat.device("ATxmega128A1");
    Interrupt i2 = x.interrupts().stream().filter(i -> i.index() == 2).findFirst().orElseThrow();
    assertThat(i2.names()).containsExactly("PORTC_INT0");
    assertThat(i2.instance()).isEqualTo("PORTC");
    MemoryMap m = x.memory();
    assertThat(m.eepromSize()).isEqualTo(2048);
    assertThat(m.eepromPageSize()).isEqualTo(32);
    assertThat(m.eepromDataAddress()).contains(0x1000L);
  }

  @Test
  void signalsAndPortmuxRoutes() {
    Peripheral usart3 = cat.device("ATmega4809").peripheral("USART3").orElseThrow();
    assertThat(usart3.signals()).anyMatch(s -> s.group().equals("TXD") && s.pad().equals("PB4") && s.function().equals("USART3_ALT")
        && s.field().equals(java.util.Optional.of("PORTMUX.USARTROUTEA.USART3")));
    Peripheral tca45 = AtdfReader.read(TestPacks.file("ATmega_DFP-megaAVR0-schema4.5", "ATmega4809")).peripheral("TCA0").orElseThrow();
    assertThat(tca45.signals()).anyMatch(s -> s.pad().equals("PB0") && s.function().equals("TCA_ALT") && s.field().equals(java.util.Optional.of("PORTMUX.TCAROUTEA.TCA0")));
  }

  @Test
  void avr1PartsGiveIoAddressesThatAreMovedToDataSpace() {
    // ATtiny15.atdf says PORTB = 0x18 (I/O address); in data space it is 0x38 like on every classic part
    assertThat(cat.device("ATtiny15").peripheral("PORTB").orElseThrow().register("PORTB").orElseThrow().address()).isEqualTo(0x38);
    assertThat(cat.device("ATtiny13A").peripheral("PORTB").orElseThrow().register("PORTB").orElseThrow().address()).isEqualTo(0x38);
  }

  @Test
  void romOnlyPartsHaveNoFlash() {
    Device d = cat.device("ATA5781");
    assertThat(d.memory().flashSize()).isZero();
    assertThat(d.segments()).anyMatch(s -> s.type().equals("rom"));
  }

  @Test
  void correctedFaultsAreRecorded() {
    Device d = cat.device("ATmega32U4");
    assertThat(d.peripheral("ADC").orElseThrow().register("ADCSRB").orElseThrow().register().field("ADTS").orElseThrow().mask()).isEqualTo(0x0F);
    assertThat(d.property("AVRKIT_CORRECTIONS", "ADC.ADCSRB.ADTS")).hasValueSatisfying(s -> assertThat(s).startsWith("mask 0x17 corrected to 0xF"));
    assertThat(cat.device("ATmega16U4").propertyGroups()).doesNotContainKey("AVRKIT_CORRECTIONS");
  }

  @Test
  void danglingValueGroupReferencesAreWarnings() {
    Device d = cat.device("ATmega4808");
    assertThat(d.warnings()).anyMatch(w -> w.contains("names value group PORTMUX_EVOUTB which its module does not define"));
    assertThat(d.peripheral("PORTMUX").orElseThrow().register("EVSYSROUTEA").orElseThrow().register().field("EVOUTB").orElseThrow().values()).isEmpty();
  }

  @Test
  void everyAvr8xFileLacksTheResetVectorWhichIsAdded() {
    List<String> missing = new ArrayList<>();
    for (Device d : cat.loadAll()) {
      Interrupt first = d.interrupts().get(0);
      if (first.index() != 0 || !first.names().get(0).startsWith("RESET") && d.architecture() != Architecture.AVR8_XMEGA) missing.add(d.name());
    }
    assertThat(missing).isEmpty();
    assertThat(cat.device("ATmega4809").interrupts().get(0).caption()).contains("added");
  }
}
