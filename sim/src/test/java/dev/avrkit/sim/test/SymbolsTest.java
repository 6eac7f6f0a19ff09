package dev.avrkit.sim.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rust symbol names as crash reports print them (the names are from real rustc 1.96 AVR builds). */
class SymbolsTest {
  @Test
  void v0NamesOfPlainFunctions() {
    assertThat(Symbols.demangle("_RNvCsdR7PvEwDxe8_5parts10unknown_mv")).isEqualTo("parts::unknown_mv");
    assertThat(Symbols.demangle("_RNvNtCs5SnZF0W3qQ4_11avrkit_test4part5state")).isEqualTo("avrkit_test::part::state");
    assertThat(Symbols.demangle("_RNvCs5SnZF0W3qQ4_11avrkit_test7refused")).isEqualTo("avrkit_test::refused");
  }

  @Test
  void legacyNamesLoseTheirHash() {
    assertThat(Symbols.demangle("_ZN6runner14illegal_opcode17h0123456789abcdefE")).isEqualTo("runner::illegal_opcode");
    assertThat(Symbols.demangle("_ZN4core3fmt5write17h0123456789abcdefE")).isEqualTo("core::fmt::write");
    assertThat(Symbols.demangle("_ZN50_$LT$T$u20$as$u20$core..convert..Into$LT$U$GT$$GT$4into17h0123456789abcdefE"))
        .isEqualTo("<T as core::convert::Into<U>>::into");
  }

  @Test
  void otherNamesStayAsTheyAre() {
    assertThat(Symbols.demangle("main")).isEqualTo("main");
    assertThat(Symbols.demangle("__vector_12")).isEqualTo("__vector_12");
    // generic instances (v0 'I', impls 'X') are left mangled rather than named wrongly
    String generic = "_RINvNtCs2DxGA1hvVcO_4core9panicking13panic_displayNtCs5SnZF0W3qQ4_11avrkit_test6AnswerEBO_";
    assertThat(Symbols.demangle(generic)).isEqualTo(generic);
  }
}
