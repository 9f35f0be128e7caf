package dev.selfheal.activities.diagnosis.llm;

import static dev.selfheal.activities.diagnosis.llm.FakeLlmServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link OpenAiCompatibleClient} against a fake {@code /v1/chat/completions}. */
class OpenAiChatClientTest extends LlmClientContract {

  @Override
  LlmConfig.Api api() {
    return LlmConfig.Api.OPENAI;
  }

  @Override
  LlmProvider client(LlmConfig config, RetryPolicy retryPolicy) {
    return new OpenAiCompatibleClient(config, retryPolicy);
  }

  @Override
  FakeLlmServer.Reply modelSays(String text) {
    return FakeLlmServer.chatCompletion(text);
  }

  @Test
  void happyPathSendsAChatCompletionAndReadsTheAnswer() throws Exception {
    server.reply(modelSays(ANSWER));

    LlmAnswer answer = client().complete(prompt());

    assertThat(answer.json().get("candidate").asText()).isEqualTo("c1");
    assertThat(answer.json().get("confidence").asDouble()).isEqualTo(0.8);
    assertThat(answer.usage()).isEqualTo(new TokenUsage(120, 30));
    assertThat(answer.model()).isEqualTo("fake-gpt");
    assertThat(answer.latency()).isPositive();

    FakeLlmServer.Received request = server.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test-0123456789");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = request.json();
    assertThat(body.get("model").asText()).isEqualTo("test-model");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.get("response_format").get("type").asText()).isEqualTo("json_object");
    assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
    assertThat(body.get("messages").get(0).get("content").asText())
        .startsWith("You pick a candidate.")
        .contains("JSON Schema").contains("\"enum\":[\"c1\",\"c2\",\"none\"]");
    assertThat(body.get("messages").get(1).get("role").asText()).isEqualTo("user");
    assertThat(body.get("messages").get(1).get("content").asText()).isEqualTo("Candidates: c1, c2.");
  }

  @Test
  void jsonSchemaFormatSendsTheSchema() throws Exception {
    server.reply(modelSays(ANSWER));
    LlmConfig base = config(Duration.ofSeconds(5));
    LlmConfig withSchema = new LlmConfig(base.api(), base.baseUrl(), base.model(), base.apiKey(), base.timeout(),
        base.maxTokens(), base.tokenBudget(), LlmConfig.ResponseFormat.JSON_SCHEMA);

    client(withSchema, FAST_RETRIES).complete(prompt());

    JsonNode format = server.received().get(0).json().get("response_format");
    assertThat(format.get("type").asText()).isEqualTo("json_schema");
    assertThat(format.get("json_schema").get("schema")).isEqualTo(schema());
  }

  @Test
  void localServerWithoutKeyGetsNoAuthorizationHeader() throws Exception {
    server.reply(modelSays(ANSWER));
    LlmConfig base = config(Duration.ofSeconds(5));
    LlmConfig keyless = new LlmConfig(base.api(), base.baseUrl(), "llama3.1:8b", null, base.timeout(),
        base.maxTokens(), base.tokenBudget(), base.responseFormat());

    client(keyless, FAST_RETRIES).complete(prompt());

    assertThat(server.received().get(0).header("Authorization")).isNull();
  }

  @Test
  void refusalIsRefused() {
    server.reply(json(200, """
        {"model":"fake-gpt","choices":[{"index":0,"finish_reason":"stop",
          "message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}],
         "usage":{"prompt_tokens":100,"completion_tokens":8}}"""));

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo(LlmException.REFUSED);
    assertThat(e.getMessage()).contains("I can't help with that.");
  }

  @Test
  void answerCutOffAtMaxTokensIsMalformed() {
    server.reply(json(200, """
        {"model":"fake-gpt","choices":[{"index":0,"finish_reason":"length",
          "message":{"role":"assistant","content":"{\\"candidate\\":\\"c1\\",\\"confidence\\":0.8,\\"reason\\":\\"the"}}],
         "usage":{"prompt_tokens":100,"completion_tokens":256}}"""));

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo(LlmException.MALFORMED);
    assertThat(e.getMessage()).contains("cut off at 256 tokens");
  }
}
