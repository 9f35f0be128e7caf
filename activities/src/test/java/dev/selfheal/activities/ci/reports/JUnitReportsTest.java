package dev.selfheal.activities.ci.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitReportsTest {
  @TempDir Path tree;

  private final JUnitReports reports = JUnitReports.defaults();
  /** The run started a little before the reports were written. */
  private final Instant runStart = Instant.now().minusSeconds(5);

  private void place(String resource, String path) throws Exception {
    Path target = tree.resolve(path);
    Files.createDirectories(target.getParent());
    try (InputStream in = getClass().getResourceAsStream("/junit-reports/" + resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, target);
    }
  }

  private JUnitSummary collect() {
    return reports.collect(tree, runStart, Set.of());
  }

  @Test
  void surefireReportIsCountedPerTestCase() throws Exception {
    place("surefire-TEST-app.ReportTest.xml", "target/surefire-reports/TEST-app.ReportTest.xml");

    JUnitSummary s = collect();

    assertThat(s.reportFiles()).isEqualTo(1);
    assertThat(s.tests()).isEqualTo(5);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.failing()).extracting(FailedTest::describe).containsExactly(
        "app.ReportTest.countsRows: expected: <3> but was: <4>",
        "app.ReportTest.loadsTemplate: /tmp/report-template.html (No such file or directory)");
    // Surefire's own rerun passed it after a failure: flaky, reported as such
    assertThat(s.flaky()).containsExactly("app.ReportTest.cachesTemplate");
  }

  @Test
  void pytestJunitXmlUnderATestsuitesRoot() throws Exception {
    place("pytest-junit.xml", "junit.xml");

    JUnitSummary s = collect();

    assertThat(s.tests()).isEqualTo(5);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.failing()).extracting(FailedTest::describe).containsExactly(
        "tests.test_report.test_rows: assert 4 == 3",
        "tests.test_db.test_save: failed on setup with \"ConnectionRefusedError: [Errno 111] Connection refused\"");
  }

  @Test
  void goJunitReportWithOneSuitePerPackage() throws Exception {
    place("go-junit-report.xml", "report.xml");

    JUnitSummary s = collect();

    assertThat(s.tests()).isEqualTo(4);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.failing()).extracting(FailedTest::describe).containsExactly("example.com/report.TestRows: Failed");
  }

  @Test
  void gotestsumJunitFile() throws Exception {
    place("gotestsum-junit.xml", "build/gotestsum-junit.xml");

    JUnitSummary s = collect();

    assertThat(s.tests()).isEqualTo(3);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.failing()).extracting(FailedTest::name).containsExactly("example.com/report.TestRows");
  }

  @Test
  void jestJunitTakesTheFirstLineOfTheFailureText() throws Exception {
    place("jest-junit.xml", "reports/junit.xml");

    JUnitSummary s = collect();

    assertThat(s.tests()).isEqualTo(4);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(1);
    // jest-junit repeats the class in the name; it is not doubled
    assertThat(s.failing()).extracting(FailedTest::describe)
        .containsExactly("report counts rows: Error: expect(received).toBe(expected) // Object.is equality");
  }

  @Test
  void reportsOfSeveralReportersAndModulesAreSummed() throws Exception {
    place("surefire-TEST-app.ReportTest.xml", "api/target/surefire-reports/TEST-app.ReportTest.xml");
    place("jest-junit.xml", "web/junit.xml");
    place("go-junit-report.xml", "worker/test-results/go.xml");

    JUnitSummary s = collect();

    assertThat(s.reportFiles()).isEqualTo(3);
    assertThat(s.tests()).isEqualTo(5 + 4 + 4);
    assertThat(s.failures() + s.errors()).isEqualTo(2 + 1 + 1);
  }

  @Test
  void aBrokenReportIsCountedAndNamedWhileTheOthersStillCount() throws Exception {
    place("jest-junit.xml", "junit.xml");
    Path truncated = tree.resolve("target/surefire-reports/TEST-app.CutOff.xml");
    Files.createDirectories(truncated.getParent());
    Files.writeString(truncated, "<?xml version=\"1.0\"?>\n<testsuite name=\"app.CutOff\" tests=\"2\">\n"
        + "  <testcase name=\"a\" classname=\"app.CutOff\"><failure message=\"boom\">");
    Files.writeString(tree.resolve("target/surefire-reports/TEST-app.Garbage.xml"), "not xml at all \u0000\u0001");

    JUnitSummary s = collect();

    assertThat(s.reportFiles()).isEqualTo(3);
    assertThat(s.brokenReports()).isEqualTo(2);
    assertThat(s.brokenFiles()).hasSize(2).allSatisfy(f -> assertThat(f).startsWith("target/surefire-reports/TEST-app."));
    // the broken files add nothing, not even the half-read failure
    assertThat(s.tests()).isEqualTo(4);
    assertThat(s.failing()).extracting(FailedTest::name).containsExactly("report counts rows");
  }

  @Test
  void anXxeAttemptReadsNoFile() throws Exception {
    Path secret = tree.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-VALUE\n");
    Files.writeString(tree.resolve("junit.xml"), """
        <?xml version="1.0"?>
        <!DOCTYPE testsuite [<!ENTITY leak SYSTEM "%s">]>
        <testsuite name="evil" tests="1">
          <testcase classname="evil" name="leaks"><failure message="&leak;">&leak;</failure></testcase>
        </testsuite>
        """.formatted(secret.toUri()), StandardCharsets.UTF_8);

    JUnitSummary s = collect();

    assertThat(s.brokenReports()).isEqualTo(1);
    assertThat(s.failing()).isEmpty();
    assertThat(s.toString()).doesNotContain("TOP-SECRET-VALUE");
  }

  @Test
  void reportsOlderThanTheRunAreIgnored() throws Exception {
    place("surefire-TEST-app.ReportTest.xml", "target/surefire-reports/TEST-app.ReportTest.xml");
    place("pytest-junit.xml", "junit.xml");
    Files.setLastModifiedTime(tree.resolve("target/surefire-reports/TEST-app.ReportTest.xml"),
        FileTime.from(runStart.minus(Duration.ofHours(1))));

    JUnitSummary s = collect();

    assertThat(s.reportFiles()).isEqualTo(1);
    assertThat(s.tests()).isEqualTo(5);
    assertThat(s.failing()).extracting(FailedTest::name).doesNotContain("app.ReportTest.countsRows");
  }

  @Test
  void otherXmlAndDependencyFoldersAreNotReports() throws Exception {
    Files.createDirectories(tree.resolve("test-results"));
    Files.writeString(tree.resolve("test-results/coverage.xml"), "<coverage line-rate=\"0.8\"/>");
    place("jest-junit.xml", "node_modules/some-lib/junit.xml");

    JUnitSummary s = collect();

    assertThat(s.found()).isFalse();
    assertThat(s.brokenReports()).isZero();
  }

  @Test
  void watchedTestsThatPassAreNoted() throws Exception {
    place("pytest-junit.xml", "junit.xml");

    JUnitSummary s = reports.collect(tree, runStart, Set.of("tests.test_report.test_header", "tests.test_report.test_rows"));

    assertThat(s.passedWatched()).containsExactly("tests.test_report.test_header");
  }
}
