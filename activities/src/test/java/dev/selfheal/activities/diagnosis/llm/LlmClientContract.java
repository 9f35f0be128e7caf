package dev.selfheal.activities.diagnosis.llm;

import static dev.selfheal.activities.diagnosis.llm.FakeLlmServer.json;
import static dev.selfheal.activities.diagnosis.llm.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What both clients must do against a server speaking their API: parse, unwrap fences, reject
 * what is not a schema-conforming answer, and retry only what is worth retrying.
 */
abstract class LlmClientContract {
  static final String ANSWER = "{\"candidate\":\"c1\",\"confidence\":0.8,\"reason\":\"earliest error\"}";
  static final RetryPolicy FAST_RETRIES = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(2));

  FakeLlmServer server;

  abstract LlmConfig.Api api();

  abstract LlmProvider client(LlmConfig config, RetryPolicy retryPolicy);

  /** A 200 reply in this API's shape whose model text is {@code text}. */
  abstract FakeLlmServer.Reply modelSays(String text);

  @BeforeEach
  void startServer() throws IOException {
    server = new FakeLlmServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  LlmConfig config(Duration timeout) {
    return new LlmConfig(api(), server.baseUrl(), "test-model", "sk-test-0123456789", timeout, 256, 10_000,
        LlmConfig.ResponseFormat.JSON_OBJECT);
  }

  LlmProvider client() {
    return client(config(Duration.ofSeconds(5)), FAST_RETRIES);
  }

  static LlmPrompt prompt() {
    return new LlmPrompt("You pick a candidate.", "Candidates: c1, c2.", schema(), 256);
  }

  static JsonNode schema() {
    try {
      return FakeLlmServer.JSON.readTree("""
          {"type":"object","additionalProperties":false,"required":["candidate","confidence","reason"],
           "properties":{"candidate":{"type":"string","enum":["c1","c2","none"]},
                         "confidence":{"type":"number","minimum":0,"maximum":1},
                         "reason":{"type":"string","maxLength":400}}}""");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  LlmException failure() {
    return failure(client());
  }

  static LlmException failure(LlmProvider client) {
    LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(prompt()));
    assertThat(e).as("an LlmException").isNotNull();
    return e;
  }

  @Test
  void fencedJsonIsUnwrapped() throws Exception {
    server.reply(modelSays("Here you go:\n```json\n" + ANSWER + "\n```\n"));

    LlmAnswer answer = client().complete(prompt());

    assertThat(answer.json().get("candidate").asText()).isEqualTo("c1");
  }

  @Test
  void proseInsteadOfJsonIsMalformed() {
    server.reply(modelSays("I believe the root cause is c1."));

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo(LlmException.MALFORMED);
    assertThat(e.getMessage()).contains("I believe the root cause is c1.");
    assertThat(e.usage().total()).as("tokens were spent on it").isPositive();
  }

  @Test
  void garbageResponseBodyIsMalformed() {
    server.reply(json(200, "\u0000\u0001 garbage {{{"));

    assertThat(failure().reason()).isEqualTo(LlmException.MALFORMED);
  }

  @Test
  void htmlPageWithStatus200IsMalformed() {
    server.reply(status(200, "text/html", "<!DOCTYPE html><html><body>Please sign in</body></html>"));

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo(LlmException.MALFORMED);
    assertThat(e.getMessage()).contains("not JSON").contains("<!DOCTYPE html>");
  }

  @Test
  void htmlErrorPageFromAProxyIsRetriedThenReportedShortly() {
    String page = "<html><head><title>502 Bad Gateway</title></head><body>" + "padding ".repeat(200) + "</body></html>";
    server.reply(status(502, "text/html", page), status(502, "text/html", page), status(502, "text/html", page));

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo("HTTP_502");
    assertThat(e.getMessage()).contains("502 Bad Gateway").hasSizeLessThan(400);
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void answerOutsideTheSchemaIsRefusedWithPaths() {
    server.reply(modelSays("{\"candidate\":\"c1\",\"confidence\":7,\"reason\":\"sure\",\"action\":\"rm -rf /\"}"));

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo(LlmException.OUT_OF_SCHEMA);
    assertThat(e.violations()).containsExactlyInAnyOrder(
        "$.confidence: 7 is above the maximum 1",
        "$.action: not allowed (additionalProperties is false)");
    assertThat(e.answer().get("candidate").asText()).isEqualTo("c1");
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterThenSucceeds() throws Exception {
    server.reply(json(429, "{\"error\":{\"message\":\"rate limited\"}}").withHeader("Retry-After", "1"),
        modelSays(ANSWER));

    long start = System.nanoTime();
    LlmAnswer answer = client().complete(prompt());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(answer.json().get("candidate").asText()).isEqualTo("c1");
    assertThat(server.received()).hasSize(2);
    // the policy alone would have waited about 10 ms
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(answer.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void retryAfterLongerThanTheLongestWaitIsNotWaitedFor() {
    server.reply(json(429, "{}").withHeader("Retry-After", "3600"), modelSays(ANSWER));

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo("HTTP_429");
    assertThat(e.getMessage()).contains("3600 s");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void serverErrorsAreRetriedUpToTheLimitThenGivenUp() {
    for (int i = 0; i < 5; i++) {
      server.reply(json(500, "{\"error\":{\"message\":\"internal\"}}"));
    }

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo("HTTP_500");
    assertThat(e.getMessage()).contains("gave up after 3 attempts");
    assertThat(server.received()).as("first request and two retries").hasSize(3);
  }

  @Test
  void serverErrorThenSuccessRecovers() throws Exception {
    server.reply(json(503, "{}"), modelSays(ANSWER));

    assertThat(client().complete(prompt()).json().get("confidence").asDouble()).isEqualTo(0.8);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void unauthorizedIsNotRetried() {
    server.reply(json(401, "{\"error\":{\"message\":\"invalid api key\"}}"), modelSays(ANSWER));

    LlmException e = failure();

    assertThat(e.reason()).isEqualTo("HTTP_401");
    assertThat(e.getMessage()).contains("invalid api key").doesNotContain("sk-test-0123456789");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void slowServerTimesOutWithoutRetrying() {
    server.reply(modelSays(ANSWER).after(Duration.ofSeconds(5)), modelSays(ANSWER));

    long start = System.nanoTime();
    LlmException e = failure(client(config(Duration.ofMillis(300)), FAST_RETRIES));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e.reason()).isEqualTo(LlmException.TIMEOUT);
    assertThat(took).isLessThan(Duration.ofSeconds(3));
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void unreachableServerSaysSo() throws Exception {
    LlmConfig config = config(Duration.ofSeconds(2));
    server.close(); // nothing listens on its port any more

    LlmException e = failure(client(config, FAST_RETRIES));

    assertThat(e.reason()).isEqualTo(LlmException.UNREACHABLE);
  }
}
