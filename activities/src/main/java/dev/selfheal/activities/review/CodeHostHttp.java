package dev.selfheal.activities.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.activities.Failures;
import dev.selfheal.activities.Heartbeats;
import dev.selfheal.workflows.Errors;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side both code-host clients share: timeouts, and what each kind of answer means for a
 * Temporal retry.
 *
 * <ul>
 *   <li>no answer (refused, reset, timed out) and 5xx: a retryable failure, Temporal's backoff;
 *   <li>429, GitHub's 403 with {@code x-ratelimit-remaining: 0} or a {@code Retry-After}, and a 503
 *       with {@code Retry-After}: a
 *       retryable failure whose next retry waits as long as the host asked ({@code Retry-After},
 *       else the rate-limit reset time), capped at {@link #MAX_RETRY_DELAY};
 *   <li>401, 403, 404, 422 and the other 4xx: non-retryable, with the client's advice on what to
 *       fix (token, scopes, repo name), since the next attempt would get the same answer;
 *   <li>a redirect: non-retryable (the repository moved, or apiUrl is not the API); never followed,
 *       so the token is never sent to another address.
 * </ul>
 *
 * <p>The token is sent only in headers the caller gives, never logged, and scrubbed from any
 * answer text that goes into a failure message.
 */
final class CodeHostHttp {
  private static final Logger log = LoggerFactory.getLogger(CodeHostHttp.class);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(10);
  /** When a limited answer says neither how long nor until when. */
  static final Duration DEFAULT_RATE_LIMIT_DELAY = Duration.ofMinutes(1);
  /** API answers selfheal reads are small; a bigger one is not the API. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  /** Retryable failure types; not in {@link Errors}, so activity retry options retry them. */
  static final String UNAVAILABLE = "CODE_HOST_UNAVAILABLE";
  static final String RATE_LIMITED = "CODE_HOST_RATE_LIMITED";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final String host;
  private final String apiUrl;
  private final Map<String, String> headers;
  private final String secret;
  private final IntFunction<String> advice;
  private final HttpClient client;
  private final Clock clock;

  /**
   * @param host {@code GitHub} or {@code GitLab}, for messages
   * @param headers sent with every request, the token's header among them
   * @param secret the token, scrubbed from answer excerpts
   * @param advice what to fix for a refusing status (401, 403, 404, 422…), or null for none
   */
  CodeHostHttp(String host, String apiUrl, Map<String, String> headers, String secret, IntFunction<String> advice,
      HttpClient client, Clock clock) {
    this.host = host;
    this.apiUrl = apiUrl;
    this.headers = Map.copyOf(headers);
    this.secret = secret;
    this.advice = advice;
    this.client = client;
    this.clock = clock;
  }

  /** The client every code host shares: connect timeout, no redirects followed. */
  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** A request whose answer must be 2xx; anything else becomes the failure it means. */
  HostAnswer send(String method, String path, JsonNode body) {
    return check(exchange(method, path, body));
  }

  HostAnswer get(String path) {
    return send("GET", path, null);
  }

  /**
   * Every element of a list endpoint, following {@code Link: rel="next"} (both hosts send it) for
   * at most {@code maxPages} pages. A next link outside {@code apiUrl} is not followed: the token
   * would go with it.
   */
  List<JsonNode> list(String path, int maxPages) {
    List<JsonNode> all = new ArrayList<>();
    String next = path;
    for (int page = 0; page < maxPages && next != null; page++) {
      HostAnswer answer = get(next);
      answer.array().forEach(all::add);
      next = nextPath(answer).orElse(null);
    }
    if (next != null) {
      log.warn("list truncated host={} path={} pages={}", host, path, maxPages);
    }
    return all;
  }

  /** Sends a request and returns whatever status came back; only no answer at all fails here. */
  HostAnswer exchange(String method, String path, JsonNode body) {
    String request = method + " " + path;
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(apiUrl + path))
            .timeout(REQUEST_TIMEOUT)
            .method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    headers.forEach(builder::header);
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    Heartbeats.beat(host + " " + request);
    try {
      HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      String text = scrub(readLimited(response.body(), request));
      log.debug("code host answered host={} request={} status={}", host, request, response.statusCode());
      return new HostAnswer(host, apiUrl, request, response.statusCode(), response.headers(), text);
    } catch (IOException e) {
      throw ApplicationFailure.newFailureWithCause(
          host + " at " + apiUrl + " did not answer " + request + ": " + e, UNAVAILABLE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailureWithCause(
          host + " request " + request + " was interrupted (worker stopping)", UNAVAILABLE, e);
    }
  }

  /** The answer if it is 2xx, else the failure its status means. */
  HostAnswer check(HostAnswer answer) {
    if (answer.ok()) {
      return answer;
    }
    throw failure(answer);
  }

  /** The failure a non-2xx answer means for the retry policy. */
  ApplicationFailure failure(HostAnswer answer) {
    int status = answer.status();
    String said = host + " answered " + answer.request() + " with HTTP " + status + ": " + answer.complaint();
    Optional<Duration> limited = rateLimitDelay(answer);
    if (limited.isPresent()) {
      log.warn("code host rate limit host={} request={} status={} retryIn={}s",
          host, answer.request(), status, limited.get().toSeconds());
      return ApplicationFailure.newBuilder()
          .setMessage(said + " (rate limited; retrying in " + limited.get().toSeconds() + "s)")
          .setType(RATE_LIMITED)
          .setNextRetryDelay(limited.get())
          .build();
    }
    if (status >= 500) {
      return ApplicationFailure.newFailure(said, UNAVAILABLE);
    }
    if (status >= 300 && status < 400) {
      String location = answer.headers().firstValue("location").orElse("(no location)");
      return Failures.nonRetryable(Errors.CONFIG_INVALID, said + "; redirected to " + location
          + ": the repository was renamed or moved, or apiUrl " + apiUrl + " is not the API root; update the "
          + "code host config (redirects are not followed so the token stays with " + apiUrl + ")");
    }
    String fix = advice == null ? null : advice.apply(status);
    Errors type = status == 401 || status == 403 || status == 404 ? Errors.CONFIG_INVALID : Errors.INVALID_REQUEST;
    return Failures.nonRetryable(type, said + (fix == null ? "" : "; " + fix));
  }

  private Optional<Duration> rateLimitDelay(HostAnswer answer) {
    int status = answer.status();
    Optional<String> retryAfter = answer.headers().firstValue("retry-after");
    boolean exhausted = answer.headers().firstValue("x-ratelimit-remaining").map(String::trim).filter("0"::equals)
        .isPresent();
    // GitHub signals its primary limit with 403 + remaining 0, its secondary limit with 403 + Retry-After;
    // a 503 with Retry-After says when it expects to be back
    boolean limited = status == 429
        || (status == 403 && (exhausted || retryAfter.isPresent()))
        || (status == 503 && retryAfter.isPresent());
    if (!limited) {
      return Optional.empty();
    }
    Duration delay = retryAfter.flatMap(this::retryAfter)
        .or(() -> answer.headers().firstValue("x-ratelimit-reset").flatMap(this::untilEpochSecond))
        .or(() -> answer.headers().firstValue("ratelimit-reset").flatMap(this::untilEpochSecond))
        .orElse(DEFAULT_RATE_LIMIT_DELAY);
    if (delay.compareTo(Duration.ofSeconds(1)) < 0) {
      delay = Duration.ofSeconds(1);
    }
    return Optional.of(delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay);
  }

  /** Retry-After is either delay-seconds or an HTTP-date (RFC 9110). */
  private Optional<Duration> retryAfter(String value) {
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(Duration.between(clock.instant(), at));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Optional<Duration> untilEpochSecond(String value) {
    String v = value.trim();
    if (!v.matches("\\d{1,12}")) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(v))));
  }

  private Optional<String> nextPath(HostAnswer answer) {
    for (String link : answer.headers().allValues("link")) {
      Matcher m = NEXT_LINK.matcher(link);
      if (m.find()) {
        String url = m.group(1);
        if (url.startsWith(apiUrl + "/")) {
          return Optional.of(url.substring(apiUrl.length()));
        }
        log.warn("next page link outside the API not followed host={} request={}", host, answer.request());
      }
    }
    return Optional.empty();
  }

  private String readLimited(InputStream in, String request) throws IOException {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw Failures.nonRetryable(Errors.CONFIG_INVALID, host + " answered " + request + " with more than "
            + MAX_BODY_BYTES + " bytes; that is not an API answer selfheal asked for; check apiUrl " + apiUrl);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private String scrub(String text) {
    return secret == null || secret.isEmpty() ? text : text.replace(secret, "[token]");
  }

  /** A JSON object for a request body. */
  static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
