package dev.selfheal.starter.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.messages.values.Alert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each vendor's sample payload, through the detection a file given to {@code start --alert} takes. */
class VendorSamplesTest {
  @Test
  void alertmanagerGroupBecomesOneAlertPerEntryWithGeneratorAndSenderLinks() {
    List<Alert> alerts = AlertParsers.parseAny(SampleAlerts.read("alertmanager"));

    assertThat(alerts).extracting(Alert::source).containsOnly("alertmanager");
    assertThat(alerts).extracting(Alert::service).containsExactly("checkout-service", "payment-gateway");
    assertThat(alerts).extracting(Alert::status).containsExactly("firing", "resolved");
    assertThat(alerts.get(0).severity()).isEqualTo("critical");
    assertThat(alerts.get(0).title()).isEqualTo("checkout-service burns its 30d error budget 14x too fast");
    assertThat(alerts.get(0).links())
        .containsEntry("alertmanager", "http://alertmanager.monitoring.svc:9093")
        .hasEntrySatisfying("generator", url -> assertThat(url).startsWith("http://prometheus.monitoring.svc:9090/graph?g0.expr="));
  }

  @Test
  void grafanaNotificationKeepsDashboardPanelAndSilenceLinksAndSkipsEmptyOnes() {
    List<Alert> alerts = AlertParsers.parseAny(SampleAlerts.read("grafana"));

    assertThat(alerts).extracting(Alert::source).containsOnly("grafana");
    Alert latency = alerts.get(0);
    assertThat(latency.service()).isEqualTo("basket-api");
    assertThat(latency.fingerprint()).isEqualTo("a91d3c7e5f204b68");
    assertThat(latency.title()).isEqualTo("basket-api p99 latency above 1.5s for 10m");
    assertThat(latency.severity()).isEqualTo("high");
    assertThat(latency.status()).isEqualTo("firing");
    assertThat(latency.startsAt()).isEqualTo("2026-03-02T09:12:00Z");
    assertThat(latency.labels()).containsEntry("grafana_folder", "Storefront");
    assertThat(latency.links()).containsOnlyKeys("generator", "dashboard", "panel", "silence");
    assertThat(latency.links().get("panel")).endsWith("viewPanel=7");

    Alert cache = alerts.get(1);
    assertThat(cache.service()).isEqualTo("image-proxy");
    assertThat(cache.title()).isEqualTo("Image proxy cache misses");
    assertThat(cache.severity()).isEqualTo("warning");
    assertThat(cache.status()).isEqualTo("resolved");
    // Grafana writes "" for a rule without a dashboard: no link, not an error
    assertThat(cache.links()).containsOnlyKeys("generator", "silence");
  }

  @Test
  void sentryIssueAlertLinksToTheEventPageAndItsApiResource() {
    Alert alert = AlertParsers.parseAny(SampleAlerts.read("sentry")).get(0);

    assertThat(alert.source()).isEqualTo("sentry");
    assertThat(alert.service()).isEqualTo("invoice-service");
    assertThat(alert.fingerprint()).isEqualTo("6021337459");
    assertThat(alert.severity()).isEqualTo("high");
    assertThat(alert.links())
        .containsEntry("sentry", "https://acme.sentry.io/issues/6021337459/events/e4874d664c3540c1a32eab185f12c5ab/")
        .containsEntry("sentry_api", "https://sentry.io/api/0/projects/acme/invoice-service/events/e4874d664c3540c1a32eab185f12c5ab/");
  }

  @Test
  void pagerDutyTriggeredIncidentIsOneAlertKeyedByItsIncidentKey() {
    Alert alert = AlertParsers.parseAny(SampleAlerts.read("pagerduty")).get(0);

    assertThat(alert.source()).isEqualTo("pagerduty");
    assertThat(alert.service()).isEqualTo("payments-api");
    assertThat(alert.fingerprint()).isEqualTo("payments-api-settlement-timeouts");
    assertThat(alert.title()).isEqualTo("Settlement batch timing out against the ledger");
    assertThat(alert.severity()).isEqualTo("high");
    assertThat(alert.startsAt()).isEqualTo("2026-03-02T11:04:16Z");
    assertThat(alert.status()).isEqualTo("firing");
    assertThat(alert.labels())
        .containsEntry("pagerduty_incident", "Q2ZR1V4Y8KJ3DN")
        .containsEntry("pagerduty_number", "4127")
        .containsEntry("pagerduty_priority", "P2")
        .containsEntry("urgency", "high");
    assertThat(alert.links()).isEqualTo(Map.of("pagerduty", "https://acme.pagerduty.com/incidents/Q2ZR1V4Y8KJ3DN"));
  }

  @Test
  void genericAlertCarriesItsOwnLinks() {
    Alert alert = AlertParsers.parseAny(SampleAlerts.read("generic")).get(0);

    assertThat(alert.source()).isEqualTo("cron-monitor");
    assertThat(alert.service()).isEqualTo("report-service");
    assertThat(alert.links()).containsEntry("runbook", "https://runbooks.example.com/reports/nightly");
  }
}
