package dev.selfheal.activities.review;

import dev.selfheal.activities.render.CausalChainGraph;
import dev.selfheal.workflows.messages.requests.ReviewRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.RootCause;
import dev.selfheal.workflows.messages.values.TestReport;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The human side of a review request: everything an approver needs to decide on one page, and
 * the exact commands that approve exactly this diff.
 */
final class ReviewMarkdown {
  static final int EVIDENCE_LINE_MAX = 300;
  private static final Pattern BACKTICKS = Pattern.compile("`+");

  private ReviewMarkdown() {}

  static String title(ReviewRequest request) {
    Diagnosis d = request.diagnosis();
    RootCause cause = d == null ? null : d.rootCause();
    String type = cause == null || cause.errorType() == null ? "incident" : simpleName(cause.errorType());
    String summary = d == null || d.summary() == null ? "" : firstLine(d.summary());
    return "selfheal: " + type + " in " + request.service() + (summary.isEmpty() ? "" : " — " + summary);
  }

  static String render(ReviewRequest request, String title, String baseBranch) {
    Diagnosis d = request.diagnosis();
    RootCause cause = d.rootCause();
    FixResult fix = request.fix();
    TestReport tests = request.tests();
    String id = request.incidentId();
    String sha = fix.diffSha256();
    String branch = request.worktree() != null && request.worktree().branch() != null
        ? request.worktree().branch()
        : "selfheal/" + id;

    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    md.append("- Incident: ").append(code(id)).append("\n");
    md.append("- Branch: ").append(code(branch)).append(" into ").append(code(baseBranch)).append("\n");
    md.append("- Commit: ").append(code(fix.commit())).append("\n");
    md.append("- Diff SHA-256: ").append(code(sha)).append("\n\n");

    md.append("## Summary\n\n").append(orNone(d.summary())).append("\n\n");

    md.append("## Root cause\n\n");
    if (cause == null) {
      md.append("(none recorded)\n");
    } else {
      md.append("- Service: ").append(orNone(cause.service())).append("\n");
      md.append("- Component: ").append(orNone(cause.component())).append("\n");
      md.append("- Error type: ").append(code(orNone(cause.errorType()))).append("\n");
      md.append("- Location: ").append(code(orNone(cause.file()) + (cause.line() == null ? "" : ":" + cause.line())))
          .append("\n");
      md.append("- Message: ").append(code(orNone(cause.message()).replace('\n', ' '))).append("\n");
    }
    md.append("- Confidence: ").append(String.format(Locale.ROOT, "%.2f", d.confidence()));
    if (d.category() != null) {
      md.append(" (category ").append(code(d.category())).append(")");
    }
    md.append("\n");
    if (d.alternatives() != null && !d.alternatives().isEmpty()) {
      md.append("- Also considered: ").append(String.join("; ", d.alternatives())).append("\n");
    }
    md.append("\n");

    md.append("## Causal chain\n\n");
    List<String> chain = d.causalChain() == null ? List.of() : d.causalChain();
    if (chain.isEmpty()) {
      md.append("(none recorded)\n");
    }
    md.append(CausalChainGraph.mermaid(chain));
    for (int i = 0; i < chain.size(); i++) {
      md.append(i + 1).append(". ").append(chain.get(i).replace('\n', ' ')).append("\n");
    }
    md.append("\n");

    md.append("## Evidence\n\n");
    StringBuilder evidence = new StringBuilder();
    for (String line : d.evidence() == null ? List.<String>of() : d.evidence()) {
      for (String part : line.split("\\R", -1)) {
        evidence.append(part.length() > EVIDENCE_LINE_MAX ? part.substring(0, EVIDENCE_LINE_MAX) + "…" : part).append("\n");
      }
    }
    md.append(fenced("text", evidence.length() == 0 ? "(no evidence lines)\n" : evidence.toString())).append("\n");

    md.append("## Change\n\n");
    md.append("Recipe ").append(code(fix.recipeId())).append(": ").append(fix.diffStat()).append("\n\n");
    for (String file : fix.files() == null ? List.<String>of() : fix.files()) {
      md.append("- ").append(code(file)).append("\n");
    }
    md.append("\nFull diff: ").append(code(fix.diffPath())).append("\n\n");

    md.append("## Tests\n\n");
    if (tests == null) {
      md.append("(no test run recorded)\n\n");
    } else {
      md.append("- Result: ").append(tests.passed() ? "passed" : "FAILED").append(" — ").append(orNone(tests.summary()))
          .append("\n");
      md.append("- Exit code: ").append(tests.exitCode()).append("\n");
      md.append("- Output: ").append(code(orNone(tests.outputPath()))).append("\n");
      md.append("- Duration: ").append(tests.durationMillis()).append(" ms\n\n");
    }

    md.append("## Approve\n\n");
    md.append("Approval names the exact diff. Approving this review approves the diff with SHA-256\n\n");
    md.append("    ").append(sha).append("\n\n");
    md.append("and nothing else; if the branch changes, the approval no longer matches. Approve with either:\n\n");
    md.append(fenced("sh",
        "selfheal approve " + id + " --diff " + sha + "\n"
            + "temporal workflow signal --workflow-id " + id + " --name approve --input '{\"diffSha256\":\"" + sha
            + "\",\"approver\":\"you\",\"comment\":\"lgtm\"}'\n"));
    md.append("\n");

    md.append("## Rollback plan\n\n");
    md.append("The fix is merged into ").append(code(baseBranch)).append(" as one merge commit and then deployed. ")
        .append("If the deploy or its verification fails, selfheal rolls back by itself: it reverts that merge commit ")
        .append("(mainline parent 1, commit trailer ").append(code("Selfheal-Revert: <merge commit>")).append("), ")
        .append("pushes the revert to ").append(code(baseBranch)).append(" and redeploys. ")
        .append("By hand, later: ").append(code("git revert -m 1 <merge commit>"))
        .append(" on ").append(code(baseBranch)).append(", push, and deploy the revert.\n");
    return md.toString();
  }

  /** Inline code that survives backticks in the text. */
  static String code(String text) {
    int longest = longestBackticks(text);
    String fence = "`".repeat(longest + 1);
    String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return fence + pad + text + pad + fence;
  }

  /** A fenced block whose fence is longer than any run of backticks inside it. */
  static String fenced(String info, String body) {
    String fence = "`".repeat(Math.max(3, longestBackticks(body) + 1));
    return fence + info + "\n" + body + (body.endsWith("\n") ? "" : "\n") + fence + "\n";
  }

  private static int longestBackticks(String text) {
    int longest = 0;
    Matcher m = BACKTICKS.matcher(text);
    while (m.find()) {
      longest = Math.max(longest, m.group().length());
    }
    return longest;
  }

  static String simpleName(String type) {
    String simple = type.substring(type.lastIndexOf('.') + 1);
    return simple.substring(simple.lastIndexOf('$') + 1);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).trim();
  }

  private static String orNone(String text) {
    return text == null || text.isBlank() ? "(none)" : text;
  }
}
