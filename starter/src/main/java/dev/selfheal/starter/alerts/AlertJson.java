package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.workflows.IncidentIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an untrusted alert body within limits, and its fields by path ({@code
 * alerts[0].labels.service}), so every error names the field it is about.
 */
final class AlertJson {
  private final int maxBytes;
  private final ObjectMapper json = new ObjectMapper();

  AlertJson(int maxBytes, int maxNestingDepth, int maxStringLength) {
    this.maxBytes = maxBytes;
    json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(maxNestingDepth).maxStringLength(maxStringLength).build());
    json.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The body as a JSON object. */
  JsonNode read(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidAlertException("alert body is empty");
    }
    if (body.length() > maxBytes) {
      throw new InvalidAlertException("alert body is larger than " + maxBytes + " bytes");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      // a broken limit (depth, string length) has no location
      JsonLocation at = e.getLocation();
      throw new InvalidAlertException("alert is not valid JSON"
          + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
          + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidAlertException("alert must be a JSON object");
    }
    return root;
  }

  /** A non-empty string, or null when absent and not required. */
  /**
   * The {@code alerts} array of a grouped webhook (Alertmanager, Grafana) whose {@code version}
   * is the one understood.
   *
   * @throws InvalidAlertException naming the field that is wrong
   */
  static JsonNode groupedAlerts(JsonNode root, String version, String sender) {
    String given = text(root.get("version"), "version", true);
    if (!given.equals(version)) {
      throw new InvalidAlertException("field 'version' is '" + given + "'; only " + sender + " webhook version " + version
          + " is understood");
    }
    JsonNode entries = root.get("alerts");
    if (entries == null || !entries.isArray() || entries.isEmpty()) {
      throw new InvalidAlertException("field 'alerts' must be a non-empty array");
    }
    return entries;
  }

  static String text(JsonNode value, String field, boolean required) {
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidAlertException("field '" + field + "' is required");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidAlertException("field '" + field + "' must be a non-empty string");
    }
    return value.asText();
  }

  /** An object, or null when absent and not required. */
  static JsonNode object(JsonNode value, String field, boolean required) {
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidAlertException("field '" + field + "' is required");
      }
      return null;
    }
    if (!value.isObject()) {
      throw new InvalidAlertException("field '" + field + "' must be an object");
    }
    return value;
  }

  /** An object whose values are all scalars, as strings; empty when absent. */
  static Map<String, String> strings(JsonNode value, String field) {
    Map<String, String> strings = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return strings;
    }
    if (!value.isObject()) {
      throw new InvalidAlertException("field '" + field + "' must be an object of strings");
    }
    value.fields().forEachRemaining(e -> {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new InvalidAlertException("field '" + field + "." + e.getKey() + "' must be a string");
      }
      strings.put(e.getKey(), e.getValue().asText());
    });
    return strings;
  }

  /** A required RFC 3339 time (any fraction, any offset, as Go and Python write them) as a UTC instant. */
  static String instant(JsonNode value, String field) {
    String text = text(value, field, true);
    try {
      return OffsetDateTime.parse(text).toInstant().toString();
    } catch (DateTimeException e) {
      throw new InvalidAlertException("field '" + field + "' is '" + text + "', not an RFC 3339 time like 2026-11-23T10:00:00Z");
    }
  }

  /**
   * Puts an http(s) link under {@code name}; absent, null or "" (how Grafana writes an unset
   * URL) is no link. Links end up as clickable text in the Web UI, so other schemes are refused.
   */
  static void link(Map<String, String> links, String name, JsonNode value, String field) {
    if (value != null && value.isTextual() && value.asText().isEmpty()) {
      return;
    }
    String url = text(value, field, false);
    if (url == null) {
      return;
    }
    // senders put PromQL in query strings unencoded ({, ", spaces): encoded, such a link is fine
    String encoded = encodeUnsafe(url);
    try {
      URI uri = new URI(encoded);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        links.put(name, encoded);
        return;
      }
    } catch (URISyntaxException e) {
      // the message below says what is expected
    }
    throw new InvalidAlertException("field '" + field + "' is '" + url + "', not an absolute http(s) URL");
  }

  /** {@code url} with the characters a URI may not carry raw (space, quotes, braces, ...) percent-encoded. */
  static String encodeUnsafe(String url) {
    StringBuilder out = new StringBuilder(url.length());
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      boolean strayPercent = c == '%' && !(i + 2 < url.length() && isHex(url.charAt(i + 1)) && isHex(url.charAt(i + 2)));
      if (c <= ' ' || c >= 0x7f || "\"<>{}|\\^`".indexOf(c) >= 0 || strayPercent) {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  /** A service name fit for incident ids, refs and paths; the error says where it came from. */
  static String service(String service, String field) {
    try {
      IncidentIds.requireService(service);
    } catch (IllegalArgumentException e) {
      throw new InvalidAlertException("field '" + field + "': " + e.getMessage());
    }
    return service;
  }
}
