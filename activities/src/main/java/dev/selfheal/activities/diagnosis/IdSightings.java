package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.AccessLogLines;

/**
 * The keys whose errors carried one id (an order, a job), each with when it first did: the
 * report a worker failed to render is the report the API then fails to serve. Settled by time,
 * not by the order files are read in.
 */
final class IdSightings {
  private static final int MAX_KEYS = 4;
  private final KeyStats[] keys = new KeyStats[MAX_KEYS];
  private final long[] first = new long[MAX_KEYS];
  /** Per key: how many of its errors carried the id. */
  private final int[] records = new int[MAX_KEYS];
  private int n;

  void add(KeyStats ks, long ts) {
    for (int i = 0; i < n; i++) {
      if (keys[i] == ks) {
        first[i] = Math.min(first[i], ts);
        records[i]++;
        return;
      }
    }
    if (n < MAX_KEYS) {
      keys[n] = ks;
      first[n] = ts;
      records[n++] = 1;
    }
  }

  /** Credits each later key's errors that carried the id as repeating it from the first key. */
  void credit(long window) {
    int earliest = -1;
    for (int i = 0; i < n; i++) {
      // a proxy logs a request when it answers, in whole seconds: it never carried an id first
      if (!AccessLogLines.isServerError(keys[i].simpleType) && (earliest < 0 || first[i] < first[earliest]
          || first[i] == first[earliest] && keys[i].firstSeq < keys[earliest].firstSeq)) {
        earliest = i;
      }
    }
    if (earliest < 0) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (i != earliest && first[i] - first[earliest] <= window) {
        keys[i].sharesIdsWith.merge(keys[earliest], records[i], Integer::sum);
      }
    }
  }
}
