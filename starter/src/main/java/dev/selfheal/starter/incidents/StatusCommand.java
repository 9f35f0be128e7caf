package dev.selfheal.starter.incidents;

import dev.selfheal.starter.connect.ConnectionOptions;
import dev.selfheal.starter.connect.TemporalConnection;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.IncidentWorkflow;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code selfheal status}: the server's view (run status, search attributes) and, through the
 * {@code status} and {@code timeline} queries, the incident's own (needs a worker running).
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show an incident: stage, root cause, diff to approve, timeline.")
public final class StatusCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", description = "Incident id (the workflow id).")
  String incidentId;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    try (TemporalConnection temporal = connection.connect(CliIdentity.of("status"))) {
      WorkflowExecutionDescription description;
      try {
        description = temporal.client().newUntypedWorkflowStub(incidentId).describe();
      } catch (WorkflowNotFoundException e) {
        System.err.println("selfheal status: no incident " + incidentId + " in namespace " + temporal.namespace());
        return 1;
      }
      WorkflowExecutionStatus run = description.getWorkflowExecutionInfo().getStatus();
      out.println("incident   " + incidentId);
      out.println("run        " + IncidentRows.status(run) + " (started " + description.getStartTime() + ")");
      out.println("web ui     " + connection.incidentUrl(incidentId));
      IncidentWorkflow incident = new IncidentClient(temporal.client()).incident(incidentId);
      IncidentStatus status;
      try {
        status = incident.status();
      } catch (WorkflowException e) {
        out.println("details    unavailable: " + Messages.of(e.getCause() == null ? e : e.getCause())
            + " (queries need a worker on the orchestration queue)");
        IncidentRows.printSearchAttributes(out, description.getTypedSearchAttributes());
        return 0;
      }
      out.println("service    " + status.service() + (status.severity() == null ? "" : " (" + status.severity() + ")"));
      out.println("stage      " + status.stage() + ", " + status.stagesCompleted() + " stages done, outcome " + status.outcome().label());
      out.println("alerts     " + status.alertCount());
      if (status.rootCause() != null) {
        out.printf("root cause %s (confidence %.2f)%n", status.rootCause(), status.confidence());
      }
      if (status.reviewUrl() != null) {
        out.println("review     " + status.reviewUrl());
      }
      if (status.diffSha256() != null) {
        out.println("diff       " + status.diffPath());
        out.println("diff sha256 " + status.diffSha256());
      }
      if (status.awaitingApproval()) {
        out.println("awaiting approval: selfheal approve " + incidentId + " --diff-sha256 " + status.diffSha256());
      }
      out.println("timeline:");
      for (TimelineEntry entry : incident.timeline()) {
        out.printf("  %s  %-8s %-18s %s%n", Instant.ofEpochMilli(entry.atMillis()), entry.stage(), entry.event(),
            entry.detail() == null ? "" : entry.detail());
      }
      return 0;
    }
  }
}
