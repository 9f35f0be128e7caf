package dev.selfheal.starter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.starter.CliRun;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AlertsBenchTest {
  private static final Pattern LAST_LINE = Pattern.compile(
      "alerts sent=(\\d+) accepted=(\\d+) incidents=(\\d+) lost=(-?\\d+) rate=\\d+/s p99_ms=[0-9.]+");

  @Test
  void aSmallStormOnTheInProcessServerMakesOneIncidentPerFingerprintAndLosesNothing() {
    CliRun run = CliRun.of("bench", "alerts", "-n", "200", "--fingerprints", "5", "--clients", "8", "--server", "embedded");

    assertThat(run.exitCode()).as("%s", run).isZero();
    List<String> lines = run.out().lines().toList();
    Matcher last = LAST_LINE.matcher(lines.get(lines.size() - 1));
    assertThat(last.matches()).as("last line of %s", run).isTrue();
    assertThat(last.group(1)).as("%s", run).isEqualTo("200");
    assertThat(last.group(2)).as("%s", run).isEqualTo("200");
    assertThat(last.group(3)).as("%s", run).isEqualTo("5");
    assertThat(last.group(4)).as("%s", run).isEqualTo("0");
  }
}
