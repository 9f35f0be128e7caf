package dev.selfheal.activities.diagnosis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a model which of the analyzer's candidates is the root cause. The model only picks: the
 * answer's schema lists the offered ids and {@code none}, an answer naming anything else is
 * refused outright (a model steered by injected log text is not worth a second try), and
 * nothing it writes becomes an action. Every failure is an {@link LlmAdvice} saying why, never
 * an exception: diagnosis works without the model.
 */
public final class LlmAdvisor {
  private static final Logger log = LoggerFactory.getLogger(LlmAdvisor.class);
  static final int MAX_REASON_CHARS = 400;
  /** One correction: a model that gets the shape wrong twice will not get it right a third time. */
  private static final int ATTEMPTS = 2;
  /** The reason code when the provider threw something other than {@link LlmException}. */
  static final String PROVIDER_FAILED = "PROVIDER_FAILED";

  static final String SYSTEM = """
      You review the root cause of a production incident chosen by a deterministic log analyzer. \
      You get the analyzer's candidate root causes, best first (the first is its choice), each with an id, \
      the service, the error type and evidence log lines. Pick the id of the candidate that is the root \
      cause: the earliest failure in the causal chain, not the loudest or most frequent symptom. Answer \
      "none" when no candidate is supported by the evidence. Give your confidence from 0 to 1 and a short \
      reason. You only choose among the ids given; you cannot run commands or take actions.

      """ + UntrustedText.SYSTEM_RULE;

  private final LlmProvider provider;
  private final int maxOutputTokens;

  public LlmAdvisor(LlmProvider provider, int maxOutputTokens) {
    if (maxOutputTokens <= 0) {
      throw new IllegalArgumentException("maxOutputTokens must be positive, was " + maxOutputTokens);
    }
    this.provider = provider;
    this.maxOutputTokens = maxOutputTokens;
  }

  /**
   * @param candidates best first, ids unique
   * @param budget spent by this call, checked before each request
   */
  public LlmAdvice advise(List<LlmCandidate> candidates, TokenBudget budget) {
    Set<String> ids = ids(candidates);
    String task = task(candidates);
    LlmPrompt prompt = new LlmPrompt(SYSTEM, task, answerSchema(candidates), maxOutputTokens);
    long start = System.nanoTime();
    long used = 0;
    for (int attempt = 1; ; attempt++) {
      long estimate = prompt.estimatedTokens();
      if (!budget.allows(estimate)) {
        return ignored(LlmException.BUDGET, "the request needs about " + estimate + " tokens, "
            + budget.remaining() + " left of the budget", used, start);
      }
      LlmException failure;
      try {
        LlmAnswer answer = provider.complete(prompt);
        used += charge(budget, answer.usage(), estimate);
        // clients check the schema too; this check holds whoever implements the provider
        List<String> violations = JsonSchemaCheck.violations(prompt.schema(), answer.json());
        if (violations.isEmpty()) {
          return given(verdict(answer), used, start);
        }
        failure = LlmException.outOfSchema(answer.json(), violations, answer.usage());
      } catch (LlmException e) {
        if (e.modelAnswered()) {
          used += charge(budget, e.usage(), estimate);
        }
        failure = e;
      } catch (RuntimeException e) {
        // a bug in a provider must not take diagnosis down with it
        log.warn("LLM provider failed", e);
        return ignored(PROVIDER_FAILED, e.toString(), used, start);
      }
      String unlisted = unlistedCandidate(failure.answer(), ids);
      if (unlisted != null) {
        log.warn("LLM named candidate {} that was not offered; refused (log text may be steering it)", unlisted);
        return ignored(LlmException.REFUSED, "the model named candidate " + unlisted + ", which was not offered",
            used, start);
      }
      boolean correctable = failure.reason().equals(LlmException.MALFORMED)
          || failure.reason().equals(LlmException.OUT_OF_SCHEMA);
      if (!correctable || attempt == ATTEMPTS) {
        return ignored(failure.reason(), failure.getMessage() + (attempt > 1 ? " (after one correction)" : ""),
            used, start);
      }
      log.info("LLM answer rejected ({}); asking once more with what was wrong", failure.reason());
      prompt = prompt.withUser(task + correction(failure));
    }
  }

  /** What the model is asked, log text redacted and delimited per candidate. */
  static String task(List<LlmCandidate> candidates) {
    StringBuilder task = new StringBuilder("Candidate root causes, best first according to the analyzer:\n");
    int redactions = 0;
    for (LlmCandidate candidate : candidates) {
      StringBuilder data = new StringBuilder();
      Redaction service = Redactor.redact(candidate.service());
      Redaction errorType = Redactor.redact(candidate.errorType());
      data.append("service: ").append(service.text()).append('\n');
      data.append("error type: ").append(errorType.text()).append('\n');
      data.append("evidence:\n");
      redactions += service.count() + errorType.count();
      for (String line : candidate.evidence()) {
        Redaction redacted = Redactor.redact(line);
        data.append(redacted.text()).append('\n');
        redactions += redacted.count();
      }
      task.append("\nCandidate id: ").append(candidate.id()).append('\n')
          .append(UntrustedText.delimit(candidate.id(), data.toString())).append('\n');
    }
    task.append("\nWhich candidate id is the root cause? Answer with one of: ");
    candidates.forEach(c -> task.append(c.id()).append(", "));
    task.append(LlmVerdict.NONE).append('.');
    if (redactions > 0) {
      log.info("redacted {} secrets from the log text before asking the LLM", redactions);
    }
    return task.toString();
  }

  /** The offered ids and none, as an enum: where the server enforces schemas, nothing else can be written. */
  static JsonNode answerSchema(List<LlmCandidate> candidates) {
    ObjectNode schema = ModelOutput.JSON.createObjectNode();
    schema.put("type", "object");
    schema.put("additionalProperties", false);
    schema.putArray("required").add("candidate").add("confidence").add("reason");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode ids = properties.putObject("candidate").put("type", "string").putArray("enum");
    candidates.forEach(c -> ids.add(c.id()));
    ids.add(LlmVerdict.NONE);
    properties.putObject("confidence").put("type", "number").put("minimum", 0).put("maximum", 1);
    properties.putObject("reason").put("type", "string").put("maxLength", MAX_REASON_CHARS);
    return schema;
  }

  private static Set<String> ids(List<LlmCandidate> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidates to choose from");
    }
    Set<String> ids = new HashSet<>();
    for (LlmCandidate candidate : candidates) {
      if (!ids.add(candidate.id())) {
        throw new IllegalArgumentException("candidate id " + candidate.id() + " appears twice");
      }
    }
    return ids;
  }

  /** The model's pick when it is a string that was not offered; null otherwise. */
  private static String unlistedCandidate(JsonNode answer, Set<String> ids) {
    JsonNode candidate = answer == null ? null : answer.get("candidate");
    if (candidate == null || !candidate.isTextual()) {
      return null;
    }
    String id = candidate.textValue();
    if (ids.contains(id) || LlmVerdict.NONE.equals(id)) {
      return null;
    }
    return RetryingSender.snippet(TextNode.valueOf(id).toString()); // quoted and escaped for logs
  }

  private static String correction(LlmException failure) {
    String what = failure.reason().equals(LlmException.OUT_OF_SCHEMA)
        ? "did not match the schema: " + String.join("; ", failure.violations())
        : "was not one JSON object: " + failure.getMessage();
    return "\n\nYour previous answer " + what + "\nReply again with only one JSON object that matches the schema.";
  }

  private static LlmVerdict verdict(LlmAnswer answer) {
    JsonNode json = answer.json();
    String reason = json.get("reason").textValue().replaceAll("\\p{Cntrl}", " ").strip();
    return new LlmVerdict(json.get("candidate").textValue(), json.get("confidence").doubleValue(), reason,
        answer.model());
  }

  /** What the server says was spent, or the estimate when it did not say. */
  private static long charge(TokenBudget budget, TokenUsage usage, long estimate) {
    long tokens = usage.total() > 0 ? usage.total() : estimate;
    budget.spend(tokens);
    return tokens;
  }

  private static LlmAdvice given(LlmVerdict verdict, long used, long start) {
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    log.info("LLM advice: candidate={} confidence={} model={} tokens={} latency_ms={}", verdict.candidateId(),
        verdict.confidence(), verdict.model(), used, latency.toMillis());
    return LlmAdvice.given(verdict, used, latency);
  }

  private static LlmAdvice ignored(String reasonCode, String detail, long used, long start) {
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    log.info("LLM ignored: {} (tokens={} latency_ms={})", reasonCode, used, latency.toMillis());
    return LlmAdvice.ignored(reasonCode, detail, used, latency);
  }
}
