package dev.selfheal.starter.alerts;

import java.util.List;
import java.util.Map;

/**
 * What Prometheus-style labels and annotations say about an alert, shared by the Alertmanager and
 * Grafana webhooks, which both carry {@code alerts[].labels} and {@code alerts[].annotations}.
 */
final class AlertLabels {
  /** Labels that name the service, best first: an explicit label, then the scrape job, then the app. */
  private static final List<String> SERVICE_LABELS = List.of("service", "job", "app");
  /** Rules without a severity label are not paging, but not ignorable either. */
  private static final String UNLABELLED_SEVERITY = "warning";

  private AlertLabels() {}

  /** @param at the alert's path, e.g. {@code alerts[0]} */
  static String service(Map<String, String> labels, String at) {
    for (String label : SERVICE_LABELS) {
      String service = labels.get(label);
      if (service != null) {
        return AlertJson.service(service, at + ".labels." + label);
      }
    }
    throw new InvalidAlertException("field '" + at + ".labels.service' is required (or label 'job' or 'app')");
  }

  /** The annotation written for humans, else the rule's name. */
  static String title(Map<String, String> labels, Map<String, String> annotations, String at) {
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

  static String severity(Map<String, String> labels, String at) {
    String severity = labels.get("severity");
    return severity == null ? UNLABELLED_SEVERITY : SeverityWords.normalize(severity, at + ".labels.severity");
  }

  /** {@code firing} or {@code resolved}, as both webhooks write it. */
  static String status(String status, String at) {
    if (!status.equals("firing") && !status.equals("resolved")) {
      throw new InvalidAlertException("field '" + at + ".status' is '" + status + "', not firing or resolved");
    }
    return status;
  }
}
