package dev.selfheal.starter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.starter.SelfhealCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code selfheal demo --yes} for real: example service, git, tests, deploy, verify. */
class DemoEndToEndTest {
  private Path sandbox;

  @Test
  void demoFixesTheIncidentEndToEnd() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = SelfhealCli.commandLine().execute("demo", "--yes", "--verify-checks", "2", "--verify-interval", "1");
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.println(output);
    Matcher root = Pattern.compile("(?m)^sandbox\\s+(\\S+)$").matcher(output);
    assertThat(root.find()).as("sandbox line in:%n%s", output).isTrue();
    sandbox = Path.of(root.group(1));

    assertThat(exit).isZero();
    String last = output.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).matches("RESULT incident=incident-report-service-report-jobs-failing outcome=resolved stages=9 seconds=[0-9.]+");
    for (String stage : List.of("detect", "diagnose", "fix", "test", "pr", "approve", "deploy", "verify", "close")) {
      assertThat(output).containsPattern("(?m)^  " + stage + "\\s+done in");
    }
    assertThat(output).contains("FileNotFoundException");

    // exactly one merge of the fix on origin's main, carrying the incident trailer
    try (Git origin = Git.open(sandbox.resolve("origin/report-service.git").toFile())) {
      List<RevCommit> merges = new ArrayList<>();
      for (RevCommit c : origin.log().add(origin.getRepository().resolve("refs/heads/main")).call()) {
        if (c.getParentCount() > 1) {
          merges.add(c);
        }
      }
      assertThat(merges).hasSize(1);
      assertThat(merges.get(0).getFullMessage()).contains("Selfheal-Incident: incident-report-service-report-jobs-failing");
      assertThat(origin.getRepository().findRef("refs/heads/selfheal/incident-report-service-report-jobs-failing")).isNotNull();
    }
    // the service now runs the fixed code: the template comes from its own resources
    Path deployed = sandbox.resolve("prod/report-service");
    assertThat(Files.readString(deployed.resolve("src/main/java/dev/selfheal/example/report/TemplateLoader.java")))
        .doesNotContain("/tmp/")
        .contains("getResourceAsStream");
    assertThat(deployed.resolve("src/main/resources/report-template.html")).exists();
    Path postmortem = sandbox.resolve("work/incidents/incident-report-service-report-jobs-failing/postmortem.md");
    assertThat(Files.readString(postmortem)).contains("Outcome: **resolved**").contains("java.io.FileNotFoundException");
  }

  @AfterEach
  void removeSandbox() throws IOException {
    if (sandbox == null || !Files.isDirectory(sandbox)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(sandbox)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
