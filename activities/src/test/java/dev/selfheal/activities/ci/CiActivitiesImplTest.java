package dev.selfheal.activities.ci;

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
import dev.selfheal.workflows.activities.CiActivities;
import dev.selfheal.workflows.messages.requests.TestRunRequest;
import dev.selfheal.workflows.messages.values.TestCounts;
import dev.selfheal.workflows.messages.values.TestReport;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CiActivitiesImplTest {
  @TempDir Path root;

  private String commitTree(Path tree, String script) throws Exception {
    Files.createDirectories(tree);
    Files.writeString(tree.resolve("test.sh"), script);
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      return git.commit().setMessage("tests").setAuthor("t", "t@t").setCommitter("t", "t@t").call().name();
    }
  }

  private CiActivitiesImpl ci() {
    return new CiActivitiesImpl(new ServiceCatalog(Map.of("svc",
        new ServiceSpec("svc", "/o.git", "main", "bash test.sh", "/d", "d", null, Map.of("GREETING", "hi"), HealthCheck.ofUrl("http://h"),
            null, List.of(new LogSource("/l", LogFormat.AUTO)), List.of(), Autonomy.SUGGEST, Thresholds.DEFAULT))),
        new Workspace(root.resolve("ws")));
  }

  @Test
  void greenRunReportsTheRunnersCounts() throws Exception {
    Path tree = root.resolve("tree");
    String commit = commitTree(tree, "echo $GREETING; echo '3 passed, 0 failed'\n");
    TestReport report = ci().runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), commit));
    assertThat(report.passed()).isTrue();
    assertThat(report.summary()).isEqualTo("green: 3 passed, 0 failed");
    assertThat(Files.readString(Path.of(report.outputPath()))).startsWith("hi");
  }

  @Test
  void redRunIsAResultNotAFailure() throws Exception {
    Path tree = root.resolve("tree");
    String commit = commitTree(tree, "echo '2 passed, 1 failed'; exit 1\n");
    TestReport report = ci().runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), commit));
    assertThat(report.passed()).isFalse();
    assertThat(report.summary()).isEqualTo("red (exit 1): 2 passed, 1 failed");
  }

  /** A JUnit report the way Surefire writes it, one test case per name; failing ones fail with message. */
  private static String junitScript(String file, List<String> passing, List<String> failing) {
    StringBuilder xml = new StringBuilder("<testsuite name=\"app.ClockTest\" tests=\"" + (passing.size() + failing.size()) + "\">\n");
    passing.forEach(name -> xml.append("  <testcase classname=\"app.ClockTest\" name=\"").append(name).append("\"/>\n"));
    failing.forEach(name -> xml.append("  <testcase classname=\"app.ClockTest\" name=\"").append(name)
        .append("\"><failure message=\"expected 12:00 but was 12:01\">stack</failure></testcase>\n"));
    xml.append("</testsuite>\n");
    return "mkdir -p $(dirname " + file + ")\ncat > " + file + " <<'XML'\n" + xml + "XML\n";
  }

  @Test
  void aTestThatFailsThenPassesOnTheRerunIsFlakyNotGreen() throws Exception {
    Path tree = root.resolve("tree");
    String reports = "target/surefire-reports/TEST-app.ClockTest.xml";
    // the first run fails ticks, every later run passes it: the state lives beside the tree
    String script = "n=$(cat ../attempts 2>/dev/null || echo 0); n=$((n+1)); echo $n > ../attempts\n"
        + "if [ $n -eq 1 ]; then\n"
        + junitScript(reports, List.of("formats"), List.of("ticks"))
        + "echo 'Tests run: 2, Failures: 1'; exit 1\n"
        + "fi\n"
        + junitScript(reports, List.of("formats", "ticks"), List.of());
    String commit = commitTree(tree, script);

    TestReport report = ci().runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), commit));

    assertThat(Files.readString(root.resolve("attempts")).strip()).isEqualTo("2");
    assertThat(report.passed()).isFalse();
    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.flaky()).containsExactly("app.ClockTest.ticks");
    assertThat(report.failing()).isEmpty();
    assertThat(report.counts()).isEqualTo(new TestCounts(2, 1, 0, 0, 1, 0));
    assertThat(report.summary()).isEqualTo("flaky, not green (exit 1): 2 tests, 1 failed, 0 errors, 0 skipped; "
        + "flaky (failed, then passed on a rerun): app.ClockTest.ticks");
    assertThat(Path.of(report.outputPath()).resolveSibling(Path.of(report.outputPath()).getFileName().toString()
        .replace(".log", ".rerun.log"))).exists();
  }

  @Test
  void failuresInTheReportsMakeTheRunRedEvenWithExitZero() throws Exception {
    Path tree = root.resolve("tree");
    String commit = commitTree(tree, junitScript("junit.xml", List.of("formats"), List.of("ticks")) + "exit 0\n");

    TestReport report = ci().runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), commit));

    assertThat(report.passed()).isFalse();
    assertThat(report.exitCode()).isZero();
    assertThat(report.failing()).containsExactly("app.ClockTest.ticks: expected 12:00 but was 12:01");
    assertThat(report.flaky()).isEmpty();
    assertThat(report.summary()).isEqualTo("red (exit 0, but the reports name failures): 2 tests, 1 failed, 0 errors, "
        + "0 skipped; failing: app.ClockTest.ticks: expected 12:00 but was 12:01");
  }

  @Test
  void aReportLeftByAnEarlierRunDoesNotSpeakForThisOne() throws Exception {
    Path tree = root.resolve("tree");
    String commit = commitTree(tree, "echo '4 passed, 0 failed'\n");
    Path stale = tree.resolve("target/surefire-reports/TEST-app.ClockTest.xml");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "<testsuite><testcase classname=\"app.ClockTest\" name=\"ticks\"><failure/></testcase></testsuite>");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    TestReport report = ci().runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), commit));

    assertThat(report.passed()).isTrue();
    assertThat(report.counts()).isNull();
    assertThat(report.summary()).isEqualTo("green: 4 passed, 0 failed");
  }

  @Test
  void heartbeatsSayHowLongAndHowManyReports() throws Exception {
    Path tree = root.resolve("tree");
    String commit = commitTree(tree, junitScript("junit.xml", List.of("formats"), List.of()) + "sleep 3\n");
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      List<String> beats = new CopyOnWriteArrayList<>();
      env.setActivityHeartbeatListener(String.class, beats::add);
      env.registerActivitiesImplementations(ci());
      CiActivities activities = env.newActivityStub(CiActivities.class);

      TestReport report = activities.runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), commit));

      assertThat(report.passed()).isTrue();
      assertThat(report.summary()).isEqualTo("green: 1 test, 0 failed, 0 errors, 0 skipped");
      assertThat(beats).isNotEmpty().allSatisfy(beat ->
          assertThat(beat).matches("running tests: \\d+ s, 1 report file so far"));
    } finally {
      env.close();
    }
  }

  @Test
  void refusesToTestAnotherCommit() throws Exception {
    Path tree = root.resolve("tree");
    commitTree(tree, "exit 0\n");
    assertThatThrownBy(() -> ci().runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), "f".repeat(40))))
        .hasMessageContaining("expected ffffffffff");
  }
}
