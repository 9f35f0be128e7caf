package dev.selfheal.workflows.messages.values;

import java.util.Map;

/**
 * One normalized alert. Every source (generic JSON, Alertmanager, Grafana, Sentry, PagerDuty)
 * maps to this shape before it reaches a workflow.
 *
 * @param status {@code firing} or {@code resolved}
 * @param links pages about the alert by name, e.g. {@code generator} (the rule's query), {@code
 *     dashboard}, {@code panel}, {@code silence}, {@code runbook}, {@code sentry}, {@code
 *     pagerduty}; http(s) URLs only. Absent in alerts recorded before it existed, which read it as
 *     empty.
 */
public record Alert(
    String source,
    String service,
    String fingerprint,
    String title,
    String severity,
    String startsAt,
    String status,
    Map<String, String> labels,
    Map<String, String> links) {

  /**
   * Label that makes an alert idempotent: a sender that may send the same alert twice (a retried
   * activity) gives it an id, and an incident counts an id once.
   */
  public static final String ID_LABEL = "selfheal.alert_id";

  public Alert {
    // histories written before links existed deserialize it as null
    links = links == null ? Map.of() : links;
  }

  /** The sender's idempotency id, or null when it gave none. */
  public String id() {
    return labels == null ? null : labels.get(ID_LABEL);
  }

  public boolean resolved() {
    return "resolved".equalsIgnoreCase(status);
  }
}
