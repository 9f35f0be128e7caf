package dev.selfheal.starter.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.selfheal.starter.eval.SharedEvalCases;
import dev.selfheal.workflows.messages.values.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertParsersTest {
  @Test
  void eachFormatGoesToItsParser() {
    assertThat(AlertParsers.parseAny(
        "{\"service\":\"a\",\"title\":\"t\",\"severity\":\"info\",\"fingerprint\":\"f\"}"))
        .singleElement().satisfies(a -> assertThat(a.source()).isEqualTo("generic"));
    assertThat(AlertParsers.parseAny("""
        {"version":"4","alerts":[
          {"status":"firing","labels":{"alertname":"A","service":"a"},"startsAt":"2026-01-01T00:00:00Z","fingerprint":"f1"},
          {"status":"firing","labels":{"alertname":"A","service":"b"},"startsAt":"2026-01-01T00:00:00Z","fingerprint":"f2"}]}
        """)).extracting(Alert::source, Alert::service)
        .containsExactly(tuple("alertmanager", "a"), tuple("alertmanager", "b"));
    assertThat(AlertParsers.parseAny("""
        {"action":"created","data":{"issue":{"id":"9","title":"t","level":"warning",
          "firstSeen":"2026-01-01T00:00:00Z","project":{"slug":"a"}}}}
        """)).singleElement().satisfies(a -> assertThat(a.source()).isEqualTo("sentry"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty|'  '|alert body is empty",
        "not json|{\"service\": |not valid JSON at line 1",
        "array|[1]|alert must be a JSON object",
        "unknown shape|{\"title\":\"t\"}|alert format not recognised",
        // detection only picks the parser; that parser's checks still apply in full
        "generic with an unknown field|{\"service\":\"a\",\"title\":\"t\",\"severity\":\"info\",\"fingerprint\":\"f\",\"x\":1}|unknown field 'x'",
        "alertmanager without version|{\"alerts\":[]}|field 'version' is required",
        "sentry without action|{\"data\":{\"event\":{}}}|field 'action' is required",
      })
  void badBodiesAreRefusedWithTheFieldNamed(String name, String body, String expected) {
    assertThatThrownBy(() -> AlertParsers.parseAny(body))
        .isInstanceOf(InvalidAlertException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void aGenericAlertKeepsItsOwnSmallerLimit() {
    String body = "{\"service\":\"a\",\"title\":\"" + "x".repeat(GenericAlertParser.MAX_BYTES) + "\"}";
    assertThatThrownBy(() -> AlertParsers.parseAny(body)).hasMessageContaining("larger than " + GenericAlertParser.MAX_BYTES);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "catalog-null-unit-price, sentry, invoice-service, 5812203341, high, 2024-09-03T06:41:12.338Z",
    "ledger-tls-cert-expired, alertmanager, payments-api, 2b7e4c1d9a0f3e68, critical, 2024-06-01T00:02:00Z",
    "orders-db-pool-exhausted, alertmanager, checkout-service, 9f1c2e7a5b3d6084, critical, 2024-05-14T13:54:30Z",
    "pg-backup-fills-data-volume, alertmanager, inventory-service, 0e6b3c9d2a7f4158, critical, 2024-10-12T06:44:00Z",
    "pricing-config-push-npe, generic, cart-service, 51ad0c7e93b2f4a6, high, 2024-07-09T10:17:00Z",
    "search-deploy-regression, generic, search-api, ad41c7e2f05b9d13, critical, 2024-10-02T15:33:00Z",
    "session-store-oomkilled, alertmanager, web-bff, 7c2d9e0a4b1f5e36, high, 2024-08-20T03:33:00Z",
    "tmp-report-template-missing, generic, reports-api, c3f1e2a9b7d04e55, high, 2024-03-04T03:16:00Z",
  })
  void everySharedCaseAlertParses(String caseId, String source, String service, String fingerprint, String severity,
      String startsAt) throws Exception {
    Path file = SharedEvalCases.dir().resolve(caseId).resolve("alert.json");
    List<Alert> alerts = AlertParsers.parseAny(Files.readString(file));

    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.source()).isEqualTo(source);
      assertThat(a.service()).isEqualTo(service);
      assertThat(a.fingerprint()).isEqualTo(fingerprint);
      assertThat(a.severity()).isEqualTo(severity);
      assertThat(a.startsAt()).isEqualTo(startsAt);
      assertThat(a.status()).isEqualTo("firing");
    });
  }
}
