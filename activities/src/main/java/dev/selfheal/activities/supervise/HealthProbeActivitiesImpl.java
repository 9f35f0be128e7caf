package dev.selfheal.activities.supervise;

import dev.selfheal.activities.Failures;
import dev.selfheal.activities.ShellCommand;
import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.activities.HealthProbeActivities;
import dev.selfheal.workflows.messages.requests.ProbeRequest;
import dev.selfheal.workflows.messages.values.HealthCheck;
import dev.selfheal.workflows.messages.values.ProbeResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One probe of a supervised service: GET the URL with a short timeout (2xx is healthy), or run
 * the command (exit 0 is healthy). Down, refusing, slow or failing is a result; only a check that
 * can never run (bad request) fails the activity.
 */
public class HealthProbeActivitiesImpl implements HealthProbeActivities {
  private final Workspace workspace;
  private final HttpClient http;

  public HealthProbeActivitiesImpl(Workspace workspace) {
    this.workspace = workspace;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  @Override
  public ProbeResult probeHealth(ProbeRequest request) {
    HealthCheck check = request.health();
    String problem = check == null ? "health is missing" : check.problem();
    if (problem != null) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST, problem);
    }
    Duration timeout = Duration.ofMillis(check.effectiveTimeoutMillis());
    return check.url() != null && !check.url().isBlank() ? http(check.url(), timeout) : command(request, timeout);
  }

  private ProbeResult http(String url, Duration timeout) {
    HttpRequest probe;
    try {
      probe = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST, "health url '" + url + "' is not a URL: " + e.getMessage());
    }
    try {
      HttpResponse<Void> response = http.send(probe, HttpResponse.BodyHandlers.discarding());
      return new ProbeResult(response.statusCode() / 100 == 2, "HTTP " + response.statusCode());
    } catch (IOException e) {
      return new ProbeResult(false, "unreachable (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeResult(false, "interrupted");
    }
  }

  private ProbeResult command(ProbeRequest request, Duration timeout) {
    if (request.restart() == null || request.restart().workingDir() == null) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST, "a command probe needs the restart workingDir to run in");
    }
    Path dir = Path.of(request.restart().workingDir());
    if (!Files.isDirectory(dir)) {
      return new ProbeResult(false, "working dir " + dir + " does not exist");
    }
    try {
      Path output = SupervisedServiceDir.of(workspace, request.service()).resolve("probe.log");
      ShellCommand.Result result = ShellCommand.run(request.health().command(), dir, request.restart().env(), output, timeout);
      String last = result.tail().isEmpty() ? "" : ": " + result.tail().get(result.tail().size() - 1);
      return new ProbeResult(result.exitCode() == 0, "exit " + result.exitCode() + last);
    } catch (IOException e) {
      return new ProbeResult(false, "probe command failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeResult(false, "interrupted");
    }
  }
}
