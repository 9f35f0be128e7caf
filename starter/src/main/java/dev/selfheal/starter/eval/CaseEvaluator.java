package dev.selfheal.starter.eval;

import dev.selfheal.activities.logs.JsonlLogReader;
import java.time.Instant;
import java.util.Optional;

import dev.selfheal.activities.diagnosis.Candidate;
import dev.selfheal.activities.diagnosis.Diagnosed;
import dev.selfheal.activities.diagnosis.Diagnoser;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.RootCause;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Diagnoses one case the way an incident is diagnosed ({@link Diagnoser}, from the case's alert
 * and all its log records) and scores the answer against the case's truth. Never throws: a bad
 * case or a failing diagnosis is an outcome with its error.
 */
final class CaseEvaluator {
  private final Diagnoser diagnoser;

  CaseEvaluator(Diagnoser diagnoser) {
    this.diagnoser = diagnoser;
  }

  CaseOutcome evaluate(Path dir) {
    EvalCase c;
    try {
      c = EvalCase.load(dir);
    } catch (InvalidCaseException e) {
      return CaseOutcome.unloadable(dir.getFileName().toString(), e.getMessage());
    }
    ServiceError expected = c.truth().rootCause();
    Instant reference = reference(c);
    long started = System.nanoTime();
    try {
      Diagnosed diagnosed = diagnose(c);
      long millis = (System.nanoTime() - started) / 1_000_000;
      ServiceError baseline;
      try (CaseRecords records = new CaseRecords(c.logFiles(), reference)) {
        baseline = FrequencyBaseline.of(records);
      }
      List<ServiceError> answers = rankedAnswers(diagnosed);
      return CaseOutcome.diagnosed(c.id(), expected, answers.isEmpty() ? null : answers.get(0),
          rank(expected, answers), expected.isNamedBy(baseline), millis, diagnosed.analysis().candidates(),
          diagnosed.analysis().causalChain());
    } catch (RuntimeException e) {
      // a bug or an unreadable file in one case must not end the measurement of the others
      return CaseOutcome.failed(c.id(), expected, e.toString(), (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** The case diagnosed from its alert and all its log records, as an incident would be. */
  Diagnosed diagnose(EvalCase c) {
    Alert alert = c.alert();
    try (CaseRecords records = new CaseRecords(c.logFiles(), reference(c))) {
      return diagnoser.diagnose(alert.service(), alert, records);
    }
  }

  /** When the incident happened: the alert's start, for log lines that print no year. */
  private static Instant reference(EvalCase c) {
    return Optional.ofNullable(JsonlLogReader.parseInstant(c.alert().startsAt())).orElse(Instant.now());
  }

  /** The diagnosis's root cause, then the analysis's other candidates in their order, once each. */
  static List<ServiceError> rankedAnswers(Diagnosed diagnosed) {
    List<ServiceError> answers = new ArrayList<>();
    if (diagnosed.diagnosis() != null) {
      RootCause root = diagnosed.diagnosis().rootCause();
      answers.add(ServiceError.answer(root.service(), root.errorType()));
    }
    for (Candidate candidate : diagnosed.analysis().candidates()) {
      ServiceError answer = ServiceError.answer(candidate.service(), candidate.errorType());
      if (!answers.contains(answer)) {
        answers.add(answer);
      }
    }
    return answers;
  }

  /** 1-based place of the first answer that names the truth; 0 when none does. */
  static int rank(ServiceError expected, List<ServiceError> answers) {
    for (int i = 0; i < answers.size(); i++) {
      if (expected.isNamedBy(answers.get(i))) {
        return i + 1;
      }
    }
    return 0;
  }
}
