package dev.selfheal.activities.tickets;

import dev.selfheal.activities.render.CausalChainGraph;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.IncidentRecord;
import dev.selfheal.workflows.messages.values.RootCause;
import dev.selfheal.workflows.messages.values.VerifyResult;
import java.time.Instant;

/** The post-mortem, written only from the workflow's own record of the incident. */
final class PostmortemRenderer {
  private PostmortemRenderer() {}

  static String render(IncidentRecord r) {
    StringBuilder md = new StringBuilder();
    md.append("# Post-mortem: ").append(r.incidentId()).append("\n\n");
    md.append("- Service: ").append(r.service()).append('\n');
    md.append("- Outcome: **").append(r.outcome().label()).append("**");
    if (r.outcomeReason() != null) {
      md.append(" — ").append(r.outcomeReason());
    }
    md.append('\n');
    md.append("- Severity: ").append(r.severity()).append('\n');
    md.append("- Alerts received: ").append(r.alertCount()).append("\n\n");

    md.append("## Root cause\n\n");
    Diagnosis d = r.diagnosis();
    if (d == null) {
      md.append("Not diagnosed.\n\n");
    } else {
      RootCause rc = d.rootCause();
      md.append("`").append(rc.errorType()).append("` in ").append(rc.service());
      if (rc.component() != null) {
        md.append(" (").append(rc.component()).append(')');
      }
      if (rc.file() != null) {
        md.append(" at `").append(rc.file()).append(rc.line() == null ? "" : ":" + rc.line()).append('`');
      }
      md.append(String.format(", confidence %.2f, category %s.%n%n", d.confidence(), d.category()));
      md.append(d.summary()).append("\n\n");
      if (d.causalChain() != null && !d.causalChain().isEmpty()) {
        md.append("Causal chain:\n\n").append(CausalChainGraph.mermaid(d.causalChain())).append('\n');
        for (int i = 0; i < d.causalChain().size(); i++) {
          md.append(i + 1).append(". ").append(d.causalChain().get(i)).append('\n');
        }
        md.append('\n');
      }
    }

    md.append("## Fix\n\n");
    if (r.fix() == null) {
      md.append("No fix was made.\n\n");
    } else {
      md.append("- Recipe: ").append(r.fix().recipeId()).append('\n');
      md.append("- Commit: ").append(r.fix().commit()).append(" (").append(r.fix().diffStat()).append(")\n");
      md.append("- Diff SHA-256: `").append(r.fix().diffSha256()).append("`\n");
      if (r.tests() != null) {
        md.append("- Tests: ").append(r.tests().passed() ? "green" : "red").append(" — ").append(r.tests().summary()).append('\n');
      }
      if (r.review() != null) {
        md.append("- Review: ").append(r.review().url()).append('\n');
      }
      if (r.approvedBy() != null) {
        md.append("- Approved by: ").append(r.approvedBy()).append('\n');
      }
      if (r.merge() != null) {
        md.append("- Merged as: ").append(r.merge().mergeCommit()).append('\n');
      }
      if (r.deploy() != null) {
        md.append("- Deployed: ").append(r.deploy().deployId()).append('\n');
      }
      if (r.revert() != null) {
        md.append("- Reverted as: ").append(r.revert().revertCommit()).append('\n');
      }
      md.append('\n');
    }

    md.append("## Verification\n\n");
    if (r.verification() == null || r.verification().isEmpty()) {
      md.append("No verification ran.\n\n");
    } else {
      int n = 1;
      for (VerifyResult v : r.verification()) {
        md.append(n++).append(". ").append(v.passed() ? "ok" : "FAILED").append(" — ").append(v.detail()).append('\n');
      }
      md.append('\n');
    }

    md.append("## Timeline (UTC)\n\n| time | stage | event | detail |\n|---|---|---|---|\n");
    for (TimelineEntry e : r.timeline()) {
      md.append("| ").append(Instant.ofEpochMilli(e.atMillis())).append(" | ").append(e.stage())
          .append(" | ").append(e.event()).append(" | ").append(cell(e.detail())).append(" |\n");
    }
    return md.toString();
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
