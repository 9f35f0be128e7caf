package dev.selfheal.activities.review;

import dev.selfheal.activities.diagnosis.llm.Redactor;
import dev.selfheal.activities.render.CausalChainGraph;
import dev.selfheal.workflows.messages.requests.ReviewRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.RootCause;
import dev.selfheal.workflows.messages.values.FixProof;
import dev.selfheal.workflows.messages.values.TestReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The human side of a review request: everything an approver needs to decide on one page, and
 * the exact commands that approve exactly this diff. Text that came from logs (summary, message,
 * chain, evidence) is redacted before it is written: a review page is read far more widely than the
 * logs were.
 */
final class ReviewMarkdown {
  static final int EVIDENCE_LINE_MAX = 300;
  static final int TITLE_MAX = 200;
  /** GitHub refuses a body over 65,536 characters; a margin for what a host may add. */
  static final int MAX_BODY_CHARS = 65_000;
  static final String TRUNCATED = "\n\n…(review text cut at " + MAX_BODY_CHARS + " characters; the incident has the rest)\n";
  private static final Pattern BACKTICKS = Pattern.compile("`+");

  private ReviewMarkdown() {}

  static String title(ReviewRequest request) {
    Diagnosis d = request.diagnosis();
    RootCause cause = d == null ? null : d.rootCause();
    String type = cause == null || cause.errorType() == null ? "incident" : simpleName(cause.errorType());
    String summary = d == null || d.summary() == null ? "" : firstLine(redact(d.summary()));
    String title = "selfheal: " + type + " in " + request.service() + (summary.isEmpty() ? "" : " — " + summary);
    // GitLab refuses titles over 255 characters
    return title.length() <= TITLE_MAX ? title : title.substring(0, TITLE_MAX - 1) + "…";
  }

  /**
   * The page, at most {@link #MAX_BODY_CHARS} long: evidence lines go first (from the last), and
   * only when the rest alone is too long is the page cut.
   *
   * @param incidentUrl the incident in the Temporal Web UI, or null when none is configured
   */
  static String render(ReviewRequest request, String title, String baseBranch, String incidentUrl) {
    List<String> evidence = evidenceLines(request.diagnosis());
    String full = render(request, title, baseBranch, incidentUrl, evidence, 0);
    if (full.length() <= MAX_BODY_CHARS) {
      return full;
    }
    // the longest prefix of the evidence that fits
    int low = 0;
    int high = evidence.size() - 1;
    String best = render(request, title, baseBranch, incidentUrl, List.of(), evidence.size());
    while (low <= high) {
      int kept = (low + high) >>> 1;
      String page = render(request, title, baseBranch, incidentUrl, evidence.subList(0, kept), evidence.size() - kept);
      if (page.length() <= MAX_BODY_CHARS) {
        best = page;
        low = kept + 1;
      } else {
        high = kept - 1;
      }
    }
    if (best.length() <= MAX_BODY_CHARS) {
      return best;
    }
    int cut = MAX_BODY_CHARS - TRUNCATED.length();
    if (Character.isHighSurrogate(best.charAt(cut - 1))) {
      cut--;
    }
    return best.substring(0, cut) + TRUNCATED;
  }

  private static String render(ReviewRequest request, String title, String baseBranch, String incidentUrl,
      List<String> evidence, int evidenceOmitted) {
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
    md.append("- Incident: ").append(code(id));
    if (incidentUrl != null) {
      md.append(" — [open in the Temporal Web UI](").append(incidentUrl).append(")");
    }
    md.append("\n");
    md.append("- Branch: ").append(code(branch)).append(" into ").append(code(baseBranch)).append("\n");
    md.append("- Commit: ").append(code(fix.commit())).append("\n");
    md.append("- Diff SHA-256: ").append(code(sha)).append("\n\n");

    md.append("- Risk: ").append(riskLevel(fix)).append("\n\n");

    md.append("## Summary\n\n").append(orNone(redact(d.summary()))).append("\n\n");

    md.append("## Root cause\n\n");
    if (cause == null) {
      md.append("(none recorded)\n");
    } else {
      md.append("- Service: ").append(orNone(cause.service())).append("\n");
      md.append("- Component: ").append(orNone(cause.component())).append("\n");
      md.append("- Error type: ").append(code(orNone(cause.errorType()))).append("\n");
      md.append("- Location: ").append(code(orNone(cause.file()) + (cause.line() == null ? "" : ":" + cause.line())))
          .append("\n");
      md.append("- Message: ").append(code(orNone(redact(cause.message())).replace('\n', ' '))).append("\n");
    }
    md.append("- Confidence: ").append(String.format(Locale.ROOT, "%.2f", d.confidence()));
    if (d.category() != null) {
      md.append(" (category ").append(code(d.category())).append(")");
    }
    md.append("\n");
    if (d.alternatives() != null && !d.alternatives().isEmpty()) {
      md.append("- Also considered: ").append(redact(String.join("; ", d.alternatives()))).append("\n");
    }
    md.append("\n");

    md.append("## Causal chain\n\n");
    List<String> chain = d.causalChain() == null ? List.of() : d.causalChain().stream().map(ReviewMarkdown::redact).toList();
    if (chain.isEmpty()) {
      md.append("(none recorded)\n");
    }
    md.append(CausalChainGraph.mermaid(chain));
    for (int i = 0; i < chain.size(); i++) {
      md.append(i + 1).append(". ").append(chain.get(i).replace('\n', ' ')).append("\n");
    }
    md.append("\n");

    md.append("## Evidence\n\n");
    String excerpt = evidence.isEmpty() && evidenceOmitted == 0 ? "(no evidence lines)\n" : String.join("\n", evidence) + "\n";
    md.append(fenced("text", excerpt));
    if (evidenceOmitted > 0) {
      md.append("\n(").append(evidenceOmitted).append(" more evidence lines left out to fit the page; the incident has them)\n");
    }
    md.append("\n");

    md.append("## Change\n\n");
    md.append("Recipe ").append(code(fix.recipeId())).append(": ").append(fix.diffStat()).append("\n\n");
    for (String file : fix.files() == null ? List.<String>of() : fix.files()) {
      md.append("- ").append(code(file)).append("\n");
    }
    md.append("\nFull diff: ").append(code(fix.diffPath())).append("\n\n");

    md.append("## Tests\n\n");
    FixProof proof = request.proof();
    if (proof != null) {
      md.append("**Before the fix** (the tree the fix starts from, plus its new tests): ")
          .append(proof.red() ? "red" : "NOT red").append(" — ").append(orNone(proof.summary())).append("\n");
      md.append("- Regression tests: ").append(proof.regressionTests().stream().map(ReviewMarkdown::code)
          .reduce((a, b) -> a + ", " + b).orElse("none")).append("\n");
      if (!proof.failing().isEmpty()) {
        md.append("- Failing there: ").append(String.join(", ", proof.failing().stream().map(ReviewMarkdown::code).toList()))
            .append("\n");
      }
      md.append("- Output: ").append(code(orNone(proof.outputPath()))).append("\n\n");
      md.append("**After the fix** (the whole test command):\n\n");
    }
    if (tests == null) {
      md.append("(no test run recorded)\n\n");
    } else {
      md.append("- Result: ").append(tests.passed() ? "passed" : "FAILED").append(" — ").append(orNone(tests.summary()))
          .append("\n");
      md.append("- Exit code: ").append(tests.exitCode()).append("\n");
      md.append("- Output: ").append(code(orNone(tests.outputPath()))).append("\n");
      md.append("- Duration: ").append(tests.durationMillis()).append(" ms\n\n");
    }

    md.append("## Risk\n\n");
    md.append(switch (fix.riskOrHigh()) {
      case HIGH -> "High: the change touches authentication, payments, a data store or a migration, or was never"
          + " classified; a human must review it closely, whatever the service's autonomy mode.";
      case MEDIUM -> "Medium: a code change outside the high-risk areas.";
      case LOW -> "Low: configuration or resources only.";
    }).append("\n\n");
    if (fix.riskReason() != null) {
      md.append("The patch guard's reason: ").append(code(fix.riskReason())).append("\n\n");
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

  /** Redacted evidence, one line each, every line cut at {@link #EVIDENCE_LINE_MAX}. */
  private static List<String> evidenceLines(Diagnosis d) {
    List<String> lines = new ArrayList<>();
    for (String line : d == null || d.evidence() == null ? List.<String>of() : d.evidence()) {
      // redacted before cutting: a cut could leave half a secret the patterns no longer see
      for (String part : redact(line).split("\\R", -1)) {
        lines.add(part.length() > EVIDENCE_LINE_MAX ? part.substring(0, EVIDENCE_LINE_MAX) + "…" : part);
      }
    }
    return lines;
  }

  private static String redact(String text) {
    return text == null ? null : Redactor.redact(text).text();
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

  /** {@code medium}, or {@code high (unclassified)} for a fix from before the guard. */
  private static String riskLevel(FixResult fix) {
    String level = fix.riskOrHigh().name().toLowerCase(java.util.Locale.ROOT);
    return fix.risk() == null ? level + " (unclassified)" : level;
  }

  private static String orNone(String text) {
    return text == null || text.isBlank() ? "(none)" : text;
  }
}
