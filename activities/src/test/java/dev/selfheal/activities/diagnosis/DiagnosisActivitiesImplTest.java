package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.workflows.messages.requests.DiagnoseRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.LogWindow;
import dev.selfheal.workflows.messages.values.RootCause;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class DiagnosisActivitiesImplTest {
  private static final Logger log = LoggerFactory.getLogger(DiagnosisActivitiesImplTest.class);
  private static final Instant INCIDENT = Instant.parse("2025-03-04T10:00:00Z");

  @TempDir Path tmp;

  private final DiagnosisActivitiesImpl activities = new DiagnosisActivitiesImpl();

  private static DiagnoseRequest request(Path window, long lines) {
    Alert alert = new Alert("generic", "report-service", "f1", "report jobs failing", "high",
        INCIDENT.plusSeconds(120).toString(), "firing", Map.of(), Map.of());
    return new DiagnoseRequest("inc-1", "report-service", alert,
        new LogWindow(window.toString(), lines, 0, 0, "sha"));
  }

  @Test
  void diagnosesTheReportServiceWithItsKnownFix() throws Exception {
    List<String> lines = ReportServiceLog.lines(INCIDENT, 10, 3);
    Path window = tmp.resolve("logs-window.jsonl");
    Files.write(window, lines);

    Diagnosis d = activities.diagnose(request(window, lines.size()));
    log.info("diagnosis={}", d);

    RootCause root = d.rootCause();
    assertThat(root.service()).isEqualTo("report-service");
    assertThat(root.errorType()).isEqualTo("java.io.FileNotFoundException");
    assertThat(root.component()).isEqualTo("dev.selfheal.example.report.TemplateLoader");
    assertThat(root.file()).isEqualTo("src/main/java/dev/selfheal/example/report/TemplateLoader.java");
    assertThat(root.line()).isEqualTo(31);
    assertThat(root.message()).startsWith("template not found: /tmp/");
    assertThat(d.recipeId()).isEqualTo("relocate-volatile-resource");
    assertThat(d.category()).isEqualTo("code");
    assertThat(d.confidence()).isBetween(0.7, 1.0);
    assertThat(d.summary())
        .contains("known fix: rule volatile-path-file-not-found")
        .contains("ReportDeliveryException in report-service ×30) is not the root");
    assertThat(String.join(" → ", d.causalChain())).isEqualTo(
        "java.io.FileNotFoundException in report-service (TemplateLoader) → ReportGenerationException → ReportDeliveryException ×3");
    assertThat(d.evidence()).hasSizeBetween(1, 8).allSatisfy(e -> assertThat(e.length()).isLessThanOrEqualTo(300));
    assertThat(d.alternatives()).singleElement().asString()
        .startsWith("java.net.SocketTimeoutException in report-service").contains("background");
  }

  @Test
  void noErrorRecordsIsNoDiagnosis() throws Exception {
    Path window = tmp.resolve("logs-window.jsonl");
    Files.write(window, List.of(
        "{\"ts\":\"2025-03-04T10:00:00Z\",\"level\":\"WARN\",\"service\":\"report-service\",\"message\":\"slow\"}",
        "garbage",
        "{\"ts\":\"2025-03-04T10:00:01Z\",\"level\":\"INFO\",\"service\":\"report-service\",\"message\":\"ok\"}"));

    assertThatThrownBy(() -> activities.diagnose(request(window, 3)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("NO_DIAGNOSIS");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).isEqualTo("no ERROR/FATAL records in 3 lines of " + window);
        });
  }

  @Test
  void aMissingWindowFileIsLogNotFound() {
    assertThatThrownBy(() -> activities.diagnose(request(tmp.resolve("gone.jsonl"), 0)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("LOG_NOT_FOUND"));
  }

  @Test
  void aDeployRightBeforeTheFirstFailureIsCalledOut() throws Exception {
    // the search case's jsonl, as one window: the deploy and its commit are named, and the cast's known fix
    Path dir = EvalCases.caseDir("search-deploy-regression");
    Path window = tmp.resolve("logs-window.jsonl");
    for (Path file : EvalCases.jsonlFiles(dir)) {
      Files.write(window, Files.readAllBytes(file), java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    Alert alert = new Alert("generic", "search-api", "f", "5xx", "critical", "2024-10-02T15:33:00Z", "firing", Map.of(), Map.of());
    Diagnosis d = activities.diagnose(new DiagnoseRequest("inc-2", "search-api", alert,
        new LogWindow(window.toString(), 0, 0, 0, "sha")));

    assertThat(d.rootCause().errorType()).isEqualTo("java.lang.ClassCastException");
    assertThat(d.category()).isEqualTo("deploy");
    assertThat(d.recipeId()).isEqualTo("widen-boxed-number-cast");
    assertThat(d.summary()).contains("began right after deploy 3.7.4 → 3.8.0").contains("(commit 9f3c2ab)")
        .contains("known fix: rule boxed-number-cast-mismatch");
  }
}
