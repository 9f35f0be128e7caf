package dev.selfheal.starter.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selfheal.starter.CliRun;
import dev.selfheal.starter.SelfhealHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker refuses bad configuration before it connects anywhere, naming what is wrong. */
class WorkerCommandTest {
  private static final String NOWHERE = "127.0.0.1:1";

  @TempDir Path dir;

  @Test
  void withoutACatalogItSaysHowToGiveOne() {
    assumeTrue(System.getenv("SELFHEAL_CATALOG") == null, "SELFHEAL_CATALOG is set here, so there is always a catalog");
    CliRun run = CliRun.of("worker", "--address", NOWHERE);
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("no services catalog").contains("SELFHEAL_CATALOG");
  }

  @Test
  void anUnknownQueueIsNamedWithTheKnownOnes() {
    CliRun run = CliRun.of("worker", "--address", NOWHERE, "--catalog", catalog().toString(), "--queues", "orchestration,gpu");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("unknown queue capability 'gpu'").contains("orchestration, io, repair");
  }

  @Test
  void anUnknownActivityTypeInTheFaultSpecIsNamedWithTheKnownOnes() {
    CliRun run = CliRun.of("worker", "--address", NOWHERE, "--catalog", catalog().toString(), "--faults", "halt-after:ApplyFix,fail-after:OpenPr");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err())
        .contains("--faults: unknown activity type 'OpenPr' in 'fail-after:OpenPr'")
        .contains("ApplyFix, CloseWithPostmortem, CollectWindow, Deploy")
        .doesNotContain("\tat ");
  }

  @Test
  void helpDescribesFaultInjectionAsATestTool() {
    CliRun run = CliRun.of("worker", "--help");
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains("--faults").contains("Test/chaos").contains("SELFHEAL_FAULTS");
  }

  @Test
  void aBrokenPlaybookIsRefusedWithItsFileAndField() throws Exception {
    Files.writeString(dir.resolve("team.yaml"), "rules:\n  - id: x\n    errorTypes: [A]\n    message: '('\n    recipe: r\n    category: code\n");
    CliRun run = CliRun.of("worker", "--address", NOWHERE, "--catalog", catalog().toString(), "--playbooks", dir.toString());
    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).contains("team.yaml:2").contains(".message: not a valid regular expression").doesNotContain("\tat ");
  }

  @Test
  void aCatalogWithMistakesIsRefusedListingEachWithItsLine() throws Exception {
    Path catalog = Files.writeString(dir.resolve("services.yaml"), """
        services:
          payments:
            origin: /srv/git/payments.git
            testComand: ./test.sh
            deploy: {dir: /srv/payments, command: ./deploy.sh}
            health: http://127.0.0.1:8080/health
            logs: [/var/log/payments.jsonl]
            autonomy: full
        """);
    CliRun run = CliRun.of("worker", "--address", NOWHERE, "--catalog", catalog.toString());
    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.err())
        .contains("3 errors in service catalog " + catalog)
        .contains(catalog + ":2:3: services.payments.testCommand: required field is missing")
        .contains(catalog + ":4:5: services.payments.testComand: unknown field; did you mean 'testCommand'?")
        .contains(catalog + ":8:5: services.payments.autonomy: 'full' is not one of observe, suggest, auto")
        .doesNotContain("\tat ");
  }

  private static Path catalog() {
    return SelfhealHome.path().resolve("deploy/services.yaml");
  }
}
