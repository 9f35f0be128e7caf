package dev.selfheal.activities.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.config.Autonomy;
import dev.selfheal.activities.config.HealthCheck;
import dev.selfheal.activities.config.LogFormat;
import dev.selfheal.activities.config.LogSource;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.config.Thresholds;
import dev.selfheal.workflows.messages.requests.DetectRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.Severity;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectActivitiesImplTest {
  private final DetectActivitiesImpl detect =
      new DetectActivitiesImpl(new ServiceCatalog(Map.of("report-service",
          new ServiceSpec("report-service", "/o.git", "main", "t", "/d", "d", null, Map.of(), HealthCheck.ofUrl("http://h"), null,
              List.of(new LogSource("/l", LogFormat.AUTO)), List.of(), Autonomy.SUGGEST, Thresholds.DEFAULT))));

  private static Alert alert(String service, String severity, Map<String, String> labels) {
    return new Alert("generic", service, "fp", "jobs failing", severity, null, "firing", labels, Map.of());
  }

  @Test
  void severityWordsMapToPriorities() {
    assertThat(detect.detect(new DetectRequest("i", alert("report-service", "critical", Map.of()))).severity()).isEqualTo(Severity.P1);
    assertThat(detect.detect(new DetectRequest("i", alert("report-service", "high", Map.of()))).severity()).isEqualTo(Severity.P2);
    assertThat(detect.detect(new DetectRequest("i", alert("report-service", "info", Map.of()))).severity()).isEqualTo(Severity.P3);
    assertThat(detect.detect(new DetectRequest("i", alert("report-service", "info", Map.of("priority", "p0")))).severity()).isEqualTo(Severity.P0);
  }

  @Test
  void theServicesAutonomyModeTravelsWithTheDetection() {
    assertThat(detect.detect(new DetectRequest("i", alert("report-service", "high", Map.of()))).autonomy()).isEqualTo("suggest");
  }

  @Test
  void unknownServiceIsANonRetryableFailureNamingTheKnownOnes() {
    assertThatThrownBy(() -> detect.detect(new DetectRequest("i", alert("billing", "high", Map.of()))))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("UNKNOWN_SERVICE");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("'billing'").contains("report-service");
        });
  }
}
