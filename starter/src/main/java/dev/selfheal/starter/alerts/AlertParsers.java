package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.workflows.messages.values.Alert;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Any alert body selfheal accepts: tells the generic alert and the Alertmanager, Grafana, Sentry
 * and PagerDuty webhooks apart by their shape, then hands the body to that format's parser, whose limits
 * and checks apply in full.
 */
public final class AlertParsers {
  /** The largest any format accepts; each parser applies its own limit after detection. */
  public static final int MAX_BYTES = IntStream.of(
      GenericAlertParser.MAX_BYTES, AlertmanagerParser.MAX_BYTES, GrafanaAlertParser.MAX_BYTES,
      SentryIssueAlertParser.MAX_BYTES, PagerDutyWebhookParser.MAX_BYTES).max().getAsInt();
  private static final AlertJson JSON = new AlertJson(MAX_BYTES, 32, 64 * 1024);

  private AlertParsers() {}

  /**
   * @return one alert, one per entry of an Alertmanager or Grafana notification, or none for a
   *     PagerDuty event that neither starts nor ends a failure
   * @throws InvalidAlertException naming what is wrong
   */
  public static List<Alert> parseAny(String body) {
    return switch (detect(JSON.read(body))) {
      case GENERIC -> List.of(GenericAlertParser.parse(body));
      case ALERTMANAGER -> AlertmanagerParser.parse(body);
      case GRAFANA -> GrafanaAlertParser.parse(body);
      case SENTRY -> List.of(SentryIssueAlertParser.parse(body));
      case PAGERDUTY -> PagerDutyWebhookParser.parse(body);
    };
  }

  static AlertFormat detect(JsonNode root) {
    if (root.has("alerts")) {
      // Grafana sends version "1" and its org; Alertmanager version "4"
      boolean grafana = root.has("orgId") || "1".equals(root.path("version").asText(null));
      return grafana ? AlertFormat.GRAFANA : AlertFormat.ALERTMANAGER;
    }
    if (root.path("event").isObject() && root.path("event").has("event_type")) {
      return AlertFormat.PAGERDUTY;
    }
    JsonNode data = root.get("data");
    if (data != null && (data.has("event") || data.has("issue"))) {
      return AlertFormat.SENTRY;
    }
    if (root.has("service")) {
      return AlertFormat.GENERIC;
    }
    throw new InvalidAlertException("alert format not recognised: expected a generic alert (field 'service'), "
        + "an Alertmanager or Grafana webhook (field 'alerts'), a Sentry webhook (field 'data.event' or 'data.issue') "
        + "or a PagerDuty V3 webhook (field 'event.event_type')");
  }
}
