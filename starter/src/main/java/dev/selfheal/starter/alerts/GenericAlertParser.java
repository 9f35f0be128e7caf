package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.values.Alert;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The documented generic alert:
 * {@code {"source":"generic","service":"…","title":"…","severity":"critical|high|warning|info",
 * "fingerprint":"…","startsAt":"ISO-8601","status":"firing|resolved","labels":{…}}}.
 * Untrusted input: strict, bounded, and every error names the field.
 */
public final class GenericAlertParser {
  public static final int MAX_BYTES = 64 * 1024;
  private static final Set<String> SEVERITIES = Set.of("critical", "high", "warning", "info");
  private static final Set<String> FIELDS =
      Set.of("source", "service", "title", "severity", "fingerprint", "startsAt", "status", "labels");
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(8192).build());
    JSON.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private GenericAlertParser() {}

  /** @throws InvalidAlertException naming what is wrong */
  public static Alert parse(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidAlertException("alert body is empty");
    }
    if (body.length() > MAX_BYTES) {
      throw new InvalidAlertException("alert body is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidAlertException(
          "alert is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidAlertException("alert must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidAlertException("unknown field '" + name + "' (allowed: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    }
    String service = text(root, "service", true);
    String fingerprint = text(root, "fingerprint", true);
    try {
      IncidentIds.incidentId(service, fingerprint);
    } catch (IllegalArgumentException e) {
      throw new InvalidAlertException(e.getMessage());
    }
    String severity = text(root, "severity", true).toLowerCase(Locale.ROOT);
    if (!SEVERITIES.contains(severity)) {
      throw new InvalidAlertException("severity '" + severity + "' is not one of critical, high, warning, info");
    }
    String startsAt = text(root, "startsAt", false);
    if (startsAt != null) {
      try {
        Instant.parse(startsAt);
      } catch (DateTimeParseException e) {
        throw new InvalidAlertException("startsAt '" + startsAt + "' is not an ISO-8601 instant like 2026-11-23T10:00:00Z");
      }
    }
    String status = text(root, "status", false);
    if (status != null && !status.equals("firing") && !status.equals("resolved")) {
      throw new InvalidAlertException("status '" + status + "' is not firing or resolved");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode labelNode = root.get("labels");
    if (labelNode != null && !labelNode.isNull()) {
      if (!labelNode.isObject()) {
        throw new InvalidAlertException("labels must be an object of strings");
      }
      labelNode.fields().forEachRemaining(e -> {
        if (!e.getValue().isValueNode()) {
          throw new InvalidAlertException("label '" + e.getKey() + "' must be a string");
        }
        labels.put(e.getKey(), e.getValue().asText());
      });
    }
    String source = text(root, "source", false);
    return new Alert(
        source == null ? "generic" : source,
        service,
        fingerprint,
        text(root, "title", true),
        severity,
        startsAt == null ? Instant.now().toString() : startsAt,
        status == null ? "firing" : status,
        Map.copyOf(labels));
  }

  private static String text(JsonNode root, String field, boolean required) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidAlertException("field '" + field + "' is required");
      }
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidAlertException("field '" + field + "' must be a non-empty string");
    }
    return node.asText();
  }
}
