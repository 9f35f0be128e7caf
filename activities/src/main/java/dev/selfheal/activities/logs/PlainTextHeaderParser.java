package dev.selfheal.activities.logs;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the first line of a plain-text record, whatever printed it, and reads what it says.
 * Formats are told apart line by line (a file may mix them): by the timestamp a line starts with,
 * then by what follows it.
 *
 * <ul>
 *   <li>ISO-8601 or {@code yyyy-MM-dd HH:mm:ss[.,]SSS} (with {@code Z}, an offset, {@code UTC} or
 *       nothing, which means UTC), bracketed or not: logback, log4j, Spring Boot, Python logging,
 *       postgres, Node, scripts, Kubernetes events ({@link KubernetesEventLines}), Envoy access logs
 *       ({@link AccessLogLines});
 *   <li>celery {@code [2024-03-04 03:00:00,370: ERROR/ForkPoolWorker-2]};
 *   <li>Go's standard logger {@code 2024/06/01 00:00:13}; epoch seconds or milliseconds;
 *   <li>redis {@code 1:M 20 Aug 2024 02:40:14.004 *}; klog {@code E0601 06:41:02.123456};
 *   <li>journald/syslog ({@link JournalLines}); logfmt ({@link LogfmtLines}); nginx access logs;
 *   <li>.NET console ({@link DotnetLines}), Ruby Logger ({@link RubyLoggerLines}), PHP's error log
 *       ({@link PhpErrorLines}), Rust's env_logger ({@link EnvLoggerLines}).
 * </ul>
 *
 * <p>After the timestamp the level is the first word (or the first after a {@code [thread]},
 * {@code [pid]} or {@code program[pid]}); a line without one is INFO. What follows the level is
 * read by the layouts loggers use: Spring Boot's {@code [app,trace,span] pid --- [thread] logger :
 * msg}, logback's {@code [thread] logger - msg}, Python's {@code [logger] msg}, {@code name: msg};
 * gunicorn's {@code [pid] [LEVEL] msg}.
 * One instance per file: it carries the year for timestamps that print none.
 */
public final class PlainTextHeaderParser {
  private static final String ISO =
      "(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?)(Z|\\s?[+-]\\d{2}(?::?\\d{2})?|\\s+UTC)?";
  private static final Pattern ISO_LINE = Pattern.compile("^" + ISO + "(?:\\s+(.*))?$");
  private static final Pattern BRACKETED_ISO_LINE = Pattern.compile("^\\[" + ISO + "\\]\\s*(.*)$");
  private static final Pattern CELERY = Pattern.compile(
      "^\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:,\\d{1,9})?): ([A-Za-z]+)/([^\\]]+)\\]\\s?(.*)$");
  private static final Pattern CELERY_TASK = Pattern.compile("^([\\w.]+)\\[[\\w-]+\\]:\\s(.*)$");
  private static final Pattern SLASHED_LINE =
      Pattern.compile("^(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)\\s+(.*)$");
  /** Spark's log4j default: {@code 26/11/24 09:00:05 ERROR Executor: message} (a two-digit year). */
  private static final Pattern SPARK = Pattern.compile(
      "^(\\d{2}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}) ([A-Z]{4,5}) ([\\w.$]+): (.*)$");
  /** PHP's Monolog (Laravel, Symfony) after its bracketed time: {@code production.ERROR: message}. */
  private static final Pattern MONOLOG = Pattern.compile("^([\\w-]+)\\.([A-Z]{4,9}): (.*)$", Pattern.DOTALL);
  /** MongoDB before 4.4, after the time: severity letter, component, {@code [context]}. */
  private static final Pattern MONGO_LEGACY = Pattern.compile("^([FEWID]) {1,2}([A-Z]+|-) +\\[([^\\]]+)\\] (.*)$");
  private static final Pattern REDIS = Pattern.compile(
      "^\\d+:[XCSM] (\\d{1,2}) ([A-Za-z]{3}) (\\d{4}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?) ([.\\-*#]) (.*)$");
  private static final Pattern EPOCH_LINE = Pattern.compile("^(\\d{10}|\\d{13})(?:\\.(\\d{1,9}))?\\s+(.*)$");
  private static final Pattern KLOG = Pattern.compile(
      "^([IWEF])(\\d{2})(\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)\\s+\\d+ ([^:\\s\\]]+):(\\d{1,9})\\] ?(.*)$");

  /** {@code pg-backup[31822] message}: a script or daemon naming itself and its pid. */
  private static final Pattern PROGRAM = Pattern.compile("^([\\w.@/-]+)\\[\\d+\\]:?\\s+(.*)$");
  /** Python's documented default: {@code asctime - name - LEVEL - message}. */
  /** MySQL 8's error log after the time: {@code 12 [ERROR] [MY-010584] [Repl] message}. */
  private static final Pattern MYSQL = Pattern.compile("^\\d+ \\[(ERROR|Warning|Note|System)\\] (?:\\[(MY-\\d+)\\] )?(?:\\[(\\w+)\\] )?(.*)$");
  /**
   * The level before the time, as Django's example format prints it: {@code ERROR 2025-11-04
   * 09:16:34,123 views message}; Cassandra puts its thread between: {@code ERROR [MutationStage-1] 2026-...}.
   */
  private static final Pattern LEVEL_FIRST = Pattern.compile(
      "^([A-Z]{4,8}) +(?:\\[([^\\]]{1,120})\\] +)?(\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?)(Z| ?[+-]\\d{2}:?\\d{2})? +(.*)$");
  /** Amazon RDS's postgres prefix after the time: {@code UTC:10.0.0.5(5432):app@orders:[123]:ERROR:  message}. */
  private static final Pattern RDS_POSTGRES = Pattern.compile(
      "^(?:UTC)?:(?:[^\\s:]*(?:\\(\\d+\\))?)?:([\\w-]*@[\\w-]*)?:\\[\\d+\\]:(DEBUG[1-5]?|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|STATEMENT|CONTEXT|QUERY|LOCATION):\\s+(.*)$");
  /** loguru's default after the time: {@code | ERROR    | app.main:run:42 - message}. */
  private static final Pattern LOGURU = Pattern.compile("^\\|\\s*([A-Za-z]+)\\s*\\|\\s*([\\w.<>-]+):[\\w<>-]+:\\d{1,9} - (.*)$");
  /** Airflow's task log after the time: {@code {taskinstance.py:1234} ERROR - message}. */
  private static final Pattern AIRFLOW = Pattern.compile("^\\{([\\w./<>-]+):(\\d{1,9})\\} ([A-Z]+) - (.*)$");
  private static final Pattern DASHED = Pattern.compile("^-\\s+(\\S+)\\s+-\\s+([A-Za-z]+)\\s+-\\s?(.*)$");
  /** Spring Cloud Sleuth / Micrometer: {@code [app,traceId,spanId]} (values may be empty). */
  private static final Pattern SLEUTH =
      Pattern.compile("^\\[[^\\],\\s]*,([0-9a-fA-F]*),([0-9a-fA-F]*)(?:,[^\\]]*)?\\]\\s*(.*)$");
  /**
   * Spring Boot: {@code pid --- [app] [thread] [traceId-spanId] logger : message} (the app
   * bracket since 3.x, the correlation bracket since 3.2; both optional).
   */
  private static final Pattern SPRING = Pattern.compile(
      "^\\d+\\s+---\\s+(?:\\[[^\\]]*\\]\\s+)?\\[[^\\]]*\\]\\s+(?:\\[[0-9a-fA-F]*-[0-9a-fA-F]*\\]\\s+)?(\\S+)\\s*:\\s?(.*)$");
  /** Spring Boot 3.2's correlation bracket, {@code [traceId-spanId]}, after the thread. */
  private static final Pattern CORRELATION = Pattern.compile("\\] \\[([0-9a-fA-F]{16,32})-([0-9a-fA-F]{8,16})\\] ");
  /** logback's default: {@code [thread] logger - message}. */
  private static final Pattern LOGBACK = Pattern.compile("^\\[[^\\]]*\\]\\s+(\\S+)\\s+-\\s(.*)$");
  /** Python logging: {@code [logger] message}. */
  private static final Pattern PYTHON = Pattern.compile("^\\[([^\\]]+)\\]\\s+(.*)$");
  /** A level after {@code key=value} fields or a request id: Sidekiq, AWS Lambda's runtime. */
  private static final Pattern LEVEL_AFTER_FIELDS = Pattern.compile(
      "^(?:(?:[\\w.-]+=\\S*|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\s+){1,8}([A-Z]{4,8})(?::\\s|\\t)(.*)$",
      Pattern.DOTALL);
  /** Go: {@code panic: ...}, or net/http's recovered {@code http: panic serving 10.0.0.1:5555: ...}. */
  private static final Pattern GO_PANIC = Pattern.compile("(?:http: )?panic(?: serving \\S+)?: ");
  /** A dotted logger without a thread: {@code c.a.Class - message}. */
  private static final Pattern DOTTED_LOGGER = Pattern.compile("^([\\w$]+(?:\\.[\\w$]+)+)\\s+-\\s(.*)$");
  /** Node and Python {@code %(name)s: message} layouts: a lower-case name, then a colon. */
  private static final Pattern NAMED = Pattern.compile("^([a-z_][\\w.-]*):\\s(.*)$");
  /** Tried in this order: each later one also matches some lines meant for an earlier one. */
  private static final Pattern[] LAYOUTS = {SPRING, LOGBACK, PYTHON, DOTTED_LOGGER, NAMED};
  // a bare "trace=" must carry a real id (16+ hex digits) so "trace=true" is not read as one
  private static final Pattern TRACE_MDC = Pattern.compile(
      "\\btrace(?:[_-]?id[=:]\\s*\"?([0-9a-fA-F-]{8,})|=\"?([0-9a-fA-F]{16,})\\b)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SPAN_MDC = Pattern.compile("\\bspan[_-]?id[=:]\\s*\"?([0-9a-fA-F-]{4,})", Pattern.CASE_INSENSITIVE);

  /** Names of files that collect syslog from many hosts, where each line's host is its service. */
  private static final Set<String> COLLECTED_SYSLOG = Set.of(
      "syslog", "messages", "journal", "journald", "kern", "kernel", "daemon", "remote", "hosts", "all", "rsyslog", "system");
  /** postgres prints these under the message they belong to, each with its own timestamp. */
  private static final Set<String> POSTGRES_DETAIL = Set.of("DETAIL", "HINT", "STATEMENT", "CONTEXT", "QUERY", "LOCATION");

  private final UndatedYear years;
  private final boolean fileIsOneHost;
  private String errorText; // of the last line parsed, when it was a JSON object carrying one

  /** For lines that come from no file (a stream): a syslog line's host is its service. */
  public PlainTextHeaderParser(UndatedYear years) {
    this(years, null);
  }

  /**
   * @param fileService the service the file is named after, whose syslog lines are its own
   *     whatever host printed them; null, or a collector's file ({@code syslog.log}, {@code
   *     messages}), for lines whose host is their service
   */
  public PlainTextHeaderParser(UndatedYear years, String fileService) {
    this.years = years;
    this.fileIsOneHost = fileService != null && !COLLECTED_SYSLOG.contains(fileService);
  }

  /**
   * A syslog line's service: the file's (the case README's rule: a program's log, or a host's
   * journal named after the host), unless the file collects many hosts' lines.
   */
  private PlainTextHeader hostOrFile(PlainTextHeader h) {
    if (h == null || !fileIsOneHost || h.service() == null) {
      return h;
    }
    return new PlainTextHeader(h.ts(), h.level(), null, h.component(), h.message(), h.errorType(), h.traceId(), h.spanId(),
        h.file(), h.line(), h.continuesPrevious());
  }

  /** The header {@code line} is, or null when it is not the first line of a record. */
  public PlainTextHeader parse(String line) {
    errorText = null;
    PlainTextHeader header = recognise(line);
    if (header != null) {
      years.seen(header.ts());
    }
    return header;
  }

  /** The error text (a stack, a traceback) the last line parsed carried inside it, a JSON object's; else null. */
  public String errorText() {
    return errorText;
  }

  private PlainTextHeader recognise(String line) {
    if (line.isEmpty()) {
      return null;
    }
    char first = line.charAt(0);
    if (first == ' ' || first == '\t') {
      return null; // indented: always a continuation
    }
    PlainTextHeader header = null;
    if (first == '{' && JsonObjectLines.looksLike(line)) {
      JsonObjectLines.Parsed json = JsonObjectLines.parse(line);
      if (json != null) {
        errorText = json.errorText();
      }
      return json == null ? null : json.header();
    } else if (first >= '0' && first <= '9') {
      header = numeric(line);
    } else if (first == '[') {
      header = bracketed(line);
    } else if (first == 'h' || first == 'g' || first == 'w') {
      header = AccessLogLines.alb(line);
      if (header == null && LogfmtLines.looksLike(line)) {
        header = LogfmtLines.parse(line);
      }
    } else if (LogfmtLines.looksLike(line)) {
      header = LogfmtLines.parse(line);
    } else if (first >= 'A' && first <= 'Z') {
      header = RubyLoggerLines.looksLike(line) ? RubyLoggerLines.parse(line) : klog(line);
      if (header == null) {
        header = levelFirst(line);
      }
      if (header == null) {
        header = ServletContainerLines.julHeader(line);
      }
      if (header == null) {
        header = hostOrFile(JournalLines.parse(line, years));
      }
    } else if (first == '<') {
      header = hostOrFile(JournalLines.withPriority(line, years));
    }
    return header != null ? header : AccessLogLines.nginx(line); // its client may be a host name
  }

  private static PlainTextHeader levelFirst(String line) {
    Matcher m = LEVEL_FIRST.matcher(line);
    String level = m.matches() ? LogLevels.of(m.group(1)) : null;
    if (level == null) {
      return null;
    }
    Instant ts = LogTimestamps.isoLike(m.group(3), m.group(4) == null ? null : m.group(4).strip());
    return ts == null ? null : PlainTextHeader.of(ts, level, null, m.group(5));
  }

  private PlainTextHeader numeric(String line) {
    Matcher iso = ISO_LINE.matcher(line);
    if (iso.matches()) {
      Instant ts = LogTimestamps.isoLike(iso.group(1), iso.group(2));
      if (ts == null) {
        return null;
      }
      String rest = iso.group(3) == null ? "" : iso.group(3);
      PlainTextHeader event = KubernetesEventLines.event(ts, rest);
      if (event == null) {
        event = hostOrFile(JournalLines.afterIsoTime(ts, rest)); // journalctl -o short-iso
      }
      return event != null ? event : afterTimestamp(ts, rest, line);
    }
    Matcher spark = SPARK.matcher(line);
    if (spark.matches() && LogLevels.of(spark.group(2)) != null) {
      Instant ts = LogTimestamps.slashed("20" + spark.group(1));
      return ts == null ? null : PlainTextHeader.of(ts, LogLevels.of(spark.group(2)), spark.group(3), spark.group(4));
    }
    Matcher slashed = SLASHED_LINE.matcher(line);
    if (slashed.matches()) {
      Instant ts = LogTimestamps.slashed(slashed.group(1));
      return ts == null ? null : afterTimestamp(ts, slashed.group(2), line);
    }
    Matcher redis = REDIS.matcher(line);
    if (redis.matches()) {
      Instant ts = LogTimestamps.redis(redis.group(1), redis.group(2), redis.group(3), redis.group(4));
      return ts == null ? null : PlainTextHeader.of(ts, LogLevels.ofRedis(redis.group(5).charAt(0)), null, redis.group(6));
    }
    Matcher epoch = EPOCH_LINE.matcher(line);
    if (epoch.matches()) {
      return afterTimestamp(LogTimestamps.epoch(epoch.group(1), epoch.group(2)), epoch.group(3), line);
    }
    return ServletContainerLines.tomcat(line);
  }

  private PlainTextHeader bracketed(String line) {
    if (PhpErrorLines.looksLike(line)) {
      return PhpErrorLines.parse(line);
    }
    Matcher celery = CELERY.matcher(line);
    if (celery.matches()) {
      Instant ts = LogTimestamps.isoLike(celery.group(1), null);
      if (ts == null) {
        return null;
      }
      String level = LogLevels.of(celery.group(2));
      Matcher task = CELERY_TASK.matcher(celery.group(4));
      boolean isTask = task.matches();
      return PlainTextHeader.of(ts, level == null ? "INFO" : level, isTask ? task.group(1) : celery.group(3),
          isTask ? task.group(2) : celery.group(4));
    }
    Matcher iso = BRACKETED_ISO_LINE.matcher(line);
    if (iso.matches()) {
      Instant ts = LogTimestamps.isoLike(iso.group(1), iso.group(2));
      if (ts == null) {
        return null;
      }
      String rest = iso.group(3);
      if (rest.startsWith("\"")) {
        return AccessLogLines.envoy(ts, rest);
      }
      return afterTimestamp(ts, rest, line);
    }
    return EnvLoggerLines.looksLike(line) ? EnvLoggerLines.parse(line) : ServletContainerLines.apacheError(line);
  }

  private PlainTextHeader klog(String line) {
    Matcher m = KLOG.matcher(line);
    if (!m.matches()) {
      return null;
    }
    LocalTime time = LogTimestamps.time(m.group(4));
    Instant ts = time == null ? null : years.resolve(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), time);
    if (ts == null) {
      return null;
    }
    return new PlainTextHeader(ts, LogLevels.ofKlog(m.group(1).charAt(0)), null, null, m.group(7), null,
        null, null, m.group(5), Integer.valueOf(m.group(6)), false);
  }

  /** Everything after the timestamp of a line whose format is read by its layout. */
  private PlainTextHeader afterTimestamp(Instant ts, String rest, String line) {
    if (DotnetLines.looksLike(rest)) {
      PlainTextHeader dotnet = DotnetLines.parse(ts, rest);
      if (dotnet != null) {
        return dotnet;
      }
    }
    Matcher rds = RDS_POSTGRES.matcher(rest);
    if (rds.matches()) {
      if (POSTGRES_DETAIL.contains(rds.group(2))) {
        return new PlainTextHeader(ts, "INFO", null, null, rest, null, null, null, null, null, true);
      }
      String level = LogLevels.of(rds.group(2));
      String who = rds.group(1) == null || rds.group(1).equals("@") ? null : rds.group(1);
      return PlainTextHeader.of(ts, level == null ? "INFO" : level, who, rds.group(3));
    }
    Matcher loguru = LOGURU.matcher(rest);
    if (loguru.matches() && LogLevels.of(loguru.group(1).toUpperCase(Locale.ROOT)) != null) {
      return new PlainTextHeader(ts, LogLevels.of(loguru.group(1).toUpperCase(Locale.ROOT)), null, loguru.group(2),
          loguru.group(3), null, null, null, null, null, false);
    }
    Matcher airflow = AIRFLOW.matcher(rest);
    if (airflow.matches() && LogLevels.of(airflow.group(3)) != null) {
      return new PlainTextHeader(ts, LogLevels.of(airflow.group(3)), null, airflow.group(1), airflow.group(4), null, null, null,
          airflow.group(1), Integer.valueOf(airflow.group(2)), false);
    }
    Matcher mysql = MYSQL.matcher(rest);
    if (mysql.matches()) {
      String level = switch (mysql.group(1)) {
        case "ERROR" -> "ERROR";
        case "Warning" -> "WARN";
        default -> "INFO";
      };
      return PlainTextHeader.of(ts, level, mysql.group(3), (mysql.group(2) == null ? "" : mysql.group(2) + " ") + mysql.group(4));
    }
    Matcher monolog = MONOLOG.matcher(rest);
    if (monolog.matches() && LogLevels.of(monolog.group(2)) != null) {
      return PlainTextHeader.of(ts, LogLevels.of(monolog.group(2)), monolog.group(1), monolog.group(3));
    }
    Matcher mongo = MONGO_LEGACY.matcher(rest);
    if (mongo.matches()) {
      return PlainTextHeader.of(ts, LogLevels.ofKlog(mongo.group(1).charAt(0) == 'D' ? 'I' : mongo.group(1).charAt(0)),
          mongo.group(2), mongo.group(4));
    }
    Matcher dashed = DASHED.matcher(rest);
    if (dashed.matches() && LogLevels.of(dashed.group(2)) != null) {
      return withMdcTrace(PlainTextHeader.of(ts, LogLevels.of(dashed.group(2)), dashed.group(1), dashed.group(3)), line);
    }
    String component = null;
    String level = null;
    String tail = rest;
    if (tail.startsWith("[")) {
      int close = tail.indexOf(']');
      String inside = close < 0 ? "" : tail.substring(1, close).trim();
      if (close > 0 && inside.indexOf(',') < 0) { // a comma: Sleuth's [app,trace,span], read below
        level = LogLevels.of(inside); // [ERROR]; otherwise a [thread] or [pid], skipped
        tail = tail.substring(close + 1).stripLeading();
        if (level == null && tail.startsWith("- ")) {
          tail = tail.substring(2).stripLeading(); // ZooKeeper: [myid:1] - WARN  [thread] - message
        }
        if (level == null && tail.startsWith("[")) {
          level = bracketedLevel(tail); // gunicorn: [pid] [ERROR]
          tail = level == null ? tail : tail.substring(tail.indexOf(']') + 1).stripLeading();
        }
      }
    } else {
      Matcher program = PROGRAM.matcher(tail);
      if (program.matches()) {
        component = program.group(1);
        tail = program.group(2);
      }
    }
    boolean colon = false;
    if (level == null) {
      int space = whitespace(tail);
      String word = tail.substring(0, space);
      if (word.indexOf('@') > 0 && space < tail.length()) {
        // postgres's %u@%d before the level (metabase_ro@billing FATAL:): who, not what
        component = word;
        tail = tail.substring(space).stripLeading();
        space = whitespace(tail);
        word = tail.substring(0, space);
      }
      colon = word.endsWith(":");
      if (colon) {
        word = word.substring(0, word.length() - 1);
        if (POSTGRES_DETAIL.contains(word)) {
          return new PlainTextHeader(ts, "INFO", null, null, tail, null, null, null, null, null, true);
        }
      }
      level = LogLevels.of(word);
      if (level == null) {
        return withMdcTrace(unlevelled(ts, component, tail), line);
      }
      tail = tail.substring(space).stripLeading();
    }
    return colon ? withMdcTrace(PlainTextHeader.of(ts, level, component, tail), line)
        : layout(ts, level, component, tail, line);
  }

  /**
   * A line whose first word is no level: the level may follow fields (Sidekiq's {@code pid=1
   * tid=x class=Job ERROR: msg}, AWS Lambda's {@code <request id>\tERROR\tmsg}); Go's logger has
   * none, but a recovered panic is an error. Else INFO.
   */
  private static PlainTextHeader unlevelled(Instant ts, String component, String tail) {
    Matcher fields = LEVEL_AFTER_FIELDS.matcher(tail);
    String level = fields.matches() ? LogLevels.of(fields.group(1)) : null;
    if (level != null) {
      return PlainTextHeader.of(ts, level, component, fields.group(2));
    }
    return PlainTextHeader.of(ts, GO_PANIC.matcher(tail).lookingAt() ? "ERROR" : "INFO", component, tail);
  }

  /** What follows the level of a logger's line: its logger, trace ids and message. */
  private static PlainTextHeader layout(Instant ts, String level, String component, String tail, String line) {
    String traceId = null;
    String spanId = null;
    Matcher sleuth = SLEUTH.matcher(tail);
    if (sleuth.matches()) {
      traceId = sleuth.group(1).isEmpty() ? null : sleuth.group(1);
      spanId = sleuth.group(2).isEmpty() ? null : sleuth.group(2);
      tail = sleuth.group(3);
    }
    String message = tail;
    for (Pattern layout : LAYOUTS) {
      Matcher m = layout.matcher(tail);
      if (m.matches()) {
        component = m.group(1);
        message = m.group(2);
        break;
      }
    }
    PlainTextHeader header = new PlainTextHeader(ts, level, null, component, message, null, traceId, spanId,
        null, null, false);
    return traceId == null ? withMdcTrace(header, line) : header;
  }

  /** {@code trace_id=...} / {@code traceId=...} put in the line by an MDC pattern. */
  static PlainTextHeader withMdcTrace(PlainTextHeader h, String line) {
    if (!line.contains("race")) {
      return line.contains("---") ? withCorrelation(h, line) : h; // the common case: no regex
    }
    Matcher trace = TRACE_MDC.matcher(line);
    if (!trace.find()) {
      return h;
    }
    Matcher span = SPAN_MDC.matcher(line);
    return new PlainTextHeader(h.ts(), h.level(), h.service(), h.component(), h.message(), h.errorType(),
        trace.group(1) != null ? trace.group(1) : trace.group(2), span.find() ? span.group(1) : h.spanId(), h.file(), h.line(),
        false);
  }

  /** Spring Boot 3.2's {@code [traceId-spanId]}, or {@code h} as it is when the line has none. */
  private static PlainTextHeader withCorrelation(PlainTextHeader h, String line) {
    Matcher m = CORRELATION.matcher(line);
    if (!m.find()) {
      return h;
    }
    return new PlainTextHeader(h.ts(), h.level(), h.service(), h.component(), h.message(), h.errorType(),
        m.group(1), m.group(2), h.file(), h.line(), false);
  }

  /** The level {@code [LEVEL] ...} starts with, or null. */
  private static String bracketedLevel(String tail) {
    int close = tail.indexOf(']');
    return close < 0 ? null : LogLevels.of(tail.substring(1, close).trim());
  }

  private static int whitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return s.length();
  }
}
