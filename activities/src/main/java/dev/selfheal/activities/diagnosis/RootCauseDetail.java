package dev.selfheal.activities.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.logs.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the root record's own stack says about the root error, for the fix stage: the error's
 * message (a logger often says only "quote failed", the exception says why) and the innermost
 * frame in the service's own code. Read from the record's raw text: a JSONL {@code stack} array,
 * a Java stack trace with {@code Caused by:} lines, or a Python traceback.
 *
 * @param file as the frame names it: {@code com/acme/pricing/PriceCalculator.java} (package path)
 *     for Java, the interpreter's path for Python; null when no frame was found
 * @param line the frame's line, or null
 * @param frame {@code PriceCalculator.resolveRegion} or the Python function, or null
 * @param detail the error's own message ({@code Cannot invoke ...}), or null
 */
public record RootCauseDetail(String file, Integer line, String frame, String detail) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JAVA_FRAME = Pattern.compile("^\\s*at\\s+(?:[\\w.$/@]+/)?([\\w.$]+)\\.([\\w$<>]+)\\(([\\w$]+\\.java):(\\d+)\\)");
  private static final Pattern PYTHON_FRAME = Pattern.compile("^\\s*File \"([^\"]+)\", line (\\d+), in (\\S+)");
  private static final Pattern TYPE_LINE = Pattern.compile("^(?:Caused by:\\s*)?([\\w.$]+)(?::\\s?(.*))?$");
  /** Frames of the platform and of frameworks: a fix goes where the service's own code is. */
  private static final List<String> LIBRARY_PACKAGES = List.of(
      "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.", "kotlin.", "scala.", "org.springframework.",
      "org.apache.", "org.hibernate.", "com.zaxxer.", "io.netty.", "reactor.", "org.eclipse.", "com.fasterxml.",
      "io.grpc.", "okhttp3.", "org.junit.");
  private static final RootCauseDetail NONE = new RootCauseDetail(null, null, null, null);

  /** The detail of {@code errorType} in {@code record}; fields it cannot find are null. */
  public static RootCauseDetail of(LogRecord record, String errorType) {
    if (record == null || record.raw() == null || errorType == null) {
      return NONE;
    }
    String simple = LogRecord.simpleName(errorType);
    String raw = record.raw().strip();
    List<String> lines = new ArrayList<>();
    if (raw.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(raw);
        node.path("stack").forEach(l -> lines.add(l.asText()));
        if (lines.isEmpty() && node.path("caused_by").isTextual()) {
          lines.add(node.path("caused_by").asText());
        }
      } catch (java.io.IOException e) {
        return NONE;
      }
    } else {
      lines.addAll(raw.lines().toList());
    }
    return raw.contains("Traceback (most recent call last)") ? python(lines, simple) : java(lines, simple);
  }

  /** The first {@code Type: message} line of the type, then the first own frame under it. */
  private static RootCauseDetail java(List<String> lines, String simple) {
    int at = -1;
    String detail = null;
    for (int i = 0; i < lines.size() && at < 0; i++) {
      Matcher m = TYPE_LINE.matcher(lines.get(i).strip());
      if (m.matches() && simple.equals(LogRecord.simpleName(m.group(1)))) {
        at = i;
        detail = m.group(2);
      }
    }
    if (at < 0) {
      return NONE;
    }
    for (int i = at + 1; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith("Caused by:")) {
        break;
      }
      Matcher f = JAVA_FRAME.matcher(lines.get(i));
      if (f.find() && LIBRARY_PACKAGES.stream().noneMatch(f.group(1)::startsWith)) {
        String cls = f.group(1);
        int dot = cls.lastIndexOf('.');
        String pkgPath = dot < 0 ? "" : cls.substring(0, dot).replace('.', '/') + "/";
        String simpleClass = cls.substring(dot + 1);
        int inner = simpleClass.indexOf('$');
        return new RootCauseDetail(pkgPath + f.group(3), Integer.valueOf(f.group(4)),
            (inner < 0 ? simpleClass : simpleClass.substring(0, inner)) + "." + f.group(2), blankToNull(detail));
      }
    }
    return new RootCauseDetail(null, null, null, blankToNull(detail));
  }

  /** The first (innermost) exception line of the type and the last frame above it. */
  private static RootCauseDetail python(List<String> lines, String simple) {
    String[] frame = null;
    for (String line : lines) {
      Matcher f = PYTHON_FRAME.matcher(line);
      if (f.find()) {
        frame = new String[] {f.group(1), f.group(2), f.group(3)};
        continue;
      }
      if (line.startsWith(" ") || line.isBlank()) {
        continue;
      }
      Matcher m = TYPE_LINE.matcher(line.strip());
      if (m.matches() && simple.equals(LogRecord.simpleName(m.group(1)))) {
        return frame == null
            ? new RootCauseDetail(null, null, null, blankToNull(m.group(2)))
            : new RootCauseDetail(frame[0], Integer.valueOf(frame[1]), frame[2], blankToNull(m.group(2)));
      }
    }
    return NONE;
  }

  /**
   * The record's message with the error's own message after it when the record does not already
   * say it: {@code quote failed for cart c_1 (NullPointerException: Cannot invoke ...)}.
   */
  public String describe(String recordMessage, String errorType) {
    if (detail == null || (recordMessage != null && recordMessage.contains(detail))) {
      return recordMessage;
    }
    String said = LogRecord.simpleName(errorType) + ": " + detail;
    return recordMessage == null || recordMessage.isBlank() ? said : recordMessage + " (" + said + ")";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
