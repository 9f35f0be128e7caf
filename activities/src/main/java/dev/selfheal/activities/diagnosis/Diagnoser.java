package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.JsonlLogReader;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * From an alert and the log records around it to a diagnosis: causal analysis, then the
 * playbook's verdict on the root cause. The diagnose activity and {@code selfheal eval} both go
 * through here, so what eval measures is what incidents get. Pure: no Temporal, no I/O.
 */
public final class Diagnoser {
  private static final int MAX_ALTERNATIVES = 5;

  private final CausalAnalyzer analyzer;
  private final Playbook playbook;

  public Diagnoser() {
    this(new CausalAnalyzer(), Playbook.builtIn());
  }

  public Diagnoser(CausalAnalyzer analyzer, Playbook playbook) {
    this.analyzer = analyzer;
    this.playbook = playbook;
  }

  /**
   * @param service the alerting service
   * @param alert the alert that opened the incident, or null; its start bounds the onset search
   */
  public Diagnosed diagnose(String service, Alert alert, Iterator<? extends LogRecord> records) {
    Instant startsAt = alert == null ? null : JsonlLogReader.parseInstant(alert.startsAt());
    Analysis analysis = analyzer.analyze(records, service, startsAt);
    return new Diagnosed(analysis, analysis.top() == null ? null : diagnosis(analysis));
  }

  /** The analysis as the workflow's answer, with the playbook's verdict on the root cause. */
  private Diagnosis diagnosis(Analysis analysis) {
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
}
