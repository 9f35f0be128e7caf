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

  public Alert {
    // histories written before links existed deserialize it as null
    links = links == null ? Map.of() : links;
  }

  public boolean resolved() {
    return "resolved".equalsIgnoreCase(status);
  }
}
