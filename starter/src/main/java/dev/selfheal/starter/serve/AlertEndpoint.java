package dev.selfheal.starter.serve;

import dev.selfheal.starter.alerts.AlertmanagerParser;
import dev.selfheal.starter.alerts.GenericAlertParser;
import dev.selfheal.starter.alerts.GrafanaAlertParser;
import dev.selfheal.starter.alerts.PagerDutyWebhookParser;
import dev.selfheal.starter.alerts.SentryIssueAlertParser;
import dev.selfheal.workflows.messages.values.Alert;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code POST /alerts/<format>} of the receiver: the parser for the format, the largest body
 * it takes, and the signature its sender can put on a body, if any. Alertmanager and Grafana
 * cannot sign bodies; they send the bearer token (their {@code authorization} / Authorization
 * header settings).
 */
enum AlertEndpoint {
  GENERIC("/alerts/generic", GenericAlertParser.MAX_BYTES, body -> List.of(GenericAlertParser.parse(body)), SignatureScheme.SELFHEAL),
  ALERTMANAGER("/alerts/alertmanager", AlertmanagerParser.MAX_BYTES, AlertmanagerParser::parse, null),
  GRAFANA("/alerts/grafana", GrafanaAlertParser.MAX_BYTES, GrafanaAlertParser::parse, null),
  SENTRY("/alerts/sentry", SentryIssueAlertParser.MAX_BYTES, body -> List.of(SentryIssueAlertParser.parse(body)), SignatureScheme.SENTRY),
  PAGERDUTY("/alerts/pagerduty", PagerDutyWebhookParser.MAX_BYTES, PagerDutyWebhookParser::parse, SignatureScheme.PAGERDUTY);

  private final String path;
  private final int maxBytes;
  private final Function<String, List<Alert>> parser;
  private final SignatureScheme signature;

  AlertEndpoint(String path, int maxBytes, Function<String, List<Alert>> parser, SignatureScheme signature) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.parser = parser;
    this.signature = signature;
  }

  String path() {
    return path;
  }

  /** The format's own limit; the receiver's --max-body may lower it. */
  int maxBytes() {
    return maxBytes;
  }

  /** @throws dev.selfheal.starter.alerts.InvalidAlertException naming the field */
  List<Alert> parse(String body) {
    return parser.apply(body);
  }

  Optional<SignatureScheme> signature() {
    return Optional.ofNullable(signature);
  }

  static Optional<AlertEndpoint> at(String path) {
    for (AlertEndpoint endpoint : values()) {
      if (endpoint.path.equals(path)) {
        return Optional.of(endpoint);
      }
    }
    return Optional.empty();
  }
}
