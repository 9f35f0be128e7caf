package dev.selfheal.activities.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir Path dir;

  @Test
  void aLargeLogGivesItsNewestLinesWithinFortyLinesAndEightKilobytes() throws Exception {
    Path log = dir.resolve("service.log");
    Files.writeString(log, IntStream.rangeClosed(1, 20_000)
        .mapToObj(i -> "2026-01-01T00:00:00Z ERROR request " + i + " failed: " + "x".repeat(150))
        .collect(Collectors.joining("\n", "", "\n")));

    String tail = LogTail.of(List.of(log.toString()));

    assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LogTail.MAX_BYTES);
    assertThat(tail.lines().count()).isLessThanOrEqualTo(LogTail.MAX_LINES + 1);
    assertThat(tail).contains("request 20000 failed").doesNotContain("request 1 failed");
    assertThat(tail.strip()).endsWith("x".repeat(150));
  }

  @Test
  void terminalEscapesAndOverlongLinesAreDefused() throws Exception {
    Path log = dir.resolve("service.log");
    Files.writeString(log, "\u001b[31mred\u001b[0m\tok\n" + "y".repeat(5000) + "\n");

    String tail = LogTail.of(List.of(log.toString()));

    assertThat(tail).contains("?[31mred?[0m\tok").doesNotContain("\u001b");
    assertThat(tail).contains("y".repeat(400) + "…").doesNotContain("y".repeat(401));
  }

  @Test
  void everyFileIsNamedAndAMissingOneSaysSo() throws Exception {
    Path present = dir.resolve("a.log");
    Files.writeString(present, "first\nlast\n");
    String missing = dir.resolve("b.log").toString();

    String tail = LogTail.of(List.of(present.toString(), missing));

    assertThat(tail).isEqualTo("== " + present + " ==\nfirst\nlast\n== " + missing + " ==\n(missing)\n");
  }
}
