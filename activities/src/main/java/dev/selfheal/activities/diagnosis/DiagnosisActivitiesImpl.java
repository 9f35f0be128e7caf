package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.Failures;
import dev.selfheal.activities.logs.Heartbeat;
import dev.selfheal.activities.logs.JsonlLogReader;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.activities.DiagnosisActivities;
import dev.selfheal.workflows.messages.requests.DiagnoseRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.LogWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the incident's log window and diagnoses it ({@link Diagnoser}: causal analysis, then
 * the playbook of known fixes).
 */
public class DiagnosisActivitiesImpl implements DiagnosisActivities {
  private static final Logger log = LoggerFactory.getLogger(DiagnosisActivitiesImpl.class);

  private final Diagnoser diagnoser;

  public DiagnosisActivitiesImpl() {
    this(new Diagnoser());
  }

  public DiagnosisActivitiesImpl(Diagnoser diagnoser) {
    this.diagnoser = diagnoser;
  }

  @Override
  public Diagnosis diagnose(DiagnoseRequest request) {
    LogWindow window = request.window();
    if (window == null || window.path() == null) {
      throw Failures.nonRetryable(Errors.NO_DIAGNOSIS, "no log window for incident " + request.incidentId());
    }
    Path path = Path.of(window.path());
    if (!Files.isRegularFile(path)) {
      throw Failures.nonRetryable(Errors.LOG_NOT_FOUND,
          "log window " + path + " of incident " + request.incidentId() + " does not exist");
    }
    Diagnosed diagnosed;
    long lines;
    try (JsonlLogReader reader = JsonlLogReader.open(path)) {
      diagnosed = diagnoser.diagnose(request.service(), request.alert(), heartbeating(reader, Heartbeat.current()));
      lines = reader.linesRead();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read log window " + path + ": " + e.getMessage(), e);
    }
    Analysis analysis = diagnosed.analysis();
    Diagnosis diagnosis = diagnosed.diagnosis();
    if (analysis.errorRecords() == 0 || diagnosis == null) {
      throw Failures.nonRetryable(Errors.NO_DIAGNOSIS,
          "no ERROR/FATAL records in " + lines + " lines of " + path);
    }
    log.info("incident={} service={} root_cause={} root_service={} confidence={} recipe={} groups={} error_records={} chain=\"{}\"",
        request.incidentId(), request.service(), diagnosis.rootCause().errorType(),
        diagnosis.rootCause().service(), diagnosis.confidence(), diagnosis.recipeId(), analysis.groups(),
        analysis.errorRecords(), String.join(" → ", diagnosis.causalChain()));
    return diagnosis;
  }

  /** Passes the reader's records through, heartbeating the lines read so far. */
  private static Iterator<LogRecord> heartbeating(JsonlLogReader reader, Heartbeat heartbeat) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return reader.hasNext();
      }

      @Override
      public LogRecord next() {
        LogRecord record = reader.next();
        heartbeat.lines(reader.linesRead());
        return record;
      }
    };
  }
}
