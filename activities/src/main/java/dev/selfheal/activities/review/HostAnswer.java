package dev.selfheal.activities.review;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.Failures;
import dev.selfheal.workflows.Errors;
import java.net.http.HttpHeaders;

/**
 * One answer from a code host's API. The body is untrusted: reading a field that is missing or of
 * the wrong kind fails with a message naming the request and the field, never with a null.
 *
 * @param host {@code GitHub} or {@code GitLab}, for messages
 * @param request method and path, e.g. {@code GET /repos/o/r/pulls?head=…}; never holds the token
 */
record HostAnswer(String host, String apiUrl, String request, int status, HttpHeaders headers, String body) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXCERPT_CHARS = 200;

  boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The body as JSON; a body that is not JSON is a host (or an apiUrl) that is not the API. */
  JsonNode json() {
    if (body == null || body.isBlank()) {
      throw unexpected("an empty body");
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw unexpected("an empty body");
      }
      return node;
    } catch (JacksonException e) {
      String type = headers.firstValue("content-type").orElse("no content type");
      throw unexpected("a body that is not JSON (" + type + ", starting '" + excerpt() + "')");
    }
  }

  /** The body as a JSON array, as list endpoints answer. */
  JsonNode array() {
    JsonNode node = json();
    if (!node.isArray()) {
      throw unexpected("JSON that is not a list");
    }
    return node;
  }

  /** The body as a JSON object. */
  JsonNode object() {
    JsonNode node = json();
    if (!node.isObject()) {
      throw unexpected("JSON that is not an object");
    }
    return node;
  }

  /** A text field of {@code node} (a part of this answer) that must be there. */
  String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw unexpected("no text field '" + field + "'");
    }
    return value.asText();
  }

  /** A positive whole-number field of {@code node} that must be there (PR numbers, MR iids). */
  long number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() <= 0) {
      throw unexpected("no positive number field '" + field + "'");
    }
    return value.asLong();
  }

  /** What the host said went wrong: its JSON {@code message}, or the start of the body. */
  String complaint() {
    try {
      JsonNode node = JSON.readTree(body == null ? "" : body);
      if (node != null) {
        JsonNode message = node.has("message") ? node.get("message") : node.path("error");
        if (!message.isMissingNode() && !message.isNull()) {
          String text = message.isTextual() ? message.asText() : message.toString();
          JsonNode errors = node.path("errors");
          return clip(errors.isArray() && !errors.isEmpty() ? text + " " + errors : text);
        }
      }
    } catch (JacksonException notJson) {
      // fall through to the raw excerpt
    }
    return excerpt();
  }

  private String excerpt() {
    return clip(body == null ? "" : body);
  }

  private static String clip(String text) {
    String flat = text.replaceAll("[\\p{Cntrl}&&[^\\t]]", " ").strip();
    return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "…";
  }

  private RuntimeException unexpected(String what) {
    return Failures.nonRetryable(
        Errors.CONFIG_INVALID,
        host + " answered " + request + " (HTTP " + status + ") with " + what + "; check that apiUrl " + apiUrl
            + " is the API root (e.g. https://api.github.com, https://HOST/api/v3, https://HOST/api/v4)");
  }
}
