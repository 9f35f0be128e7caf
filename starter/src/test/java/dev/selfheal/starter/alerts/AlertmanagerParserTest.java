package dev.selfheal.starter.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.workflows.messages.values.Alert;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertmanagerParserTest {
  /** A version-4 notification as Alertmanager's webhook_config documents it: one group, three alerts. */
  private static final String GROUP = """
      {
        "version": "4",
        "groupKey": "{}/{team=\\"storefront\\"}:{alertname=\\"HighErrorRate\\"}",
        "truncatedAlerts": 0,
        "status": "firing",
        "receiver": "storefront-pager",
        "groupLabels": {"alertname": "HighErrorRate"},
        "commonLabels": {"alertname": "HighErrorRate", "team": "storefront"},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager.example:9093",
        "alerts": [
          {
            "status": "firing",
            "labels": {"alertname": "HighErrorRate", "service": "basket-api", "severity": "page", "team": "storefront"},
            "annotations": {"summary": "basket-api 5xx above 5% for 10m", "runbook_url": "https://runbooks.example/basket"},
            "startsAt": "2026-02-11T08:15:30.123456789+01:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example:9090/graph?g0.expr=x",
            "fingerprint": "4f1e0c2b9a7d3e11"
          },
          {
            "status": "resolved",
            "labels": {"alertname": "HighErrorRate", "job": "stock-sync", "team": "storefront"},
            "annotations": {},
            "startsAt": "2026-02-11T07:00:00Z",
            "endsAt": "2026-02-11T07:20:00Z",
            "generatorURL": "http://prometheus.example:9090/graph?g0.expr=y",
            "fingerprint": "8a2d6b0e4c1f9a33"
          },
          {
            "status": "firing",
            "labels": {"alertname": "HighErrorRate", "app": "image-proxy", "severity": "minor"},
            "startsAt": "2026-02-11T07:05:00Z",
            "fingerprint": "0b3c5d7e9f1a2b44"
          }
        ]
      }
      """;

  @Test
  void oneAlertPerEntryWithServiceFromServiceJobOrApp() {
    List<Alert> alerts = AlertmanagerParser.parse(GROUP);

    assertThat(alerts).extracting(Alert::service).containsExactly("basket-api", "stock-sync", "image-proxy");
    assertThat(alerts).extracting(Alert::source).containsOnly("alertmanager");
    assertThat(alerts).extracting(Alert::fingerprint)
        .containsExactly("4f1e0c2b9a7d3e11", "8a2d6b0e4c1f9a33", "0b3c5d7e9f1a2b44");
    assertThat(alerts).extracting(Alert::status).containsExactly("firing", "resolved", "firing");
    // "page" is critical; no severity label is a warning; "minor" is a warning
    assertThat(alerts).extracting(Alert::severity).containsExactly("critical", "warning", "warning");
    // the summary annotation is the title where there is one, else the rule's name
    assertThat(alerts).extracting(Alert::title)
        .containsExactly("basket-api 5xx above 5% for 10m", "HighErrorRate", "HighErrorRate");
    // RFC 3339 with nanoseconds and an offset becomes a UTC instant
    assertThat(alerts.get(0).startsAt()).isEqualTo("2026-02-11T07:15:30.123456789Z");
    assertThat(alerts.get(0).labels()).containsEntry("team", "storefront").containsEntry("severity", "page");
  }

  private static String oneAlert(String alertFields) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{" + alertFields + "}]}";
  }

  private static final String VALID =
      "\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"service\":\"svc\"},"
          + "\"startsAt\":\"2026-02-11T07:00:00Z\",\"fingerprint\":\"f1\"";

  @Test
  void theValidEntryUsedBelowParses() {
    assertThat(AlertmanagerParser.parse(oneAlert(VALID))).singleElement()
        .satisfies(a -> assertThat(a.service()).isEqualTo("svc"));
  }

  @Test
  void aGeneratorUrlWithRawPromQlIsKeptEncodedAndAnUnsafeSchemeIsStillRefused() {
    String raw = "http://prometheus.monitoring:9090/graph?g0.expr=sum(rate(x{route=\\\"cart items\\\",code=~\\\"5..\\\"}[5m]))>0.03&g0.pct=50%";
    assertThat(AlertmanagerParser.parse(oneAlert(VALID + ",\"generatorURL\":\"" + raw + "\""))).singleElement()
        .satisfies(a -> assertThat(a.links()).containsEntry("generator",
            "http://prometheus.monitoring:9090/graph?g0.expr=sum(rate(x%7Broute=%22cart%20items%22,code=~%225..%22%7D[5m]))%3E0.03"
                + "&g0.pct=50%25"));
    assertThatThrownBy(() -> AlertmanagerParser.parse(oneAlert(VALID + ",\"generatorURL\":\"javascript:alert({1})\"")))
        .isInstanceOf(InvalidAlertException.class).hasMessageContaining("not an absolute http(s) URL");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|{\"version\": |not valid JSON at line 1",
        "no version|{\"alerts\":[]}|field 'version' is required",
        "version 3|{\"version\":\"3\",\"alerts\":[]}|field 'version' is '3'",
        "no alerts|{\"version\":\"4\"}|field 'alerts' must be a non-empty array",
        "empty alerts|{\"version\":\"4\",\"alerts\":[]}|field 'alerts' must be a non-empty array",
        "entry not an object|{\"version\":\"4\",\"alerts\":[\"x\"]}|field 'alerts[0]' must be an object",
        "no labels|{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\"}]}|field 'alerts[0].labels' is required",
        "nested label|{\"version\":\"4\",\"alerts\":[{\"labels\":{\"service\":{\"x\":1}}}]}|field 'alerts[0].labels.service' must be a string",
        "no service|{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f\",\"labels\":{\"alertname\":\"A\"}}]}|field 'alerts[0].labels.service' is required (or label 'job' or 'app')",
        "bad job name|{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f\",\"labels\":{\"job\":\"Node Exporter\"}}]}|field 'alerts[0].labels.job': service 'Node Exporter' is not a valid name",
        "no fingerprint|{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"service\":\"a\"}}]}|field 'alerts[0].fingerprint' is required",
        "bad status|{\"version\":\"4\",\"alerts\":[{\"status\":\"pending\",\"labels\":{\"service\":\"a\"}}]}|field 'alerts[0].status' is 'pending'",
        "no title|{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f\",\"labels\":{\"service\":\"a\"}}]}|field 'alerts[0].labels.alertname' is required (or annotation 'summary')",
        "bad severity|{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f\",\"labels\":{\"service\":\"a\",\"alertname\":\"A\",\"severity\":\"sev9\"}}]}|field 'alerts[0].labels.severity': severity 'sev9' is not a known word",
        "no startsAt|{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f\",\"labels\":{\"service\":\"a\",\"alertname\":\"A\"}}]}|field 'alerts[0].startsAt' is required",
        "bad startsAt|{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f\",\"labels\":{\"service\":\"a\",\"alertname\":\"A\"},\"startsAt\":\"2026-02-11 07:00\"}]}|field 'alerts[0].startsAt' is '2026-02-11 07:00', not an RFC 3339 time",
        "annotations not an object|{\"version\":\"4\",\"alerts\":[{\"labels\":{\"service\":\"a\"},\"annotations\":[1]}]}|field 'alerts[0].annotations' must be an object of strings",
      })
  void badNotificationsAreRefusedWithTheFieldNamed(String name, String body, String expected) {
    assertThatThrownBy(() -> AlertmanagerParser.parse(body))
        .isInstanceOf(InvalidAlertException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void theSecondBadEntryIsNamedByItsIndex() {
    String body = "{\"version\":\"4\",\"alerts\":[{" + VALID + "},{\"status\":\"firing\",\"fingerprint\":\"f2\",\"labels\":{}}]}";
    assertThatThrownBy(() -> AlertmanagerParser.parse(body)).hasMessageContaining("field 'alerts[1].labels.service' is required");
  }

  @Test
  void oversizedAndTooDeepBodiesAreRefused() {
    String big = oneAlert(VALID + ",\"annotations\":{\"summary\":\"" + "x".repeat(AlertmanagerParser.MAX_BYTES) + "\"}");
    assertThatThrownBy(() -> AlertmanagerParser.parse(big)).hasMessageContaining("larger than " + AlertmanagerParser.MAX_BYTES);
    String deep = oneAlert(VALID + ",\"x\":" + "[".repeat(20) + "]".repeat(20));
    assertThatThrownBy(() -> AlertmanagerParser.parse(deep)).hasMessageContaining("not valid JSON").hasMessageContaining("depth");
  }
}
