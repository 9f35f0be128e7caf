package dev.selfheal.activities.config;

import dev.selfheal.activities.ci.reports.JUnitReports;
import dev.selfheal.activities.fix.guard.GuardPolicy;
import dev.selfheal.activities.review.CodeHostConfig;
import dev.selfheal.workflows.Errors;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The services selfheal knows, read from a YAML file:
 *
 * <pre>
 * services:
 *   report-service:
 *     origin: /srv/git/report-service.git
 *     defaultBranch: main
 *     testCommand: ./test.sh
 *     deploy: {dir: /srv/report-service, command: ./deploy.sh}
 *     env: {PORT: "8080"}
 *     restart: {command: systemctl restart report-service}       # optional; dir defaults to deploy.dir
 *     health: http://127.0.0.1:8080/health                         # or {url|command, intervalSeconds, timeoutSeconds}
 *     verifyJob: http://127.0.0.1:8080/jobs/run
 *     logs: [/var/log/report-service/report-service.jsonl]         # or {path, format: jsonl|plain|auto}
 *     owners: [oncall@example.com]
 *     autonomy: suggest                                            # observe | suggest | auto
 *     thresholds:                                                  # all optional, these are the defaults
 *       minConfidence: 0
 *       recurrence: {count: 5, windowMinutes: 10}
 *       flapping: {crashes: 5, windowSeconds: 300, cooldownMinutes: 15}
 *       backoff: {initialSeconds: 1, maxSeconds: 3600, healthyResetSeconds: 120}
 *     review: {host: github, repo: acme/report-service}              # optional; default host: local
 *     guard: {allowedPaths: ["src/**"], maxFiles: 10, maxChangedLines: 400}  # optional
 *     testReports: ["TEST-*.xml"]                                  # optional; default JUnitReports.DEFAULT_GLOBS
 * </pre>
 *
 * Validated on load ({@link CatalogReader}): every error is reported with its file, line and
 * field.
 */
public final class ServiceCatalog {
  private final Map<String, ServiceSpec> services;

  public ServiceCatalog(Map<String, ServiceSpec> services) {
    this.services = Map.copyOf(services);
  }

  /**
   * @throws CatalogException listing every problem in the file, each as {@code
   *     <file>:<line>:<column>: services.<name>.<field>: <what is wrong>}
   */
  public static ServiceCatalog load(Path file) {
    return new ServiceCatalog(CatalogReader.read(file));
  }

  public Optional<ServiceSpec> find(String service) {
    return Optional.ofNullable(services.get(service));
  }

  /** The spec, or a non-retryable {@code UNKNOWN_SERVICE} failure naming the known services. */
  public ServiceSpec require(String service) {
    ServiceSpec spec = services.get(service);
    if (spec == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "service '" + service + "' is not in the catalog (known: " + String.join(", ", services.keySet()) + ")",
          Errors.UNKNOWN_SERVICE.name());
    }
    return spec;
  }

  /** The service's code host, for {@code CodeHostReviewActivities}. */
  public CodeHostConfig codeHost(String service) {
    return require(service).review();
  }

  /** What the patch guard allows for the service, for {@code FixActivitiesImpl}. */
  public GuardPolicy guardPolicy(String service) {
    return require(service).guard();
  }

  /** Where the service's test command writes its JUnit reports, for {@code CiActivitiesImpl}. */
  public JUnitReports testReports(String service) {
    return new JUnitReports(require(service).testReports());
  }

  public Map<String, ServiceSpec> all() {
    return services;
  }
}
