package dev.selfheal.starter.demo;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.starter.alerts.GenericAlertParser;
import dev.selfheal.starter.embedded.EmbeddedTemporal;
import dev.selfheal.worker.SelfhealWorker;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.commands.RejectRequest;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import io.temporal.client.WorkflowUpdateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded default: in-process Temporal server, a worker and the example service in one
 * process. Breaks the service, raises the alert, and walks the incident to its end.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a real incident end to end on the embedded Temporal server.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--yes", description = "Approve the fix without asking (non-interactive use).")
  boolean yes;

  @Option(names = "--verify-checks", defaultValue = "3", description = "Verification probes (default: ${DEFAULT-VALUE}).")
  int verifyChecks;

  @Option(names = "--verify-interval", defaultValue = "2", description = "Seconds between probes (default: ${DEFAULT-VALUE}).")
  long verifyIntervalSeconds;

  @Option(names = "--approval-timeout", defaultValue = "PT72H", description = "Escalate an unanswered approval after this ISO-8601 duration (default: ${DEFAULT-VALUE}).")
  Duration approvalTimeout;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    out.println("selfheal demo: the report service loses its /tmp template; selfheal fixes the root cause.");
    try (ExampleSandbox sandbox = ExampleSandbox.create(ExampleLocator.example(ExampleSandbox.SERVICE));
        EmbeddedTemporal temporal = EmbeddedTemporal.start()) {
      out.println("sandbox    " + sandbox.root());
      ServiceCatalog catalog = new ServiceCatalog(Map.of(ExampleSandbox.SERVICE, sandbox.spec()));
      Workspace workspace = new Workspace(sandbox.root().resolve("work"));

      try {
        sandbox.deployInitialVersion(workspace);
        out.println("service    report-service healthy on " + sandbox.spec().health().url());
        sandbox.breakService();
        out.println("breakage   tmp cleaner removed the report template; report jobs are failing");
      } catch (IOException e) {
        out.println(e.getMessage());
        return 1;
      }

      try (SelfhealWorker worker =
          SelfhealWorker.create(temporal.client(), catalog, workspace, "demo", EnumSet.noneOf(dev.selfheal.worker.Capability.class)).start()) {
        Alert alert = GenericAlertParser.parse(alertJson());
        IncidentSettings settings =
            new IncidentSettings(approvalTimeout.toSeconds(), verifyChecks, verifyIntervalSeconds, 0.5);
        IncidentClient incidents = new IncidentClient(temporal.client());
        long incidentStarted = System.nanoTime();
        String incidentId = incidents.raise(alert, settings);
        out.println("alert      " + alert.severity() + " '" + alert.title() + "' -> " + incidentId);

        IncidentResult result = follow(temporal, incidents, incidentId);
        double seconds = (System.nanoTime() - incidentStarted) / 1e9;
        out.println("post-mortem " + result.postmortemPath());
        out.println("origin     " + sandbox.origin() + " (git log main shows the merge)");
        out.printf("demo wall time %.1fs%n", (System.nanoTime() - started) / 1e9);
        out.printf("RESULT incident=%s outcome=%s stages=%d seconds=%.1f%n",
            incidentId, result.outcome().label(), result.stagesCompleted(), seconds);
        return 0;
      }
    }
  }

  /** Prints the timeline as it grows, handles the approval prompt, returns the result. */
  private IncidentResult follow(EmbeddedTemporal temporal, IncidentClient incidents, String incidentId) throws Exception {
    StageReporter reporter = new StageReporter(out);
    CompletableFuture<IncidentResult> result =
        temporal.client().newUntypedWorkflowStub(incidentId).getResultAsync(IncidentResult.class);
    boolean asked = false;
    while (!result.isDone()) {
      reporter.update(incidents.incident(incidentId).timeline());
      IncidentStatus status = incidents.incident(incidentId).status();
      if (status.awaitingApproval() && !asked) {
        asked = true;
        decide(incidents, incidentId, status);
      }
      Thread.sleep(200);
    }
    reporter.update(incidents.incident(incidentId).timeline());
    return result.get();
  }

  private void decide(IncidentClient incidents, String incidentId, IncidentStatus status) throws Exception {
    out.println();
    out.println("---- proposed fix (" + status.reviewUrl() + ") ----");
    out.println(Files.readString(Path.of(status.diffPath())));
    out.println("---- diff sha256 " + status.diffSha256() + " ----");
    boolean approve = yes;
    if (yes) {
      out.println("approve? [y/N] y (--yes)");
    } else {
      out.print("approve? [y/N] ");
      out.flush();
      String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      approve = answer != null && answer.trim().equalsIgnoreCase("y");
    }
    String who = System.getProperty("user.name", "demo-user");
    if (approve) {
      try {
        incidents.incident(incidentId).approve(new ApproveRequest(status.diffSha256(), who, "approved in selfheal demo"));
      } catch (WorkflowUpdateException refused) {
        out.println("approval refused: " + refused.getCause().getMessage());
      }
    } else {
      incidents.incident(incidentId).reject(new RejectRequest(who, "declined in selfheal demo"));
    }
    out.println();
  }

  private static String alertJson() {
    return """
        {"source":"generic","service":"report-service","fingerprint":"report-jobs-failing",
         "title":"report jobs failing: /health 503","severity":"critical",
         "startsAt":"%s","labels":{"team":"bi-platform","alertname":"ReportJobsFailing"}}
        """.formatted(Instant.now().minusSeconds(60));
  }
}
