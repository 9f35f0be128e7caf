package dev.selfheal.activities.supervise;

import dev.selfheal.activities.Failures;
import dev.selfheal.activities.ShellCommand;
import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.activities.RestartActivities;
import dev.selfheal.workflows.messages.requests.RestartRequest;
import dev.selfheal.workflows.messages.values.RestartResult;
import dev.selfheal.workflows.messages.values.ServiceCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service's restart command through {@link ShellCommand}: bounded by the command's
 * timeout, heartbeating, output to {@code supervise/<service>/restart-<id>.log}. A retry of the
 * same restart (a lost worker) stops the run the previous attempt left behind before running
 * again, so one restart never runs twice side by side.
 */
public class RestartActivitiesImpl implements RestartActivities {
  private static final Logger log = LoggerFactory.getLogger(RestartActivitiesImpl.class);
  private static final Pattern RESTART_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int TAIL_CHARS = 2_000;

  private final Workspace workspace;

  public RestartActivitiesImpl(Workspace workspace) {
    this.workspace = workspace;
  }

  @Override
  public RestartResult restartService(RestartRequest request) {
    ServiceCommand command = request.command();
    String problem = command == null ? "restart command is missing" : command.problem();
    if (problem == null && (request.restartId() == null || !RESTART_ID.matcher(request.restartId()).matches())) {
      problem = "restartId '" + request.restartId() + "' must be 1-64 of A-Z a-z 0-9 . _ -";
    }
    if (problem != null) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST, problem);
    }
    Path dir = Path.of(command.workingDir());
    if (!Files.isDirectory(dir)) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST, "restart workingDir " + dir + " does not exist");
    }
    long started = System.currentTimeMillis();
    RestartResult result;
    try {
      Path output = SupervisedServiceDir.of(workspace, request.service()).resolve("restart-" + request.restartId() + ".log");
      ShellCommand.Result run =
          ShellCommand.run(command.command(), dir, command.env(), output, Duration.ofSeconds(command.effectiveTimeoutSeconds()));
      result = new RestartResult(run.exitCode(), run.durationMillis(), tail(String.join("\n", run.tail())));
    } catch (IOException e) {
      // could not start, or ran past its limit and was killed: the next probe judges the service
      result = new RestartResult(-1, System.currentTimeMillis() - started, tail(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("restart of " + request.service() + " interrupted", e);
    }
    log.info("service={} restart={} exit={} took_ms={}", request.service(), request.restartId(), result.exitCode(), result.durationMillis());
    return result;
  }

  private static String tail(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= TAIL_CHARS ? text : "…" + text.substring(text.length() - TAIL_CHARS);
  }
}
