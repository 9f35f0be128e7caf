package dev.selfheal.starter.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.starter.SelfhealCli;
import dev.selfheal.starter.SelfhealHome;
import dev.selfheal.starter.connect.TemporalConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code selfheal dev} as a user runs it, in its own process: it brings up the dev server with
 * its SQLite file and Web UI, the example service and a worker; Ctrl-C (SIGTERM) takes the
 * server down with it and leaves the state file for next time.
 */
class DevCommandTest {
  @Test
  void devStartsServerUiAndWorkerAndStopsThemOnSigterm() throws Exception {
    Path dir = SelfhealHome.path().resolve("starter/target/dev-command-" + System.currentTimeMillis());
    Files.createDirectories(dir);
    int port = ScratchDevServer.freePort();
    int uiPort = ScratchDevServer.freePort();
    String address = "127.0.0.1:" + port;
    Path out = dir.resolve("dev.out");
    Process dev = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dselfheal.home=" + SelfhealHome.path(),
            "-cp", System.getProperty("java.class.path"),
            SelfhealCli.class.getName(), "dev",
            "--address", address, "--ui-port", Integer.toString(uiPort), "--db", dir.resolve("temporal.db").toString()))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!Files.readString(out).contains("running ") && dev.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      String printed = Files.readString(out);
      assertThat(printed).as("dev output").contains("running ").contains("worker     polling").contains("try it:");
      assertThat(TemporalConnection.reachable(address)).isTrue();
      HttpResponse<String> ui = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ui.statusCode()).as("Web UI").isEqualTo(200);
      assertThat(dir.resolve("temporal.db")).exists();

      dev.destroy(); // SIGTERM, as Ctrl-C

      assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("dev exits on SIGTERM").isTrue();
      assertThat(TemporalConnection.reachable(address)).as("its dev server stopped with it").isFalse();
      assertThat(dir.resolve("temporal.db")).as("state kept for the next start").exists();
    } finally {
      dev.destroyForcibly();
    }
  }
}
