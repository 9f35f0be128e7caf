package dev.selfheal.starter.webui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One headless Chromium driven over the W3C WebDriver HTTP protocol; closing quits it and deletes its profile. */
public final class WebDriverSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Chromium starts slowly on two busy cores. */
  private static final Duration NEW_SESSION_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(45);
  /** Longer than the page-load timeout, so a slow navigation fails with the driver's message rather than ours. */
  private static final Duration COMMAND_TIMEOUT = PAGE_LOAD_TIMEOUT.plusSeconds(15);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  /** The W3C key under which an element reference travels. */
  /**
   * The body's text plus that of its iframes: the Temporal UI renders markdown (summary,
   * details) into same-origin iframes, whose text is not part of the body's innerText.
   */
  private static final String PAGE_TEXT_SCRIPT =
      "var text = document.body ? document.body.innerText : '';"
          + "document.querySelectorAll('iframe').forEach(function (f) {"
          + "  try { if (f.contentDocument && f.contentDocument.body) { text += '\\n' + f.contentDocument.body.innerText; } }"
          + "  catch (e) { /* another origin's frame: not ours to read */ }"
          + "});"
          + "return text;";

  private static final String ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";
  private static final String CLICK_TEXT_SCRIPT =
      "var text = arguments[0];"
          // an open dialog is where the user's eyes are: look there first
          + "var scope = document.querySelector('dialog[open]') || document.body;"
          + "function visible(e) { var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }"
          + "function words(e) { return (e.textContent || '').replace(/\\s+/g, ' ').trim(); }"
          + "var controls = Array.from(scope.querySelectorAll("
          + "    'button, a, label, [role=tab], [role=button], [role=menuitem], [role=option], option'))"
          + "  .filter(function (e) { return visible(e) && words(e).indexOf(text) === 0; });"
          + "var target = controls[0];"
          + "if (!target) {"
          + "  target = Array.from(scope.querySelectorAll('*')).filter(function (e) {"
          + "    return visible(e) && words(e).indexOf(text) >= 0"
          + "      && !Array.from(e.children).some(function (c) { return words(c).indexOf(text) >= 0; });"
          + "  })[0];"
          + "}"
          + "if (!target) { return false; }"
          + "target.scrollIntoView({block: 'center'});"
          + "target.click();"
          + "return true;";

  private final HttpClient http;
  private final URI sessionUrl;
  private final Path userDataDir;
  private boolean closed;

  private WebDriverSession(HttpClient http, URI sessionUrl, Path userDataDir) {
    this.http = http;
    this.sessionUrl = sessionUrl;
    this.userDataDir = userDataDir;
  }

  /** Starts headless Chromium ({@code chromiumBinary}) through the driver at {@code driverBaseUrl}, with a fresh profile. */
  public static WebDriverSession open(URI driverBaseUrl, Path chromiumBinary) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Path userDataDir;
    try {
      userDataDir = Files.createTempDirectory("selfheal-chromium-profile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode chromeOptions = JSON.createObjectNode().put("binary", chromiumBinary.toString());
    chromeOptions.set("args", JSON.valueToTree(List.of(
        "--headless",
        "--no-sandbox", // the tests run as root
        "--disable-gpu",
        // the machine has no internet: without these Chromium keeps dialing Google and gets refused
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + userDataDir)));
    ObjectNode alwaysMatch = JSON.createObjectNode().put("browserName", "chrome");
    alwaysMatch.set("goog:chromeOptions", chromeOptions);
    alwaysMatch.set("timeouts", JSON.valueToTree(Map.of("pageLoad", PAGE_LOAD_TIMEOUT.toMillis())));
    ObjectNode body = JSON.createObjectNode();
    body.set("capabilities", JSON.createObjectNode().set("alwaysMatch", alwaysMatch));
    try {
      JsonNode created = send(http, "new session", HttpRequest.newBuilder(driverBaseUrl.resolve("/session"))
          .timeout(NEW_SESSION_TIMEOUT)
          .POST(jsonBody(body)));
      String sessionId = created.path("sessionId").asText();
      return new WebDriverSession(http, driverBaseUrl.resolve("/session/" + sessionId), userDataDir);
    } catch (RuntimeException e) {
      deleteTree(userDataDir);
      throw e;
    }
  }

  /** Loads {@code url}, returning once the page's load event fired (an SPA may still be rendering). */
  public void navigate(String url) {
    post("url", Map.of("url", url));
  }

  /** The visible text of the page, as a user would read it. */
  public String pageText() {
    return post("execute/sync", Map.of("script", PAGE_TEXT_SCRIPT, "args", List.of())).asText();
  }

  public String title() {
    return get("title").asText();
  }

  public String currentUrl() {
    return get("url").asText();
  }

  /** Polls the page text until it contains {@code text}; false if it still does not after {@code timeout}. */
  public boolean waitForText(String text, Duration timeout) {
    return waitForAllTexts(List.of(text), timeout).isEmpty();
  }

  /** Polls the page text until it contains every one of {@code texts}; returns those still missing at the timeout. */
  public List<String> waitForAllTexts(List<String> texts, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      String page = pageText();
      List<String> missing = new ArrayList<>();
      for (String text : texts) {
        if (!page.contains(text)) {
          missing.add(text);
        }
      }
      if (missing.isEmpty() || !Instant.now().isBefore(deadline)) {
        return missing;
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return missing;
      }
    }
  }

  /**
   * Clicks what a user would click to act on {@code text}: the first visible button, link, tab,
   * menu item, option or label whose text starts with it (inside an open dialog if there is one),
   * else the innermost visible element containing it. Clicked
   * from script, so an overlay or a styled control that WebDriver calls "not interactable" does
   * not stop it; {@link WebDriverException} "no such element" if nothing shows the text.
   */
  public void clickText(String text) {
    boolean clicked = post("execute/sync", Map.of("script", CLICK_TEXT_SCRIPT, "args", List.of(text))).asBoolean();
    if (!clicked) {
      throw new WebDriverException("execute/sync", "no such element", "nothing visible on the page shows '" + text + "'");
    }
  }

  /** Clicks the element {@code cssSelector} names (from script, like {@link #clickText}). */
  public void clickCss(String cssSelector) {
    String script = "var e = document.querySelector(arguments[0]); if (!e) { return false; } e.click(); return true;";
    if (!post("execute/sync", Map.of("script", script, "args", List.of(cssSelector))).asBoolean()) {
      throw new WebDriverException("execute/sync", "no such element", "nothing on the page matches " + cssSelector);
    }
  }

  /** Types {@code text} into the element {@code cssSelector} names (an input, or an editor's contenteditable). */
  public void typeInto(String cssSelector, String text) {
    String elementId = post("element", Map.of("using", "css selector", "value", cssSelector)).path(ELEMENT_KEY).asText();
    post("element/" + elementId + "/click", Map.of());
    post("element/" + elementId + "/value", Map.of("text", text));
  }

  /** Saves a PNG of the viewport to {@code file}, creating its parent directories; returns the absolute path. */
  public Path screenshot(Path file) {
    byte[] png = Base64.getDecoder().decode(get("screenshot").asText());
    Path target = file.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      Files.write(target, png);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write screenshot " + target, e);
    }
    return target;
  }

  /** Quits the browser, then deletes its profile directory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      send(http, "delete session", HttpRequest.newBuilder(sessionUrl).timeout(COMMAND_TIMEOUT).DELETE());
    } finally {
      deleteTree(userDataDir);
    }
  }

  private JsonNode get(String command) {
    return send(http, command, HttpRequest.newBuilder(commandUrl(command)).timeout(COMMAND_TIMEOUT).GET());
  }

  private JsonNode post(String command, Object body) {
    return send(http, command, HttpRequest.newBuilder(commandUrl(command))
        .timeout(COMMAND_TIMEOUT)
        .POST(jsonBody(body)));
  }

  private URI commandUrl(String command) {
    return URI.create(sessionUrl + "/" + command);
  }

  /** Sends one command and returns its {@code value}, or throws the driver's error. */
  private static JsonNode send(HttpClient http, String command, HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.header("Content-Type", "application/json; charset=utf-8").build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("WebDriver " + command + ": no answer from the driver", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during WebDriver " + command, e);
    }
    JsonNode value;
    try {
      value = JSON.readTree(response.body()).path("value");
    } catch (IOException e) {
      throw new WebDriverException(command, "HTTP " + response.statusCode(), response.body());
    }
    if (value.hasNonNull("error")) {
      throw new WebDriverException(command, value.get("error").asText(), value.path("message").asText());
    }
    if (response.statusCode() >= 400) {
      throw new WebDriverException(command, "HTTP " + response.statusCode(), response.body());
    }
    return value;
  }

  private static HttpRequest.BodyPublisher jsonBody(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover profile in the temp dir does no harm
    }
  }
}
