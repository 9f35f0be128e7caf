package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.databind.JsonNode;
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
 * "fingerprint":"…","startsAt":"ISO-8601","status":"firing|resolved","labels":{…},
 * "links":{"name":"http(s) URL",…}}}.
 * Untrusted input: strict, bounded, and every error names the field.
 */
public final class GenericAlertParser {
  public static final int MAX_BYTES = 64 * 1024;
  private static final AlertJson JSON = new AlertJson(MAX_BYTES, 8, 8192);
  private static final Set<String> SEVERITIES = Set.of("critical", "high", "warning", "info");
  private static final Set<String> FIELDS =
      Set.of("source", "service", "title", "severity", "fingerprint", "startsAt", "status", "labels", "links");

  private GenericAlertParser() {}

  /** @throws InvalidAlertException naming what is wrong */
  public static Alert parse(String body) {
    JsonNode root = JSON.read(body);
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
    Map<String, String> labels = AlertJson.strings(root.get("labels"), "labels");
    Map<String, String> links = new LinkedHashMap<>();
    AlertJson.object(root.get("links"), "links", false);
    if (root.hasNonNull("links")) {
      root.get("links").fields().forEachRemaining(e -> AlertJson.link(links, e.getKey(), e.getValue(), "links." + e.getKey()));
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
        Map.copyOf(labels),
        Map.copyOf(links));
  }

  private static String text(JsonNode root, String field, boolean required) {
    return AlertJson.text(root.get(field), field, required);
  }
}
