package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.workflows.messages.values.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus Alertmanager webhook (payload version "4"): {@code {"version":"4","status",
 * "receiver","groupKey","groupLabels","commonLabels","commonAnnotations","externalURL",
 * "alerts":[{"status","labels","annotations","startsAt","endsAt","generatorURL","fingerprint"}]}}.
 * One {@link Alert} per entry of {@code alerts}, since one notification groups many. Untrusted
 * input: bounded, and every error names the field by its path.
 */
public final class AlertmanagerParser {
  /** A group can carry hundreds of alerts; each is a few hundred bytes of labels. */
  public static final int MAX_BYTES = 1024 * 1024;
  private static final AlertJson JSON = new AlertJson(MAX_BYTES, 8, 32 * 1024);
  /** Labels that name the service, best first: an explicit label, then the scrape job, then the app. */
  private static final List<String> SERVICE_LABELS = List.of("service", "job", "app");
  /** Prometheus rules without a severity label are not paging, but not ignorable either. */
  private static final String UNLABELLED_SEVERITY = "warning";

  private AlertmanagerParser() {}

  /** @throws InvalidAlertException naming what is wrong */
  public static List<Alert> parse(String body) {
    JsonNode root = JSON.read(body);
    String version = AlertJson.text(root.get("version"), "version", true);
    if (!version.equals("4")) {
      throw new InvalidAlertException("field 'version' is '" + version + "'; only Alertmanager webhook version 4 is understood");
    }
    JsonNode entries = root.get("alerts");
    if (entries == null || !entries.isArray() || entries.isEmpty()) {
      throw new InvalidAlertException("field 'alerts' must be a non-empty array");
    }
    List<Alert> alerts = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      alerts.add(alert(entries.get(i), "alerts[" + i + "]"));
    }
    return List.copyOf(alerts);
  }

  private static Alert alert(JsonNode entry, String at) {
    AlertJson.object(entry, at, true);
    Map<String, String> labels = AlertJson.strings(AlertJson.object(entry.get("labels"), at + ".labels", true), at + ".labels");
    Map<String, String> annotations = AlertJson.strings(entry.get("annotations"), at + ".annotations");
    String status = AlertJson.text(entry.get("status"), at + ".status", true);
    if (!status.equals("firing") && !status.equals("resolved")) {
      throw new InvalidAlertException("field '" + at + ".status' is '" + status + "', not firing or resolved");
    }
    String fingerprint = AlertJson.text(entry.get("fingerprint"), at + ".fingerprint", true);
    String severity = labels.get("severity");
    return new Alert(
        "alertmanager",
        service(labels, at),
        fingerprint,
        title(labels, annotations, at),
        severity == null ? UNLABELLED_SEVERITY : SeverityWords.normalize(severity, at + ".labels.severity"),
        AlertJson.instant(entry.get("startsAt"), at + ".startsAt"),
        status,
        Map.copyOf(labels));
  }

  private static String service(Map<String, String> labels, String at) {
    for (String label : SERVICE_LABELS) {
      String service = labels.get(label);
      if (service != null) {
        return AlertJson.service(service, at + ".labels." + label);
      }
    }
    throw new InvalidAlertException("field '" + at + ".labels.service' is required (or label 'job' or 'app')");
  }

  /** The annotation written for humans, else the rule's name. */
  private static String title(Map<String, String> labels, Map<String, String> annotations, String at) {
    String summary = annotations.get("summary");
    if (summary != null && !summary.isBlank()) {
      return summary;
    }
    String alertname = labels.get("alertname");
    if (alertname == null || alertname.isBlank()) {
      throw new InvalidAlertException("field '" + at + ".labels.alertname' is required (or annotation 'summary')");
    }
    return alertname;
  }
}
