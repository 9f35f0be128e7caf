package dev.selfheal.workflows.messages.values;

/**
 * What the detect stage concluded about the alert.
 *
 * @param minConfidence the service's own confidence gate from the catalog, 0 when it has none
 *     (and in incidents recorded before the gate existed)
 * @param autonomy the service's mode from the catalog: {@code observe}, {@code suggest} or {@code
 *     auto}; null (incidents recorded before it existed) means {@code suggest}
 */
public record Detection(Severity severity, String summary, double minConfidence, String autonomy) {
  public static final String OBSERVE = "observe";
  public static final String SUGGEST = "suggest";
  public static final String AUTO = "auto";

  public Detection(Severity severity, String summary) {
    this(severity, summary, 0, SUGGEST);
  }

  /** The mode, {@code suggest} when none was recorded. */
  public String autonomyOrSuggest() {
    return autonomy == null || autonomy.isBlank() ? SUGGEST : autonomy;
  }
}
