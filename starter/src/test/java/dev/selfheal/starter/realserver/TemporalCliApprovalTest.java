package dev.selfheal.starter.realserver;

import dev.selfheal.starter.SelfhealHome;
import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.starter.audit.IncidentEffects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.starter.dev.TemporalCli;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.values.Outcome;
import dev.selfheal.worker.SelfhealWorker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Approving and rejecting with the Temporal CLI itself, exactly as the README shows: the same
 * signal and update names, the same JSON the Web UI's signal form sends.
 */
class TemporalCliApprovalTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private static ScratchDevServer server;
  private static Path temporal;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start("temporal-cli");
    temporal = TemporalCli.install(SelfhealHome.path());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void updateExecuteRefusesAWrongHashToTheCallerThenApproves() throws Exception {
    whileAwaitingApproval("update", (example, id, waiting) -> {
      Run refused = temporal("workflow", "update", "execute", "--workflow-id", id, "--name", "approve",
          "--input", "{\"diffSha256\":\"" + "0".repeat(64) + "\",\"approver\":\"alice\"}");
      assertThat(refused.exitCode()).as(refused.output()).isNotZero();
      assertThat(refused.output()).contains("does not match the proposed diff");

      Run approved = temporal("workflow", "update", "execute", "--workflow-id", id, "--name", "approve",
          "--input", "{\"diffSha256\":\"" + waiting.diffSha256() + "\",\"approver\":\"alice\",\"comment\":\"lgtm\"}");
      assertThat(approved.exitCode()).as(approved.output()).isZero();
      assertThat(approved.output()).contains("alice").contains(waiting.diffSha256());

      IncidentResult result = result(id);
      assertThat(result.outcome()).isEqualTo(Outcome.RESOLVED);
      assertThat(example.effects().duplicates()).isEmpty();
    });
  }

  @Test
  void signalApprovesWithTheWebUisJsonShape() throws Exception {
    whileAwaitingApproval("signal-approve", (example, id, waiting) -> {
      Run signalled = temporal("workflow", "signal", "--workflow-id", id, "--name", "approve",
          "--input", "{\"diffSha256\":\"" + waiting.diffSha256() + "\",\"approver\":\"bob\",\"comment\":\"from the CLI\"}");
      assertThat(signalled.exitCode()).as(signalled.output()).isZero();

      assertThat(result(id).outcome()).isEqualTo(Outcome.RESOLVED);
      assertThat(example.incident().timeline()).anySatisfy(e -> assertThat(e.event()).isEqualTo("approved"));
    });
  }

  @Test
  void signalRejectsAndNothingIsMerged() throws Exception {
    whileAwaitingApproval("signal-reject", (example, id, waiting) -> {
      Run signalled = temporal("workflow", "signal", "--workflow-id", id, "--name", "reject",
          "--input", "{\"approver\":\"carol\",\"comment\":\"fix the cleaner config instead\"}");
      assertThat(signalled.exitCode()).as(signalled.output()).isZero();

      IncidentResult result = result(id);
      assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(result.reason()).contains("carol").contains("fix the cleaner config instead");
      IncidentEffects effects = example.effects();
      assertThat(effects.mergeCommits()).isZero();
      assertThat(effects.deploysCompleted()).isZero();
    });
  }

  /** What each test does once its own example incident awaits approval, with a worker up. */
  private interface AwaitingIncident {
    void check(ExampleIncident example, String incidentId, IncidentStatus waiting) throws Exception;
  }

  private static void whileAwaitingApproval(String name, AwaitingIncident check) throws Exception {
    try (ExampleIncident example = ExampleIncident.prepare(server, name)) {
      SelfhealWorker worker = InProcessWorker.start(server, example, "cli-" + name);
      try {
        String id = example.raise(name);
        check.check(example, id, example.awaitStatus(IncidentStatus::awaitingApproval, TIMEOUT));
      } finally {
        InProcessWorker.stop(worker);
      }
    }
  }

  private static IncidentResult result(String id) throws Exception {
    return server.connection().client().newUntypedWorkflowStub(id).getResultAsync(IncidentResult.class)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private record Run(int exitCode, String output) {}

  private static Run temporal(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(temporal.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--address", server.server().address(), "--namespace", "default"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("temporal " + String.join(" ", args) + " did not finish:\n" + output);
    }
    return new Run(process.exitValue(), output);
  }
}
