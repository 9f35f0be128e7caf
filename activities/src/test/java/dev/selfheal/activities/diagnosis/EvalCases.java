package dev.selfheal.activities.diagnosis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.logs.JsonlLogReader;
import dev.selfheal.activities.logs.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/** The shared incident cases ({@code shared/eval/cases}), for tests; skipped when absent. */
final class EvalCases {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvalCases() {}

  /** Surefire sets {@code selfheal.eval.dir}; an IDE run falls back to the usual place. */
  static Path caseDir(String id) {
    String configured = System.getProperty("selfheal.eval.dir");
    Path eval = configured != null && Files.isDirectory(Path.of(configured))
        ? Path.of(configured) : Path.of("/work/shared/eval");
    Path dir = eval.resolve("cases").resolve(id);
    assumeTrue(Files.isDirectory(dir.resolve("logs")), "eval case not present: " + dir);
    return dir;
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The alerting service: generic alerts say it, Alertmanager puts it in a label. */
  static String alertService(Path caseDir) {
    JsonNode alert = json(caseDir.resolve("alert.json"));
    if (alert.hasNonNull("service")) {
      return alert.get("service").asText();
    }
    return alert.path("alerts").path(0).path("labels").path("service").asText(null);
  }

  static Instant alertStartsAt(Path caseDir) {
    JsonNode alert = json(caseDir.resolve("alert.json"));
    String startsAt = alert.hasNonNull("startsAt") ? alert.get("startsAt").asText()
        : alert.path("alerts").path(0).path("startsAt").asText(null);
    return JsonlLogReader.parseInstant(startsAt);
  }

  static List<Path> jsonlFiles(Path caseDir) {
    try (Stream<Path> files = Files.list(caseDir.resolve("logs"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every JSONL file of the case in name order, as one stream of records. */
  static Iterator<LogRecord> jsonlRecords(Path caseDir) {
    List<Path> files = new ArrayList<>(jsonlFiles(caseDir));
    return new Iterator<>() {
      JsonlLogReader current;

      @Override
      public boolean hasNext() {
        try {
          while (current == null || !current.hasNext()) {
            if (current != null) {
              current.close();
              current = null;
            }
            if (files.isEmpty()) {
              return false;
            }
            current = JsonlLogReader.open(files.remove(0));
          }
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public LogRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
