package dev.selfheal.starter.incidents;

import dev.selfheal.starter.connect.ConnectionOptions;
import dev.selfheal.starter.connect.TemporalConnection;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.IncidentWorkflow;
import dev.selfheal.workflows.messages.commands.ApprovalReceipt;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import io.temporal.client.WorkflowUpdateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code selfheal approve}: approves the exact diff the human reviewed, named by its SHA-256.
 * Sent as an update, so a wrong or stale hash is refused back here; {@code --signal} sends the
 * fire-and-forget signal instead (what the Web UI and {@code temporal workflow signal} send).
 */
@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve an incident's proposed fix, naming the diff's SHA-256.")
public final class ApproveCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", description = "Incident id (the workflow id).")
  String incidentId;

  @Option(names = "--diff-sha256", description = "SHA-256 of the diff you reviewed (shown by 'selfheal status' and in the PR).")
  String diffSha256;

  @Option(names = "--approver", description = "Who approves (default: $USER).")
  String approver;

  @Option(names = "--comment", description = "Shown in the timeline and on the review.")
  String comment;

  @Option(names = "--signal", description = "Send the approve signal instead of the update (no answer comes back).")
  boolean signal;

  @Override
  public Integer call() {
    try (TemporalConnection temporal = connection.connect(CliIdentity.of("approve"))) {
      IncidentWorkflow incident = new IncidentClient(temporal.client()).incident(incidentId);
      if (diffSha256 == null) {
        IncidentStatus status = incident.status();
        System.err.println("selfheal approve: name the diff you reviewed with --diff-sha256.");
        if (status.diffSha256() != null) {
          System.err.println("  proposed diff: " + status.diffPath());
          System.err.println("  its sha256:    " + status.diffSha256());
        } else {
          System.err.println("  no fix is proposed yet; stage is " + status.stage());
        }
        return 2;
      }
      ApproveRequest request = new ApproveRequest(diffSha256, approver == null ? CliIdentity.user() : approver, comment);
      if (signal) {
        incident.approveSignal(request);
        System.out.println("approve signal sent to " + incidentId + " (check 'selfheal status " + incidentId + "')");
        return 0;
      }
      try {
        ApprovalReceipt receipt = incident.approve(request);
        System.out.println("approved " + receipt.incidentId() + " diff " + receipt.diffSha256() + " by " + receipt.approver());
        return 0;
      } catch (WorkflowUpdateException refused) {
        Throwable cause = refused.getCause();
        System.err.println("selfheal approve: refused: " + (cause == null ? refused.getMessage() : Messages.of(cause)));
        return 1;
      }
    }
  }
}
