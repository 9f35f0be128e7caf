package dev.selfheal.starter.incidents;

import dev.selfheal.starter.connect.ConnectionOptions;
import dev.selfheal.starter.connect.TemporalConnection;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.messages.commands.RejectRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code selfheal reject}: declines the proposed fix; the incident closes without merging. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject an incident's proposed fix; nothing is merged.")
public final class RejectCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", description = "Incident id (the workflow id).")
  String incidentId;

  @Option(names = "--approver", description = "Who rejects (default: $USER).")
  String approver;

  @Option(names = "--comment", required = true, description = "Why; goes into the timeline, the review and the post-mortem.")
  String comment;

  @Override
  public Integer call() {
    try (TemporalConnection temporal = connection.connect(CliIdentity.of("reject"))) {
      new IncidentClient(temporal.client())
          .incident(incidentId)
          .reject(new RejectRequest(approver == null ? CliIdentity.user() : approver, comment));
      System.out.println("reject signal sent to " + incidentId);
      return 0;
    }
  }
}
