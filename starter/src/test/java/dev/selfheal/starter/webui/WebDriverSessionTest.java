package dev.selfheal.starter.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WebDriver client against a local page that, like an SPA, renders its text from a timer after loading. */
class WebDriverSessionTest {
  private static final String LATE_TEXT = "Workflow incident-42 completed";
  private static final String PAGE_TITLE = "selfheal webui self-test";
  private static final String PAGE = """
      <!doctype html>
      <html><head><title>%s</title></head>
      <body>
        <div id="app">Loading...</div>
        <script>
          setTimeout(function () {
            document.getElementById('app').innerHTML =
                '<h1>%s</h1>'
              + '<button onclick="document.getElementById(\\'details\\').textContent = \\'Details shown\\'">Show details</button>'
              + '<p id="details"></p>';
          }, 800);
        </script>
      </body></html>
      """.formatted(PAGE_TITLE, LATE_TEXT);
  private static final Duration FOUND_WITHIN = Duration.ofSeconds(15);
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(1);

  /** Why the tests skip (checked per test, so each is reported skipped with the reason), or null. */
  private static String unavailable;
  private static HttpServer server;
  private static String pageUrl;
  private static ChromeDriverProcess driver;
  private static WebDriverSession browser;

  @BeforeAll
  static void startBrowserAndPage() throws IOException {
    BrowserTools.Binaries binaries;
    try {
      binaries = BrowserTools.install();
    } catch (BrowserInstallException e) {
      // a developer machine without root may skip these tests; CI must run them
      if ("true".equals(System.getenv("CI"))) {
        throw e;
      }
      unavailable = "Chromium is not available and could not be installed: " + e.getMessage();
      return;
    }
    server = servePage();
    pageUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/spa";
    driver = ChromeDriverProcess.start(binaries.chromedriver(), Duration.ofSeconds(30));
    browser = WebDriverSession.open(driver.baseUrl(), binaries.chromium());
  }

  private static HttpServer servePage() throws IOException {
    HttpServer pageServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pageServer.createContext("/spa", exchange -> {
      byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    pageServer.start();
    return pageServer;
  }

  @AfterAll
  static void stopAll() {
    if (browser != null) {
      browser.close();
    }
    if (driver != null) {
      driver.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @BeforeEach
  void loadPage() {
    Assumptions.assumeTrue(unavailable == null, unavailable);
    browser.navigate(pageUrl);
  }

  @Test
  void waitForTextFindsTextTheScriptRendersAfterLoading() {
    assertThat(browser.waitForText(LATE_TEXT, FOUND_WITHIN)).as("page text: %s", browser.pageText()).isTrue();
    assertThat(browser.title()).isEqualTo(PAGE_TITLE);
    assertThat(browser.currentUrl()).isEqualTo(pageUrl);
  }

  @Test
  void waitForTextGivesUpOnTextThatNeverAppears() {
    Instant start = Instant.now();
    boolean found = browser.waitForText("Workflow incident-42 failed", GIVE_UP_AFTER);
    Duration waited = Duration.between(start, Instant.now());

    assertThat(found).isFalse();
    assertThat(waited).isGreaterThanOrEqualTo(GIVE_UP_AFTER).isLessThan(GIVE_UP_AFTER.plusSeconds(5));
  }

  @Test
  void waitForAllTextsReturnsOnlyTheMissingOnes() {
    List<String> missing = browser.waitForAllTexts(List.of(LATE_TEXT, "Show details", "Never rendered"), Duration.ofSeconds(3));

    assertThat(missing).containsExactly("Never rendered");
  }

  @Test
  void clickTextClicksTheElementShowingThatText() {
    assertThat(browser.waitForText("Show details", FOUND_WITHIN)).isTrue();
    assertThat(browser.pageText()).doesNotContain("Details shown");

    browser.clickText("Show details");

    assertThat(browser.waitForText("Details shown", Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void driverErrorsBecomeExceptionsWithTheDriversMessage() {
    assertThatThrownBy(() -> browser.navigate("not a url"))
        .isInstanceOf(WebDriverException.class)
        .extracting(e -> ((WebDriverException) e).error())
        .isEqualTo("invalid argument");
  }

  @Test
  void clickingTextNobodyShowsSaysSo() {
    assertThatThrownBy(() -> browser.clickText("Nothing shows this"))
        .isInstanceOf(WebDriverException.class)
        .hasMessageContaining("Nothing shows this")
        .extracting(e -> ((WebDriverException) e).error())
        .isEqualTo("no such element");
  }

  @Test
  void screenshotIsAPngUnderTarget() throws IOException {
    assertThat(browser.waitForText(LATE_TEXT, FOUND_WITHIN)).isTrue();
    Path moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();

    Path saved = browser.screenshot(moduleDir.resolve("target/webui/webdriver-self-test.png"));

    assertThat(saved).startsWith(moduleDir.resolve("target/webui")).isRegularFile();
    byte[] png = Files.readAllBytes(saved);
    assertThat(png).hasSizeGreaterThan(1000).startsWith(0x89, 'P', 'N', 'G');
  }
}
