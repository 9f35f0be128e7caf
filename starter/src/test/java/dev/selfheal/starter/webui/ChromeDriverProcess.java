package dev.selfheal.starter.webui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A chromedriver server on a free loopback port, ready to take W3C WebDriver requests; closing stops it. */
public final class ChromeDriverProcess implements AutoCloseable {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI baseUrl;
  private final Path log;

  private ChromeDriverProcess(Process process, URI baseUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
  }

  /** Starts {@code chromedriver} and waits until its {@code /status} reports ready. */
  public static ChromeDriverProcess start(Path chromedriver, Duration readyTimeout) {
    try {
      int port = freeLoopbackPort();
      Path log = Files.createTempFile("selfheal-chromedriver-", ".log");
      // a file, not a pipe: nobody has to drain the driver's output for it to keep running
      Process process = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      ChromeDriverProcess driver = new ChromeDriverProcess(process, URI.create("http://127.0.0.1:" + port), log);
      try {
        driver.awaitReady(readyTimeout);
      } catch (RuntimeException e) {
        driver.close();
        throw e;
      }
      return driver;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + chromedriver, e);
    }
  }

  /** Where the driver listens, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Everything the driver printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest status = HttpRequest.newBuilder(baseUrl.resolve("/status")).timeout(Duration.ofSeconds(2)).GET().build();
    Instant deadline = Instant.now().plus(timeout);
    String lastProblem = "no answer yet";
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("chromedriver exited " + process.exitValue() + " before it was ready:\n" + output());
      }
      try {
        HttpResponse<String> response = http.send(status, HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (value.path("ready").asBoolean(false)) {
          return;
        }
        lastProblem = "not ready: " + value.path("message").asText(response.body());
      } catch (IOException e) {
        lastProblem = e.toString(); // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for chromedriver", e);
      }
      pause();
    }
    throw new IllegalStateException(
        "chromedriver not ready at " + baseUrl + " within " + timeout + " (" + lastProblem + "); its output:\n" + output());
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for chromedriver", e);
    }
  }

  /** The port is released before chromedriver binds it; another process could take it in between, which is rare enough. */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a leftover log file in the temp dir does no harm
    }
  }
}
