package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's own test command, run the way selfheal runs it. */
class ReportServiceSuiteTest {

  private static final Pattern SUMMARY =
      Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$");

  @Test
  void testShPassesOnTheShippedService(@TempDir Path tmp) throws Exception {
    ReportServiceCopy copy = ReportServiceCopy.into(tmp.resolve("report-service"));

    ReportServiceCopy.Run run = copy.run("test.sh", Map.of(), Duration.ofMinutes(5));

    assertThat(run.exitCode()).as("test.sh exit code; output:%n%s", run.output()).isZero();
    Matcher m = SUMMARY.matcher(run.output());
    assertThat(m.find()).as("summary line in:%n%s", run.output()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).as("tests passed").isGreaterThanOrEqualTo(10);
    assertThat(m.group(2)).as("tests failed").isEqualTo("0");
    assertThat(run.output()).doesNotContain("FAIL ");
  }
}
