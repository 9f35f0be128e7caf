package dev.selfheal.example.report;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured log: one JSON object per line in {@code RUN_DIR/logs/report-service.jsonl}, each
 * line flushed as soon as it is written. Field order: ts, level, service, message, component,
 * error_type, caused_by, trace_id, span_id, parent_span_id, file, line, stack, deploy, attrs.
 */
public final class JsonlLog implements AutoCloseable {

  public static final String SERVICE = "report-service";
  public static final String FILE_NAME = "report-service.jsonl";
  static final String APP_PACKAGE = "dev.selfheal.example.report.";
  static final int MAX_STACK_FRAMES = 40;

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final Map<String, Object> deploy;
  private final OutputStream out;

  /** {@code version} and {@code commit} may be null; the deploy object holds those given. */
  public JsonlLog(Path file, String version, String commit) throws IOException {
    this.file = file;
    Map<String, Object> d = new LinkedHashMap<>();
    if (version != null && !version.isBlank()) {
      d.put("version", version);
    }
    if (commit != null && !commit.isBlank()) {
      d.put("commit", commit);
    }
    this.deploy = d;
    Files.createDirectories(file.toAbsolutePath().getParent());
    this.out = new FileOutputStream(file.toFile(), true);
  }

  public static JsonlLog inRunDir(Path runDir, String version, String commit) throws IOException {
    return new JsonlLog(runDir.resolve("logs").resolve(FILE_NAME), version, commit);
  }

  public Path file() {
    return file;
  }

  public Entry entry(String level, String message) {
    return new Entry(level, message);
  }

  /** Writes one record as one line and flushes it. */
  public synchronized void write(Map<String, Object> record) {
    byte[] line = (toJson(record) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      out.write(line);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  /** 32 lower-case hex digits. */
  public static String newTraceId() {
    return randomHex(16);
  }

  /** 16 lower-case hex digits. */
  public static String newSpanId() {
    return randomHex(8);
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    StringBuilder s = new StringBuilder(bytes * 2);
    for (byte x : b) {
      s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return s.toString();
  }

  /** The first stack frame in this service's own code, or null. */
  public static StackTraceElement firstAppFrame(Throwable t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().startsWith(APP_PACKAGE)) {
        return e;
      }
    }
    return null;
  }

  /** The source file of a frame, relative to the service's repository root. */
  public static String sourcePath(StackTraceElement frame) {
    String cls = frame.getClassName();
    int dot = cls.lastIndexOf('.');
    String pkg = dot < 0 ? "" : cls.substring(0, dot).replace('.', '/') + "/";
    String name = frame.getFileName() != null ? frame.getFileName()
        : cls.substring(dot + 1).replaceAll("\\$.*", "") + ".java";
    return "src/main/java/" + pkg + name;
  }

  /** {@code pkg.Class.method(File.java:12)}, without the module prefix the JDK adds. */
  public static String frameText(StackTraceElement e) {
    String where;
    if (e.isNativeMethod()) {
      where = "Native Method";
    } else if (e.getFileName() == null) {
      where = "Unknown Source";
    } else if (e.getLineNumber() >= 0) {
      where = e.getFileName() + ":" + e.getLineNumber();
    } else {
      where = e.getFileName();
    }
    return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
  }

  /** A record under construction. */
  public final class Entry {
    private final Map<String, Object> r = new LinkedHashMap<>();
    private final Map<String, Object> attrs = new LinkedHashMap<>();

    private Entry(String level, String message) {
      r.put("ts", TS.format(Instant.now()));
      r.put("level", level);
      r.put("service", SERVICE);
      r.put("message", message);
    }

    public Entry component(String component) {
      r.put("component", component);
      return this;
    }

    public Entry trace(String traceId, String spanId, String parentSpanId) {
      r.put("trace_id", traceId);
      r.put("span_id", spanId);
      if (parentSpanId != null) {
        r.put("parent_span_id", parentSpanId);
      }
      return this;
    }

    /** error_type, caused_by, and file/line/stack of the first frame in this service's code. */
    public Entry exception(Throwable t) {
      r.put("error_type", t.getClass().getName());
      if (t.getCause() != null) {
        r.put("caused_by", t.getCause().getClass().getName());
      }
      StackTraceElement app = firstAppFrame(t);
      if (app != null) {
        r.put("file", sourcePath(app));
        if (app.getLineNumber() > 0) {
          r.put("line", app.getLineNumber());
        }
      }
      List<String> stack = new ArrayList<>();
      StackTraceElement[] frames = t.getStackTrace();
      for (int i = 0; i < frames.length && i < MAX_STACK_FRAMES; i++) {
        stack.add(frameText(frames[i]));
      }
      r.put("stack", stack);
      return this;
    }

    public Entry attr(String key, Object value) {
      attrs.put(key, value);
      return this;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String k : List.of("ts", "level", "service", "message", "component", "error_type",
          "caused_by", "trace_id", "span_id", "parent_span_id", "file", "line", "stack")) {
        if (r.containsKey(k)) {
          m.put(k, r.get(k));
        }
      }
      if (!deploy.isEmpty()) {
        m.put("deploy", deploy);
      }
      if (!attrs.isEmpty()) {
        m.put("attrs", attrs);
      }
      return m;
    }

    public void write() {
      JsonlLog.this.write(toMap());
    }
  }

  // ---- minimal JSON writer: maps, lists, strings, numbers, booleans, null ----

  public static String toJson(Object value) {
    StringBuilder b = new StringBuilder();
    appendJson(b, value);
    return b.toString();
  }

  private static void appendJson(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Map<?, ?> map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        appendString(b, String.valueOf(e.getKey()));
        b.append(':');
        appendJson(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof Iterable<?> list) {
      b.append('[');
      boolean first = true;
      for (Object o : list) {
        if (!first) {
          b.append(',');
        }
        first = false;
        appendJson(b, o);
      }
      b.append(']');
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      b.append(Double.isFinite(d) ? n.toString() : "null");
    } else {
      appendString(b, v.toString());
    }
  }

  static void appendString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
