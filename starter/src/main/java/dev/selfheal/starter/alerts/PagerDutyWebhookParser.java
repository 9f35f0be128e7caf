package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.workflows.messages.values.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A PagerDuty V3 webhook: {@code {"event":{"id","event_type","resource_type","occurred_at",
 * "agent","client","data":{"id","type":"incident","html_url","number","status","incident_key",
 * "created_at","title","service":{"id","summary"},"priority":{"summary"},"urgency"}}}}.
 *
 * <p>A subscription delivers every event type it is subscribed to, but only some say the failure
 * started or ended: {@code incident.triggered}, {@code incident.reopened} and {@code
 * incident.unacknowledged} are firing, {@code incident.resolved} is resolved. Every other event
 * (acknowledged, annotated, priority changes, the {@code pagey.ping} test, non-incident resources)
 * is human bookkeeping and yields no alert, so the sender still gets a 2xx and does not retry.
 *
 * <p>The fingerprint is the {@code incident_key} (the dedup key the event source chose), else the
 * incident id. PagerDuty names services for humans ("Checkout API"), so the service is that name
 * lower-cased with every run of other characters turned into '-' ({@code checkout-api}), which is
 * what the catalog must call it. Severity: priority P1..P5 where the account uses the default
 * scheme, else the urgency. Link: {@code pagerduty} ({@code html_url}).
 */
public final class PagerDutyWebhookParser {
  /** An incident event is a few KB; 256 KB leaves room for long titles and many assignees. */
  public static final int MAX_BYTES = 256 * 1024;
  private static final AlertJson JSON = new AlertJson(MAX_BYTES, 16, 16 * 1024);
  private static final Set<String> FIRING = Set.of("incident.triggered", "incident.reopened", "incident.unacknowledged");
  private static final String RESOLVED = "incident.resolved";
  private static final Map<String, String> PRIORITIES =
      Map.of("P1", "critical", "P2", "high", "P3", "warning", "P4", "info", "P5", "info");

  private PagerDutyWebhookParser() {}

  /**
   * @return one alert, or none for an event that does not start or end a failure
   * @throws InvalidAlertException naming what is wrong
   */
  public static List<Alert> parse(String body) {
    JsonNode event = AlertJson.object(JSON.read(body).get("event"), "event", true);
    String eventType = AlertJson.text(event.get("event_type"), "event.event_type", true);
    String resourceType = AlertJson.text(event.get("resource_type"), "event.resource_type", true);
    String status = FIRING.contains(eventType) ? "firing" : eventType.equals(RESOLVED) ? "resolved" : null;
    if (status == null) {
      return List.of();
    }
    if (!resourceType.equals("incident")) {
      throw new InvalidAlertException("field 'event.resource_type' is '" + resourceType + "', but " + eventType + " is about an incident");
    }
    JsonNode data = AlertJson.object(event.get("data"), "event.data", true);
    String id = AlertJson.text(data.get("id"), "event.data.id", true);
    String incidentKey = AlertJson.text(data.get("incident_key"), "event.data.incident_key", false);
    JsonNode service = AlertJson.object(data.get("service"), "event.data.service", true);
    String serviceId = AlertJson.text(service.get("id"), "event.data.service.id", true);
    String serviceName = AlertJson.text(service.get("summary"), "event.data.service.summary", true);
    String urgency = AlertJson.text(data.get("urgency"), "event.data.urgency", false);
    JsonNode priority = AlertJson.object(data.get("priority"), "event.data.priority", false);
    String priorityName = priority == null ? null : AlertJson.text(priority.get("summary"), "event.data.priority.summary", true);

    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("pagerduty_incident", id);
    labels.put("pagerduty_service", serviceId);
    labels.put("pagerduty_event", eventType);
    JsonNode number = data.get("number");
    if (number != null && !number.isNull()) {
      if (!number.isIntegralNumber()) {
        throw new InvalidAlertException("field 'event.data.number' must be an integer");
      }
      labels.put("pagerduty_number", number.asText());
    }
    if (urgency != null) {
      labels.put("urgency", urgency);
    }
    if (priorityName != null) {
      labels.put("pagerduty_priority", priorityName);
    }
    Map<String, String> links = new LinkedHashMap<>();
    AlertJson.link(links, "pagerduty", data.get("html_url"), "event.data.html_url");
    return List.of(new Alert(
        "pagerduty",
        AlertJson.service(serviceName(serviceName), "event.data.service.summary"),
        incidentKey != null ? incidentKey : id,
        AlertJson.text(data.get("title"), "event.data.title", true),
        severity(priorityName, urgency),
        data.hasNonNull("created_at")
            ? AlertJson.instant(data.get("created_at"), "event.data.created_at")
            : AlertJson.instant(event.get("occurred_at"), "event.occurred_at"),
        status,
        Map.copyOf(labels),
        Map.copyOf(links)));
  }

  /** "Checkout API (prod)" becomes "checkout-api-prod". */
  static String serviceName(String summary) {
    String name = summary.toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9._]+", "-")
        .replaceAll("\\.{2,}", ".")
        .replaceAll("^[^a-z0-9]+|-+$", "");
    return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
  }

  private static String severity(String priority, String urgency) {
    String byPriority = priority == null ? null : PRIORITIES.get(priority.trim().toUpperCase(Locale.ROOT));
    if (byPriority != null) {
      return byPriority;
    }
    if (urgency == null) {
      throw new InvalidAlertException("field 'event.data.urgency' is required (or 'event.data.priority.summary' P1..P5)");
    }
    return SeverityWords.normalize(urgency, "event.data.urgency");
  }
}
