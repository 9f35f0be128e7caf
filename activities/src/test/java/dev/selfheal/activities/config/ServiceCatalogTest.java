package dev.selfheal.activities.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCatalogTest {
  private static final String SERVICE = """
      services:
        payments:
          origin: /srv/git/payments.git
          testCommand: ./test.sh
          deploy: {dir: /srv/payments, command: ./deploy.sh}
          health: http://127.0.0.1:8080/health
          logs: [/var/log/payments.jsonl]
      """;

  @TempDir Path dir;

  @Test
  void aServiceMaySetItsOwnConfidenceGate() throws Exception {
    Path file = Files.writeString(dir.resolve("services.yaml"), SERVICE + "    minConfidence: 0.9\n");
    assertThat(ServiceCatalog.load(file).require("payments").minConfidence()).isEqualTo(0.9);
    Path none = Files.writeString(dir.resolve("none.yaml"), SERVICE);
    assertThat(ServiceCatalog.load(none).require("payments").minConfidence()).isNull();
  }

  @Test
  void aGateOutsideZeroToOneIsRefusedNamingTheField() throws Exception {
    for (String bad : new String[] {"1.5", "-0.1", "high"}) {
      Path file = Files.writeString(dir.resolve("services.yaml"), SERVICE + "    minConfidence: " + bad + "\n");
      assertThatThrownBy(() -> ServiceCatalog.load(file)).as(bad)
          .hasMessageContaining("services.payments.minConfidence: must be a number from 0 to 1");
    }
  }
}
