package dev.selfheal.activities.diagnosis.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a model server sent back: the API's JSON envelope, and the model's JSON answer in it. */
final class ModelOutput {
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The first fenced block, with or without a language tag; models add them even when told not to. */
  private static final Pattern FENCED = Pattern.compile("```[A-Za-z0-9_-]*[ \\t]*\\R?(.*?)```", Pattern.DOTALL);

  private ModelOutput() {}

  /** The API response body as JSON; a proxy's HTML page or a cut-off body is {@code MALFORMED}. */
  static JsonNode envelope(String body) throws LlmException {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isObject()) {
        throw LlmException.malformed("response is not a JSON object: " + RetryingSender.snippet(body),
            TokenUsage.UNKNOWN);
      }
      return root;
    } catch (JsonProcessingException e) {
      throw LlmException.malformed("response is not JSON: " + RetryingSender.snippet(body), TokenUsage.UNKNOWN);
    }
  }

  /** The model's text as JSON that matches the prompt's schema. */
  static JsonNode answer(String text, JsonNode schema, TokenUsage usage) throws LlmException {
    String json = stripFences(text);
    JsonNode answer;
    try {
      answer = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw LlmException.malformed("answer is not JSON (" + e.getOriginalMessage() + "): "
          + RetryingSender.snippet(text), usage);
    }
    if (answer == null || answer.isMissingNode()) {
      throw LlmException.malformed("answer is empty", usage);
    }
    List<String> violations = JsonSchemaCheck.violations(schema, answer);
    if (!violations.isEmpty()) {
      throw LlmException.outOfSchema(answer, violations, usage);
    }
    return answer;
  }

  static String stripFences(String text) {
    Matcher fenced = FENCED.matcher(text);
    return fenced.find() ? fenced.group(1).strip() : text.strip();
  }

  static long longOrZero(JsonNode node) {
    return node != null && node.canConvertToLong() ? node.asLong() : 0;
  }
}
