package dev.selfheal.activities.logs;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access-log lines of nginx (and ingress-nginx), Envoy, HAProxy and AWS's Application Load Balancer. A 5xx answer is an ERROR whose error
 * type is {@code HTTP_<status>}, as the case README's baseline counts it; every other status is
 * INFO. The component is the upstream the proxy sent the request to, when the line names one.
 */
public final class AccessLogLines {
  /** nginx "combined" and the formats that start like it (ingress-nginx appends upstream fields). */
  private static final Pattern NGINX = Pattern.compile(
      "^\\S+ \\S+ \\S+ \\[(\\d{2})/([A-Za-z]{3})/(\\d{4}):(\\d{2}:\\d{2}:\\d{2}) ([+-]\\d{4})\\] "
          + "\"((?:[^\"\\\\]|\\\\.)*)\" (\\d{3}) ?(.*)$");

  /**
   * HAProxy's HTTP log after its syslog tag: client, accept date, frontend, backend/server,
   * timers, status, bytes, cookies, termination state, ..., the quoted request.
   */
  private static final Pattern HAPROXY = Pattern.compile(
      "^\\S+:\\d+ \\[[^\\]]+\\] \\S+ (\\S+/\\S+) [-+\\d/]+ (\\d{3}) [+\\d]+ \\S+ \\S+ (\\S{4}) .*?\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");

  /** ingress-nginx's {@code $proxy_upstream_name}: {@code [namespace-service-port]}. */
  private static final Pattern UPSTREAM_NAME = Pattern.compile("\\[([^\\]\\s]+)\\]");

  /** Envoy's default format after its {@code [start time]}: request, status, response flags. */
  private static final Pattern ENVOY = Pattern.compile("^\"((?:[^\"\\\\]|\\\\.)*)\" (\\d{1,3}) (\\S+)(.*)$");

  /** A quoted {@code host:port}: Envoy's upstream host. */
  private static final Pattern QUOTED_HOST_PORT = Pattern.compile("\"([\\w.-]+:\\d+)\"");

  /**
   * An AWS Application Load Balancer's access log: type, time, load balancer, client, target,
   * three timings, the balancer's status, the target's, bytes, then the quoted request.
   */
  private static final Pattern ALB = Pattern.compile(
      "^(?:https?|h2|grpcs|wss?) (\\d{4}-\\d{2}-\\d{2}T\\S+) \\S+ \\S+ (\\S+) \\S+ \\S+ \\S+ (\\d{3}) \\S+ \\d+ \\d+ \"((?:[^\"\\\\]|\\\\.)*)\".*$");

  private AccessLogLines() {}

  /** An ALB access line, or null when {@code line} is not one; a 502–504 the balancer made itself has no target. */
  static PlainTextHeader alb(String line) {
    Matcher m = ALB.matcher(line);
    if (!m.matches()) {
      return null;
    }
    Instant ts = JsonlLogReader.parseInstant(m.group(1));
    return ts == null ? null : header(ts, m.group(4), Integer.parseInt(m.group(3)), null, "-".equals(m.group(2)) ? null : m.group(2));
  }

  /** Whether {@code errorType} is a 5xx answer as these lines name it ({@code HTTP_503}). */
  public static boolean isServerError(String errorType) {
    return errorType != null && errorType.length() == 8 && errorType.startsWith("HTTP_5");
  }

  /** An nginx access line, or null when {@code line} is not one. */
  static PlainTextHeader nginx(String line) {
    Matcher m = NGINX.matcher(line);
    if (!m.matches()) {
      return null;
    }
    Instant ts = LogTimestamps.nginx(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
    if (ts == null) {
      return null;
    }
    Matcher upstream = UPSTREAM_NAME.matcher(m.group(8));
    String component = upstream.find() ? upstream.group(1) : null;
    return header(ts, m.group(6), Integer.parseInt(m.group(7)), null, component);
  }

  /** The message of an HAProxy syslog line, as an access record of {@code host}; null when it is not an HTTP log line. */
  static PlainTextHeader haproxy(Instant ts, String host, String message) {
    Matcher m = HAPROXY.matcher(message);
    if (!m.matches()) {
      return null;
    }
    String flags = m.group(3).equals("----") ? null : m.group(3);
    PlainTextHeader h = header(ts, m.group(4), Integer.parseInt(m.group(2)), flags, m.group(1));
    return new PlainTextHeader(h.ts(), h.level(), host, h.component(), h.message(), h.errorType(), null, null, null, null, false);
  }

  /** The part of an Envoy line after its timestamp, or null when it is not one. */
  static PlainTextHeader envoy(Instant ts, String rest) {
    Matcher m = ENVOY.matcher(rest);
    if (!m.matches()) {
      return null;
    }
    String component = null;
    Matcher host = QUOTED_HOST_PORT.matcher(m.group(4));
    while (host.find()) {
      component = host.group(1); // the last one: the upstream, after client and authority
    }
    String flags = m.group(3).equals("-") ? null : m.group(3);
    return header(ts, m.group(1), Integer.parseInt(m.group(2)), flags, component);
  }

  private static PlainTextHeader header(Instant ts, String request, int status, String flags, String component) {
    boolean failed = status >= 500;
    String message = request + " " + status + (flags == null ? "" : " " + flags);
    return new PlainTextHeader(ts, failed ? "ERROR" : "INFO", null, component, message,
        failed ? "HTTP_" + status : null, null, null, null, null, false);
  }
}
