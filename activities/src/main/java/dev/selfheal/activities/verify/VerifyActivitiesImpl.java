package dev.selfheal.activities.verify;

import dev.selfheal.activities.ShellCommand;
import dev.selfheal.activities.config.HealthCheck;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.workflows.activities.VerifyActivities;
import dev.selfheal.workflows.messages.requests.VerifyRequest;
import dev.selfheal.workflows.messages.values.VerifyResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe: the health check (GET its URL, or run its command in the deploy dir), then POST the
 * job URL to re-run the job that failed. An unreachable service is an unhealthy result, not an
 * activity failure.
 */
public class VerifyActivitiesImpl implements VerifyActivities {
  private static final Logger log = LoggerFactory.getLogger(VerifyActivitiesImpl.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ServiceCatalog catalog;
  private final HttpClient http;

  public VerifyActivitiesImpl(ServiceCatalog catalog) {
    this.catalog = catalog;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public VerifyResult verify(VerifyRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    Probe health = health(spec);
    Probe job =
        spec.verifyJobUrl() == null
            ? new Probe(true, "no job to re-run")
            : call(HttpRequest.newBuilder(URI.create(spec.verifyJobUrl())).POST(HttpRequest.BodyPublishers.noBody()));
    VerifyResult result = new VerifyResult(health.ok(), job.ok(), "health " + health.detail() + "; job " + job.detail());
    log.info("incident={} verify attempt={} healthy={} jobOk={} detail='{}'", request.incidentId(), request.attempt(), result.healthy(), result.jobOk(), result.detail());
    return result;
  }

  private record Probe(boolean ok, String detail) {}

  private Probe health(ServiceSpec spec) {
    HealthCheck check = spec.health();
    if (check.url() != null) {
      return call(HttpRequest.newBuilder(URI.create(check.url())).GET());
    }
    Path output = null;
    try {
      output = Files.createTempFile("selfheal-health-" + spec.name() + "-", ".log");
      ShellCommand.Result run = ShellCommand.run(check.command(), Path.of(spec.deployDir()), spec.env(), output, check.timeout());
      String tail = String.join(" ", run.tail()).strip();
      return new Probe(run.exitCode() == 0, "exit " + run.exitCode() + (tail.isEmpty() ? "" : " " + abbreviate(tail)));
    } catch (IOException e) {
      return new Probe(false, "command failed (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Probe(false, "interrupted");
    } finally {
      deleteQuietly(output);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("health_output={} deleted=false reason='{}'", file, e.getMessage());
    }
  }

  private Probe call(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      boolean ok = response.statusCode() / 100 == 2;
      String body = response.body() == null ? "" : response.body().strip();
      return new Probe(ok, response.statusCode() + (body.isEmpty() ? "" : " " + abbreviate(body)));
    } catch (IOException e) {
      return new Probe(false, "unreachable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Probe(false, "interrupted");
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 160 ? text.substring(0, 160) + "…" : text;
  }
}
