package dev.avrkit.device;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A small, secure XML reader: DTDs, external entities and XInclude are refused; every element
 * remembers its line and column so that errors can point at it.
 */
final class Xml {
  private Xml() {}

  /** An element: tag, attributes in file order, children, position of its start tag. */
  static final class Node {
    final String tag;
    final Map<String, String> attrs;
    final List<Node> children = new ArrayList<>();
    final int line;
    final int column;
    /** Text content (non-blank character data directly inside), or null. */
    String text;

    Node(String tag, Map<String, String> attrs, int line, int column) {
      this.tag = tag;
      this.attrs = attrs;
      this.line = line;
      this.column = column;
    }

    String attr(String name) { return attrs.get(name); }

    Node child(String t) {
      for (Node c : children) if (c.tag.equals(t)) return c;
      return null;
    }

    List<Node> all(String t) {
      List<Node> out = new ArrayList<>();
      for (Node c : children) if (c.tag.equals(t)) out.add(c);
      return out;
    }

    List<Node> children() { return Collections.unmodifiableList(children); }
  }

  private static final SAXParserFactory FACTORY = factory();

  private static SAXParserFactory factory() {
    SAXParserFactory f = SAXParserFactory.newInstance();
    f.setNamespaceAware(false);
    f.setValidating(false);
    f.setXIncludeAware(false);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("XML parser lacks secure-processing features", e);
    }
    return f;
  }

  /** Parses {@code in}; {@code file} names it in errors. */
  static Node parse(InputStream in, String file) {
    Handler h = new Handler();
    try {
      SAXParser p = FACTORY.newSAXParser();
      try {
        p.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        p.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      } catch (SAXException ignored) {
        // not every parser knows these properties; the features above already refuse DTDs
      }
      InputSource src = new InputSource(in);
      src.setSystemId(file);
      p.parse(src, h);
    } catch (SAXParseException e) {
      String msg = e.getMessage() == null ? "malformed XML" : e.getMessage();
      if (msg.contains("DOCTYPE")) msg = "DOCTYPE/DTD declarations are not allowed in device files (" + msg + ")";
      throw new AtdfException(file, Math.max(e.getLineNumber(), 0), Math.max(e.getColumnNumber(), 0),
          "malformed XML: " + msg, e);
    } catch (SAXException e) {
      throw new AtdfException(file, h.line(), h.column(), "malformed XML: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new AtdfException(file, h.line(), h.column(), "cannot read: " + e.getMessage(), e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    if (h.root == null) throw new AtdfException(file, 1, 1, "empty file (expected <avr-tools-device-file>)");
    return h.root;
  }

  private static final class Handler extends DefaultHandler {
    Node root;
    final ArrayList<Node> stack = new ArrayList<>();
    Locator loc;

    int line() { return loc == null ? 0 : loc.getLineNumber(); }

    int column() { return loc == null ? 0 : loc.getColumnNumber(); }

    @Override
    public void setDocumentLocator(Locator locator) { this.loc = locator; }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes a) {
      Map<String, String> m = new LinkedHashMap<>(Math.max(4, a.getLength() * 2));
      for (int i = 0; i < a.getLength(); i++) m.put(a.getQName(i), a.getValue(i));
      Node n = new Node(qName, m, line(), column());
      if (stack.isEmpty()) root = n;
      else stack.get(stack.size() - 1).children.add(n);
      stack.add(n);
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (stack.isEmpty()) return;
      boolean blank = true;
      for (int i = start; i < start + length && blank; i++) blank = Character.isWhitespace(ch[i]);
      if (blank) return;
      Node n = stack.get(stack.size() - 1);
      n.text = (n.text == null ? "" : n.text) + new String(ch, start, length);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      stack.remove(stack.size() - 1);
    }

    @Override
    public InputSource resolveEntity(String publicId, String systemId) throws SAXException {
      throw new SAXException("external entity " + systemId + " refused");
    }
  }
}
