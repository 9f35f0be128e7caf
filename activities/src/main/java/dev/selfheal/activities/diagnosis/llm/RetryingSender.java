package dev.selfheal.activities.diagnosis.llm;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one model request, retrying 429 and 5xx answers with backoff (a 429's {@code Retry-After}
 * wins). Other 4xx are the request's fault and fail at once; so do timeouts, which already cost
 * the whole request timeout.
 */
final class RetryingSender {
  private static final Logger log = LoggerFactory.getLogger(RetryingSender.class);
  private static final int SNIPPET_CHARS = 200;

  private final HttpClient http;
  private final RetryPolicy policy;

  RetryingSender(Duration connectTimeout, RetryPolicy policy) {
    // HTTP/1.1: local model servers do not all cope with an h2c upgrade
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
    this.policy = policy;
  }

  /** The 2xx response's body. */
  String send(HttpRequest request) throws LlmException {
    for (int retry = 0; ; retry++) {
      HttpResponse<String> response = sendOnce(request);
      int status = response.statusCode();
      log.debug("{} {} -> {} (retry {})", request.method(), request.uri(), status, retry);
      if (status / 100 == 2) {
        return response.body();
      }
      String failure = "HTTP " + status + " from " + request.uri() + ": " + snippet(response.body());
      if (status != 429 && status / 100 != 5) {
        throw LlmException.http(status, failure);
      }
      if (retry == policy.maxRetries()) {
        throw LlmException.http(status, failure + " (gave up after " + (retry + 1) + " attempts)");
      }
      Duration backoff = policy.backoff(retry + 1);
      Duration wait = status == 429 ? retryAfter(response).orElse(backoff) : backoff;
      if (wait.compareTo(policy.maxWait()) > 0) {
        throw LlmException.http(status, failure + " (asked to wait " + wait.toSeconds() + " s, more than "
            + policy.maxWait().toSeconds() + " s)");
      }
      log.warn("model server answered HTTP {}; retry {}/{} in {} ms", status, retry + 1, policy.maxRetries(),
          wait.toMillis());
      sleep(wait);
    }
  }

  private HttpResponse<String> sendOnce(HttpRequest request) throws LlmException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw LlmException.transport(LlmException.TIMEOUT, "no answer from " + request.uri() + " within "
          + request.timeout().map(Duration::toString).orElse("the connect timeout") + ": " + e.getMessage());
    } catch (IOException e) {
      throw LlmException.transport(LlmException.UNREACHABLE, "cannot reach " + request.uri() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LlmException.transport(LlmException.INTERRUPTED, "interrupted while waiting for " + request.uri());
    }
  }

  private static void sleep(Duration wait) throws LlmException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LlmException.transport(LlmException.INTERRUPTED, "interrupted while backing off");
    }
  }

  /** {@code Retry-After} as seconds or as an HTTP date; empty when absent or unreadable. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After").map(String::trim);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(Instant.now(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  /** The start of an error body on one line: enough to tell a JSON error from a proxy's HTML page. */
  static String snippet(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= SNIPPET_CHARS ? oneLine : oneLine.substring(0, SNIPPET_CHARS) + "…";
  }
}
