package dev.selfheal.activities.diagnosis.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LlmConfig#fromEnvironment}: off by default, and every mistake names its variable. */
class LlmConfigTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static Map<String, String> openai(String... more) {
    Map<String, String> env = env(more);
    env.putIfAbsent("SELFHEAL_LLM_PROVIDER", "openai");
    env.putIfAbsent("SELFHEAL_LLM_MODEL", "gpt-4o-mini");
    return env;
  }

  @Test
  void offWithoutAProvider() {
    assertThat(LlmConfig.fromEnvironment(Map.of())).isEmpty();
    assertThat(LlmConfig.fromEnvironment(env("SELFHEAL_LLM_PROVIDER", "  ", "SELFHEAL_LLM_MODEL", "m"))).isEmpty();
  }

  @Test
  void openAiWithDefaults() {
    LlmConfig config = LlmConfig.fromEnvironment(openai("SELFHEAL_LLM_API_KEY", "sk-abc")).orElseThrow();

    assertThat(config.api()).isEqualTo(LlmConfig.Api.OPENAI);
    assertThat(config.baseUrl()).isEqualTo(URI.create("https://api.openai.com"));
    assertThat(config.model()).isEqualTo("gpt-4o-mini");
    assertThat(config.apiKey()).isEqualTo("sk-abc");
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxTokens()).isEqualTo(1024);
    assertThat(config.tokenBudget()).isEqualTo(20_000);
    assertThat(config.responseFormat()).isEqualTo(LlmConfig.ResponseFormat.JSON_OBJECT);
    assertThat(config.toString()).doesNotContain("sk-abc");
  }

  @Test
  void localOllamaNeedsNoKey() {
    LlmConfig config = LlmConfig.fromEnvironment(openai("SELFHEAL_LLM_PROVIDER", "OpenAI",
        "SELFHEAL_LLM_URL", "http://localhost:11434/", "SELFHEAL_LLM_MODEL", "llama3.1:8b",
        "SELFHEAL_LLM_TIMEOUT", "PT2M", "SELFHEAL_LLM_MAX_TOKENS", "300", "SELFHEAL_LLM_TOKEN_BUDGET", "4000",
        "SELFHEAL_LLM_RESPONSE_FORMAT", "json_schema")).orElseThrow();

    assertThat(config.baseUrl()).isEqualTo(URI.create("http://localhost:11434"));
    assertThat(config.apiKey()).isNull();
    assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.maxTokens()).isEqualTo(300);
    assertThat(config.tokenBudget()).isEqualTo(4000);
    assertThat(config.responseFormat()).isEqualTo(LlmConfig.ResponseFormat.JSON_SCHEMA);
    assertThat(LlmProvider.create(config)).isInstanceOf(OpenAiCompatibleClient.class);
  }

  @Test
  void anthropic() {
    LlmConfig config = LlmConfig.fromEnvironment(env("SELFHEAL_LLM_PROVIDER", "anthropic",
        "SELFHEAL_LLM_MODEL", "claude-x", "SELFHEAL_LLM_API_KEY", "sk-ant-1")).orElseThrow();

    assertThat(config.baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
    assertThat(LlmProvider.create(config)).isInstanceOf(AnthropicMessagesClient.class);
  }

  private static void assertRejected(Map<String, String> env, String variable, String why) {
    assertThatThrownBy(() -> LlmConfig.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable)
        .hasMessageContaining(why);
  }

  @Test
  void unknownProvider() {
    assertRejected(openai("SELFHEAL_LLM_PROVIDER", "ollama"), "SELFHEAL_LLM_PROVIDER=ollama",
        "openai (also for Ollama");
  }

  @Test
  void missingModel() {
    assertRejected(env("SELFHEAL_LLM_PROVIDER", "openai"), "SELFHEAL_LLM_MODEL", "required");
  }

  @Test
  void anthropicWithoutKey() {
    assertRejected(env("SELFHEAL_LLM_PROVIDER", "anthropic", "SELFHEAL_LLM_MODEL", "m"), "SELFHEAL_LLM_API_KEY",
        "required");
  }

  @Test
  void badUrls() {
    assertRejected(openai("SELFHEAL_LLM_URL", "localhost:11434"), "SELFHEAL_LLM_URL", "http://host");
    assertRejected(openai("SELFHEAL_LLM_URL", "http://local host"), "SELFHEAL_LLM_URL", "not a URL");
    assertRejected(openai("SELFHEAL_LLM_URL", "https://api.openai.com/v1"), "SELFHEAL_LLM_URL", "without /v1");
    assertThatThrownBy(() -> LlmConfig.fromEnvironment(openai("SELFHEAL_LLM_URL", "https://bob:hunter2@proxy.example")))
        .hasMessageStartingWith("SELFHEAL_LLM_URL").hasMessageContaining("without credentials")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void badTimeouts() {
    assertRejected(openai("SELFHEAL_LLM_TIMEOUT", "30s"), "SELFHEAL_LLM_TIMEOUT=30s", "ISO-8601");
    assertRejected(openai("SELFHEAL_LLM_TIMEOUT", "PT0S"), "SELFHEAL_LLM_TIMEOUT=PT0S", "positive");
  }

  @Test
  void badTokenCounts() {
    assertRejected(openai("SELFHEAL_LLM_MAX_TOKENS", "lots"), "SELFHEAL_LLM_MAX_TOKENS=lots", "whole number");
    assertRejected(openai("SELFHEAL_LLM_MAX_TOKENS", "-1"), "SELFHEAL_LLM_MAX_TOKENS=-1", "positive");
    assertRejected(openai("SELFHEAL_LLM_TOKEN_BUDGET", "0"), "SELFHEAL_LLM_TOKEN_BUDGET=0", "positive");
    assertRejected(openai("SELFHEAL_LLM_MAX_TOKENS", "5000", "SELFHEAL_LLM_TOKEN_BUDGET", "4000"),
        "SELFHEAL_LLM_MAX_TOKENS (5000) is more than SELFHEAL_LLM_TOKEN_BUDGET (4000)", "no request");
  }

  @Test
  void badResponseFormat() {
    assertRejected(openai("SELFHEAL_LLM_RESPONSE_FORMAT", "xml"), "SELFHEAL_LLM_RESPONSE_FORMAT=xml", "json_object");
    assertRejected(env("SELFHEAL_LLM_PROVIDER", "anthropic", "SELFHEAL_LLM_MODEL", "m", "SELFHEAL_LLM_API_KEY", "k",
        "SELFHEAL_LLM_RESPONSE_FORMAT", "json_schema"), "SELFHEAL_LLM_RESPONSE_FORMAT", "openai only");
  }
}
