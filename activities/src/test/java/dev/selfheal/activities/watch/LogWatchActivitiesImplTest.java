package dev.selfheal.activities.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.activities.LogWatchActivities;
import dev.selfheal.workflows.messages.requests.TailRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.LogSource;
import dev.selfheal.workflows.messages.values.LogWatchCheckpoint;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWatchActivitiesImplTest {
  @TempDir Path dir;
  private TestActivityEnvironment env;
  private LogWatchActivities watch;
  private final List<Alert> raised = new CopyOnWriteArrayList<>();
  private Path log;

  @BeforeEach
  void setUp() throws IOException {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new LogWatchActivitiesImpl(client -> alert -> {
      raised.add(alert);
      return "incident-" + alert.service() + "-" + alert.fingerprint();
    }, Duration.ofMillis(50), Clock.systemUTC()));
    watch = env.newActivityStub(LogWatchActivities.class);
    log = dir.resolve("orders.log");
    Files.writeString(log, "");
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private TailRequest tail(LogWatchCheckpoint from) {
    return new TailRequest("logwatch-orders", "orders", List.of(new LogSource(log.toString(), "auto")), 3, 600, 1, from);
  }

  private void error(int second, String type, String message) throws IOException {
    Files.writeString(log, String.format(
        "2024-06-01 10:00:%02d.000 ERROR [http] c.a.Orders - failed%n%s: %s%n\tat com.acme.Orders.load(Orders.java:%d)%n",
        second, type, message, 10 + second), StandardOpenOption.APPEND);
  }

  @Test
  void raisesOneAlertWhenASignatureRecursThresholdTimes() throws IOException {
    LogWatchCheckpoint start = watch.tail(tail(null));
    error(1, "java.lang.IllegalStateException", "order 1 not found");
    error(2, "java.lang.IllegalStateException", "order 2 not found");
    error(3, "java.lang.IllegalArgumentException", "bad sku 'x'");
    error(4, "java.lang.IllegalStateException", "order 3 not found");
    String info = "2024-06-01 10:00:05.000 INFO [http] c.a.Orders - ok\n";
    Files.writeString(log, info, StandardOpenOption.APPEND);

    LogWatchCheckpoint after = watch.tail(tail(start));

    assertThat(raised).singleElement().satisfies(alert -> {
      assertThat(alert.source()).isEqualTo("logwatch");
      assertThat(alert.service()).isEqualTo("orders");
      assertThat(alert.fingerprint()).isEqualTo("logwatch");
      assertThat(alert.labels().get("signature_id")).matches("lw-[0-9a-f]{16}");
      assertThat(alert.title()).isEqualTo("IllegalStateException: order 3 not found");
      assertThat(alert.severity()).isEqualTo("error");
      assertThat(alert.labels()).containsEntry("count", "3").containsEntry("window", "600s")
          .containsEntry("first_seen", "2024-06-01T10:00:01Z").containsEntry("last_seen", "2024-06-01T10:00:04Z")
          .containsEntry("file", log.toString())
          .containsEntry("signature", "java.lang.IllegalStateException | com.acme.Orders.load(Orders.java) | order <n> not found");
    });
    assertThat(after.alertsRaised()).isEqualTo(1);
    // the last record may still get continuation lines: a resumed watcher reads it again
    assertThat(after.files()).singleElement().satisfies(f -> assertThat(f.offset()).isEqualTo(Files.size(log) - info.length()));
    assertThat(after.groups()).hasSize(2);
  }

  @Test
  void aRetriedAttemptResumesFromItsHeartbeatNotFromTheRequest() throws IOException {
    LogWatchCheckpoint start = watch.tail(tail(null));
    for (int i = 1; i <= 3; i++) {
      error(i, "java.lang.IllegalStateException", "order " + i + " not found");
    }
    Files.writeString(log, "2024-06-01 10:00:03.500 INFO [http] c.a.Orders - ok\n", StandardOpenOption.APPEND);
    LogWatchCheckpoint heartbeat = watch.tail(tail(start));
    assertThat(raised).hasSize(1);
    error(4, "java.lang.IllegalStateException", "order 4 not found");
    error(5, "java.lang.IllegalStateException", "order 5 not found");
    Files.writeString(log, "2024-06-01 10:00:06.000 INFO [http] c.a.Orders - ok\n", StandardOpenOption.APPEND);

    // the retry of a tail that had heartbeated `heartbeat` gets the run's original request again
    env.setHeartbeatDetails(heartbeat);
    LogWatchCheckpoint resumed = watch.tail(tail(start));

    assertThat(raised).as("the first three are not read again, the two new ones are counted once").hasSize(1);
    assertThat(resumed.groups()).singleElement().satisfies(g -> {
      assertThat(g.occurrences()).isEqualTo(5);
      assertThat(g.alertsRaised()).isEqualTo(1);
    });
    assertThat(resumed.alertsRaised()).isEqualTo(1);
  }
}
