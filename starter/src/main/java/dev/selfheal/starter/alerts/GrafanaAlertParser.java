package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.workflows.messages.values.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Grafana (unified) alerting webhook contact point, payload version "1": Alertmanager's shape
 * plus Grafana's fields, {@code {"receiver","status","orgId","version":"1","groupKey",
 * "groupLabels","commonLabels","commonAnnotations","externalURL","title","state","message",
 * "alerts":[{"status","labels","annotations","startsAt","endsAt","fingerprint","generatorURL",
 * "silenceURL","dashboardURL","panelURL","values","valueString"}]}}. One {@link Alert} per entry
 * of {@code alerts}; its links are {@code generator} (the rule), {@code dashboard}, {@code panel}
 * and {@code silence} where Grafana filled them in (it writes "" for a rule without a dashboard).
 * Untrusted input: bounded, and every error names the field by its path.
 */
public final class GrafanaAlertParser {
  /** A notification groups up to hundreds of alerts, each with labels, values and a value string. */
  public static final int MAX_BYTES = 1024 * 1024;
  private static final AlertJson JSON = new AlertJson(MAX_BYTES, 8, 32 * 1024);

  private GrafanaAlertParser() {}

  /** @throws InvalidAlertException naming what is wrong */
  public static List<Alert> parse(String body) {
    JsonNode root = JSON.read(body);
    JsonNode entries = AlertJson.groupedAlerts(root, "1", "Grafana");
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
    String status = AlertLabels.status(AlertJson.text(entry.get("status"), at + ".status", true), at);
    String fingerprint = AlertJson.text(entry.get("fingerprint"), at + ".fingerprint", true);
    Map<String, String> links = new LinkedHashMap<>();
    AlertJson.link(links, "generator", entry.get("generatorURL"), at + ".generatorURL");
    AlertJson.link(links, "dashboard", entry.get("dashboardURL"), at + ".dashboardURL");
    AlertJson.link(links, "panel", entry.get("panelURL"), at + ".panelURL");
    AlertJson.link(links, "silence", entry.get("silenceURL"), at + ".silenceURL");
    return new Alert(
        "grafana",
        AlertLabels.service(labels, at),
        fingerprint,
        AlertLabels.title(labels, annotations, at),
        AlertLabels.severity(labels, at),
        AlertJson.instant(entry.get("startsAt"), at + ".startsAt"),
        status,
        Map.copyOf(labels),
        Map.copyOf(links));
  }
}
