package dev.selfheal.activities.diagnosis.llm;

import static dev.selfheal.activities.diagnosis.llm.FakeLlmServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@link AnthropicMessagesClient} against a fake {@code /v1/messages}. */
class AnthropicMessagesClientTest extends LlmClientContract {

  @Override
  LlmConfig.Api api() {
    return LlmConfig.Api.ANTHROPIC;
  }

  @Override
  LlmProvider client(LlmConfig config, RetryPolicy retryPolicy) {
    return new AnthropicMessagesClient(config, retryPolicy);
  }

  @Override
  FakeLlmServer.Reply modelSays(String text) {
    return FakeLlmServer.anthropicMessage(text);
  }

  @Test
  void happyPathSendsAMessageAndReadsTheTextBlock() throws Exception {
    server.reply(modelSays(ANSWER));

    LlmAnswer answer = client().complete(prompt());

    assertThat(answer.json().get("candidate").asText()).isEqualTo("c1");
    assertThat(answer.usage()).isEqualTo(new TokenUsage(200, 40));
    assertThat(answer.model()).isEqualTo("fake-claude");

    FakeLlmServer.Received request = server.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/messages");
    assertThat(request.header("x-api-key")).isEqualTo("sk-test-0123456789");
    assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.header("Authorization")).isNull();
    JsonNode body = request.json();
    assertThat(body.get("model").asText()).isEqualTo("test-model");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.get("system").asText()).startsWith("You pick a candidate.").contains("JSON Schema");
    JsonNode message = body.get("messages").get(0);
    assertThat(message.get("role").asText()).isEqualTo("user");
    assertThat(message.get("content").get(0).get("type").asText()).isEqualTo("text");
    assertThat(message.get("content").get(0).get("text").asText()).isEqualTo("Candidates: c1, c2.");
  }

  @Test
  void onlyTextBlocksAreTheAnswer() throws Exception {
    server.reply(json(200, """
        {"type":"message","role":"assistant","model":"fake-claude","stop_reason":"end_turn",
         "content":[{"type":"thinking","thinking":"{\\"candidate\\":\\"c2\\"}","signature":"x"},
                    {"type":"text","text":"%s"}],
         "usage":{"input_tokens":10,"output_tokens":5}}""".formatted(ANSWER.replace("\"", "\\\""))));

    assertThat(client().complete(prompt()).json().get("candidate").asText()).isEqualTo("c1");
  }

  @Test
  void overloadedIsRetried() throws Exception {
    server.reply(json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
        modelSays(ANSWER));

    assertThat(client().complete(prompt()).json().get("candidate").asText()).isEqualTo("c1");
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void refusalStopReasonIsRefused() {
    server.reply(json(200, """
        {"type":"message","role":"assistant","model":"fake-claude","stop_reason":"refusal",
         "content":[],"usage":{"input_tokens":10,"output_tokens":0}}"""));

    assertThat(failure().reason()).isEqualTo(LlmException.REFUSED);
  }

  @Test
  void answerCutOffAtMaxTokensIsMalformed() {
    server.reply(json(200, """
        {"type":"message","role":"assistant","model":"fake-claude","stop_reason":"max_tokens",
         "content":[{"type":"text","text":"{\\"candidate\\":\\"c1\\",\\"confi"}],
         "usage":{"input_tokens":10,"output_tokens":256}}"""));

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo(LlmException.MALFORMED);
    assertThat(e.getMessage()).contains("cut off");
  }
}
