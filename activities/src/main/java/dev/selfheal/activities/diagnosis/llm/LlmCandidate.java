package dev.selfheal.activities.diagnosis.llm;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A root cause the analyzer proposes, as shown to the model.
 *
 * @param id chosen by the caller; the model may answer only with one of these (or {@code
 *     none}), so it is restricted to a short token
 * @param service from the logs, untrusted
 * @param errorType from the logs, untrusted
 * @param evidence log lines, untrusted
 */
public record LlmCandidate(String id, String service, String errorType, List<String> evidence) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  public LlmCandidate {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("candidate id must be 1-64 of A-Z a-z 0-9 _ . : -, was " + id);
    }
    if (id.equals(LlmVerdict.NONE)) {
      throw new IllegalArgumentException("candidate id '" + LlmVerdict.NONE + "' means no candidate");
    }
    service = Objects.requireNonNullElse(service, "");
    errorType = Objects.requireNonNullElse(errorType, "");
    evidence = List.copyOf(Objects.requireNonNullElse(evidence, List.of()));
  }
}
