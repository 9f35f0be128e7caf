package dev.selfheal.activities.diagnosis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}, the shape OpenAI, Ollama, vLLM and llama.cpp servers all
 * accept. Asks for {@code json_object} (every such server has it) or, when configured, {@code
 * json_schema}; either way the answer is checked here against the schema.
 */
public final class OpenAiCompatibleClient implements LlmProvider {
  private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleClient.class);

  private final LlmConfig config;
  private final URI endpoint;
  private final RetryingSender sender;

  public OpenAiCompatibleClient(LlmConfig config, RetryPolicy retryPolicy) {
    this.config = config;
    this.endpoint = URI.create(config.baseUrl() + "/v1/chat/completions");
    this.sender = new RetryingSender(config.timeout(), retryPolicy);
  }

  @Override
  public LlmAnswer complete(LlmPrompt prompt) throws LlmException {
    long start = System.nanoTime();
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(config.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(prompt)));
    if (config.apiKey() != null) {
      request.header("Authorization", "Bearer " + config.apiKey());
    }
    JsonNode response = ModelOutput.envelope(sender.send(request.build()));

    JsonNode usageNode = response.path("usage");
    TokenUsage usage = new TokenUsage(ModelOutput.longOrZero(usageNode.get("prompt_tokens")),
        ModelOutput.longOrZero(usageNode.get("completion_tokens")));
    JsonNode choice = response.path("choices").path(0);
    JsonNode message = choice.path("message");
    if (message.path("refusal").isTextual()) {
      throw LlmException.refused("model refused: " + RetryingSender.snippet(message.get("refusal").asText()), usage);
    }
    if ("length".equals(choice.path("finish_reason").asText())) {
      throw LlmException.malformed("answer cut off at " + prompt.maxOutputTokens() + " tokens", usage);
    }
    JsonNode content = message.get("content");
    if (content == null || !content.isTextual()) {
      throw LlmException.malformed("response has no choices[0].message.content: "
          + RetryingSender.snippet(response.toString()), usage);
    }
    JsonNode answer = ModelOutput.answer(content.asText(), prompt.schema(), usage);
    String model = response.path("model").asText(config.model());
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    log.debug("chat completion model={} input_tokens={} output_tokens={} latency_ms={}", model,
        usage.inputTokens(), usage.outputTokens(), latency.toMillis());
    return new LlmAnswer(answer, usage, model, latency);
  }

  private String body(LlmPrompt prompt) {
    ObjectNode body = ModelOutput.JSON.createObjectNode();
    body.put("model", config.model());
    body.put("max_tokens", prompt.maxOutputTokens());
    body.put("temperature", 0); // the same evidence should get the same answer
    body.put("stream", false);
    body.putArray("messages")
        .add(message("system", prompt.systemWithSchema()))
        .add(message("user", prompt.user()));
    ObjectNode format = body.putObject("response_format");
    if (config.responseFormat() == LlmConfig.ResponseFormat.JSON_SCHEMA) {
      format.put("type", "json_schema");
      ObjectNode schema = format.putObject("json_schema");
      schema.put("name", "answer");
      // not strict: OpenAI's strict mode refuses schemas with keywords we rely on (maxLength)
      schema.put("strict", false);
      schema.set("schema", prompt.schema());
    } else {
      format.put("type", "json_object");
    }
    return body.toString();
  }

  private static ObjectNode message(String role, String content) {
    return ModelOutput.JSON.createObjectNode().put("role", role).put("content", content);
  }
}
