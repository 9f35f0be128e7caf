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
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the incident's log window, runs the causal analysis, and checks the root cause against
 * the playbook of known fixes.
 */
public class DiagnosisActivitiesImpl implements DiagnosisActivities {
  private static final Logger log = LoggerFactory.getLogger(DiagnosisActivitiesImpl.class);
  private static final int MAX_ALTERNATIVES = 5;

  private final CausalAnalyzer analyzer;
  private final Playbook playbook;

  public DiagnosisActivitiesImpl() {
    this(new CausalAnalyzer(), Playbook.builtIn());
  }

  public DiagnosisActivitiesImpl(CausalAnalyzer analyzer, Playbook playbook) {
    this.analyzer = analyzer;
    this.playbook = playbook;
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
    Instant startsAt = request.alert() == null ? null : JsonlLogReader.parseInstant(request.alert().startsAt());
    Analysis analysis;
    long lines;
    try (JsonlLogReader reader = JsonlLogReader.open(path)) {
      analysis = analyzer.analyze(heartbeating(reader, Heartbeat.current()), request.service(), startsAt);
      lines = reader.linesRead();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read log window " + path + ": " + e.getMessage(), e);
    }
    if (analysis.errorRecords() == 0 || analysis.top() == null) {
      throw Failures.nonRetryable(Errors.NO_DIAGNOSIS,
          "no ERROR/FATAL records in " + lines + " lines of " + path);
    }
    Diagnosis diagnosis = diagnosis(analysis);
    log.info("incident={} service={} root_cause={} root_service={} confidence={} recipe={} groups={} error_records={} chain=\"{}\"",
        request.incidentId(), request.service(), diagnosis.rootCause().errorType(),
        diagnosis.rootCause().service(), diagnosis.confidence(), diagnosis.recipeId(), analysis.groups(),
        analysis.errorRecords(), String.join(" → ", diagnosis.causalChain()));
    return diagnosis;
  }

  /** The analysis as the workflow's answer, with the playbook's verdict on the root cause. */
  Diagnosis diagnosis(Analysis analysis) {
    Candidate top = analysis.top();
    LogRecord example = top.example();
    RootCause rootCause = new RootCause(
        top.service(), example.component(), top.errorType(), example.file(), example.line(), example.message());
    Optional<PlaybookRule> rule = playbook.match(top.service(), top.errorType(), example.message());
    String category = rule.map(PlaybookRule::category)
        .orElse(analysis.deployChange() != null ? "deploy" : "unknown");
    List<String> alternatives = new ArrayList<>();
    for (Candidate c : analysis.candidates()) {
      if (c != top && alternatives.size() < MAX_ALTERNATIVES) {
        alternatives.add(describe(c));
      }
    }
    return new Diagnosis(
        rootCause,
        category,
        summary(analysis, rule),
        analysis.causalChain(),
        analysis.evidence(),
        analysis.confidence(),
        rule.map(PlaybookRule::recipeId).orElse(null),
        List.copyOf(alternatives));
  }

  private static String summary(Analysis analysis, Optional<PlaybookRule> rule) {
    Candidate top = analysis.top();
    StringBuilder s = new StringBuilder();
    int background = 0;
    for (Candidate c : analysis.candidates()) {
      if (c.background()) {
        background += c.rootedGroups();
      }
    }
    s.append(top.label()).append(" is the earliest failure: it roots ").append(top.rootedGroups())
        .append(" of ").append(analysis.groups() - background).append(" failing groups");
    if (top.inferredGroups() > 0) {
      s.append(" (and likely ").append(top.inferredGroups()).append(" more whose callers alone logged)");
    }
    if (background > 0) {
      s.append(" (").append(background).append(" more are background errors that predate the incident)");
    }
    s.append(", first at ").append(top.firstSeen());
    s.append("; chain: ").append(String.join(" → ", analysis.causalChain()));
    if (analysis.mostFrequentCount() > 0
        && !(top.service().equals(analysis.mostFrequentService())
            && String.valueOf(LogRecord.simpleName(top.errorType()))
                .equals(String.valueOf(analysis.mostFrequentErrorType())))) {
      s.append("; the most frequent error (")
          .append(analysis.mostFrequentErrorType() == null ? "(no error type)" : analysis.mostFrequentErrorType())
          .append(" in ").append(analysis.mostFrequentService()).append(" ×").append(analysis.mostFrequentCount())
          .append(") is not the root");
    }
    if (analysis.deployChange() != null) {
      s.append("; began right after deploy ").append(analysis.deployChange());
    }
    rule.ifPresent(r -> s.append("; known fix: rule ").append(r.id()).append(" (recipe ").append(r.recipeId()).append(')'));
    return s.toString();
  }

  private static String describe(Candidate c) {
    StringBuilder s = new StringBuilder(c.label());
    s.append(": roots ").append(c.rootedGroups()).append(" groups (").append(c.linkedGroups()).append(" with linked effects)");
    if (c.symptomOf() != null) {
      s.append(", elsewhere an effect of ").append(c.symptomOf());
    }
    if (c.background()) {
      s.append(", background: recurring since ").append(c.firstSeen()).append(" at an unchanged rate");
    }
    s.append(", score ").append(c.score());
    return s.toString();
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
