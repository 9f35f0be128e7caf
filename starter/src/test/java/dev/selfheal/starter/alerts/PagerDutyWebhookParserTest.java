package dev.selfheal.starter.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.workflows.messages.values.Alert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PagerDutyWebhookParserTest {
  private static String event(String eventType, String data) {
    return "{\"event\":{\"id\":\"e1\",\"event_type\":\"" + eventType + "\",\"resource_type\":\"incident\","
        + "\"occurred_at\":\"2026-03-02T11:04:17Z\",\"data\":" + data + "}}";
  }

  private static final String DATA = "{\"id\":\"Q1\",\"title\":\"t\",\"urgency\":\"low\",\"service\":{\"id\":\"PS1\",\"summary\":\"Search API\"}}";

  @Test
  void resolvedEventJoinsTheSameIncidentAsTheTrigger() {
    Alert triggered = PagerDutyWebhookParser.parse(event("incident.triggered", DATA)).get(0);
    Alert resolved = PagerDutyWebhookParser.parse(event("incident.resolved", DATA)).get(0);

    assertThat(triggered.status()).isEqualTo("firing");
    assertThat(resolved.status()).isEqualTo("resolved");
    // no incident_key: the PagerDuty incident id is the fingerprint, the same for both
    assertThat(resolved.fingerprint()).isEqualTo(triggered.fingerprint()).isEqualTo("Q1");
    assertThat(resolved.service()).isEqualTo("search-api");
    // low urgency without a default-scheme priority
    assertThat(triggered.severity()).isEqualTo("info");
    // no created_at: when the event occurred
    assertThat(triggered.startsAt()).isEqualTo("2026-03-02T11:04:17Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"incident.acknowledged", "incident.annotated", "incident.priority_updated", "incident.escalated"})
  void bookkeepingEventsRaiseNothing(String eventType) {
    assertThat(PagerDutyWebhookParser.parse(event(eventType, DATA))).isEmpty();
  }

  @Test
  void theSubscriptionPingRaisesNothing() {
    String ping = "{\"event\":{\"id\":\"01\",\"event_type\":\"pagey.ping\",\"resource_type\":\"pagey\","
        + "\"occurred_at\":\"2026-03-02T11:00:00Z\",\"data\":{\"message\":\"Hello from your friend Pagey!\",\"type\":\"ping\"}}}";
    assertThat(AlertParsers.parseAny(ping)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"Payments API, payments-api", "'  Checkout (EU) v2 ', checkout-eu-v2", "ledger..sync, ledger.sync", "A/B_Test.svc, a-b_test.svc"})
  void serviceIsTheHumanNameMadeSafe(String summary, String service) {
    assertThat(PagerDutyWebhookParser.serviceName(summary)).isEqualTo(service);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|{\"event\": |not valid JSON at line 1",
        "no event|{\"messages\":[]}|field 'event' is required",
        "event a string|{\"event\":\"incident.triggered\"}|field 'event' must be an object",
        "no event_type|{\"event\":{\"resource_type\":\"incident\"}}|field 'event.event_type' is required",
        "no resource_type|{\"event\":{\"event_type\":\"incident.triggered\"}}|field 'event.resource_type' is required",
        "trigger about a service|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"service\"}}|field 'event.resource_type' is 'service'",
        "no data|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\"}}|field 'event.data' is required",
        "no id|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"data\":{}}}|field 'event.data.id' is required",
        "no service|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"data\":{\"id\":\"Q\"}}}|field 'event.data.service' is required",
        "service without a name|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"data\":{\"id\":\"Q\",\"service\":{\"id\":\"P\"}}}}|field 'event.data.service.summary' is required",
        "service name with no letters|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"data\":{\"id\":\"Q\",\"service\":{\"id\":\"P\",\"summary\":\"???\"}}}}|field 'event.data.service.summary': service",
        "number a string|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"data\":{\"id\":\"Q\",\"number\":\"7\",\"service\":{\"id\":\"P\",\"summary\":\"a\"}}}}|field 'event.data.number' must be an integer",
        "no title|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"data\":{\"id\":\"Q\",\"urgency\":\"high\",\"service\":{\"id\":\"P\",\"summary\":\"a\"}}}}|field 'event.data.title' is required",
        "no urgency nor priority|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"data\":{\"id\":\"Q\",\"title\":\"t\",\"service\":{\"id\":\"P\",\"summary\":\"a\"}}}}|field 'event.data.urgency' is required",
        "no time|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"data\":{\"id\":\"Q\",\"title\":\"t\",\"urgency\":\"high\",\"service\":{\"id\":\"P\",\"summary\":\"a\"}}}}|field 'event.occurred_at' is required",
        "html_url not http|{\"event\":{\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"data\":{\"id\":\"Q\",\"html_url\":\"ftp://x/y\",\"service\":{\"id\":\"P\",\"summary\":\"a\"}}}}|field 'event.data.html_url' is 'ftp://x/y', not an absolute http(s) URL",
      })
  void badEventsAreRefusedWithTheFieldNamed(String name, String body, String expected) {
    assertThatThrownBy(() -> PagerDutyWebhookParser.parse(body))
        .isInstanceOf(InvalidAlertException.class)
        .hasMessageContaining(expected);
  }
}
