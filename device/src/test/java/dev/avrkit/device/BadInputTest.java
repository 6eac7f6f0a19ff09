package dev.avrkit.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed, truncated, hostile and unexpected device files give one clear line; other devices still load. */
class BadInputTest {
  @TempDir Path dir;

  static final String REAL = "ATmega_DFP-2.3.126";

  static Device parse(String xml) {
    return AtdfReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), Path.of("test.atdf"), "T", "1");
  }

  static String real() throws Exception {
    return Files.readString(TestPacks.file("ATtiny_DFP-2.5.116", "ATtiny13A"));
  }

  @Test
  void truncatedFileNamesLineAndColumn() throws Exception {
    String xml = real();
    assertThatThrownBy(() -> parse(xml.substring(0, xml.length() / 2)))
        .isInstanceOf(AtdfException.class)
        .hasMessageMatching("test\\.atdf:\\d+:\\d+: malformed XML: .*")
        .satisfies(e -> assertThat(((AtdfException) e).line()).isPositive())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void externalEntitiesAndDtdsAreRefused() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOPSECRET");
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>\n"
        + "<avr-tools-device-file><devices><device name=\"&e;\" architecture=\"AVR8\"/></devices></avr-tools-device-file>";
    assertThatThrownBy(() -> parse(xxe))
        .isInstanceOf(AtdfException.class)
        .hasMessageStartingWith("test.atdf:2:")
        .hasMessageContaining("DOCTYPE")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOPSECRET"));
    String laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><l>&b;</l>";
    assertThatThrownBy(() -> parse(laughs)).isInstanceOf(AtdfException.class).hasMessageContaining("DOCTYPE");
  }

  @Test
  void missingAndMalformedAttributes() throws Exception {
    String xml = real();
    assertThatThrownBy(() -> parse(xml.replaceFirst("offset=\"0x[0-9A-Fa-f]+\"", "offset=\"0xZZ\"")))
        .isInstanceOf(AtdfException.class)
        .hasMessageMatching("test\\.atdf:\\d+:\\d+: attribute offset=\"0xZZ\" of <register(-group)?> is not a number \\(expected e\\.g\\. 0x1F or 31\\)");
    assertThatThrownBy(() -> parse(xml.replaceFirst("<register caption=\"([^\"]*)\" name=\"([^\"]*)\" offset=\"[^\"]*\"", "<register caption=\"$1\" name=\"$2\"")))
        .isInstanceOf(AtdfException.class)
        .hasMessageMatching("test\\.atdf:\\d+:\\d+: <register> lacks attribute 'offset' \\(element '.*'\\)");
    assertThatThrownBy(() -> parse("<html><body/></html>"))
        .isInstanceOf(AtdfException.class)
        .hasMessage("test.atdf:1:7: root element is <html> (expected <avr-tools-device-file>: is this an ATDF file?)");
    assertThatThrownBy(() -> parse(""))
        .isInstanceOf(AtdfException.class).hasMessageStartingWith("test.atdf:1:1: malformed XML");
  }

  @Test
  void dangling() throws Exception {
    String xml = real().replaceFirst("name-in-module=\"PORTB\"", "name-in-module=\"NOSUCH\"");
    assertThatThrownBy(() -> parse(xml))
        .isInstanceOf(AtdfException.class)
        .hasMessageContaining("instance PORTB names register group 'NOSUCH' which module PORT does not define");
  }

  @Test
  void unknownElementsAreWarningsNotErrors() throws Exception {
    String xml = real().replaceFirst("<interrupts>", "<interrupts><frobnicate level=\"9\"/>")
        .replaceFirst("<modules>", "<modules><gizmo/>");
    Device d = parse(xml);
    assertThat(d.name()).isEqualTo("ATtiny13A");
    assertThat(d.warnings()).anyMatch(w -> w.matches("test\\.atdf:\\d+:\\d+: unknown element <frobnicate> in <interrupts> ignored"));
    assertThat(d.warnings()).anyMatch(w -> w.contains("unknown element <gizmo> in <modules>"));
  }

  @Test
  void aBrokenFileDoesNotStopTheOthers() throws Exception {
    Path pack = dir.resolve("Mixed_DFP-1.0.0");
    Files.createDirectories(pack);
    Files.copy(TestPacks.file(REAL, "ATmega328P"), pack.resolve("ATmega328P.atdf"));
    Files.writeString(pack.resolve("ATbroken1.atdf"), real().substring(0, 5000));
    Files.writeString(pack.resolve("README.txt"), "not a device");
    DeviceCatalog cat = PackSources.of(List.of(pack)).catalog();
    assertThat(cat.devices()).extracting(DeviceCatalog.DeviceSummary::name).containsExactly("ATmega328P");
    assertThat(cat.problems()).hasSize(1);
    assertThat(cat.problems().get(0)).matches(".*ATbroken1\\.atdf:\\d+:\\d+: malformed XML: .*");
    assertThat(cat.device("atmega328p").name()).isEqualTo("ATmega328P");
    assertThatThrownBy(() -> cat.device("ATbroken1")).isInstanceOf(AtdfException.class);
  }

  @Test
  void missingSourcesAreReported() {
    DeviceCatalog cat = PackSources.of(List.of(dir.resolve("nope"))).catalog();
    assertThat(cat.devices()).isEmpty();
    assertThat(cat.problems()).singleElement().asString().contains("does not exist");
    assertThatThrownBy(() -> cat.device("atmega328p")).isInstanceOf(AvrkitException.class).hasMessageContaining("no device packs found");
  }
}
