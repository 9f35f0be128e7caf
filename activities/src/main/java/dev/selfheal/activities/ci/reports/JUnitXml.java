package dev.selfheal.activities.ci.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams one JUnit XML report (StAX, nothing held but the counts and the failing names). The
 * dialects differ only in their roots and attributes: Surefire writes a {@code <testsuite>} root,
 * pytest {@code --junitxml} and jest-junit {@code <testsuites>}, go-junit-report and gotestsum
 * {@code <testsuites>} with one suite per package. The counts come from the {@code <testcase>}
 * elements, never from the suites' own attributes, which nested suites would count twice.
 * Reports are untrusted: DTDs and external entities are off, so an XXE attempt cannot read a file.
 */
final class JUnitXml {
  static final int MESSAGE_MAX = 200;

  private static final XMLInputFactory FACTORY = factory();

  private JUnitXml() {}

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return factory;
  }

  /**
   * The file's tally, or empty when its root is not {@code testsuite(s)} (some other XML the globs
   * caught).
   *
   * @param watch names whose passing this run should note (the earlier run's failures)
   * @throws XMLStreamException when the file is not well-formed, truncated, or declares a DTD
   */
  static Optional<JUnitTally> parse(Path file, Set<String> watch) throws IOException, XMLStreamException {
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader xml = FACTORY.createXMLStreamReader(in);
      try {
        return read(xml, watch);
      } finally {
        xml.close();
      }
    }
  }

  private static Optional<JUnitTally> read(XMLStreamReader xml, Set<String> watch) throws XMLStreamException {
    JUnitTally tally = new JUnitTally();
    boolean root = true;
    String caseName = null;
    Status status = Status.PASSED;
    String message = "";
    boolean flaky = false;
    while (xml.hasNext()) {
      int event = xml.next();
      if (event == XMLStreamConstants.DTD) {
        throw new XMLStreamException("a report may not declare a DTD", xml.getLocation());
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        String element = xml.getLocalName();
        if (root) {
          if (!element.equals("testsuites") && !element.equals("testsuite")) {
            return Optional.empty();
          }
          root = false;
          continue;
        }
        switch (element) {
          case "testcase" -> {
            caseName = name(xml.getAttributeValue(null, "classname"), xml.getAttributeValue(null, "name"));
            status = Status.PASSED;
            message = "";
            flaky = false;
          }
          case "failure", "error" -> {
            Status now = element.equals("failure") ? Status.FAILED : Status.ERROR;
            if (caseName != null && now.compareTo(status) > 0) {
              status = now;
              message = message(xml);
            }
          }
          case "skipped" -> {
            if (caseName != null && status == Status.PASSED) {
              status = Status.SKIPPED;
            }
          }
          case "flakyFailure", "flakyError" -> flaky = caseName != null;
          default -> { }
        }
      } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("testcase") && caseName != null) {
        tally.tests++;
        switch (status) {
          case FAILED, ERROR -> tally.failed(new FailedTest(caseName, message), status == Status.ERROR);
          case SKIPPED -> tally.skipped++;
          case PASSED -> {
            if (flaky) {
              tally.flaky.add(caseName);
            } else if (watch.contains(caseName)) {
              tally.passedWatched.add(caseName);
            }
          }
        }
        caseName = null;
      }
    }
    return root ? Optional.empty() : Optional.of(tally);
  }

  /** The order matters: a failure outranks an error, which outranks a skip. */
  private enum Status { PASSED, SKIPPED, ERROR, FAILED }

  /** {@code classname.name}; jest-junit and some pytest setups already put the class in the name. */
  static String name(String className, String name) {
    String n = name == null ? "" : name.strip();
    String c = className == null ? "" : className.strip();
    if (c.isEmpty() || n.startsWith(c)) {
      return n.isEmpty() ? "(unnamed)" : n;
    }
    return n.isEmpty() ? c : c + "." + n;
  }

  /**
   * The first non-blank line of the message attribute, or else of the element's text (a stack
   * trace, read only as far as needed). Leaves the reader on the element's end.
   */
  private static String message(XMLStreamReader xml) throws XMLStreamException {
    String first = firstLine(xml.getAttributeValue(null, "message"));
    String type = xml.getAttributeValue(null, "type");
    StringBuilder text = new StringBuilder();
    int depth = 1;
    while (depth > 0) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (first.isEmpty() && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
          && text.length() < 4 * MESSAGE_MAX) {
        text.append(xml.getText(), 0, Math.min(xml.getTextLength(), 4 * MESSAGE_MAX - text.length()));
      }
    }
    if (first.isEmpty()) {
      first = firstLine(text.toString());
    }
    if (first.isEmpty()) {
      first = firstLine(type);
    }
    return first;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    for (String line : s.split("\\R")) {
      String l = line.strip();
      if (!l.isEmpty()) {
        return l.length() > MESSAGE_MAX ? l.substring(0, MESSAGE_MAX - 1) + "…" : l;
      }
    }
    return "";
  }
}
