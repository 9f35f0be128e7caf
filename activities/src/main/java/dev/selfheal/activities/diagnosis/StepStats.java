package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;

/** Effects of the top candidate, summed over the groups it roots. */
final class StepStats {
  final KeyStats stats;
  int groups;
  long count;
  int depth = Integer.MAX_VALUE;
  long firstMillis = Long.MAX_VALUE;
  LogRecord example;
  long exampleMillis = Long.MAX_VALUE;

  StepStats(KeyStats stats) {
    this.stats = stats;
  }
}
