package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selfheal.activities.logs.JsonlLogReader;
import dev.selfheal.workflows.messages.requests.DiagnoseRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.LogWindow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget: a million-line window diagnosed in under 10 s. Opt-in ({@code
 * -Dselfheal.perf=true}) because it writes ~500 MB.
 */
class AnalyzerThroughputTest {
  private static final Logger log = LoggerFactory.getLogger(AnalyzerThroughputTest.class);

  @TempDir Path tmp;

  @Test
  void aMillionLinesInUnderTenSeconds() throws IOException {
    assumeTrue(Boolean.getBoolean("selfheal.perf"), "set -Dselfheal.perf=true to run");
    Instant incident = Instant.parse("2025-03-04T10:00:00Z");
    // one synthetic hour, repeated with shifted ids and times until a million lines
    List<String> hour = ReportServiceLog.lines(incident, 60, 1);
    Path window = tmp.resolve("logs-window.jsonl");
    long lines = 0;
    try (BufferedWriter out = Files.newBufferedWriter(window, StandardCharsets.UTF_8)) {
      for (int copy = 0; lines < 1_000_000; copy++) {
        String suffix = Integer.toHexString(copy);
        for (String line : hour) {
          out.write(line.replace("\",\"span_id\":\"", suffix + "\",\"span_id\":\""));
          out.write('\n');
          lines++;
        }
      }
    }
    long started = System.nanoTime();
    Diagnosis d = new DiagnosisActivitiesImpl().diagnose(new DiagnoseRequest("perf", "report-service", null,
        new LogWindow(window.toString(), lines, 0, 0, "sha")));
    long millis = (System.nanoTime() - started) / 1_000_000;
    log.info("lines={} bytes={} millis={} root={} confidence={}", lines, Files.size(window), millis,
        d.rootCause().errorType(), d.confidence());
    assertThat(d.rootCause().errorType()).isEqualTo("java.io.FileNotFoundException");
    assertThat(millis).isLessThan(10_000);
  }

  @Test
  void parsingIsNotTheBottleneck() {
    assumeTrue(Boolean.getBoolean("selfheal.perf"), "set -Dselfheal.perf=true to run");
    String line = ReportServiceLog.lines(Instant.parse("2025-03-04T10:00:00Z"), 1, 0).get(0);
    long started = System.nanoTime();
    for (int i = 0; i < 1_000_000; i++) {
      assertThat(JsonlLogReader.parse(line) != null).isTrue();
    }
    log.info("parse_1m_millis={}", (System.nanoTime() - started) / 1_000_000);
  }
}
