package dev.selfheal.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads every log of the shared incident cases ({@code shared/eval/cases}) and checks that the
 * plain-text reader sees the records the case authors saw: it computes the README's naive
 * baseline (the most frequent (service, error type) among ERROR/FATAL records of all files, ties
 * to the pair seen first, files in name order) and compares it with each case's {@code
 * truth.json}. Skipped, with the reason, when the cases are not there.
 */
class PlainTextEvalCasesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Garbage the reader may count in a real-looking file: prose continuations, journal markers. */
  private static final double MAX_UNREADABLE_SHARE = 0.03;

  @TestFactory
  Stream<DynamicTest> everyCaseReadsAsItsAuthorsRead() throws IOException {
    Path cases = casesDir();
    List<Path> dirs;
    try (Stream<Path> list = Files.list(cases)) {
      dirs = list.filter(d -> Files.isDirectory(d.resolve("logs"))).sorted().toList();
    }
    assertThat(dirs).isNotEmpty();
    System.out.printf("%-28s %-28s %6s %7s %6s %10s %5s%n", "case", "file", "lines", "records", "errors",
        "unreadable", "blank");
    return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> checkCase(dir)));
  }

  private static Path casesDir() {
    String configured = System.getProperty("selfheal.eval.dir");
    Path eval = configured != null ? Path.of(configured) : Path.of("/work/shared/eval");
    Path cases = eval.resolve("cases");
    assumeTrue(Files.isDirectory(cases), "eval cases not present: " + cases
        + " (surefire sets -Dselfheal.eval.dir to ../shared/eval beside the checkout)");
    return cases;
  }

  private static void checkCase(Path dir) throws IOException {
    Instant alert = alertTime(JSON.readTree(dir.resolve("alert.json").toFile()));
    List<Path> files;
    try (Stream<Path> list = Files.list(dir.resolve("logs"))) {
      files = list.sorted().toList();
    }
    Map<List<String>, Integer> errorsByPair = new LinkedHashMap<>(); // insertion order: first seen
    for (Path file : files) {
      boolean plain = !LogReaders.isJsonl(file);
      long records = 0;
      long errors = 0;
      try (LogReader reader = LogReaders.open(file, alert)) {
        for (LogRecord r : reader.records()) {
          records++;
          if (plain) {
            assertThat(Duration.between(r.ts(), alert).abs())
                .as("%s: %s is near the alert at %s", file.getFileName(), r.ts(), alert)
                .isLessThan(Duration.ofDays(2));
          }
          if (r.isError()) {
            errors++;
            errorsByPair.merge(List.of(r.service(), String.valueOf(r.errorTypeSimpleName())), 1, Integer::sum);
          }
        }
        if (plain) {
          System.out.printf("%-28s %-28s %6d %7d %6d %10d %5d%n", dir.getFileName(), file.getFileName(),
              reader.linesRead(), records, errors, reader.unreadableLines(), reader.blankLines());
          assertThat(reader.linesRead()).isEqualTo(Files.readAllLines(file).size());
          assertThat(reader.unreadableLines())
              .as("unreadable lines of %s", file.getFileName())
              .isLessThanOrEqualTo((long) (reader.linesRead() * MAX_UNREADABLE_SHARE));
          assertThat(records).isPositive();
        }
      }
    }
    JsonNode truth = JSON.readTree(dir.resolve("truth.json").toFile()).path("frequency_baseline");
    assertThat(loudest(errorsByPair))
        .as("the naive baseline over %s", errorsByPair)
        .containsExactly(truth.path("service").asText(), String.valueOf(truth.path("error_type").asText(null)));
  }

  /** The most frequent pair; a later pair must beat it, not tie it. */
  private static List<String> loudest(Map<List<String>, Integer> counts) {
    List<String> best = new ArrayList<>();
    int bestCount = 0;
    for (Map.Entry<List<String>, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }

  /** Alertmanager and generic alerts say {@code startsAt}; a Sentry event its {@code datetime}. */
  private static Instant alertTime(JsonNode alert) {
    JsonNode startsAt = alert.findValue("startsAt");
    JsonNode time = startsAt != null ? startsAt : alert.findValue("datetime");
    assertThat(time).as("alert time").isNotNull();
    return JsonlLogReader.parseInstant(time.asText());
  }
}
