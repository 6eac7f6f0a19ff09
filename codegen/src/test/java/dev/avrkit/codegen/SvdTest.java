package dev.avrkit.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.BitField;
import dev.avrkit.device.Device;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** SVD written for a device reads back (with derivedFrom resolved) to the model's register map. */
class SvdTest {

  @ParameterizedTest
  @ValueSource(strings = {"ATmega4809", "ATmega328P", "ATtiny3217", "ATtiny1627", "AVR128DA48", "ATmega2560", "ATxmega128A1"})
  void readsBackToTheSameRegisterMap(String name) throws Exception {
    Device d = TestSupport.catalog().device(name);
    String svd = SvdWriter.write(d);
    Map<String, String> fromSvd = readBack(svd);
    Map<String, String> fromModel = new TreeMap<>();
    for (Peripheral p : d.peripherals()) {
      if (!p.addressSpace().equals("data") || p.registers().isEmpty()) continue;
      for (ResolvedRegister r : p.registers()) {
        String key = p.name() + "." + r.path().replace('.', '_') + (r.register().count() > 1 ? "[%s]" : "");
        StringBuilder v = new StringBuilder(String.format("0x%04x/%d/%d", r.address(), r.size(), Math.max(1, r.register().count())));
        Map<String, Long> fields = new TreeMap<>();
        for (BitField f : r.register().fields()) fields.merge(f.name(), f.mask(), (a, b) -> a | b);
        v.append(fields);
        fromModel.put(key, v.toString());
      }
    }
    assertThat(fromSvd).isEqualTo(fromModel);
    long derived = svd.lines().filter(l -> l.contains("derivedFrom=")).count();
    if (d.peripherals().stream().filter(p -> p.name().startsWith("PORT") && p.addressSpace().equals("data")).count() > 1
        && d.architecture() != dev.avrkit.device.Architecture.AVR8) {
      assertThat(derived).as("derivedFrom for shared modules").isPositive();
    }
  }

  /** Peripheral.register -> "address/size/count{field=mask}" (split fields joined again). */
  static Map<String, String> readBack(String svd) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svd.getBytes(StandardCharsets.UTF_8)));
    Map<String, Element> byName = new HashMap<>();
    List<Element> ps = children((Element) doc.getDocumentElement().getElementsByTagName("peripherals").item(0), "peripheral");
    for (Element p : ps) byName.put(text(p, "name"), p);
    Map<String, String> out = new TreeMap<>();
    for (Element p : ps) {
      long base = Long.decode(text(p, "baseAddress"));
      Element src = p.hasAttribute("derivedFrom") ? byName.get(p.getAttribute("derivedFrom")) : p;
      Element regs = child(src, "registers");
      for (Element r : children(regs, "register")) {
        long addr = base + Long.decode(text(r, "addressOffset"));
        int size = Integer.parseInt(text(r, "size")) / 8;
        String dim = text(r, "dim");
        Map<String, Long> fields = new TreeMap<>();
        Element fs = child(r, "fields");
        if (fs != null) {
          for (Element fl : children(fs, "field")) {
            String n = text(fl, "name");
            long mask = ((1L << Long.parseLong(text(fl, "bitWidth"))) - 1) << Long.parseLong(text(fl, "bitOffset"));
            fields.merge(n, mask, (a, b) -> a | b);
          }
        }
        // non-contiguous fields are written as one field per run of bits: X_PART0, X_PART1...
        Map<String, Long> joined = new TreeMap<>();
        for (var e : fields.entrySet()) joined.merge(e.getKey().replaceAll("_PART\\d+$", ""), e.getValue(), (a, b) -> a | b);
        out.put(text(p, "name") + "." + text(r, "name"),
            String.format("0x%04x/%d/%d", addr, size, dim == null ? 1 : Integer.parseInt(dim)) + joined);
      }
    }
    return out;
  }

  static List<Element> children(Element e, String tag) {
    List<Element> l = new ArrayList<>();
    if (e == null) return l;
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element x && x.getTagName().equals(tag)) l.add(x);
    }
    return l;
  }

  static Element child(Element e, String tag) {
    List<Element> l = children(e, tag);
    return l.isEmpty() ? null : l.get(0);
  }

  static String text(Element e, String tag) {
    Element c = child(e, tag);
    return c == null ? null : c.getTextContent().trim();
  }
}
