package dev.selfheal.workflows.messages.values;

/**
 * What the detect stage concluded about the alert.
 *
 * @param minConfidence the service's own confidence gate from the catalog, 0 when it has none
 *     (and in incidents recorded before the gate existed)
 */
public record Detection(Severity severity, String summary, double minConfidence) {
  public Detection(Severity severity, String summary) {
    this(severity, summary, 0);
  }
}
