package dev.selfheal.starter.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvalCaseTest {
  private static final String TRUTH = """
      {"root_cause":{"service":"pay-api","component":"TLS cert","error_type":"SSLHandshakeException","file":null},
       "category":"config",
       "symptoms":[{"service":"edge","error_type":"HTTP_502"},{"service":"batch","error_type":null}],
       "why":"w",
       "frequency_baseline":{"service":"edge","error_type":"HTTP_502"}}
      """;

  @TempDir Path dir;

  @BeforeEach
  void aValidCase() throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("alert.json"),
        "{\"service\":\"edge\",\"title\":\"5xx\",\"severity\":\"high\",\"fingerprint\":\"f\",\"startsAt\":\"2026-01-05T10:00:00Z\"}");
    Files.writeString(dir.resolve("truth.json"), TRUTH);
    Files.writeString(dir.resolve("logs/pay-api.log"), "");
    Files.writeString(dir.resolve("logs/edge.access.log"), "");
    Files.writeString(dir.resolve("logs/batch.jsonl"), "");
    Files.writeString(dir.resolve("logs/.nfs0001"), "");
  }

  @Test
  void loadsAlertTruthAndLogFilesInNameOrder() throws Exception {
    EvalCase c = EvalCase.load(dir);

    assertThat(c.id()).isEqualTo(dir.getFileName().toString());
    assertThat(c.alert().service()).isEqualTo("edge");
    CaseTruth truth = c.truth();
    assertThat(truth.rootCause()).isEqualTo(new ServiceError("pay-api", "SSLHandshakeException"));
    assertThat(truth.component()).isEqualTo("TLS cert");
    assertThat(truth.file()).isNull();
    assertThat(truth.category()).isEqualTo("config");
    assertThat(truth.symptoms()).containsExactly(new ServiceError("edge", "HTTP_502"), new ServiceError("batch", null));
    assertThat(truth.frequencyBaseline()).isEqualTo(new ServiceError("edge", "HTTP_502"));
    assertThat(c.logFiles()).extracting(p -> p.getFileName().toString())
        .containsExactly("batch.jsonl", "edge.access.log", "pay-api.log");
  }

  @Test
  void anAlertmanagerNotificationGivesItsFirstAlert() throws Exception {
    Files.writeString(dir.resolve("alert.json"), """
        {"version":"4","alerts":[
          {"status":"firing","labels":{"alertname":"A","service":"edge"},"startsAt":"2026-01-05T10:00:00Z","fingerprint":"f1"},
          {"status":"firing","labels":{"alertname":"A","service":"pay-api"},"startsAt":"2026-01-05T10:01:00Z","fingerprint":"f2"}]}
        """);
    assertThat(EvalCase.load(dir).alert().fingerprint()).isEqualTo("f1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "truth not json|{|truth.json is not valid JSON",
        "truth an array|[]|truth.json must be a JSON object",
        "no root cause|{\"category\":\"code\"}|truth.json: field 'root_cause' must be an object",
        "no root service|{\"root_cause\":{\"error_type\":\"X\"},\"category\":\"code\",\"symptoms\":[],\"frequency_baseline\":{\"service\":\"a\"}}|truth.json: field 'root_cause.service' is required",
        "error type not text|{\"root_cause\":{\"service\":\"a\",\"error_type\":5},\"category\":\"code\",\"symptoms\":[],\"frequency_baseline\":{\"service\":\"a\"}}|truth.json: field 'root_cause.error_type' must be a non-empty string or null",
        "bad category|{\"root_cause\":{\"service\":\"a\"},\"category\":\"bad-luck\",\"symptoms\":[],\"frequency_baseline\":{\"service\":\"a\"}}|truth.json: field 'category' is 'bad-luck', not one of code, config",
        "symptoms not a list|{\"root_cause\":{\"service\":\"a\"},\"category\":\"code\",\"symptoms\":{},\"frequency_baseline\":{\"service\":\"a\"}}|truth.json: field 'symptoms' must be an array",
        "bad symptom|{\"root_cause\":{\"service\":\"a\"},\"category\":\"code\",\"symptoms\":[{\"error_type\":\"X\"}],\"frequency_baseline\":{\"service\":\"a\"}}|truth.json: field 'symptoms[0].service' is required",
        "no baseline|{\"root_cause\":{\"service\":\"a\"},\"category\":\"code\",\"symptoms\":[]}|truth.json: field 'frequency_baseline' must be an object",
      })
  void aBadTruthFileIsNamedWithItsField(String name, String truth, String expected) throws Exception {
    Files.writeString(dir.resolve("truth.json"), truth);
    assertThatThrownBy(() -> EvalCase.load(dir)).isInstanceOf(InvalidCaseException.class).hasMessageContaining(expected);
  }

  @Test
  void missingPartsAreNamed() throws Exception {
    Files.delete(dir.resolve("truth.json"));
    assertThatThrownBy(() -> EvalCase.load(dir)).hasMessage("truth.json is missing");

    Files.delete(dir.resolve("alert.json"));
    assertThatThrownBy(() -> EvalCase.load(dir)).hasMessage("alert.json is missing");
  }

  @Test
  void anAlertNoParserAcceptsIsNamed() throws Exception {
    Files.writeString(dir.resolve("alert.json"), "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{}}]}");
    assertThatThrownBy(() -> EvalCase.load(dir)).hasMessage("alert.json: field 'alerts[0].fingerprint' is required");
  }

  @Test
  void aCaseNeedsLogs() throws Exception {
    try (var files = Files.list(dir.resolve("logs"))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    assertThatThrownBy(() -> EvalCase.load(dir)).hasMessage("logs/ has no files");

    Files.delete(dir.resolve("logs"));
    assertThatThrownBy(() -> EvalCase.load(dir)).hasMessage("logs/ is missing");
  }
}
