package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ONSET_SLACK_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.head;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.sessionUser;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.trim;
import static dev.selfheal.activities.diagnosis.TroubleWords.SCHEMA_TROUBLE;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schema change breaks the statements written against the schema before it: a dropped index
 * turns a lookup into a scan that hits the statement timeout, a renamed column makes old code
 * fail. When the leading failures are statements failing that way, and shortly before another
 * service changed the schema (DDL in its own log, or in the database's statement log from a
 * session that service ran, or while it said it was migrating) on a table, column or index their
 * statements name, the service that changed it is the root.
 */
final class SchemaChangeRule {
  /** A migration this long before the first failure could have been what broke them (the next peak after it). */
  private static final long CHANGE_LEAD_MS = Duration.ofMinutes(30).toMillis();
  /** A migration run's first records are this close to the DDL the database logged for it. */
  private static final long MIGRATION_NEAR_MS = Duration.ofMinutes(10).toMillis();
  /** What schema migration tools say as they start (Flyway, Liquibase, Alembic, Rails, Django, golang-migrate). */
  private static final Pattern MIGRATING = Pattern.compile("(?i)\\bmigrat(?:ing|ion|e)\\b|Running upgrade|changeset|ChangeSet");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{3,62}");
  /** Words in statements and DDL that name nothing in a schema. */
  private static final Set<String> SQL_WORDS = Set.of("select", "from", "where", "order", "limit", "offset", "group",
      "having", "insert", "into", "values", "update", "delete", "join", "inner", "left", "right", "outer", "exists", "table",
      "index", "column", "drop", "alter", "rename", "create", "unique", "constraint", "truncate", "cascade", "public",
      "schema", "statement", "error", "desc", "null", "not", "and", "with", "then", "else", "when", "case", "true", "false",
      "add", "default", "primary", "foreign", "references", "concurrently", "if", "timeout", "canceling", "user", "request",
      "query", "duration", "execute", "version", "migration", "migrating", "applied", "dropped", "renamed", "does", "exist");
  private final LogObservations observed;

  SchemaChangeRule(LogObservations observed) {
    this.observed = observed;
  }

  /** @return whether the ranking changed */
  boolean apply(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    KeyStats face = Rooting.face(top, rooting);
    if (face == null || observed.schemaChanges.isEmpty() || !face.mostlySay(SCHEMA_TROUBLE)) {
      return false;
    }
    Set<String> named = identifiers(face);
    long failuresAt = Rooting.firstFailure(top, rooting);
    LogRecord change = null;
    String changer = null;
    for (LogRecord r : observed.schemaChanges) {
      long at = r.ts().toEpochMilli();
      if (at > failuresAt + ONSET_SLACK_MS || failuresAt - at > CHANGE_LEAD_MS) {
        continue;
      }
      String who = changer(r);
      if (who != null && !who.equals(top.service) && !who.equals(face.service) && touches(r.message(), named)
          && (change == null || at >= change.ts().toEpochMilli())) {
        change = r;
        changer = who;
      }
    }
    if (change == null) {
      return false;
    }
    KeyStats root = Rooting.actingRoot(observed, rooting, changer, change.ts().toEpochMilli(), change);
    root.rootReason = changer + " changed the schema at " + change.ts() + " (" + trim(change.message()) + "); "
        + face.service + "'s statements on it then failed ("
        + (face.simpleType.isEmpty() ? trim(face.samples.get(0).message()) : face.simpleType) + ")";
    Rooting.blame(root, top, face);
    return true;
  }

  /**
   * Who made a change: the service whose own log says so, or for a database's statement log the
   * service its session ran for (by application name or user), else null.
   */
  private String changer(LogRecord r) {
    String user = sessionUser(r.component());
    if (user == null) {
      return r.service();
    }
    for (String candidate : sessionNames(r)) {
      for (String service : observed.firstSeen.keySet()) {
        if (!service.equals(r.service()) && service.equalsIgnoreCase(candidate)) {
          return service;
        }
      }
    }
    return migratingAround(r.ts().toEpochMilli(), r.service());
  }

  /** The one service (in name order) whose first records say it ran a migration around {@code at}; else null. */
  private String migratingAround(long at, String database) {
    for (String service : new TreeSet<>(observed.recordsBy.keySet())) {
      if (service.equals(database)) {
        continue;
      }
      for (LogRecord r : observed.recordsBy.get(service).early) {
        if (r.message() != null && MIGRATING.matcher(r.message()).find() && Math.abs(r.ts().toEpochMilli() - at) <= MIGRATION_NEAR_MS) {
          return service;
        }
      }
    }
    return null;
  }

  /** The application name and user a database's line was logged for. */
  private static List<String> sessionNames(LogRecord r) {
    List<String> names = new ArrayList<>(2);
    String raw = r.raw() == null ? "" : head(r.raw());
    Matcher app = Pattern.compile(Pattern.quote(r.component()) + " ([\\w.-]+) ").matcher(raw);
    if (app.find()) {
      names.add(app.group(1));
    }
    names.add(sessionUser(r.component()));
    return names;
  }

  /** Schema names (tables, columns) the failing statements use. */
  private static Set<String> identifiers(KeyStats face) {
    Set<String> names = new HashSet<>();
    for (LogRecord r : face.samples) {
      String text = r.message() + "\n" + (r.raw() == null ? "" : head(r.raw()));
      Matcher m = IDENTIFIER.matcher(text);
      while (m.find() && names.size() < 512) {
        String word = m.group().toLowerCase(Locale.ROOT);
        if (!SQL_WORDS.contains(word)) {
          names.add(word);
        }
      }
    }
    return names;
  }

  /**
   * Whether a change names what the statements use: the same table or column, or an index whose
   * name holds one of their multi-word names ({@code idx_orders_customer_id} holds {@code customer_id}).
   */
  static boolean touches(String change, Set<String> named) {
    Matcher m = IDENTIFIER.matcher(change);
    while (m.find()) {
      String word = m.group().toLowerCase(Locale.ROOT);
      if (SQL_WORDS.contains(word)) {
        continue;
      }
      if (named.contains(word)) {
        return true;
      }
      for (String name : named) {
        if (name.indexOf('_') > 0 && (word.endsWith("_" + name) || word.contains("_" + name + "_"))) {
          return true;
        }
      }
    }
    return false;
  }
}
