package dev.selfheal.activities.diagnosis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/messages}. The Messages API has no JSON mode: the schema is in the system
 * prompt, the answer is read from the text blocks and checked here.
 */
public final class AnthropicMessagesClient implements LlmProvider {
  private static final Logger log = LoggerFactory.getLogger(AnthropicMessagesClient.class);
  private static final String API_VERSION = "2023-06-01";

  private final LlmConfig config;
  private final URI endpoint;
  private final RetryingSender sender;

  public AnthropicMessagesClient(LlmConfig config, RetryPolicy retryPolicy) {
    Objects.requireNonNull(config.apiKey(), "the Messages API needs an API key");
    this.config = config;
    this.endpoint = URI.create(config.baseUrl() + "/v1/messages");
    this.sender = new RetryingSender(config.timeout(), retryPolicy);
  }

  @Override
  public LlmAnswer complete(LlmPrompt prompt) throws LlmException {
    long start = System.nanoTime();
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(config.timeout())
        .header("Content-Type", "application/json")
        .header("x-api-key", config.apiKey())
        .header("anthropic-version", API_VERSION)
        .POST(HttpRequest.BodyPublishers.ofString(body(prompt)))
        .build();
    JsonNode response = ModelOutput.envelope(sender.send(request));

    JsonNode usageNode = response.path("usage");
    TokenUsage usage = new TokenUsage(ModelOutput.longOrZero(usageNode.get("input_tokens")),
        ModelOutput.longOrZero(usageNode.get("output_tokens")));
    String stopReason = response.path("stop_reason").asText();
    if ("refusal".equals(stopReason)) {
      throw LlmException.refused("model refused (stop_reason refusal)", usage);
    }
    if ("max_tokens".equals(stopReason)) {
      throw LlmException.malformed("answer cut off at " + prompt.maxOutputTokens() + " tokens", usage);
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : response.path("content")) {
      if ("text".equals(block.path("type").asText())) { // thinking and other blocks are not the answer
        text.append(block.path("text").asText());
      }
    }
    if (text.isEmpty()) {
      throw LlmException.malformed("response has no text block: " + RetryingSender.snippet(response.toString()),
          usage);
    }
    JsonNode answer = ModelOutput.answer(text.toString(), prompt.schema(), usage);
    String model = response.path("model").asText(config.model());
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    log.debug("message model={} input_tokens={} output_tokens={} latency_ms={}", model, usage.inputTokens(),
        usage.outputTokens(), latency.toMillis());
    return new LlmAnswer(answer, usage, model, latency);
  }

  private String body(LlmPrompt prompt) {
    ObjectNode body = ModelOutput.JSON.createObjectNode();
    body.put("model", config.model());
    body.put("max_tokens", prompt.maxOutputTokens());
    body.put("temperature", 0); // the same evidence should get the same answer
    body.put("system", prompt.systemWithSchema());
    ObjectNode user = body.putArray("messages").addObject();
    user.put("role", "user");
    user.putArray("content").addObject().put("type", "text").put("text", prompt.user());
    return body.toString();
  }
}
