package dev.selfheal.activities.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's output as the runtime stored it, each line the program printed wrapped with the
 * runtime's time: Docker's json-file driver ({@code {"log":"...\n","stream":"stderr","time":"..."}})
 * and the CRI format kubelet writes ({@code 2025-11-04T09:16:30.123456789Z stderr F ...}). The
 * program's line is read as if printed bare, so its stack traces stay one record; the runtime's
 * time dates a line that carries none of its own.
 */
final class ContainerRuntimeLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CRI = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\S+) (?:stdout|stderr) [FP] (.*)$");

  /** The program's own line, and when the runtime received it. */
  record Unwrapped(Instant ts, String line) {}

  private ContainerRuntimeLines() {}

  /** The line the program printed, or null when {@code line} is not a runtime's wrapping of one. */
  static Unwrapped unwrap(String line) {
    if (line.startsWith("{\"log\":")) {
      try {
        JsonNode node = JSON.readTree(line);
        JsonNode log = node.get("log");
        Instant ts = JsonlLogReader.parseInstant(node.path("time").asText(null));
        if (log == null || !log.isTextual() || ts == null || !node.has("stream")) {
          return null;
        }
        return new Unwrapped(ts, stripNewline(log.asText()));
      } catch (JsonProcessingException e) {
        return null;
      }
    }
    Matcher cri = CRI.matcher(line);
    if (cri.matches()) {
      Instant ts = JsonlLogReader.parseInstant(cri.group(1));
      return ts == null ? null : new Unwrapped(ts, cri.group(2));
    }
    return null;
  }

  private static String stripNewline(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }
}
