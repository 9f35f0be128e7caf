package dev.selfheal.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.Autonomy;
import dev.selfheal.activities.config.HealthCheck;
import dev.selfheal.activities.config.LogFormat;
import dev.selfheal.activities.config.LogSource;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.config.Thresholds;
import dev.selfheal.workflows.activities.LogActivities;
import dev.selfheal.workflows.messages.requests.LogWindowRequest;
import dev.selfheal.workflows.messages.values.LogWindow;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogActivitiesImplTest {
  private static final Instant ALERT = Instant.parse("2025-03-04T10:00:00Z");
  private static final Clock NOW = Clock.fixed(ALERT.plusSeconds(600), ZoneOffset.UTC);

  @TempDir Path tmp;

  private static String record(Instant ts, String level, String message) {
    return "{\"ts\":\"" + ts + "\",\"level\":\"" + level + "\",\"service\":\"report-service\",\"message\":\"" + message + "\"}";
  }

  private LogActivitiesImpl activities(List<Path> logs) {
    return activitiesReading(logs.stream().map(p -> new LogSource(p.toString(), LogFormat.AUTO)).toList());
  }

  private LogActivitiesImpl activitiesReading(List<LogSource> logs) {
    ServiceSpec spec = new ServiceSpec("report-service", "/srv/git/report-service.git", "main", "./test.sh",
        "/srv/report-service", "./deploy.sh", null, Map.of(), HealthCheck.ofUrl("http://127.0.0.1:8080/health"), null,
        logs, List.of(), Autonomy.SUGGEST, Thresholds.DEFAULT);
    return new LogActivitiesImpl(new ServiceCatalog(Map.of("report-service", spec)),
        new Workspace(tmp.resolve("ws")), NOW);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void copiesTheWindowAndCountsLines() throws Exception {
    Path a = tmp.resolve("a.jsonl");
    Path b = tmp.resolve("b.jsonl");
    String old = record(ALERT.minus(Duration.ofHours(7)), "ERROR", "too old");
    String early = record(ALERT.minus(Duration.ofHours(5)), "WARN", "in window");
    String failure = record(ALERT.minusSeconds(30), "ERROR", "failure");
    String fatal = record(ALERT.plusSeconds(30), "FATAL", "fatal");
    String future = record(ALERT.plusSeconds(3600), "ERROR", "after now");
    Files.write(a, List.of(old, early, "garbage", failure, ""));
    Files.write(b, List.of(fatal, future, "{\"ts\":\"2025-03-04T10:00:00Z\"}"));

    LogWindow window = activities(List.of(a, b))
        .collectWindow(new LogWindowRequest("inc-1", "report-service", ALERT.toString()));

    Path written = Path.of(window.path());
    assertThat(written).isEqualTo(tmp.resolve("ws/incidents/inc-1/logs-window.jsonl").toAbsolutePath());
    assertThat(Files.readAllLines(written)).containsExactly(early, failure, fatal);
    assertThat(window.lines()).isEqualTo(3);
    assertThat(window.errorLines()).isEqualTo(2);
    assertThat(window.unreadableLines()).isEqualTo(2);
    assertThat(window.sha256()).isEqualTo(sha256(written));
    try (Stream<Path> files = Files.list(written.getParent())) {
      assertThat(files).containsExactly(written); // no temp file left behind
    }
  }

  @Test
  void aLogTheCatalogCallsJsonlIsReadAsJsonlWhateverItsName() throws Exception {
    Path log = tmp.resolve("events.log");
    String failure = record(ALERT.minusSeconds(30), "ERROR", "failure");
    Files.write(log, List.of(failure));

    LogWindow window = activitiesReading(List.of(new LogSource(log.toString(), LogFormat.JSONL)))
        .collectWindow(new LogWindowRequest("inc-9", "report-service", ALERT.toString()));

    assertThat(Files.readAllLines(Path.of(window.path()))).as("JSONL is copied verbatim").containsExactly(failure);
    assertThat(window.errorLines()).isEqualTo(1);
    assertThat(window.unreadableLines()).isZero();
  }

  @Test
  void plainTextRecordsJoinTheWindowAsJsonl() throws Exception {
    Path log = tmp.resolve("report-service.log");
    Files.write(log, List.of(
        "2025-03-04 02:00:00.000 ERROR [main] c.a.Report - too old",
        "2025-03-04 09:59:30.000 ERROR [main] c.a.Report - render failed",
        "java.lang.IllegalStateException: no template",
        "\tat com.acme.Report.render(Report.java:20)",
        "Caused by: java.io.FileNotFoundException: /tmp/templates/report.html",
        "garbage",
        "Mar 04 09:59:40 rpt-01 systemd[1]: report.service: Main process exited")); // the year of "now"

    LogWindow window = activities(List.of(log))
        .collectWindow(new LogWindowRequest("inc-8", "report-service", ALERT.toString()));

    List<LogRecord> records = new ArrayList<>();
    try (JsonlLogReader reader = JsonlLogReader.open(Path.of(window.path()))) {
      reader.forEachRemaining(records::add);
      assertThat(reader.unreadableLines()).isZero();
    }
    assertThat(window.lines()).isEqualTo(2);
    assertThat(window.errorLines()).isEqualTo(1);
    assertThat(window.unreadableLines()).isEqualTo(1);
    assertThat(records).extracting(LogRecord::service).containsExactly("report-service", "report-service");
    LogRecord failure = records.get(0);
    assertThat(failure.ts()).isEqualTo(Instant.parse("2025-03-04T09:59:30Z"));
    assertThat(failure.message()).isEqualTo("render failed");
    assertThat(failure.errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(failure.causedBy()).isEqualTo("java.io.FileNotFoundException: /tmp/templates/report.html");
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2025-03-04T09:59:40Z"));
  }

  @Test
  void withoutAUsableStartTheWindowIsEverythingUpToNow() throws Exception {
    Path a = tmp.resolve("a.jsonl");
    Files.write(a, List.of(record(ALERT.minus(Duration.ofDays(3)), "ERROR", "ancient"),
        record(ALERT.plusSeconds(3600), "ERROR", "after now")));

    LogWindow nullStart = activities(List.of(a)).collectWindow(new LogWindowRequest("inc-2", "report-service", null));
    assertThat(nullStart.lines()).isEqualTo(1);
    LogWindow badStart = activities(List.of(a)).collectWindow(new LogWindowRequest("inc-2", "report-service", "at noon"));
    assertThat(badStart.lines()).isEqualTo(1);
    assertThat(badStart.sha256()).isEqualTo(nullStart.sha256()); // replaced, same content
  }

  @Test
  void missingLogFileIsLogNotFound() {
    Path missing = tmp.resolve("nope.jsonl");
    assertThatThrownBy(() -> activities(List.of(missing))
            .collectWindow(new LogWindowRequest("inc-3", "report-service", ALERT.toString())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("LOG_NOT_FOUND");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage())
              .isEqualTo("log file " + missing + " of service report-service does not exist");
        });
  }

  @Test
  void someMissingFilesAreSkipped() throws IOException {
    Path a = tmp.resolve("a.jsonl");
    Files.write(a, List.of(record(ALERT, "ERROR", "failure")));
    LogWindow window = activities(List.of(tmp.resolve("rotated.jsonl"), a))
        .collectWindow(new LogWindowRequest("inc-4", "report-service", ALERT.toString()));
    assertThat(window.lines()).isEqualTo(1);
  }

  @Test
  void unknownServiceIsRefused() {
    assertThatThrownBy(() -> activities(List.of(tmp.resolve("a.jsonl")))
            .collectWindow(new LogWindowRequest("inc-5", "billing", ALERT.toString())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("UNKNOWN_SERVICE"));
  }

  @Test
  void emptyLogGivesAnEmptyWindow() throws Exception {
    Path a = tmp.resolve("a.jsonl");
    Files.createFile(a);
    LogWindow window = activities(List.of(a))
        .collectWindow(new LogWindowRequest("inc-6", "report-service", ALERT.toString()));
    assertThat(window.lines()).isZero();
    assertThat(window.errorLines()).isZero();
    assertThat(window.unreadableLines()).isZero();
    assertThat(Files.size(Path.of(window.path()))).isZero();
    assertThat(window.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void heartbeatsEveryTenThousandLinesInsideAnActivity() throws IOException {
    Path a = tmp.resolve("big.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      lines.add(record(ALERT.minusSeconds(i % 3600), i % 100 == 0 ? "ERROR" : "INFO", "line " + i));
    }
    Files.write(a, lines);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(activities(List.of(a)));
      List<Long> beats = new CopyOnWriteArrayList<>();
      env.setActivityHeartbeatListener(Long.class, beats::add);
      LogActivities stub = env.newActivityStub(LogActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

      LogWindow window = stub.collectWindow(new LogWindowRequest("inc-7", "report-service", ALERT.toString()));

      assertThat(window.lines()).isEqualTo(25_000);
      assertThat(window.errorLines()).isEqualTo(250);
      // the SDK throttles what reaches the server, so later beats may be folded into the first
      assertThat(beats).isNotEmpty().first().isEqualTo(10_000L);
      assertThat(beats).allSatisfy(b -> assertThat(b % 10_000).isZero());
    } finally {
      env.close();
    }
  }
}
