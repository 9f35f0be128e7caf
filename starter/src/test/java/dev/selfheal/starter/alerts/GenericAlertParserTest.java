package dev.selfheal.starter.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.workflows.messages.values.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenericAlertParserTest {
  @Test
  void parsesTheSharedGenericAlert() throws Exception {
    Path shared = Path.of(System.getProperty("selfheal.home", "."), "..", "shared", "eval", "cases", "tmp-report-template-missing", "alert.json");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(shared), "shared eval cases not beside the checkout");
    Alert alert = GenericAlertParser.parse(Files.readString(shared));
    assertThat(alert.service()).isEqualTo("reports-api");
    assertThat(alert.fingerprint()).isEqualTo("c3f1e2a9b7d04e55");
    assertThat(alert.severity()).isEqualTo("high");
    assertThat(alert.labels()).containsEntry("team", "bi-platform");
    assertThat(alert.status()).isEqualTo("firing");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty body|'   '|alert body is empty",
        "not json|{\"service\": |not valid JSON at line 1",
        "array|[1,2]|must be a JSON object",
        "trailing garbage|{\"service\":\"a\"} x|not valid JSON",
        "missing service|{\"title\":\"t\",\"severity\":\"high\",\"fingerprint\":\"f\"}|field 'service' is required",
        "service not text|{\"service\":5,\"title\":\"t\",\"severity\":\"high\",\"fingerprint\":\"f\"}|field 'service' must be a non-empty string",
        "bad service name|{\"service\":\"../etc\",\"title\":\"t\",\"severity\":\"high\",\"fingerprint\":\"f\"}|service '../etc' is not a valid name",
        "missing fingerprint|{\"service\":\"a\",\"title\":\"t\",\"severity\":\"high\"}|field 'fingerprint' is required",
        "bad severity|{\"service\":\"a\",\"title\":\"t\",\"severity\":\"meh\",\"fingerprint\":\"f\"}|severity 'meh' is not one of",
        "bad time|{\"service\":\"a\",\"title\":\"t\",\"severity\":\"high\",\"fingerprint\":\"f\",\"startsAt\":\"yesterday\"}|startsAt 'yesterday' is not an ISO-8601 instant",
        "bad status|{\"service\":\"a\",\"title\":\"t\",\"severity\":\"high\",\"fingerprint\":\"f\",\"status\":\"maybe\"}|status 'maybe' is not firing or resolved",
        "unknown field|{\"service\":\"a\",\"title\":\"t\",\"severity\":\"high\",\"fingerprint\":\"f\",\"cmd\":\"rm\"}|unknown field 'cmd'",
        "nested label|{\"service\":\"a\",\"title\":\"t\",\"severity\":\"high\",\"fingerprint\":\"f\",\"labels\":{\"x\":{\"y\":1}}}|field 'labels.x' must be a string",
      })
  void badAlertsAreRefusedWithTheFieldNamed(String name, String body, String expected) {
    assertThatThrownBy(() -> GenericAlertParser.parse(body))
        .isInstanceOf(InvalidAlertException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void tooDeepBodyIsRefusedAsInvalidJson() {
    String body = "{\"labels\":" + "[".repeat(20) + "]".repeat(20) + "}";
    assertThatThrownBy(() -> GenericAlertParser.parse(body))
        .isInstanceOf(InvalidAlertException.class)
        .hasMessageContaining("not valid JSON").hasMessageContaining("nesting depth");
  }

  @Test
  void oversizedBodyIsRefused() {
    String body = "{\"title\":\"" + "x".repeat(GenericAlertParser.MAX_BYTES) + "\"}";
    assertThatThrownBy(() -> GenericAlertParser.parse(body)).hasMessageContaining("larger than");
  }

  @Test
  void oddFingerprintsMapToAStableSafeId() {
    Alert alert = GenericAlertParser.parse(
        "{\"service\":\"a\",\"title\":\"t\",\"severity\":\"info\",\"fingerprint\":\"x/y z\"}");
    String id = dev.selfheal.workflows.IncidentIds.incidentId(alert.service(), alert.fingerprint());
    assertThat(id).matches("incident-a-[0-9a-f]{16}");
    assertThat(dev.selfheal.workflows.IncidentIds.incidentId("a", "x/y z")).isEqualTo(id);
  }
}
