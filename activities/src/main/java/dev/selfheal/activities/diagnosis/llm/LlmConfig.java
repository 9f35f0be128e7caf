package dev.selfheal.activities.diagnosis.llm;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model diagnosis may consult, from {@code SELFHEAL_LLM_*} environment variables. Without
 * {@code SELFHEAL_LLM_PROVIDER} there is none, and diagnosis is the analyzer's alone.
 *
 * @param baseUrl the server root; clients add {@code /v1/...}
 * @param apiKey null when the server wants none (a local Ollama, vLLM or llama.cpp)
 * @param timeout for connecting, and again for each request
 * @param maxTokens the most a model may write per answer
 * @param tokenBudget the most one incident's diagnosis may spend, input and output
 * @param responseFormat how an OpenAI-compatible server is asked for JSON
 */
public record LlmConfig(
    Api api,
    URI baseUrl,
    String model,
    String apiKey,
    Duration timeout,
    int maxTokens,
    int tokenBudget,
    ResponseFormat responseFormat) {

  public static final String PROVIDER = "SELFHEAL_LLM_PROVIDER";
  public static final String URL = "SELFHEAL_LLM_URL";
  public static final String MODEL = "SELFHEAL_LLM_MODEL";
  public static final String API_KEY = "SELFHEAL_LLM_API_KEY";
  public static final String TIMEOUT = "SELFHEAL_LLM_TIMEOUT";
  public static final String MAX_TOKENS = "SELFHEAL_LLM_MAX_TOKENS";
  public static final String TOKEN_BUDGET = "SELFHEAL_LLM_TOKEN_BUDGET";
  public static final String RESPONSE_FORMAT = "SELFHEAL_LLM_RESPONSE_FORMAT";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final int DEFAULT_MAX_TOKENS = 1024;
  static final int DEFAULT_TOKEN_BUDGET = 20_000;

  /** The wire protocol. */
  public enum Api {
    /** {@code /v1/chat/completions}: OpenAI, and Ollama, vLLM, llama.cpp servers. */
    OPENAI("https://api.openai.com"),
    /** {@code /v1/messages}. */
    ANTHROPIC("https://api.anthropic.com");

    final String defaultUrl;

    Api(String defaultUrl) {
      this.defaultUrl = defaultUrl;
    }
  }

  /** {@code response_format} for {@link Api#OPENAI}. */
  public enum ResponseFormat {
    /** {@code json_object}: any JSON; every compatible server has it. */
    JSON_OBJECT,
    /** {@code json_schema}: the server constrains output to the schema, where it can. */
    JSON_SCHEMA
  }

  /**
   * The configuration, or empty when {@code SELFHEAL_LLM_PROVIDER} is unset or blank.
   *
   * @throws IllegalArgumentException naming the variable that is wrong and why
   */
  public static Optional<LlmConfig> fromEnvironment(Map<String, String> env) {
    Optional<String> provider = value(env, PROVIDER);
    if (provider.isEmpty()) {
      return Optional.empty();
    }
    Api api = switch (provider.get().toLowerCase(Locale.ROOT)) {
      case "openai" -> Api.OPENAI;
      case "anthropic" -> Api.ANTHROPIC;
      default -> throw invalid(PROVIDER, provider.get(),
          "expected openai (also for Ollama, vLLM, llama.cpp) or anthropic, or empty for no model");
    };
    URI baseUrl = baseUrl(value(env, URL).orElse(api.defaultUrl));
    String model = value(env, MODEL).orElseThrow(() -> new IllegalArgumentException(
        MODEL + " is required when " + PROVIDER + " is set"));
    String apiKey = value(env, API_KEY).orElse(null);
    if (api == Api.ANTHROPIC && apiKey == null) {
      throw new IllegalArgumentException(API_KEY + " is required for " + PROVIDER + "=anthropic");
    }
    Duration timeout = value(env, TIMEOUT).map(LlmConfig::timeout).orElse(DEFAULT_TIMEOUT);
    int maxTokens = value(env, MAX_TOKENS).map(v -> positiveInt(MAX_TOKENS, v)).orElse(DEFAULT_MAX_TOKENS);
    int tokenBudget = value(env, TOKEN_BUDGET).map(v -> positiveInt(TOKEN_BUDGET, v)).orElse(DEFAULT_TOKEN_BUDGET);
    if (maxTokens > tokenBudget) {
      throw new IllegalArgumentException(MAX_TOKENS + " (" + maxTokens + ") is more than " + TOKEN_BUDGET + " ("
          + tokenBudget + "): no request could be sent");
    }
    ResponseFormat format = value(env, RESPONSE_FORMAT).map(v -> responseFormat(api, v))
        .orElse(ResponseFormat.JSON_OBJECT);
    return Optional.of(new LlmConfig(api, baseUrl, model, apiKey, timeout, maxTokens, tokenBudget, format));
  }

  public LlmConfig {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(responseFormat, "responseFormat");
  }

  /** Never the key: configurations end up in logs. */
  @Override
  public String toString() {
    return "LlmConfig[api=" + api + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
        + (apiKey == null ? "none" : "(set)") + ", timeout=" + timeout + ", maxTokens=" + maxTokens
        + ", tokenBudget=" + tokenBudget + ", responseFormat=" + responseFormat + "]";
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static URI baseUrl(String value) {
    URI uri;
    try {
      uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    } catch (URISyntaxException e) {
      throw invalid(URL, value, "not a URL: " + e.getReason());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw invalid(URL, value, "expected http://host[:port] or https://host[:port]");
    }
    if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
      throw invalid(URL, uri.getScheme() + "://" + uri.getHost(),
          "give the server root without credentials, query or fragment (the key goes in " + API_KEY + ")");
    }
    if (uri.getPath() != null && uri.getPath().endsWith("/v1")) {
      throw invalid(URL, value, "give the server root without /v1; selfheal adds /v1/...");
    }
    return uri;
  }

  private static Duration timeout(String value) {
    Duration timeout;
    try {
      timeout = Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(TIMEOUT, value, "expected an ISO-8601 duration such as PT30S");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw invalid(TIMEOUT, value, "must be positive");
    }
    return timeout;
  }

  private static int positiveInt(String name, String value) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalid(name, value, "expected a whole number");
    }
    if (parsed <= 0) {
      throw invalid(name, value, "must be positive");
    }
    return parsed;
  }

  private static ResponseFormat responseFormat(Api api, String value) {
    if (api != Api.OPENAI) {
      throw invalid(RESPONSE_FORMAT, value, "applies to " + PROVIDER + "=openai only");
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "json_object" -> ResponseFormat.JSON_OBJECT;
      case "json_schema" -> ResponseFormat.JSON_SCHEMA;
      default -> throw invalid(RESPONSE_FORMAT, value, "expected json_object or json_schema");
    };
  }

  private static IllegalArgumentException invalid(String name, String value, String why) {
    return new IllegalArgumentException(name + "=" + Redactor.redact(value).text() + " is invalid: " + why);
  }
}
