package dev.selfheal.workflows.messages.values;

import java.util.List;

/**
 * A committed fix on the incident branch.
 *
 * @param diffSha256 SHA-256 of the unified diff base..commit; an approval must name it
 * @param diffPath the diff text, stored in the incident's folder
 * @param risk the patch guard's risk class; null in histories recorded before the guard existed
 * @param riskReason what made it that class (the path or line), for the reviewer; may be null
 */
public record FixResult(
    String recipeId,
    String commit,
    String diffSha256,
    String diffPath,
    String diffStat,
    List<String> files,
    RiskClass risk,
    String riskReason) {

  /** The risk class, with a fix that was never classified counted as high: a human decides. */
  public RiskClass riskOrHigh() {
    return risk == null ? RiskClass.HIGH : risk;
  }
}
