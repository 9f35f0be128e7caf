package dev.selfheal.starter.webui;

import dev.selfheal.starter.SelfhealHome;
import dev.selfheal.starter.dev.ScratchDevServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.starter.connect.WebUiLinks;
import dev.selfheal.starter.realserver.ExampleIncident;
import dev.selfheal.starter.realserver.InProcessWorker;
import dev.selfheal.starter.realserver.RealServer;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.values.Outcome;
import dev.selfheal.worker.SelfhealWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a reviewer sees: an incident run on the dev server, opened in the Temporal Web UI in
 * headless Chromium. The page must show the incident, its summary and its stage activities.
 */
class IncidentWebUiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(45);

  private static ScratchDevServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start("web-ui");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aReviewerApprovesInTheWebUiAndReadsTheIncidentThere() throws Exception {
    BrowserTools.Binaries browser = browserOrSkip();
    String id;
    try (ExampleIncident example = ExampleIncident.prepare(server, "web-ui")) {
      SelfhealWorker worker = InProcessWorker.start(server, example, "web-ui");
      try {
        id = example.raise("seen-in-the-web-ui");
        IncidentStatus waiting = example.awaitStatus(IncidentStatus::awaitingApproval, TIMEOUT);

        String url = WebUiLinks.workflow(server.server().webUi(), "default", id);
        Path screenshots = SelfhealHome.path().resolve("starter/target/webui");
        try (ChromeDriverProcess driver = ChromeDriverProcess.start(browser.chromedriver(), Duration.ofSeconds(30));
            WebDriverSession page = WebDriverSession.open(driver.baseUrl(), browser.chromium())) {
          // the reviewer approves from the Web UI: More Actions, Send a Signal, the README's JSON
          page.navigate(url);
          assertThat(page.waitForText("More Actions", PAGE_TIMEOUT)).as("page text:%n%s", page.pageText()).isTrue();
          page.clickText("More Actions");
          assertThat(page.waitForText("Send a Signal", PAGE_TIMEOUT)).as("More Actions menu; page text:%n%s", page.pageText()).isTrue();
          page.clickText("Send a Signal");
          boolean form = page.waitForText("Single JSON payload supported", PAGE_TIMEOUT);
          Path formShot = page.screenshot(screenshots.resolve("incident-approve-signal.png"));
          assertThat(form).as("signal form (screenshot %s); page text:%n%s", formShot, page.pageText()).isTrue();
          // with a worker up, the UI lists the signals the workflow defines
          page.clickCss("dialog[open] [data-testid=signal-select-button]");
          assertThat(page.waitForText("reject", PAGE_TIMEOUT)).as("signal list; page text:%n%s", page.pageText()).isTrue();
          page.clickText("approve");
          page.typeInto("dialog[open] [role=textbox]",
              "{\"diffSha256\": \"" + waiting.diffSha256() + "\", \"approver\": \"web-ui-reviewer\", \"comment\": \"approved in the Web UI\"}");
          page.screenshot(screenshots.resolve("incident-approve-signal.png"));
          page.clickText("Submit");

          IncidentResult result = example.awaitResult(TIMEOUT);
          assertThat(result.outcome()).as("outcome; %s", result.reason()).isEqualTo(Outcome.RESOLVED);
          assertThat(example.incident().timeline())
              .anySatisfy(e -> assertThat(e.event() + " " + e.detail()).startsWith("approved web-ui-reviewer approved diff"));

          page.navigate(url);
          List<String> missing = page.waitForAllTexts(List.of(id, "COMPLETED", "IncidentWorkflow", "selfheal-orchestration"), PAGE_TIMEOUT);
          Path shot = page.screenshot(screenshots.resolve("incident-page.png"));
          assertThat(missing).as("missing on %s (screenshot %s); page text:%n%s", url, shot, page.pageText()).isEmpty();
          assertThat(Files.size(shot)).isGreaterThan(10_000);

          // the stage activities, by type, in the compact event history (one row per activity)
          page.clickText("Event History");
          assertThat(page.waitForText("Compact", PAGE_TIMEOUT)).as("event history view switch; page text:%n%s", page.pageText()).isTrue();
          page.clickText("Compact");
          List<String> activities = page.waitForAllTexts(
              List.of("Detect", "OpenTicket", "CollectWindow", "Diagnose", "PrepareWorktree", "ApplyFix", "RunTests", "OpenReview",
                  "Merge", "Deploy", "Verify", "CloseWithPostmortem"),
              PAGE_TIMEOUT);
          Path history = page.screenshot(screenshots.resolve("incident-history.png"));
          assertThat(activities).as("activities missing in the event history (screenshot %s); page text:%n%s", history, page.pageText()).isEmpty();

          // the incident in words: the summary set at start and the details the workflow keeps current
          page.clickText("User Metadata");
          List<String> summary = page.waitForAllTexts(
              List.of("critical report-service: report jobs failing", "First alert", "Root cause", "FileNotFoundException", "Pull request", "resolved"),
              PAGE_TIMEOUT);
          Path metadata = page.screenshot(screenshots.resolve("incident-summary.png"));
          assertThat(summary).as("missing in User Metadata (screenshot %s); page text:%n%s", metadata, page.pageText()).isEmpty();
        }
      } finally {
        InProcessWorker.stop(worker);
      }
    }
  }

  /** A developer machine without root may skip; CI must run it. */
  private static BrowserTools.Binaries browserOrSkip() {
    try {
      return BrowserTools.install();
    } catch (BrowserInstallException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw e;
      }
      Assumptions.abort("Chromium cannot be installed here: " + e.getMessage());
      throw e;
    }
  }
}
