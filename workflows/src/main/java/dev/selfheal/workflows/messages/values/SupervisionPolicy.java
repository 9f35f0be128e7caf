package dev.selfheal.workflows.messages.values;

import java.time.Duration;

/**
 * How a supervisor paces probes and restarts. Every field at 0 takes its default, so a request
 * names only what it changes.
 *
 * @param probeIntervalSeconds between probes (default 10)
 * @param initialBackoffSeconds the wait before the first restart after a healthy stretch (1)
 * @param maxBackoffSeconds the wait doubles per crash up to this (3600)
 * @param healthyResetSeconds this long continuously healthy resets the wait (120)
 * @param flapCrashes this many crashes ... (5)
 * @param flapWindowSeconds ... within this window is flapping (300)
 * @param coolDownSeconds no restarts for this long once flapping (900)
 * @param historyEventsBeforeContinue history length at which a run continues as new (2000)
 */
public record SupervisionPolicy(
    long probeIntervalSeconds,
    long initialBackoffSeconds,
    long maxBackoffSeconds,
    long healthyResetSeconds,
    int flapCrashes,
    long flapWindowSeconds,
    long coolDownSeconds,
    int historyEventsBeforeContinue) {

  public static SupervisionPolicy defaults() {
    return new SupervisionPolicy(0, 0, 0, 0, 0, 0, 0, 0);
  }

  public Duration probeInterval() {
    return Duration.ofSeconds(or(probeIntervalSeconds, 10));
  }

  public long initialBackoff() {
    return or(initialBackoffSeconds, 1);
  }

  public long maxBackoff() {
    return or(maxBackoffSeconds, 3600);
  }

  public long healthyResetMillis() {
    return or(healthyResetSeconds, 120) * 1000;
  }

  public int crashesToFlap() {
    return flapCrashes > 0 ? flapCrashes : 5;
  }

  public long flapWindowMillis() {
    return or(flapWindowSeconds, 300) * 1000;
  }

  public long coolDownMillis() {
    return or(coolDownSeconds, 900) * 1000;
  }

  public int historyLimit() {
    return historyEventsBeforeContinue > 0 ? historyEventsBeforeContinue : 2000;
  }

  /** What is wrong with this policy, or null. */
  public String problem() {
    if (probeIntervalSeconds < 0 || initialBackoffSeconds < 0 || maxBackoffSeconds < 0 || healthyResetSeconds < 0
        || flapCrashes < 0 || flapWindowSeconds < 0 || coolDownSeconds < 0 || historyEventsBeforeContinue < 0) {
      return "policy values must not be negative (0 takes the default)";
    }
    if (initialBackoff() > maxBackoff()) {
      return "policy initialBackoffSeconds " + initialBackoff() + " is above maxBackoffSeconds " + maxBackoff();
    }
    if (historyEventsBeforeContinue > 0 && historyEventsBeforeContinue < 50) {
      return "policy historyEventsBeforeContinue must be at least 50";
    }
    return null;
  }

  private static long or(long value, long fallback) {
    return value > 0 ? value : fallback;
  }
}
