package dev.selfheal.starter.incidents;

import dev.selfheal.workflows.IncidentSearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.common.SearchAttributes;
import java.io.PrintStream;
import java.util.Locale;

/** How the CLI prints what the server knows of an incident. */
final class IncidentRows {
  private IncidentRows() {}

  /** {@code WORKFLOW_EXECUTION_STATUS_RUNNING} → {@code running}. */
  static String status(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
  }

  static String attribute(SearchAttributes attributes, io.temporal.common.SearchAttributeKey<String> key) {
    String value = attributes == null ? null : attributes.get(key);
    return value == null ? "-" : value;
  }

  static void printSearchAttributes(PrintStream out, SearchAttributes attributes) {
    for (var key : IncidentSearchAttributes.ALL) {
      out.printf("%-10s %s%n", key.getName().replace("Selfheal", "").toLowerCase(Locale.ROOT), attribute(attributes, key));
    }
  }
}
