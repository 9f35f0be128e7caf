package dev.selfheal.starter.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.starter.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public cases changed in ways that must not change their answers: a service that fails
 * steadily all through the window (noise that is no cause), services that do not pass trace ids
 * on, and the structured records printed as logback text. A diagnosis that flips under any of
 * them was right by luck.
 */
class EvalRobustnessTest {
  private static final Pattern ISO_TIME = Pattern.compile("\\b(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}:\\d{2})");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TRACE_FIELDS = Pattern.compile(",\"(?:trace_id|span_id|parent_span_id)\":\"[^\"]*\"");

  @TempDir
  Path tmp;

  @Test
  void aServiceFailingSteadilyThroughTheWholeWindowChangesNoAnswer() throws Exception {
    Path cases = copy(SharedEvalCases.dir(), UnaryOperator.identity());
    try (Stream<Path> dirs = Files.list(cases)) {
      for (Path c : dirs.filter(Files::isDirectory).toList()) {
        addSteadyFailures(c);
      }
    }

    assertAllNamedRight(cases);
  }

  @Test
  void servicesThatPassNoTraceIdsChangeNoAnswer() throws Exception {
    assertAllNamedRight(copy(SharedEvalCases.dir(), line -> TRACE_FIELDS.matcher(line).replaceAll("")));
  }

  @Test
  void theSameRecordsPrintedAsLogbackTextInsteadOfJsonlChangeNoAnswer() throws Exception {
    Path cases = copy(SharedEvalCases.dir(), UnaryOperator.identity());
    int printed = 0;
    try (Stream<Path> files = Files.walk(cases)) {
      for (Path jsonl : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        printed++;
        List<String> text = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
          text.addAll(asLogback(JSON.readTree(line)));
        }
        String name = jsonl.getFileName().toString();
        Files.write(jsonl.resolveSibling(name.substring(0, name.length() - ".jsonl".length()) + ".log"), text);
        Files.delete(jsonl);
      }
    }
    assertThat(printed).as("JSONL logs printed as text").isGreaterThanOrEqualTo(8);

    assertAllNamedRight(cases);
  }

  /**
   * A JSONL record as logback prints it: the header with the trace in the MDC, then its exception
   * and the {@code Caused by:} chain. Deploy versions have no place in a logback line and are lost.
   */
  private static List<String> asLogback(JsonNode r) {
    String trace = r.hasNonNull("trace_id") ? " trace_id=" + r.get("trace_id").asText() + " span_id=" + r.path("span_id").asText() : "";
    String component = r.hasNonNull("component") ? r.get("component").asText().replace(' ', '_') : "app";
    String message = r.path("message").asText().replace('\n', ' ');
    List<String> lines = new ArrayList<>();
    lines.add(r.path("ts").asText().replace('T', ' ').replace("Z", "") + " " + r.path("level").asText() + " [main] " + component
        + " -" + trace + " " + message);
    if (r.hasNonNull("error_type")) {
      String type = r.get("error_type").asText();
      lines.add((type.contains(".") ? type : "app.errors." + type) + ": " + message);
      lines.add("\tat app.Main.run(Main.java:1)");
      for (String cause : r.path("caused_by").asText("").split("; ")) {
        if (!cause.isBlank()) {
          lines.add("Caused by: " + cause.strip().replace('\n', ' '));
        }
      }
    }
    return lines;
  }

  private static void assertAllNamedRight(Path cases) {
    CliRun run = CliRun.of("eval", cases.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out().lines().reduce((a, b) -> b).orElse("")).as("%s", run).startsWith("top1=1.00 ");
  }

  /** The cases, with every line of their JSONL logs passed through {@code jsonl}; repos left out. */
  private Path copy(Path from, UnaryOperator<String> jsonl) throws IOException {
    Path to = tmp.resolve("cases");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path rel = from.relativize(p);
        if (rel.getNameCount() > 1 && rel.getName(1).toString().equals("repo")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (p.toString().endsWith(".jsonl")) {
          Files.write(target, Files.readAllLines(p).stream().map(jsonl).toList());
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  /** A metrics agent that fails to push every 97 s from the case's first logged time to its last. */
  private static void addSteadyFailures(Path caseDir) throws IOException {
    Instant first = Instant.MAX;
    Instant last = Instant.MIN;
    try (Stream<Path> logs = Files.list(caseDir.resolve("logs"))) {
      for (Path log : logs.toList()) {
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) { // only its times are read
          Matcher m = ISO_TIME.matcher(line);
          if (m.find()) {
            Instant t = Instant.parse(m.group(1) + "T" + m.group(2) + "Z");
            first = t.isBefore(first) ? t : first;
            last = t.isAfter(last) ? t : last;
          }
        }
      }
    }
    List<String> noise = new ArrayList<>();
    for (Instant t = first; t.isBefore(last); t = t.plus(Duration.ofSeconds(97))) {
      noise.add("{\"ts\":\"" + t + "\",\"level\":\"ERROR\",\"service\":\"metrics-agent\","
          + "\"message\":\"failed to push metrics batch: timeout after 5s\",\"error_type\":\"TimeoutError\"}");
    }
    assertThat(noise).as("noise for %s", caseDir).hasSizeGreaterThan(20);
    Files.write(caseDir.resolve("logs/metrics-agent.jsonl"), noise);
  }
}
