package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.workflows.messages.values.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus Alertmanager webhook (payload version "4"): {@code {"version":"4","status",
 * "receiver","groupKey","groupLabels","commonLabels","commonAnnotations","externalURL",
 * "alerts":[{"status","labels","annotations","startsAt","endsAt","generatorURL","fingerprint"}]}}.
 * One {@link Alert} per entry of {@code alerts}, since one notification groups many; its links are
 * {@code generator} (the rule's expression in Prometheus) and {@code alertmanager} (the sender).
 * Untrusted input: bounded, and every error names the field by its path.
 */
public final class AlertmanagerParser {
  /** A group can carry hundreds of alerts; each is a few hundred bytes of labels. */
  public static final int MAX_BYTES = 1024 * 1024;
  private static final AlertJson JSON = new AlertJson(MAX_BYTES, 8, 32 * 1024);

  private AlertmanagerParser() {}

  /** @throws InvalidAlertException naming what is wrong */
  public static List<Alert> parse(String body) {
    JsonNode root = JSON.read(body);
    JsonNode entries = AlertJson.groupedAlerts(root, "4", "Alertmanager");
    List<Alert> alerts = new ArrayList<>(entries.size());
    Map<String, String> senderLinks = new LinkedHashMap<>();
    AlertJson.link(senderLinks, "alertmanager", root.get("externalURL"), "externalURL");
    for (int i = 0; i < entries.size(); i++) {
      alerts.add(alert(entries.get(i), "alerts[" + i + "]", senderLinks));
    }
    return List.copyOf(alerts);
  }

  private static Alert alert(JsonNode entry, String at, Map<String, String> senderLinks) {
    AlertJson.object(entry, at, true);
    Map<String, String> labels = AlertJson.strings(AlertJson.object(entry.get("labels"), at + ".labels", true), at + ".labels");
    Map<String, String> annotations = AlertJson.strings(entry.get("annotations"), at + ".annotations");
    String status = AlertLabels.status(AlertJson.text(entry.get("status"), at + ".status", true), at);
    String fingerprint = AlertJson.text(entry.get("fingerprint"), at + ".fingerprint", true);
    Map<String, String> links = new LinkedHashMap<>();
    AlertJson.link(links, "generator", entry.get("generatorURL"), at + ".generatorURL");
    links.putAll(senderLinks);
    return new Alert(
        "alertmanager",
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
