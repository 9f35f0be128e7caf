package dev.selfheal.activities.diagnosis.llm;

/** A model behind some API that answers a prompt with JSON matching the prompt's schema. */
public interface LlmProvider {

  /**
   * @throws LlmException when no answer matching the schema came back; its {@link
   *     LlmException#reason()} says why
   */
  LlmAnswer complete(LlmPrompt prompt) throws LlmException;

  /** The client for the configured API, with the default retry policy. */
  static LlmProvider create(LlmConfig config) {
    return switch (config.api()) {
      case OPENAI -> new OpenAiCompatibleClient(config, RetryPolicy.DEFAULT);
      case ANTHROPIC -> new AnthropicMessagesClient(config, RetryPolicy.DEFAULT);
    };
  }
}
