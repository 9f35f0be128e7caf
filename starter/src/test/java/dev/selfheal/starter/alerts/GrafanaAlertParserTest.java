package dev.selfheal.starter.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrafanaAlertParserTest {
  private static final String VALID =
      "\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"service\":\"svc\"},"
          + "\"startsAt\":\"2026-03-02T10:00:00Z\",\"fingerprint\":\"f1\"";

  private static String oneAlert(String alertFields) {
    return "{\"version\":\"1\",\"orgId\":1,\"status\":\"firing\",\"alerts\":[{" + alertFields + "}]}";
  }

  @Test
  void theValidEntryUsedBelowParses() {
    assertThat(GrafanaAlertParser.parse(oneAlert(VALID))).singleElement()
        .satisfies(a -> assertThat(a.service()).isEqualTo("svc"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|{\"version\": |not valid JSON at line 1",
        "alertmanager version|{\"version\":\"4\",\"alerts\":[]}|field 'version' is '4'; only Grafana webhook version 1",
        "version as a number|{\"version\":1,\"alerts\":[]}|field 'version' must be a non-empty string",
        "no alerts|{\"version\":\"1\"}|field 'alerts' must be a non-empty array",
        "alerts an object|{\"version\":\"1\",\"alerts\":{}}|field 'alerts' must be a non-empty array",
        "no labels|{\"version\":\"1\",\"alerts\":[{\"status\":\"firing\"}]}|field 'alerts[0].labels' is required",
        "status normal|{\"version\":\"1\",\"alerts\":[{\"status\":\"normal\",\"labels\":{}}]}|field 'alerts[0].status' is 'normal'",
        "no fingerprint|{\"version\":\"1\",\"alerts\":[{\"status\":\"firing\",\"labels\":{}}]}|field 'alerts[0].fingerprint' is required",
        "no service label|{\"version\":\"1\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f\",\"labels\":{\"alertname\":\"A\"}}]}|field 'alerts[0].labels.service' is required",
        "unsafe service|{\"version\":\"1\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f\",\"labels\":{\"service\":\"../etc\"}}]}|field 'alerts[0].labels.service': service '../etc' is not a valid name",
      })
  void badNotificationsAreRefusedWithTheFieldNamed(String name, String body, String expected) {
    assertThatThrownBy(() -> GrafanaAlertParser.parse(body))
        .isInstanceOf(InvalidAlertException.class)
        .hasMessageContaining(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "script link|\"dashboardURL\":\"javascript:alert(1)\"|field 'alerts[0].dashboardURL' is 'javascript:alert(1)', not an absolute http(s) URL",
        "relative link|\"panelURL\":\"/d/abc\"|field 'alerts[0].panelURL' is '/d/abc', not an absolute http(s) URL",
        "link as a number|\"silenceURL\":7|field 'alerts[0].silenceURL' must be a non-empty string",
      })
  void linksMustBeHttpUrls(String name, String field, String expected) {
    assertThatThrownBy(() -> GrafanaAlertParser.parse(oneAlert(VALID + "," + field)))
        .isInstanceOf(InvalidAlertException.class)
        .hasMessageContaining(expected);
  }
}
