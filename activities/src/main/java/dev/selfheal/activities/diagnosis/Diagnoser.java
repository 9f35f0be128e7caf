package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.JsonlLogReader;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.time.Instant;
import dev.selfheal.activities.diagnosis.llm.LlmAdvice;
import dev.selfheal.activities.diagnosis.llm.LlmAdvisor;
import dev.selfheal.activities.diagnosis.llm.LlmCandidate;
import dev.selfheal.activities.diagnosis.llm.LlmVerdict;
import dev.selfheal.activities.diagnosis.llm.TokenBudget;
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

  /** Candidates offered to the model: the analyzer's best few. */
  private static final int LLM_CANDIDATES = 5;
  /** The model may overrule the analyzer only when the analyzer itself is unsure and the model is sure. */
  private static final double ANALYZER_UNSURE = 0.6;
  private static final double MODEL_SURE = 0.8;

  private final CausalAnalyzer analyzer;
  private final Playbook playbook;
  private final LlmAdvisor advisor;
  private final long llmTokenBudget;

  public Diagnoser() {
    this(new CausalAnalyzer(), Playbook.builtIn());
  }

  public Diagnoser(CausalAnalyzer analyzer, Playbook playbook) {
    this(analyzer, playbook, null, 0);
  }

  /**
   * @param advisor an LLM asked to confirm or pick among the analyzer's candidates; null for none
   * @param llmTokenBudget tokens one diagnosis may spend on it
   */
  public Diagnoser(CausalAnalyzer analyzer, Playbook playbook, LlmAdvisor advisor, long llmTokenBudget) {
    this.analyzer = analyzer;
    this.playbook = playbook;
    this.advisor = advisor;
    this.llmTokenBudget = llmTokenBudget;
  }

  /**
   * @param service the alerting service
   * @param alert the alert that opened the incident, or null; its start bounds the onset search
   */
  public Diagnosed diagnose(String service, Alert alert, Iterator<? extends LogRecord> records) {
    Instant startsAt = alert == null ? null : JsonlLogReader.parseInstant(alert.startsAt());
    Analysis analysis = analyzer.analyze(records, service, startsAt);
    if (analysis.top() == null) {
      return new Diagnosed(analysis, null);
    }
    Opinion opinion = advisor == null ? Opinion.none(analysis) : consult(analysis);
    return new Diagnosed(analysis, diagnosis(analysis, opinion));
  }

  /** What the model's advice does to the analyzer's answer: which root, how confident, what to say. */
  private record Opinion(Candidate root, double confidence, String note) {
    static Opinion none(Analysis analysis) {
      return new Opinion(analysis.top(), analysis.confidence(), null);
    }
  }

  /**
   * Offers the analyzer's best candidates to the model. The model can confirm the top one, say
   * none fits (confidence drops), or, only when the analyzer is unsure and the model is sure,
   * pick another. It can never name anything that was not offered (the advisor refuses that).
   */
  private Opinion consult(Analysis analysis) {
    List<Candidate> offered = analysis.candidates().subList(0, Math.min(LLM_CANDIDATES, analysis.candidates().size()));
    List<LlmCandidate> candidates = new ArrayList<>();
    for (int i = 0; i < offered.size(); i++) {
      Candidate c = offered.get(i);
      LogRecord example = c.example();
      candidates.add(new LlmCandidate("c" + (i + 1), c.service(), c.errorType(),
          example == null || example.raw() == null ? List.of() : List.of(CausalAnalyzer.trim(example.raw()))));
    }
    LlmAdvice advice = advisor.advise(candidates, new TokenBudget(llmTokenBudget));
    if (advice.verdict().isEmpty()) {
      return new Opinion(analysis.top(), analysis.confidence(), "LLM ignored: " + advice.ignoredBecause());
    }
    LlmVerdict verdict = advice.verdict().get();
    String says = "LLM (" + verdict.model() + ", " + String.format("%.2f", verdict.confidence()) + ") ";
    if (verdict.noneFits()) {
      return new Opinion(analysis.top(), round(analysis.confidence() * 0.8), says + "finds no offered candidate convincing: " + verdict.reason());
    }
    Candidate picked = offered.get(Integer.parseInt(verdict.candidateId().substring(1)) - 1);
    if (picked == analysis.top()) {
      return new Opinion(picked, round(Math.min(0.95, analysis.confidence() + 0.05)), says + "agrees: " + verdict.reason());
    }
    if (analysis.confidence() < ANALYZER_UNSURE && verdict.confidence() >= MODEL_SURE) {
      return new Opinion(picked, round(Math.min(analysis.confidence(), verdict.confidence())),
          says + "prefers " + picked.label() + " over the analyzer's " + analysis.top().label() + ": " + verdict.reason());
    }
    return new Opinion(analysis.top(), round(analysis.confidence() * 0.9),
        says + "would pick " + picked.label() + "; kept the analyzer's answer: " + verdict.reason());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** The analysis as the workflow's answer, with the playbook's verdict on the root cause. */
  private Diagnosis diagnosis(Analysis analysis, Opinion opinion) {
    Candidate top = opinion.root();
    LogRecord example = top.example();
    // the logger's message often says only what failed; the error's own message and frame say why and where
    RootCauseDetail detail = RootCauseDetail.of(example, top.errorType());
    String message = detail.describe(example.message(), top.errorType());
    boolean fromFrame = example.file() == null && detail.file() != null;
    RootCause rootCause = new RootCause(
        top.service(),
        fromFrame && detail.frame() != null ? detail.frame() : example.component(),
        top.errorType(),
        fromFrame ? detail.file() : example.file(),
        fromFrame ? detail.line() : example.line(),
        message);
    Optional<PlaybookRule> rule = playbook.match(top.service(), top.errorType(), message, analysis.deployChange() != null);
    // a code fault that began right after a deploy of its service is the deploy's: that is what changed
    String category = rule.map(PlaybookRule::category)
        .map(c -> "code".equals(c) && analysis.deployChange() != null ? "deploy" : c)
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
        opinion.note() == null ? summary(analysis, rule) : summary(analysis, rule) + "; " + opinion.note(),
        analysis.causalChain(),
        analysis.evidence(),
        opinion.confidence(),
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
      if (top.example() != null && top.example().deployCommit() != null) {
        s.append(" (commit ").append(top.example().deployCommit()).append(')');
      }
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
