package dev.avrkit.device;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every disagreement between avr-libc's headers and the model, explained (device/QUIRKS.md has
 * the same list for people). A disagreement without an entry fails {@link AvrLibcHeaderTest}.
 */
final class HeaderExplanations {
  enum Category { HEADER_FAULT, ATDF_OMISSION, DISPUTED }

  record Rule(String kinds, String names, String devices, Category category, String why) {
    boolean matches(HeaderComparison.Diff d) {
      return Pattern.matches(kinds, d.kind()) && Pattern.matches(names, d.name()) && Pattern.matches(devices, d.device());
    }
  }

  static final List<Rule> RULES = List.of(
      // header faults: the ATDF agrees with the datasheet and/or avrdude.conf
      new Rule("missing-bit", "TWAMR\\.TWAM[0-6]", "ATmega(48|88|168|328)P|ATmega32HVBrevB", Category.HEADER_FAULT,
          "avr-libc numbers TWAM0..6 as bits 0..6; TWAMR's TWAM[6:0] are bits 7:1 (bit 0 reserved), as the ATDF mask 0xFE says"),
      new Rule("bit", "PORTCR\\.PUDB", "ATtiny87", Category.HEADER_FAULT,
          "avr-libc iotn87.h puts PUDB at bit 2; PORTCR has PUDA/PUDB at bits 0/1 (ATDF 0x01/0x02)"),
      new Rule("constant", "SIGNATURE_[12]", "ATmega3290P|ATmega164P|ATmega164A|ATmega169A|ATtiny4|ATtiny5", Category.HEADER_FAULT,
          "wrong signature byte in avr-libc; avrdude.conf has the ATDF's bytes"),
      new Rule("constant", "_VECTORS_SIZE", "ATmega325|ATmega645", Category.HEADER_FAULT,
          "avr-libc sizes the table for 23 vectors; the ATDF and avrdude.conf (n_interrupts = 22) say 22"),
      new Rule("constant", "_VECTORS_SIZE", "ATmega1281|ATmega2561", Category.HEADER_FAULT,
          "avr-libc stops at the 51st vector used by these parts; the die (shared with the 640/1280/2560) has 57, as the ATDF lists"),
      new Rule("constant", "SPM_PAGESIZE", "ATmega32HVBrevB", Category.HEADER_FAULT,
          "avr-libc gives 64 (the page size in words); the flash page is 128 bytes as in the ATDF and the ATmega32HVB header"),
      new Rule("mask", "NVM_FUSES_BODACT[01]?_(gm|bm)", "ATxmega(64|128)A1", Category.HEADER_FAULT,
          "old A1 header puts BODACT at FUSEBYTE5 bits 3:2; it is bits 5:4 (ATDF, and the A1U header)"),
      new Rule("missing-register", "(OCR1[RS][AB][LH]?|PCNF1|PCTL1|PFRC1[AB]|PICR1[LH]?|PIFR1|PIM1|PSOC1|PINC|DDRC|PORTC)", "AT90PWM2B|AT90PWM216",
          Category.HEADER_FAULT, "the header is shared with the 32-pin AT90PWM3B/316; these parts have no PSC1 and no port C"),
      new Rule("missing-register", "EIND", "ATmega1281", Category.HEADER_FAULT, "EIND exists only with more than 128 KiB flash"),
      new Rule("missing-register", "RAMPZ", "ATmega640", Category.HEADER_FAULT, "RAMPZ exists only with more than 64 KiB flash"),
      new Rule("missing-register", "TCCR2B", "ATmega169PA", Category.HEADER_FAULT, "Timer2 of the 169 family has only TCCR2A"),
      new Rule("missing-register", "TIFR[25]", "ATmega(16|32)U4", Category.HEADER_FAULT, "these parts have no Timer2 and no Timer5"),
      new Rule("missing-register", "PRODSIGNATURES_RCOSC32MA", "ATxmega.*D[34]", Category.HEADER_FAULT,
          "the 32 MHz oscillator's USB calibration byte belongs to USB parts (A4U/C3); D-series have no USB"),
      // ATDF omissions: the header (and the datasheet) name registers or bits the file leaves out; the model keeps the file
      new Rule("missing-register", "DWDR|MONDR|OCDR|MSMCR|QTCSR", ".*", Category.ATDF_OMISSION,
          "debugger/test registers (debugWIRE, OCD monitor, QTouch test) that the ATDF leaves out"),
      new Rule("missing-register", "UDPADD[LH]?|UDTST|PS2CON|USIBR|LCDDR(4|9|14|19)|EEARH", ".*", Category.ATDF_OMISSION,
          "register documented in the datasheet but missing from the ATDF"),
      new Rule("missing-bit", "MCUCR\\.BODSE?|SPMCSR\\.(RSIG|SIGRD)", ".*", Category.ATDF_OMISSION,
          "BOD-disable and signature-read bits of later silicon revisions: the ATDF describes the original revision"),
      new Rule("missing-bit", "DIDR0\\.ADC[2-7]D|GIMSK\\.PCIE[0-2]|EI(MSK|FR)\\.INTF?3|UESTA0X\\.ZLPSEEN|UPOE\\.(DATAI|SCKI)|GTCCR\\.PSRASY|"
          + "ADCSRB\\.(ADASCR|ADTS3)|DACON\\.DAOE|PRR2\\.VXTSDI", ".*", Category.ATDF_OMISSION,
          "bit documented in the datasheet but missing from the ATDF's bit fields"),
      new Rule("missing-mask", "EBI_CS_BASEADDR[0-9]*_(gm|bm)", ".*", Category.ATDF_OMISSION,
          "the ATDF describes EBI CSn.BASEADDR as a plain 16-bit register; avr-libc adds its 12-bit field 0xFFF0"),
      new Rule("missing-mask", "NVM_FUSES_JTAGUID_gm", ".*", Category.ATDF_OMISSION, "the ATDF gives FUSEBYTE0 (JTAG user ID) no field"),
      // disputed: the sources disagree among themselves; the ATDF value is kept
      new Rule("constant", "SPM_PAGESIZE", "ATtiny(4|5|9|10|20|40)", Category.DISPUTED,
          "reduced-core parts: ATDF page 128, avr-libc 32/64, avrdude.conf 16/16/64; the ATDF value is kept, programmers use their own"));

  static Optional<Rule> explain(HeaderComparison.Diff d) {
    return RULES.stream().filter(r -> r.matches(d)).findFirst();
  }

  private HeaderExplanations() {}
}
