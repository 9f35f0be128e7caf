package dev.selfheal.starter.incidents;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.starter.alerts.AlertParsers;
import dev.selfheal.starter.alerts.GenericAlertParser;
import dev.selfheal.starter.alerts.InvalidAlertException;
import dev.selfheal.starter.connect.ConnectionOptions;
import dev.selfheal.starter.connect.TemporalConnection;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code selfheal start}: raises an alert into its incident (SignalWithStart), from a generic
 * JSON alert file or from flags. The same alert again joins the running incident.
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Raise an alert: start its incident, or join the running one.")
public final class StartCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ConnectionOptions connection;

  @Option(names = "--alert", description = "Alert file ('-' = stdin): generic JSON, or an Alertmanager, Grafana, Sentry or PagerDuty webhook. Otherwise built from the flags below.")
  String alertFile;

  @Option(names = "--service", description = "Service name, as in the catalog.")
  String service;

  @Option(names = "--fingerprint", description = "What makes two alerts the same problem.")
  String fingerprint;

  @Option(names = "--title", description = "One line for humans.")
  String title;

  @Option(names = "--severity", defaultValue = "high", description = "critical, high, warning or info (default: ${DEFAULT-VALUE}).")
  String severity;

  @Option(names = "--label", description = "key=value label; repeatable.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--approval-timeout", defaultValue = "PT72H", description = "Escalate an unanswered approval after this ISO-8601 duration, then keep waiting (default: ${DEFAULT-VALUE}).")
  Duration approvalTimeout;

  @Option(names = "--verify-checks", defaultValue = "3", description = "Health probes after deploy (default: ${DEFAULT-VALUE}).")
  int verifyChecks;

  @Option(names = "--verify-interval", defaultValue = "PT60S", description = "Time between probes, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration verifyInterval;

  @Option(names = "--min-confidence", defaultValue = "0.5", description = "Below this diagnosis confidence, escalate instead of patching (default: ${DEFAULT-VALUE}).")
  double minConfidence;

  @Option(names = "--host-wait", defaultValue = "PT5M", description = "How long work may wait for the repair host holding the worktree before moving to another (default: ${DEFAULT-VALUE}).")
  Duration hostWait;

  @Override
  public Integer call() throws Exception {
    List<Alert> alerts;
    IncidentSettings settings;
    try {
      // a file may be any format the receiver takes: generic, Alertmanager or Grafana (several alerts), Sentry, PagerDuty
      alerts = alertFile != null ? AlertParsers.parseAny(readAlert(alertFile)) : List.of(GenericAlertParser.parse(alertFromFlags()));
      settings = settings();
    } catch (InvalidAlertException | IllegalArgumentException | IOException e) {
      System.err.println("selfheal start: " + e.getMessage());
      return 2;
    }
    if (alerts.isEmpty()) {
      System.out.println("no alert to raise: the event neither starts nor ends a failure");
      return 0;
    }
    try (TemporalConnection temporal = connection.connect(CliIdentity.of("start"))) {
      IncidentClient incidents = new IncidentClient(temporal.client());
      for (Alert alert : alerts) {
        String incidentId = incidents.raise(alert, settings);
        System.out.println("incident " + incidentId);
        System.out.println("web ui   " + connection.incidentUrl(incidentId));
      }
      return 0;
    }
  }

  private IncidentSettings settings() {
    // the incident keeps whole seconds: PT0.5S would become 0, an approval wait that escalates without end
    if (approvalTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("--approval-timeout must be at least 1 second");
    }
    if (verifyChecks < 1 || verifyChecks > 100) {
      throw new IllegalArgumentException("--verify-checks must be between 1 and 100");
    }
    if (verifyInterval.isNegative()) {
      throw new IllegalArgumentException("--verify-interval must not be negative");
    }
    if (!(minConfidence >= 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException("--min-confidence must be between 0 and 1");
    }
    if (hostWait.toSeconds() < 1) {
      throw new IllegalArgumentException("--host-wait must be at least 1 second");
    }
    return new IncidentSettings(approvalTimeout.toSeconds(), verifyChecks, verifyInterval.toSeconds(), minConfidence, hostWait.toSeconds());
  }

  private String alertFromFlags() throws IOException {
    if (service == null || fingerprint == null || title == null) {
      throw new IllegalArgumentException("give --alert FILE, or all of --service, --fingerprint and --title");
    }
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("source", "cli");
    alert.put("service", service);
    alert.put("fingerprint", fingerprint);
    alert.put("title", title);
    alert.put("severity", severity);
    alert.put("startsAt", Instant.now().toString());
    alert.put("labels", labels);
    return JSON.writeValueAsString(alert);
  }

  private static String readAlert(String file) throws IOException {
    if (file.equals("-")) {
      byte[] bytes = System.in.readNBytes(AlertParsers.MAX_BYTES + 1);
      return new String(bytes, StandardCharsets.UTF_8);
    }
    Path path = Path.of(file);
    // NoSuchFileException's message is the bare path, which does not say what is wrong
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(file + ": no such alert file");
    }
    if (Files.size(path) > AlertParsers.MAX_BYTES) {
      throw new IllegalArgumentException(file + ": alert is larger than " + AlertParsers.MAX_BYTES + " bytes");
    }
    return Files.readString(path);
  }
}
