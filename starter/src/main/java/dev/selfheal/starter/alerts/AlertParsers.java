package dev.selfheal.starter.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.workflows.messages.values.Alert;
import java.util.List;

/**
 * Any alert body selfheal accepts: tells the generic alert, an Alertmanager webhook and a Sentry
 * issue webhook apart by their shape, then hands the body to that format's parser, whose limits
 * and checks apply in full.
 */
public final class AlertParsers {
  /** The largest any format accepts; each parser applies its own limit after detection. */
  public static final int MAX_BYTES =
      Math.max(GenericAlertParser.MAX_BYTES, Math.max(AlertmanagerParser.MAX_BYTES, SentryIssueAlertParser.MAX_BYTES));
  private static final AlertJson JSON = new AlertJson(MAX_BYTES, 32, 64 * 1024);

  private AlertParsers() {}

  /**
   * @return one alert, or one per entry of an Alertmanager notification
   * @throws InvalidAlertException naming what is wrong
   */
  public static List<Alert> parseAny(String body) {
    return switch (detect(JSON.read(body))) {
      case GENERIC -> List.of(GenericAlertParser.parse(body));
      case ALERTMANAGER -> AlertmanagerParser.parse(body);
      case SENTRY -> List.of(SentryIssueAlertParser.parse(body));
    };
  }

  static AlertFormat detect(JsonNode root) {
    if (root.has("alerts")) {
      return AlertFormat.ALERTMANAGER;
    }
    JsonNode data = root.get("data");
    if (data != null && (data.has("event") || data.has("issue"))) {
      return AlertFormat.SENTRY;
    }
    if (root.has("service")) {
      return AlertFormat.GENERIC;
    }
    throw new InvalidAlertException("alert format not recognised: expected a generic alert (field 'service'), "
        + "an Alertmanager webhook (field 'alerts') or a Sentry webhook (field 'data.event' or 'data.issue')");
  }
}
