package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.trim;

import dev.selfheal.activities.logs.LogRecord;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data store can refuse work because of its own state (Redis at maxmemory with noeviction, an
 * index blocked at flood stage, too few in-sync replicas, a database in recovery) while logging
 * nothing at error level itself: its clients carry its words. When the leading failures carry
 * such a refusal and exactly one service in the logs is that kind of store, the store is the root.
 * Not a write refused by a read-only replica: that is the client writing to the wrong server.
 */
final class ServerRefusalRule {
  /** A store's refusal for its own state, in the store's words, with the name words of that kind of store. */
  private static final List<Refusal> REFUSALS = List.of(
      new Refusal("redis\\w*|valkey|keydb", Pattern.compile("OOM command not allowed|MISCONF Redis is configured"
          + "|LOADING Redis is loading")),
      new Refusal("elastic\\w*|opensearch|es\\d*", Pattern.compile("cluster_block_exception|index read-only / allow delete"
          + "|FORBIDDEN/\\d+/index read-only")),
      new Refusal("kafka\\w*", Pattern.compile("NOT_ENOUGH_REPLICAS|NotEnoughReplicas|KafkaStorageException")),
      new Refusal("postgres\\w*|pg\\w*|mysql\\w*|maria\\w*|db\\d*", Pattern.compile(
          "the database system is (?:in recovery mode|shutting down|starting up)")));

  private record Refusal(String kinds, Pattern words) {}

  private final LogObservations observed;

  ServerRefusalRule(LogObservations observed) {
    this.observed = observed;
  }

  /** @return whether the ranking changed */
  boolean apply(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    if (top == null) {
      return false;
    }
    for (KeyStats ks : rooting) {
      if (ks != top && !ks.isSymptomOf(top) || ks.samples.isEmpty()) {
        continue;
      }
      for (Refusal refusal : REFUSALS) {
        if (ks.mostlySay(refusal.words())) {
          String store = onlyStore(refusal.kinds(), top, ks);
          if (store != null) {
            blame(store, refusal, ks, top, rooting);
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The one service in the logs whose name or lines say it is a store of {@code kinds}; null if there is
   * none or more than one, or if the failing services are such stores themselves (a broker that
   * refuses for its peers speaks for itself).
   */
  private String onlyStore(String kinds, KeyStats top, KeyStats refused) {
    Pattern kind = Pattern.compile("(?:^|[-_.])(?:" + kinds + ")(?:$|[-_.\\d])");
    if (runs(top.service, kind) || runs(refused.service, kind)) {
      return null;
    }
    TreeSet<String> stores = new TreeSet<>();
    for (String service : observed.firstSeen.keySet()) {
      if (runs(service, kind)) {
        stores.add(service);
      }
    }
    return stores.size() == 1 ? stores.first() : null;
  }

  private boolean runs(String service, Pattern kind) {
    ServiceRecords records = observed.recordsBy.get(service);
    return records != null && records.runs(service, kind);
  }

  private void blame(String store, Refusal refusal, KeyStats refused, KeyStats top, List<KeyStats> rooting) {
    LogRecord said = null;
    String words = null;
    for (LogRecord r : refused.samples) {
      String text = r.message() + "\n" + (r.raw() == null ? "" : CausalAnalyzer.head(r.raw())) + "\n"
          + (r.causedBy() == null ? "" : r.causedBy());
      Matcher m = refusal.words().matcher(text);
      if (m.find()) {
        said = r;
        words = m.group();
        break;
      }
    }
    KeyStats root = Rooting.actingRoot(observed, rooting, store, Rooting.firstFailure(top, rooting), said);
    root.rootReason = store + " refused work for its own state ('" + words + "', carried by " + refused.service + "): "
        + trim(said.message());
    Rooting.blame(root, top, refused);
  }
}
