package dev.selfheal.workflows.messages.values;

import dev.selfheal.workflows.messages.queries.TimelineEntry;
import java.util.List;

/** Everything the workflow knows about an incident; the post-mortem is written from this. */
public record IncidentRecord(
    String incidentId,
    String service,
    Outcome outcome,
    String outcomeReason,
    Severity severity,
    int alertCount,
    Diagnosis diagnosis,
    FixResult fix,
    TestReport tests,
    ReviewRef review,
    String approvedBy,
    MergeResult merge,
    DeployResult deploy,
    List<VerifyResult> verification,
    RevertResult revert,
    List<TimelineEntry> timeline) {}
