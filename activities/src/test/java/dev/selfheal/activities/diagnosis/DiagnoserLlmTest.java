package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.diagnosis.llm.LlmAdvisor;
import dev.selfheal.activities.diagnosis.llm.LlmAnswer;
import dev.selfheal.activities.diagnosis.llm.LlmProvider;
import dev.selfheal.activities.diagnosis.llm.TokenUsage;
import dev.selfheal.activities.logs.JsonlLogReader;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.messages.values.Diagnosis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional LLM as the diagnosis uses it: it advises, the analyzer stays in charge. */
class DiagnoserLlmTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  @Test
  void withoutAnLlmTheAnalyzerDecidesAlone() {
    Diagnosis d = new Diagnoser().diagnose("web", null, closeCall().iterator()).diagnosis();
    assertThat(d.summary()).doesNotContain("LLM");
  }

  @Test
  void aSureModelMayPickAnotherOfferedCandidateWhenTheAnalyzerIsUnsure() {
    Diagnosed before = new Diagnoser().diagnose("web", null, closeCall().iterator());
    assertThat(before.analysis().confidence()).isLessThan(0.6);
    String other = before.analysis().candidates().get(1).service();

    Diagnosis d = diagnoser(answer("c2", 0.9)).diagnose("web", null, closeCall().iterator()).diagnosis();

    assertThat(d.rootCause().service()).isEqualTo(other);
    assertThat(d.summary()).contains("LLM (fake-model, 0.90) prefers").contains("the cache warm-up is the first failure");
    assertThat(d.confidence()).isLessThanOrEqualTo(before.analysis().confidence());
  }

  @Test
  void agreeingRaisesConfidenceALittleAndNoneLowersIt() {
    Diagnosed before = new Diagnoser().diagnose("web", null, closeCall().iterator());
    double base = before.analysis().confidence();

    Diagnosis agreed = diagnoser(answer("c1", 0.7)).diagnose("web", null, closeCall().iterator()).diagnosis();
    Diagnosis none = diagnoser(answer("none", 0.7)).diagnose("web", null, closeCall().iterator()).diagnosis();

    assertThat(agreed.rootCause().service()).isEqualTo(before.analysis().top().service());
    assertThat(agreed.confidence()).isGreaterThan(base);
    assertThat(none.confidence()).isLessThan(base);
    assertThat(none.summary()).contains("finds no offered candidate convincing");
  }

  @Test
  void aModelNamingSomethingNotOfferedIsIgnoredAndSaidSo() {
    Diagnosis d = diagnoser(answer("rm -rf /", 0.99)).diagnose("web", null, closeCall().iterator()).diagnosis();

    assertThat(d.summary()).contains("LLM ignored: REFUSED");
    assertThat(d.rootCause().service()).isEqualTo(new Diagnoser().diagnose("web", null, closeCall().iterator()).diagnosis().rootCause().service());
  }

  private static Diagnoser diagnoser(LlmProvider provider) {
    return new Diagnoser(new CausalAnalyzer(), Playbook.builtIn(), new LlmAdvisor(provider, 300), 20_000);
  }

  private static LlmProvider answer(String candidate, double confidence) {
    return prompt -> new LlmAnswer(
        JSON.createObjectNode().put("candidate", candidate).put("confidence", confidence)
            .put("reason", "the cache warm-up is the first failure"),
        new TokenUsage(100, 20), "fake-model", Duration.ofMillis(5));
  }

  /** Two services failing alike and unrelated: the analyzer cannot be sure. */
  private static List<LogRecord> closeCall() {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      records.add(JsonlLogReader.parse("{\"ts\":\"" + T0.plusSeconds(30L * i) + "\",\"level\":\"ERROR\",\"service\":\"web\","
          + "\"message\":\"render failed\",\"error_type\":\"RenderException\"}"));
      records.add(JsonlLogReader.parse("{\"ts\":\"" + T0.plusSeconds(30L * i + 10) + "\",\"level\":\"ERROR\",\"service\":\"cache\","
          + "\"message\":\"warm-up failed\",\"error_type\":\"WarmupException\"}"));
    }
    return records;
  }
}
