package dev.selfheal.starter.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * A JSONL log window of a given length with the shape real incidents have: mostly INFO
 * traffic through three services sharing trace ids, a steady background error that predates
 * everything, and from two thirds in an incident whose root (a pool exhausted in the database
 * proxy) is quieter than its symptoms (timeouts and 504s in its callers). Seeded: the same
 * length gives the same file.
 */
final class SyntheticIncidentLog {
  static final String ROOT_SERVICE = "db-proxy";
  static final String ROOT_TYPE = "com.acme.db.PoolExhaustedException";

  private SyntheticIncidentLog() {}

  static void write(Path file, long lines) throws IOException {
    Random random = new Random(lines);
    long start = Instant.parse("2025-03-04T09:00:00Z").toEpochMilli();
    long step = Math.max(1, 3_600_000 / Math.max(1, lines)); // one hour, whatever the length
    long onsetLine = lines * 2 / 3;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      long written = 0;
      long trace = 0;
      while (written < lines) {
        long ts = start + written * step;
        String traceId = String.format("%032x", ++trace);
        boolean incident = written >= onsetLine && random.nextInt(4) == 0;
        if (incident && written + 3 <= lines) {
          out.write(record(ts, "ERROR", ROOT_SERVICE, "pool exhausted: 0 of 20 connections free after 5000ms",
              ROOT_TYPE, traceId, "c", "b", null));
          out.write(record(ts + 1, "ERROR", "orders", "query failed", "com.acme.orders.QueryTimeoutException",
              traceId, "b", "a", ROOT_TYPE));
          out.write(record(ts + 2, "ERROR", "gateway", "upstream orders timed out: 504",
              "com.acme.gw.UpstreamTimeoutException", traceId, "a", null, "com.acme.orders.QueryTimeoutException"));
          written += 3;
        } else if (random.nextInt(50) == 0) {
          out.write(record(ts, "ERROR", "gateway", "no route for /favicon.ico", "com.acme.gw.NotFoundException",
              traceId, "a", null, null));
          written++;
        } else {
          String service = switch (random.nextInt(3)) {
            case 0 -> "gateway";
            case 1 -> "orders";
            default -> ROOT_SERVICE;
          };
          out.write(record(ts, random.nextInt(20) == 0 ? "WARN" : "INFO", service,
              "handled request " + random.nextInt(1_000_000) + " in " + random.nextInt(300) + "ms", null, traceId, "a", null, null));
          written++;
        }
      }
    }
  }

  private static String record(long ts, String level, String service, String message, String errorType,
      String traceId, String spanId, String parentSpanId, String causedBy) {
    StringBuilder json = new StringBuilder(256).append("{\"ts\":\"").append(Instant.ofEpochMilli(ts))
        .append("\",\"level\":\"").append(level).append("\",\"service\":\"").append(service)
        .append("\",\"message\":\"").append(message).append('"');
    if (errorType != null) {
      json.append(",\"error_type\":\"").append(errorType).append('"');
    }
    json.append(",\"trace_id\":\"").append(traceId).append("\",\"span_id\":\"").append(traceId, 24, 32).append(spanId).append('"');
    if (parentSpanId != null) {
      json.append(",\"parent_span_id\":\"").append(traceId, 24, 32).append(parentSpanId).append('"');
    }
    if (causedBy != null) {
      json.append(",\"caused_by\":\"").append(causedBy).append('"');
    }
    return json.append("}\n").toString();
  }
}
