package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.TroubleWords.ANSWERED_WITH_ERROR;
import static dev.selfheal.activities.diagnosis.TroubleWords.RESTART_SYMPTOM;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which error type names a root: the type its records were logged as, or the bottom of their
 * cause chains, unless that bottom only restates the failure (an HTTP status, a JDK catch-all, a
 * cause the wrapper refines), and a container's back-off after an OOM kill as OOMKilled.
 */
final class RootNaming {
  private static final long OOM_LEAD_MS = Duration.ofMinutes(15).toMillis();
  /** JDK catch-all exception types that name no particular failure. */
  private static final Set<String> GENERIC_CAUSES = Set.of("IOException", "Exception", "RuntimeException", "Throwable", "Error");
  /** PEP 249's exception classes, which Python database libraries re-raise drivers' errors as. */
  private static final Set<String> DB_API_ERRORS = Set.of("InterfaceError", "DatabaseError", "DataError",
      "OperationalError", "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError");
  private static final Pattern PYTHON_DB_DRIVER = Pattern.compile(
      "(?:psycopg2?|psycopg|pymysql|MySQLdb|mysql\\.connector|sqlite3|cx_Oracle|oracledb|pyodbc|pymssql)\\.");
  private final LogObservations observed;

  RootNaming(LogObservations observed) {
    this.observed = observed;
  }

  /** The type at the bottom of most of the sampled records' cause chains, or null. */
  String deepestCause(KeyStats ks) {
    Map.Entry<String, Integer> most = deepestCauseCount(ks);
    return most == null ? null : most.getKey();
  }

  Map.Entry<String, Integer> deepestCauseCount(KeyStats ks) {
    Map<String, Integer> counts = new HashMap<>();
    for (LogRecord r : ks.samples) {
      String[] types = observed.causeTypesOf(r.causedBy());
      if (types.length > 0) {
        int at = types.length - 1;
        String deepest = types[at];
        String above = types.length > 1 ? types[types.length - 2] : r.errorType();
        boolean aboveSaysMore = above != null
            && (sameFailure(LogRecord.simpleName(above), LogRecord.simpleName(deepest))
                || onlyGeneric(deepest, types.length > 1 ? qualified(above, r.causedBy()) : above));
        String name = aboveSaysMore ? above : deepest;
        at = aboveSaysMore ? at - 1 : at;
        // a library that re-raises the same failure under its own type, with the same words
        // (Django's ProgrammingError around psycopg2's UndefinedColumn), is where it is named
        while (at >= 0) {
          String up = at > 0 ? types[at - 1] : r.errorType();
          if (up == null || !dbApiRelabel(up, r.causedBy() == null ? name : qualified(LogRecord.simpleName(name), r.causedBy()))
              && !relabels(up, name, r.raw())) {
            break;
          }
          name = up;
          at--;
        }
        counts.merge(name, 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .orElse(null);
  }

  /**
   * Whether {@code outer} only restates {@code inner} more precisely, so it is the better name:
   * the JVM's NoClassDefFoundError around the class loader's ClassNotFoundException, a
   * DateTimeParseException around the DateTimeException it refines.
   */
  static boolean sameFailure(String outer, String inner) {
    if (outer.equals("NoClassDefFoundError") && inner.equals("ClassNotFoundException")) {
      return true;
    }
    String innerStem = stem(inner);
    String outerStem = stem(outer);
    return innerStem.length() >= 4 && outerStem.length() > innerStem.length() && outerStem.startsWith(innerStem);
  }

  /**
   * Whether, in a Python traceback, {@code outer} re-raises {@code inner} under its own type with
   * the same words: its message carries the inner one's whole message but not its type. Python
   * names an error by its traceback's last line, and a library that re-labels a failure (Django's
   * database errors, docker-py's DockerException) is where users meet it. Java's wrappers that
   * repeat their cause's words (Spring's DataAccessException family) are not: there the driver's
   * exception at the bottom names the failure.
   */
  static boolean relabels(String outer, String inner, String raw) {
    if (raw == null || !raw.contains("Traceback (most recent call last)") || GENERIC_CAUSES.contains(LogRecord.simpleName(outer))) {
      return false;
    }
    String outerMessage = messageOf(outer, raw);
    String innerMessage = messageOf(inner, raw);
    return outerMessage != null && innerMessage != null && innerMessage.length() >= 12 && outerMessage.contains(innerMessage)
        && !outerMessage.contains(LogRecord.simpleName(inner));
  }

  /**
   * Whether a Python library re-raises a database driver's error under the DB-API (PEP 249) class
   * it belongs to, as Django's {@code django.db.utils.ProgrammingError} does around psycopg2's
   * {@code UndefinedColumn}: users meet it by that name, however the record was printed.
   */
  static boolean dbApiRelabel(String outer, String inner) {
    return outer.indexOf('.') > 0 && Character.isLowerCase(outer.charAt(0)) && !outer.startsWith("java")
        && DB_API_ERRORS.contains(LogRecord.simpleName(outer)) && PYTHON_DB_DRIVER.matcher(inner).lookingAt();
  }

  /** The message {@code type} is printed with in {@code raw} ({@code pkg.Type: message}, a cause, an inner exception); else null. */
  static String messageOf(String type, String raw) {
    Matcher m = Pattern.compile("(?m)^\\s*(?:Caused by: |---> )?(?:[\\w$]+\\.)*" + Pattern.quote(LogRecord.simpleName(type))
        + "(?: \\(\\w+\\))?: (.+)$").matcher(raw);
    return m.find() ? m.group(1).strip() : null;
  }

  /**
   * Whether {@code deepest} is a bare JDK catch-all (an IOException with a message) under a
   * library's own exception (the driver's PSQLException): the library's names the failure, the
   * catch-all only carries its words. A JDK wrapper (UncheckedIOException) names nothing better.
   */
  static boolean onlyGeneric(String deepest, String above) {
    return GENERIC_CAUSES.contains(LogRecord.simpleName(deepest)) && above.indexOf('.') > 0
        && !above.startsWith("java.") && !above.startsWith("javax.");
  }

  /** {@code simple} as {@code text} qualifies it ({@code org.postgresql.util.PSQLException}), else as it is. */
  static String qualified(String simple, String text) {
    Matcher m = Pattern.compile("\\b((?:[a-z_][\\w]*\\.)+)" + Pattern.quote(simple) + "\\b").matcher(text);
    return m.find() ? m.group(1) + simple : simple;
  }

  static String stem(String simpleType) {
    return simpleType.replaceFirst("(Exception|Error)$", "");
  }

  /** An out-of-memory kill anywhere from a quarter of an hour before {@code millis} to a minute after. */
  boolean oomNear(long millis) {
    for (KeyStats other : observed.statsByKey.values()) {
      if (!other.simpleType.toUpperCase(Locale.ROOT).contains("OOM")) {
        continue;
      }
      for (long at : other.sortedStarts()) {
        if (at - millis <= 60_000 && millis - at <= OOM_LEAD_MS) {
          return true;
        }
      }
    }
    return false;
  }

  long firstEvent(KeyStats ks) {
    return Math.min(ks.firstRoot, ks.firstDetail == null || ks.firstDetail.ts() == null ? Long.MAX_VALUE : ks.firstDetail.ts().toEpochMilli());
  }

  /**
   * The error type to name for a root: the one its records were logged as, unless most of them
   * carry a cause chain, whose bottom is then the root error (a FileNotFoundError wrapped as a
   * ReportRenderError is a missing file; a ProviderUnavailable wrapped around a ReadTimeout is a
   * provider that did not answer in time). Not when the bottom only says another service
   * answered with an error (an HTTP 500): that says nothing of what went wrong.
   */
  String rootType(KeyStats ks) {
    if (RESTART_SYMPTOM.matcher(ks.simpleType).matches() && oomNear(firstEvent(ks))) {
      // a container restarting with back-off after the kernel's OOM killer struck: the pod's
      // termination reason, which is what the back-off is a consequence of
      return "OOMKilled";
    }
    Map.Entry<String, Integer> most = deepestCauseCount(ks);
    if (most == null || most.getValue() * 2 < ks.samples.size() || most.getKey().equals(ks.simpleType)
        || ANSWERED_WITH_ERROR.matcher(most.getKey()).find()) {
      return ks.errorType != null ? ks.errorType : typedWarning(ks);
    }
    return most.getKey();
  }

  /**
   * For errors that name no type, the exception the same service logged at WARN in the same
   * words: a Kafka producer's "failed authentication due to: SSL handshake failed" at ERROR, its
   * caller's {@code SslAuthenticationException: SSL handshake failed} at WARN. Else null.
   */
  String typedWarning(KeyStats ks) {
    ServiceActivity said = observed.activity.get(ks.service);
    if (said == null || ks.samples.isEmpty()) {
      return null;
    }
    for (LogRecord warning : said.typedWarnings) {
      if (warning.raw() == null) {
        continue;
      }
      String words = messageOf(warning.errorType(), warning.raw());
      if (words == null || words.length() < 12) {
        continue;
      }
      int saying = 0;
      for (LogRecord r : ks.samples) {
        saying += r.message() != null && r.message().contains(words) ? 1 : 0;
      }
      if (saying * 2 > ks.samples.size()) {
        return warning.errorType();
      }
    }
    return null;
  }
}
