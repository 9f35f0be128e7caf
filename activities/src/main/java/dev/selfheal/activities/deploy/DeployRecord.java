package dev.selfheal.activities.deploy;

/**
 * One line of {@code <deployDir>/.git/selfheal-deploys.jsonl}: a deploy starting ({@code exitCode}
 * {@link #STARTED}, no {@code finishedAt}) or one that ran to completion.
 * Kept inside {@code .git} so no checkout or clean of the deploy directory can touch it.
 */
public record DeployRecord(
    String deployId, String commit, String incidentId, String reason, String startedAt, String finishedAt, int exitCode) {
  /** The exit code of a record written before the deploy command runs. */
  public static final int STARTED = -1;
}
