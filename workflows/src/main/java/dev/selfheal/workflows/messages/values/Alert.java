package dev.selfheal.workflows.messages.values;

import java.util.Map;

/**
 * One normalized alert. Every source (generic JSON today, vendor webhooks later) maps to this
 * shape before it reaches a workflow.
 *
 * @param status {@code firing} or {@code resolved}
 */
public record Alert(
    String source,
    String service,
    String fingerprint,
    String title,
    String severity,
    String startsAt,
    String status,
    Map<String, String> labels) {

  public boolean resolved() {
    return "resolved".equalsIgnoreCase(status);
  }
}
