package dev.selfheal.activities.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.messages.requests.ReviewRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixProof;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.RiskClass;
import dev.selfheal.workflows.messages.values.RootCause;
import dev.selfheal.workflows.messages.values.TestReport;
import dev.selfheal.workflows.messages.values.Worktree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewMarkdownTest {
  private static final String INCIDENT = "incident-report-service-fp9";

  @Test
  void evidenceIsCutFirstSoTheBodyFitsGitHubsLimitWithEverySectionKept() {
    List<String> evidence = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      evidence.add(String.format("%04d ", i) + "e".repeat(200));
    }

    String md = render("short summary", evidence, List.of("src/Loader.java"));

    assertThat(md.length()).isLessThanOrEqualTo(ReviewMarkdown.MAX_BODY_CHARS);
    assertThat(md).contains("**Before the fix** (the tree the fix starts from, plus its new tests): red — red before the fix: "
        + "LoaderRegressionTest fails with the diagnosed IOException", "`LoaderRegressionTest.loads`", "**After the fix**");
    assertThat(md).contains("0000 eeee", "## Risk", "## Approve", "## Rollback plan")
        .containsPattern("\\(\\d+ more evidence lines left out to fit the page; the incident has them\\)")
        .doesNotContain("0999 eeee").doesNotContain(ReviewMarkdown.TRUNCATED);
    // the longest prefix that fits: one line more would not
    int kept = (int) md.lines().filter(l -> l.matches("\\d{4} e+")).count();
    int omitted = Integer.parseInt(md.replaceAll("(?s).*\\((\\d+) more evidence lines.*", "$1"));
    assertThat(kept + omitted).isEqualTo(1000);
    assertThat(md.length() + 206).isGreaterThan(ReviewMarkdown.MAX_BODY_CHARS);
  }

  @Test
  void aBodyTooLongEvenWithoutEvidenceIsCutAndSaysSo() {
    String md = render("s".repeat(80_000), List.of("line"), List.of("src/Loader.java"));

    assertThat(md.length()).isLessThanOrEqualTo(ReviewMarkdown.MAX_BODY_CHARS);
    assertThat(md).endsWith(ReviewMarkdown.TRUNCATED);
  }

  @Test
  void aLongSummaryMakesAShortenedTitle() {
    String md = render("x".repeat(400), List.of(), List.of("a.txt"));

    assertThat(md.lines().findFirst().orElseThrow())
        .hasSize("# ".length() + ReviewMarkdown.TITLE_MAX).startsWith("# selfheal: IOException in report-service — xxx").endsWith("x…");
  }

  @Test
  void aSmallBodyIsWhole() {
    String md = render("short summary", List.of("ERROR one", "ERROR two"), List.of("src/Loader.java"));

    assertThat(md).contains("ERROR one\nERROR two\n").doesNotContain("left out").doesNotContain(ReviewMarkdown.TRUNCATED);
  }

  @Test
  void secretsInLogTextAreRedactedEverywhereTheyAppear() {
    String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    String md = render("auth failed with token " + token, List.of("Authorization: Bearer " + token), List.of("a.txt"));

    assertThat(md).doesNotContain(token).contains("[REDACTED:");
  }

  @Test
  void theRiskIsThePatchGuardsWithItsReasonAndAnUnclassifiedFixIsHigh() {
    String high = render("s", List.of(), List.of("db/migration/V7__add_index.sql"), RiskClass.HIGH,
        "db/migration/V7__add_index.sql: migration");

    assertThat(high).contains("- Risk: high\n").contains("a human must review it closely")
        .contains("`db/migration/V7__add_index.sql: migration`");
    assertThat(render("s", List.of(), List.of("src/Loader.java"), RiskClass.MEDIUM, "code change")).contains("- Risk: medium");
    assertThat(render("s", List.of(), List.of("src/Loader.java"), null, null))
        .contains("- Risk: high (unclassified)").doesNotContain("The patch guard's reason");
  }

  private static String render(String summary, List<String> evidence, List<String> files) {
    return render(summary, evidence, files, RiskClass.MEDIUM, "code change");
  }

  private static String render(String summary, List<String> evidence, List<String> files, RiskClass risk, String reason) {
    Diagnosis d = new Diagnosis(
        new RootCause("report-service", "job", "java.io.IOException", "src/Loader.java", 3, "boom"),
        "code", summary, List.of("a", "b"), evidence, 0.9, null, List.of());
    FixResult fix = new FixResult("r", "c".repeat(40), "ab".repeat(32), "/ws/fix.diff", "1 file changed", files, risk, reason);
    ReviewRequest request = new ReviewRequest(INCIDENT, "report-service",
        new Worktree("/ws/wt", "selfheal/" + INCIDENT, "d".repeat(40), "q"), d, fix,
        new TestReport(true, 0, "ok", "/ws/t.log", 10, null, List.of(), List.of()),
        new FixProof(true, true, List.of("src/test/LoaderRegressionTest.java"), List.of("LoaderRegressionTest.loads"),
            "red before the fix: LoaderRegressionTest fails with the diagnosed IOException", "/ws/before.log", 900));
    return ReviewMarkdown.render(request, ReviewMarkdown.title(request), "main", null);
  }
}
