package dev.selfheal.activities.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.messages.requests.ProbeRequest;
import dev.selfheal.workflows.messages.values.HealthCheck;
import dev.selfheal.workflows.messages.values.ProbeResult;
import dev.selfheal.workflows.messages.values.ServiceCommand;
import io.temporal.failure.ApplicationFailure;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthProbeActivitiesImplTest {
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(200);
  private final CountDownLatch release = new CountDownLatch(1);
  private HealthProbeActivitiesImpl probes;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.createContext("/hang", exchange -> {
      try {
        release.await(); // answers only when the test is over
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    probes = new HealthProbeActivitiesImpl(new Workspace(dir.resolve("work")));
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  private ProbeResult probe(HealthCheck check) {
    return probes.probeHealth(new ProbeRequest("report-service", check, new ServiceCommand("true", dir.toString(), Map.of("READY", "ready"), 0)));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void anyTwoHundredIsHealthy() {
    status.set(204);
    assertThat(probe(HealthCheck.http(url("/health")))).isEqualTo(new ProbeResult(true, "HTTP 204"));
  }

  @Test
  void serviceUnavailableIsUnhealthyWithItsStatus() {
    status.set(503);
    assertThat(probe(HealthCheck.http(url("/health")))).isEqualTo(new ProbeResult(false, "HTTP 503"));
  }

  @Test
  void aServiceThatHangsIsUnhealthyAfterTheShortTimeout() {
    long started = System.nanoTime();
    ProbeResult result = probe(new HealthCheck(url("/hang"), null, 300));
    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).contains("unreachable").contains("Timeout");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void nobodyListeningIsUnhealthy() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    ProbeResult result = probe(HealthCheck.http("http://127.0.0.1:" + port + "/health"));
    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).startsWith("unreachable");
  }

  @Test
  void commandProbeRunsInTheServiceFolderWithItsEnvironment() throws Exception {
    HealthCheck check = HealthCheck.command("test -f \"$READY\"");
    assertThat(probe(check).healthy()).isFalse();
    assertThat(probe(check).detail()).startsWith("exit 1");

    Files.writeString(dir.resolve("ready"), "");
    assertThat(probe(check)).isEqualTo(new ProbeResult(true, "exit 0"));
  }

  @Test
  void aCheckWithBothUrlAndCommandIsRefusedForGood() {
    assertThatThrownBy(() -> probe(new HealthCheck(url("/health"), "true", 0)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(Errors.INVALID_REQUEST.name());
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("exactly one of url or command");
        });
  }
}
