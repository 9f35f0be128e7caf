package dev.selfheal.starter.incidents;

import dev.selfheal.starter.connect.ConnectionOptions;
import dev.selfheal.starter.connect.TemporalConnection;
import dev.selfheal.workflows.IncidentSearchAttributes;
import dev.selfheal.workflows.IncidentWorkflow;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code selfheal list}: incidents from the server's visibility store, filtered by the
 * search attributes the workflow keeps current (service, stage, outcome).
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List incidents (visibility query over selfheal's search attributes).")
public final class ListCommand implements Callable<Integer> {
  /** Values go into a query string: keep them to what names look like, so nothing can inject. */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@/-]{1,200}");

  @Mixin ConnectionOptions connection;

  @Option(names = "--open", description = "Only incidents still running.")
  boolean open;

  @Option(names = "--service", description = "Only this service.")
  String service;

  @Option(names = "--stage", description = "Only incidents now in this stage (detect, diagnose, fix, test, pr, approve, deploy, verify, close).")
  String stage;

  @Option(names = "--outcome", description = "Only this outcome (open, resolved, rolled_back, rejected, escalated).")
  String outcome;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    String query;
    try {
      query = query();
    } catch (IllegalArgumentException e) {
      System.err.println("selfheal list: " + e.getMessage());
      return 2;
    }
    try (TemporalConnection temporal = connection.connect(CliIdentity.of("list"));
        Stream<WorkflowExecutionMetadata> rows = temporal.client().listExecutions(query)) {
      System.out.printf("%-52s %-11s %-18s %-9s %-12s %s%n", "INCIDENT", "RUN", "SERVICE", "STAGE", "OUTCOME", "STARTED");
      rows.limit(Math.max(1, limit)).forEach(row -> System.out.printf("%-52s %-11s %-18s %-9s %-12s %s%n",
          row.getExecution().getWorkflowId(),
          IncidentRows.status(row.getStatus()),
          IncidentRows.attribute(row.getTypedSearchAttributes(), IncidentSearchAttributes.SERVICE),
          IncidentRows.attribute(row.getTypedSearchAttributes(), IncidentSearchAttributes.STAGE),
          IncidentRows.attribute(row.getTypedSearchAttributes(), IncidentSearchAttributes.OUTCOME),
          row.getStartTime()));
      return 0;
    }
  }

  /** The visibility query for the chosen filters. */
  String query() {
    List<String> terms = new ArrayList<>();
    terms.add("WorkflowType = '" + IncidentWorkflow.TYPE + "'");
    if (open) {
      terms.add("ExecutionStatus = 'Running'");
    }
    add(terms, IncidentSearchAttributes.SERVICE.getName(), "--service", service);
    add(terms, IncidentSearchAttributes.STAGE.getName(), "--stage", stage);
    add(terms, IncidentSearchAttributes.OUTCOME.getName(), "--outcome", outcome);
    return String.join(" AND ", terms);
  }

  private static void add(List<String> terms, String attribute, String option, String value) {
    if (value == null) {
      return;
    }
    if (!SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(option + " may hold only letters, digits and . _ : @ / - (got '" + value + "')");
    }
    terms.add(attribute + " = '" + value + "'");
  }
}
