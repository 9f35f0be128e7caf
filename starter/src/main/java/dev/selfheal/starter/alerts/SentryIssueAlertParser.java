package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.workflows.messages.values.Alert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sentry integration-platform webhook about an issue, in the two shapes Sentry documents:
 * {@code data.event} (issue alert, {@code Sentry-Hook-Resource: event_alert}: the event that
 * triggered the rule, with {@code issue_id}, {@code title}, {@code level}, {@code datetime} or
 * {@code timestamp}, {@code tags} as {@code [key, value]} pairs, and {@code url}) and {@code
 * data.issue} (issue and activity webhooks: {@code id}, {@code title}, {@code level}, {@code
 * firstSeen}, {@code project {slug}}). The issue id is the fingerprint, so every alert about one
 * issue joins one incident. Links: {@code sentry} (the page, {@code web_url}) and {@code
 * sentry_api} (the API resource, {@code url}). Untrusted input: bounded, and every error names the field by its path.
 */
public final class SentryIssueAlertParser {
  /** Events carry stack frames with local variables and breadcrumbs; Sentry caps an event near 1 MB. */
  public static final int MAX_BYTES = 1024 * 1024;
  private static final AlertJson JSON = new AlertJson(MAX_BYTES, 32, 64 * 1024);
  private static final Set<String> FIRING = Set.of("triggered", "created", "unresolved");
  private static final Set<String> RESOLVED = Set.of("resolved", "ignored", "archived");
  /** Sentry's default level for an event that names none. */
  private static final String DEFAULT_LEVEL = "error";
  /** An event's API url: {@code …/api/0/projects/<org>/<project-slug>/events/<id>/}. */
  private static final Pattern PROJECT_IN_URL = Pattern.compile("/projects/[^/]+/([^/]+)/events/");

  private SentryIssueAlertParser() {}

  /** @throws InvalidAlertException naming what is wrong */
  public static Alert parse(String body) {
    JsonNode root = JSON.read(body);
    String status = status(AlertJson.text(root.get("action"), "action", true));
    JsonNode data = AlertJson.object(root.get("data"), "data", true);
    if (data.hasNonNull("event")) {
      return fromEvent(AlertJson.object(data.get("event"), "data.event", true), data, status);
    }
    if (data.hasNonNull("issue")) {
      return fromIssue(AlertJson.object(data.get("issue"), "data.issue", true), status);
    }
    throw new InvalidAlertException("field 'data.event' is required (or 'data.issue')");
  }

  private static Alert fromEvent(JsonNode event, JsonNode data, String status) {
    Map<String, String> tags = tags(event.get("tags"), "data.event.tags");
    Map<String, String> labels = new LinkedHashMap<>(tags);
    putIfText(labels, "culprit", event.get("culprit"), "data.event.culprit");
    putIfText(labels, "triggered_rule", data.get("triggered_rule"), "data.triggered_rule");
    Map<String, String> links = links(event, "data.event");
    return new Alert(
        "sentry",
        eventService(event, tags),
        id(event.get("issue_id"), "data.event.issue_id"),
        AlertJson.text(event.get("title"), "data.event.title", true),
        level(event.get("level"), "data.event.level"),
        eventTime(event),
        status,
        Map.copyOf(labels),
        Map.copyOf(links));
  }

  private static Alert fromIssue(JsonNode issue, String status) {
    Map<String, String> labels = new LinkedHashMap<>();
    putIfText(labels, "culprit", issue.get("culprit"), "data.issue.culprit");
    Map<String, String> links = links(issue, "data.issue");
    JsonNode project = AlertJson.object(issue.get("project"), "data.issue.project", true);
    return new Alert(
        "sentry",
        AlertJson.service(AlertJson.text(project.get("slug"), "data.issue.project.slug", true), "data.issue.project.slug"),
        id(issue.get("id"), "data.issue.id"),
        AlertJson.text(issue.get("title"), "data.issue.title", true),
        level(issue.get("level"), "data.issue.level"),
        AlertJson.instant(issue.get("firstSeen"), "data.issue.firstSeen"),
        status,
        Map.copyOf(labels),
        Map.copyOf(links));
  }

  private static Map<String, String> links(JsonNode node, String at) {
    Map<String, String> links = new LinkedHashMap<>();
    AlertJson.link(links, "sentry", node.get("web_url"), at + ".web_url");
    AlertJson.link(links, "sentry_api", node.get("url"), at + ".url");
    return links;
  }

  private static String status(String action) {
    if (FIRING.contains(action)) {
      return "firing";
    }
    if (RESOLVED.contains(action)) {
      return "resolved";
    }
    throw new InvalidAlertException("field 'action' is '" + action
        + "', not an alert (expected triggered, created, unresolved, resolved, ignored or archived)");
  }

  /**
   * An explicit {@code service} tag wins; otherwise the project is the service. An issue alert's
   * {@code project} is the numeric id, so the slug comes from {@code project_slug} where a payload
   * has it, else from the event's API url.
   */
  private static String eventService(JsonNode event, Map<String, String> tags) {
    if (tags.containsKey("service")) {
      return AlertJson.service(tags.get("service"), "data.event.tags.service");
    }
    String slug = AlertJson.text(event.get("project_slug"), "data.event.project_slug", false);
    if (slug != null) {
      return AlertJson.service(slug, "data.event.project_slug");
    }
    JsonNode project = event.get("project");
    if (project != null && project.isTextual()) {
      return AlertJson.service(project.asText(), "data.event.project");
    }
    String url = AlertJson.text(event.get("url"), "data.event.url", false);
    Matcher m = url == null ? null : PROJECT_IN_URL.matcher(url);
    if (m == null || !m.find()) {
      throw new InvalidAlertException(
          "field 'data.event.tags.service' is required (or 'data.event.project_slug', or a project slug in 'data.event.url')");
    }
    return AlertJson.service(m.group(1), "data.event.url");
  }

  /** {@code datetime} (RFC 3339), else {@code timestamp} (epoch seconds with a fraction). */
  private static String eventTime(JsonNode event) {
    if (event.hasNonNull("datetime")) {
      return AlertJson.instant(event.get("datetime"), "data.event.datetime");
    }
    JsonNode timestamp = event.get("timestamp");
    if (timestamp == null || timestamp.isNull()) {
      throw new InvalidAlertException("field 'data.event.datetime' is required (or 'data.event.timestamp')");
    }
    if (!timestamp.isNumber() || timestamp.asDouble() < 0 || timestamp.asDouble() > Instant.MAX.getEpochSecond()) {
      throw new InvalidAlertException("field 'data.event.timestamp' must be epoch seconds");
    }
    BigDecimal seconds = timestamp.decimalValue();
    long whole = seconds.longValue();
    long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
    return Instant.ofEpochSecond(whole, nanos).toString();
  }

  private static String level(JsonNode value, String field) {
    String level = AlertJson.text(value, field, false);
    return SeverityWords.normalize(level == null ? DEFAULT_LEVEL : level, field);
  }

  /** Issue ids are strings in the documented payloads; a number is accepted as the same id. */
  private static String id(JsonNode value, String field) {
    if (value != null && value.isIntegralNumber()) {
      return value.asText();
    }
    return AlertJson.text(value, field, true);
  }

  /** Sentry writes tags as {@code [key, value]} pairs; {@code {"key","value"}} objects also occur. */
  private static Map<String, String> tags(JsonNode value, String field) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return tags;
    }
    if (!value.isArray()) {
      throw new InvalidAlertException("field '" + field + "' must be an array of [key, value] pairs");
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode tag = value.get(i);
      String at = field + "[" + i + "]";
      if (tag.isArray() && tag.size() == 2) {
        tags.put(AlertJson.text(tag.get(0), at + "[0]", true), AlertJson.text(tag.get(1), at + "[1]", true));
      } else if (tag.isObject()) {
        tags.put(AlertJson.text(tag.get("key"), at + ".key", true), AlertJson.text(tag.get("value"), at + ".value", true));
      } else {
        throw new InvalidAlertException("field '" + at + "' must be a [key, value] pair");
      }
    }
    return tags;
  }

  /** Sentry writes "" for an empty culprit or rule: that is absence, not a bad payload. */
  private static void putIfText(Map<String, String> labels, String label, JsonNode value, String field) {
    if (value != null && value.isTextual() && value.asText().isBlank()) {
      return;
    }
    String text = AlertJson.text(value, field, false);
    if (text != null) {
      labels.put(label, text);
    }
  }
}
