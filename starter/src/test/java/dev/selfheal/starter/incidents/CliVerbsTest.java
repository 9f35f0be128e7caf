package dev.selfheal.starter.incidents;

import dev.selfheal.starter.dev.ScratchDevServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.starter.CliRun;
import dev.selfheal.starter.realserver.ExampleIncident;
import dev.selfheal.starter.realserver.InProcessWorker;
import dev.selfheal.starter.realserver.RealServer;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.values.Outcome;
import dev.selfheal.worker.Capability;
import dev.selfheal.worker.SelfhealWorker;
import io.temporal.client.WorkflowNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The incident verbs run in-process exactly as a user types them, against one real dev server:
 * exit codes, what they print, and what they leave on the server.
 */
class CliVerbsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Every bad start names this service, so "nothing started" can be checked by listing it. */
  private static final String BAD_SERVICE = "cli-bad-input";
  private static final String BAD_INCIDENT = "incident-" + BAD_SERVICE + "-bad-input";

  private static ScratchDevServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start("cli-verbs");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  static Stream<Arguments> badStarts() {
    List<String> valid = List.of("--service", BAD_SERVICE, "--fingerprint", "bad-input", "--title", "t");
    return Stream.of(
        Arguments.of("missing flags", new String[] {"--service", BAD_SERVICE},
            "give --alert FILE, or all of --service, --fingerprint and --title"),
        Arguments.of("missing alert file", new String[] {"--alert", "/nonexistent/alert.json"},
            "/nonexistent/alert.json: no such alert file"),
        Arguments.of("bogus severity", with(valid, "--severity", "bogus"),
            "severity 'bogus' is not one of critical, high, warning, info"),
        Arguments.of("no verify checks", with(valid, "--verify-checks", "0"),
            "--verify-checks must be between 1 and 100"),
        Arguments.of("confidence above 1", with(valid, "--min-confidence", "2"),
            "--min-confidence must be between 0 and 1"),
        Arguments.of("sub-second approval timeout", with(valid, "--approval-timeout", "PT0.5S"),
            "--approval-timeout must be at least 1 second"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badStarts")
  void startRefusesBadInputAndStartsNothing(String problem, String[] args, String expected) {
    CliRun run = selfheal(with(List.of("start"), args));

    assertThat(run.exitCode()).as("exit code for %s: %s", problem, run).isEqualTo(2);
    assertThat(run.err()).as("says what is wrong: %s", run).contains(expected);
    assertNothingStarted();
  }

  @Test
  void startRefusesAnAlertFileThatIsNotJsonNamingLineAndColumn(@TempDir Path dir) throws Exception {
    Path alert = Files.writeString(dir.resolve("alert.json"),
        "{\"service\": \"" + BAD_SERVICE + "\",\n \"fingerprint\": \"bad-input\",\n \"title\": }\n");

    CliRun run = selfheal("start", "--alert", alert.toString());

    assertThat(run.exitCode()).as("exit code: %s", run).isEqualTo(2);
    assertThat(run.err()).as("names where the JSON breaks: %s", run).contains("not valid JSON at line 3, column 11");
    assertNothingStarted();
  }

  @Test
  void startFromFlagsAndFromAnAlertFileAndTheSameAlertJoinsItsIncident(@TempDir Path dir) throws Exception {
    String fromFlags = "incident-checkout-cli-flags";
    String fromFile = "incident-checkout-cli-file";
    Path alert = Files.writeString(dir.resolve("alert.json"), """
        {"source": "grafana", "service": "checkout", "fingerprint": "cli-file", "title": "5xx above 2%",
         "severity": "warning", "startsAt": "2026-01-05T10:00:00Z", "labels": {"team": "payments"}}
        """);
    // status reads the alert count through a query, which needs a worker; with workflow tasks
    // only, the incidents wait at detect and never touch a service
    SelfhealWorker worker = SelfhealWorker.create(server.connection().client(), new ServiceCatalog(Map.of()),
        new Workspace(dir.resolve("work")), "cli-orchestration", EnumSet.of(Capability.ORCHESTRATION)).start();
    try {
      CliRun flags = selfheal("start", "--service", "checkout", "--fingerprint", "cli-flags", "--title", "checkout down",
          "--label", "team=payments", "--web-ui", "http://ui.test:8233");
      assertThat(flags.exitCode()).as("start from flags: %s", flags).isZero();
      assertThat(flags.out().lines()).as("start from flags prints id and link: %s", flags).containsExactly(
          "incident " + fromFlags,
          "web ui   http://ui.test:8233/namespaces/default/workflows/" + fromFlags);

      CliRun file = selfheal("start", "--alert", alert.toString());
      assertThat(file.exitCode()).as("start from file: %s", file).isZero();
      assertThat(file.out().lines()).as("start from file: %s", file)
          .contains("incident " + fromFile)
          .anyMatch(line -> line.startsWith("web ui ") && line.endsWith("/namespaces/default/workflows/" + fromFile));

      CliRun again = selfheal("start", "--alert", alert.toString());
      assertThat(again.out().lines()).as("the same alert names the same incident: %s", again).contains("incident " + fromFile);

      CliRun joined = selfheal("status", fromFile);
      assertThat(joined.out().lines()).as("the second alert joined the first: %s", joined).contains("alerts     2");
      CliRun single = selfheal("status", fromFlags);
      assertThat(single.out().lines()).as("the other incident counts its own: %s", single).contains("alerts     1");
    } finally {
      InProcessWorker.stop(worker);
      // the later tests' workers would run them against a catalog that does not know checkout
      terminate(fromFlags);
      terminate(fromFile);
    }
  }

  @Test
  void statusShowsWhatToApproveThenApproveIsCheckedAndTheResolvedIncidentIsListedWithItsHistory() throws Exception {
    try (ExampleIncident example = ExampleIncident.prepare(server, "cli-approve")) {
      String id;
      SelfhealWorker worker = InProcessWorker.start(server, example, "cli-approve");
      try {
        id = example.raise("cli-approve");
        IncidentStatus waiting = example.awaitStatus(IncidentStatus::awaitingApproval, TIMEOUT);
        String sha = waiting.diffSha256();

        CliRun status = selfheal("status", id);
        assertThat(status.exitCode()).as("status: %s", status).isZero();
        assertThat(status.out().lines()).as("status while awaiting approval: %s", status)
            .anyMatch(line -> line.startsWith("stage      approve,"))
            .contains("root cause " + waiting.rootCause() + String.format(" (confidence %.2f)", waiting.confidence()))
            .contains("diff sha256 " + sha)
            .contains("awaiting approval: selfheal approve " + id + " --diff-sha256 " + sha);

        CliRun unnamed = selfheal("approve", id);
        assertThat(unnamed.exitCode()).as("approve without the sha: %s", unnamed).isEqualTo(2);
        assertThat(unnamed.err()).as("approve without the sha shows it: %s", unnamed).contains("its sha256:    " + sha);

        CliRun wrong = selfheal("approve", id, "--diff-sha256", "0".repeat(64), "--approver", "alice");
        assertThat(wrong.exitCode()).as("approve with a wrong sha: %s", wrong).isEqualTo(1);
        assertThat(wrong.err()).as("approve with a wrong sha: %s", wrong)
            .contains("refused")
            .contains("does not match the proposed diff");

        CliRun approved = selfheal("approve", id, "--diff-sha256", sha, "--approver", "alice");
        assertThat(approved.exitCode()).as("approve with the right sha: %s", approved).isZero();
        assertThat(approved.out()).as("approve with the right sha: %s", approved)
            .contains("approved " + id + " diff " + sha + " by alice");

        assertThat(result(id).outcome()).isEqualTo(Outcome.RESOLVED);
      } finally {
        InProcessWorker.stop(worker);
      }

      // from here on the server alone answers: no worker runs
      CliRun resolved = awaitListed(id, "completed", "--service", "report-service", "--outcome", "resolved");
      assertThat(resolved.out()).as("listed as resolved").contains("report-service");
      CliRun open = selfheal("list", "--open");
      assertThat(open.exitCode()).as("list --open: %s", open).isZero();
      assertThat(open.out()).as("a resolved incident is not open").doesNotContain(id);

      CliRun history = selfheal("history", id);
      assertThat(history.exitCode()).as("history: %s", history).isZero();
      assertThat(history.out()).as("history names the activities").contains("RunTests on").contains("Deploy on");
      CliRun json = selfheal("history", id, "--json");
      assertThat(json.exitCode()).as("history --json: %s", json).isZero();
      JsonNode events = JSON.readTree(json.out()).path("events");
      assertThat(events.isArray()).as("history --json has an events array").isTrue();
      assertThat(events.size()).as("one JSON event per line of the plain history").isPositive()
          .isEqualTo((int) history.out().lines().count());
    }
  }

  @Test
  void rejectClosesAnAwaitingIncidentAsRejected() throws Exception {
    try (ExampleIncident example = ExampleIncident.prepare(server, "cli-reject")) {
      SelfhealWorker worker = InProcessWorker.start(server, example, "cli-reject");
      try {
        String id = example.raise("cli-reject");
        example.awaitStatus(IncidentStatus::awaitingApproval, TIMEOUT);

        CliRun reject = selfheal("reject", id, "--approver", "carol", "--comment", "fix the cleaner config instead");
        assertThat(reject.exitCode()).as("reject: %s", reject).isZero();

        IncidentResult result = result(id);
        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.reason()).contains("carol").contains("fix the cleaner config instead");
      } finally {
        InProcessWorker.stop(worker);
      }
    }
  }

  @Test
  void listRefusesAQueryInjectionBeforeContactingTheServer() {
    // nothing listens there: had list connected, it would fail on the address, not on the value
    CliRun run = CliRun.of("list", "--service", "x' OR 1=1", "--address", "127.0.0.1:1");

    assertThat(run.exitCode()).as("list with an injected value: %s", run).isEqualTo(2);
    assertThat(run.err()).as("list with an injected value: %s", run)
        .contains("--service may hold only")
        .doesNotContain("127.0.0.1:1");
  }

  @Test
  void listBuildsTheVisibilityQueryOfItsFilters() {
    ListCommand list = new ListCommand();
    new CommandLine(list).parseArgs("--open", "--service", "a", "--stage", "approve");

    assertThat(list.query()).isEqualTo(
        "WorkflowType = 'IncidentWorkflow' AND ExecutionStatus = 'Running'"
            + " AND SelfhealService = 'a' AND SelfhealStage = 'approve'");
  }

  @Test
  void statusAndHistoryOfAnUnknownIncidentSayThereIsNone() {
    for (List<String> args : List.of(
        List.of("status", "incident-nowhere-nothing"),
        List.of("history", "incident-nowhere-nothing"),
        List.of("approve", "incident-nowhere-nothing", "--diff-sha256", "a".repeat(64)),
        List.of("reject", "incident-nowhere-nothing", "--comment", "no"))) {
      String verb = args.get(0);
      CliRun run = selfheal(args.toArray(String[]::new));
      assertThat(run.exitCode()).as("%s of an unknown id: %s", verb, run).isEqualTo(1);
      assertThat(run.err()).as("%s of an unknown id: %s", verb, run).contains("no incident incident-nowhere-nothing")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aVerbThatCannotReachTheServerNamesTheAddress() {
    CliRun run = CliRun.of("status", "incident-anything", "--address", "127.0.0.1:1");

    assertThat(run.exitCode()).as("status against nothing: %s", run).isEqualTo(1);
    assertThat(run.err()).as("status against nothing: %s", run).contains("cannot reach a Temporal frontend at 127.0.0.1:1")
        .doesNotContain("\tat ");
  }

  /** Neither the incident the bad input names nor any other of its service exists. */
  private static void assertNothingStarted() {
    CliRun status = selfheal("status", BAD_INCIDENT);
    assertThat(status.exitCode()).as("nothing started: %s", status).isEqualTo(1);
    // visibility lags the server a little; the status check above is the immediate one
    CliRun list = selfheal("list", "--service", BAD_SERVICE);
    assertThat(list.out().lines()).as("nothing listed: %s", list).hasSize(1).allMatch(line -> line.startsWith("INCIDENT"));
  }

  /** Polls {@code list} (visibility is eventually consistent) until {@code id}'s row shows {@code runStatus}. */
  private static CliRun awaitListed(String id, String runStatus, String... filters) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CliRun list;
    do {
      list = selfheal(with(List.of("list"), filters));
      if (list.out().lines().anyMatch(line -> line.startsWith(id + " ") && line.contains(" " + runStatus + " "))) {
        return list;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(id + " not listed as " + runStatus + " with " + List.of(filters) + ": " + list);
  }

  private static IncidentResult result(String id) throws Exception {
    return server.connection().client().newUntypedWorkflowStub(id).getResultAsync(IncidentResult.class)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static void terminate(String id) {
    try {
      server.connection().client().newUntypedWorkflowStub(id).terminate("test done");
    } catch (WorkflowNotFoundException e) {
      // never started or already closed: nothing to stop
    }
  }

  private static String[] with(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }


  /** A verb against this class's server. */
  private static CliRun selfheal(String... args) {
    return CliRun.of(with(List.of(args), "--address", server.server().address()));
  }


}
