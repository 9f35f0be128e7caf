package dev.selfheal.activities.logs;

import dev.selfheal.activities.Failures;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.LogSource;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.activities.LogActivities;
import dev.selfheal.workflows.messages.requests.LogWindowRequest;
import dev.selfheal.workflows.messages.values.LogWindow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the alerting service's log records around the alert into the incident folder, so the
 * diagnosis (and later a human) reads a fixed, hashed snapshot instead of a live, rotating log.
 */
public class LogActivitiesImpl implements LogActivities {
  private static final Logger log = LoggerFactory.getLogger(LogActivitiesImpl.class);

  /** How far before the alert to look: slow leaks and bad config pushes start well before. */
  static final Duration LOOKBACK = Duration.ofHours(6);

  static final String WINDOW_FILE = "logs-window.jsonl";

  private final ServiceCatalog catalog;
  private final Workspace workspace;
  private final Clock clock;

  public LogActivitiesImpl(ServiceCatalog catalog, Workspace workspace) {
    this(catalog, workspace, Clock.systemUTC());
  }

  /** With a clock, for tests that need a fixed "now". */
  public LogActivitiesImpl(ServiceCatalog catalog, Workspace workspace, Clock clock) {
    this.catalog = catalog;
    this.workspace = workspace;
    this.clock = clock;
  }

  @Override
  public LogWindow collectWindow(LogWindowRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    List<LogSource> sources = existingLogs(spec);
    Instant to = clock.instant();
    Instant from = windowStart(request.startsAt());
    Path dir = workspace.incidentDir(request.incidentId());
    Path target = dir.resolve(WINDOW_FILE);
    Heartbeat heartbeat = Heartbeat.current();

    long read = 0;
    long lines = 0;
    long errorLines = 0;
    long unreadable = 0;
    String sha256;
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, "logs-window-", ".tmp");
      MessageDigest digest = sha256();
      try (OutputStream raw = new DigestOutputStream(Files.newOutputStream(temp), digest);
          Writer out = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 64 * 1024)) {
        for (LogSource source : sources) {
          Path file = Path.of(source.path());
          boolean jsonl = LogReaders.isJsonl(file, source.format()); // copied verbatim; plain text is rewritten as JSONL
          try (LogReader reader = LogReaders.open(file, source.format(), to)) {
            long before = 0;
            while (reader.hasNext()) {
              LogRecord record = reader.next();
              read += reader.linesRead() - before;
              before = reader.linesRead();
              heartbeat.lines(read);
              Instant ts = record.ts();
              if (ts.isBefore(from) || ts.isAfter(to)) {
                continue;
              }
              out.write(jsonl ? record.raw() : LogRecordJson.line(record));
              out.write('\n');
              lines++;
              if (record.isError()) {
                errorLines++;
              }
            }
            read += reader.linesRead() - before;
            unreadable += reader.unreadableLines();
            log.info("service={} file={} lines_read={} unreadable={} blank={}",
                spec.name(), file, reader.linesRead(), reader.unreadableLines(), reader.blankLines());
          }
        }
        // what changed in production in the window: the analyzer weighs a failure that began right after a deploy
        for (LogRecord change : DeployChanges.between(spec, from, to)) {
          out.write(change.raw());
          out.write('\n');
          lines++;
        }
      }
      sha256 = HexFormat.of().formatHex(digest.digest());
      move(temp, target);
      temp = null;
    } catch (IOException e) {
      // retryable: a full disk or a rotated file is worth another attempt
      throw new UncheckedIOException("cannot collect log window for " + spec.name() + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
    log.info("incident={} service={} window_from={} window_to={} lines={} error_lines={} unreadable={} path={}",
        request.incidentId(), spec.name(), from == Instant.MIN ? "start" : from, to, lines, errorLines,
        unreadable, target);
    return new LogWindow(target.toString(), lines, errorLines, unreadable, sha256);
  }

  /**
   * The service's log files that exist. Some missing is survivable (a rotated or not-yet-created
   * file); all missing means there is nothing to diagnose from, which retrying will not change.
   */
  private static List<LogSource> existingLogs(ServiceSpec spec) {
    List<LogSource> existing = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (LogSource source : spec.logs()) {
      String name = source.path();
      if (Files.isRegularFile(Path.of(name))) {
        existing.add(source);
      } else {
        missing.add(name);
        log.warn("service={} log_file={} missing=true", spec.name(), name);
      }
    }
    if (existing.isEmpty()) {
      String first = missing.isEmpty() ? "(none configured)" : missing.get(0);
      String more = missing.size() > 1 ? " (nor do " + String.join(", ", missing.subList(1, missing.size())) + ")" : "";
      throw Failures.nonRetryable(
          Errors.LOG_NOT_FOUND,
          "log file " + first + " of service " + spec.name() + " does not exist" + more);
    }
    return existing;
  }

  /** startsAt − 6 h; without a usable startsAt everything is in the window. */
  static Instant windowStart(String startsAt) {
    Instant start = JsonlLogReader.parseInstant(startsAt);
    if (start == null) {
      if (startsAt != null) {
        log.warn("starts_at={} parseable=false window=everything", startsAt);
      }
      return Instant.MIN;
    }
    return start.minus(LOOKBACK);
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // same directory, so this only happens on odd file systems; a plain replace is the best left
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("temp_file={} delete_failed={}", temp, e.toString());
    }
  }
}
