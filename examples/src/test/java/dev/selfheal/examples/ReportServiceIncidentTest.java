package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproduces the incident end to end: deploy the service, let the tmp cleaner delete its
 * template, watch it fail, read the JSONL log the way selfheal will, and stop it.
 */
class ReportServiceIncidentTest {

  private static final String PKG = "dev.selfheal.example.report.";
  private static final String COMMIT = "incident-test-commit";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ReportServiceCopy copy;
  private Path runDir;
  private Path reportTmpDir;
  private int port;
  private long pid = -1;

  @BeforeEach
  void setUp() throws IOException {
    copy = ReportServiceCopy.into(tmp.resolve("checkout"));
    runDir = Files.createDirectories(tmp.resolve("run"));
    reportTmpDir = tmp.resolve("tmp-report-service");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void stopService() throws Exception {
    Path pidFile = runDir.resolve("report-service.pid");
    if (Files.exists(pidFile)) {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    }
    ReportServiceCopy.Run stop = copy.run("stop.sh", env(), Duration.ofSeconds(30));
    assertThat(stop.exitCode()).as("stop.sh; output:%n%s", stop.output()).isZero();
    if (pid > 0) {
      long p = pid;
      waitUntil(Duration.ofSeconds(15), () -> !running(p), "pid " + p + " to be gone");
    }
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void templateDeletedByTmpCleanerBreaksEveryJob() throws Exception {
    ReportServiceCopy.Run deploy = copy.run("deploy.sh", env(), Duration.ofMinutes(2));
    assertThat(deploy.exitCode()).as("deploy.sh; output:%n%s", deploy.output()).isZero();
    assertThat(deploy.output()).containsPattern("(?m)^deployed commit=" + COMMIT + " pid=\\d+$");
    pid = Long.parseLong(Files.readString(runDir.resolve("report-service.pid")).trim());
    assertThat(running(pid)).as("service process %d", pid).isTrue();

    // healthy first: the template is installed and jobs succeed
    waitUntil(Duration.ofSeconds(20), () -> get("/health") == 200, "/health to answer 200");
    waitUntil(Duration.ofSeconds(20),
        () -> records().stream().anyMatch(r -> r.path("level").asText().equals("INFO")
            && r.path("message").asText().matches("report job \\d+ completed")),
        "a successful report job");

    // the OS tmp cleaner strikes
    Path template = reportTmpDir.resolve("report-template.html");
    assertThat(template).exists();
    Files.delete(template);

    waitUntil(Duration.ofSeconds(20), () -> get("/health") == 503, "/health to answer 503");
    HttpResponse<String> run = send(HttpRequest.newBuilder(url("/jobs/run"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(run.statusCode()).as("POST /jobs/run: %s", run.body()).isEqualTo(500);
    JsonNode runBody = JSON.readTree(run.body());
    assertThat(runBody.path("ok").asBoolean(true)).isFalse();
    assertThat(runBody.path("error").asText()).contains("java.io.FileNotFoundException");
    HttpResponse<String> health = send(HttpRequest.newBuilder(url("/health")).GET().build());
    assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("failing");

    // the log, as selfheal's diagnosis reads it
    List<JsonNode> records = records();
    for (JsonNode r : records) {
      assertThat(r.path("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(r.path("level").asText()).isIn("ERROR", "WARN", "INFO", "FATAL");
      assertThat(r.path("service").asText()).isEqualTo("report-service");
      assertThat(r.path("message").isTextual()).isTrue();
    }
    List<JsonNode> notFound = withErrorType(records, "java.io.FileNotFoundException");
    List<JsonNode> delivery = withErrorType(records, PKG + "ReportDeliveryException");
    assertThat(notFound).isNotEmpty();
    assertThat(delivery.size()).isGreaterThan(notFound.size());

    JsonNode cause = notFound.get(0);
    String traceId = cause.path("trace_id").asText();
    assertThat(traceId).matches("[0-9a-f]{32}");
    assertThat(cause.path("span_id").asText()).matches("[0-9a-f]{16}");
    assertThat(cause.path("component").asText()).isEqualTo(PKG + "TemplateLoader");
    assertThat(cause.path("message").asText()).isEqualTo(
        "template not found: " + template + " (No such file or directory)");
    assertThat(cause.path("attrs").path("path").asText()).isEqualTo(template.toString());
    assertThat(cause.path("deploy").path("commit").asText()).isEqualTo(COMMIT);
    String file = cause.path("file").asText();
    assertThat(file).isEqualTo("src/main/java/dev/selfheal/example/report/TemplateLoader.java");
    assertThat(cause.path("line").isInt()).isTrue();
    List<String> source = Files.readAllLines(copy.dir.resolve(file));
    assertThat(source.get(cause.path("line").asInt() - 1))
        .as("the logged line of %s", file).contains("new FileInputStream(TEMPLATE_PATH)");
    assertThat(cause.path("stack").get(0).asText()).startsWith("java.io.FileInputStream.");
    assertThat(cause.path("stack").toString())
        .contains(PKG + "TemplateLoader.load(TemplateLoader.java:" + cause.path("line").asInt() + ")");

    // the same trace: cause first, then the job, then three delivery retries
    List<JsonNode> trace = new ArrayList<>();
    records.forEach(r -> {
      if (traceId.equals(r.path("trace_id").asText())) {
        trace.add(r);
      }
    });
    assertThat(trace).extracting(r -> r.path("error_type").asText()).containsExactly(
        "java.io.FileNotFoundException", PKG + "ReportGenerationException",
        PKG + "ReportDeliveryException", PKG + "ReportDeliveryException",
        PKG + "ReportDeliveryException");
    JsonNode job = trace.get(1);
    assertThat(job.path("caused_by").asText()).isEqualTo("java.io.FileNotFoundException");
    assertThat(job.has("parent_span_id")).isFalse();
    assertThat(cause.path("parent_span_id").asText()).isEqualTo(job.path("span_id").asText());
    for (int k = 1; k <= 3; k++) {
      JsonNode d = trace.get(1 + k);
      assertThat(d.path("parent_span_id").asText()).isEqualTo(job.path("span_id").asText());
      assertThat(d.path("caused_by").asText()).isEqualTo(PKG + "ReportGenerationException");
      assertThat(d.path("message").asText()).matches("no report to deliver for job \\d+ \\(attempt " + k + "/3\\)");
    }
  }

  private Map<String, String> env() {
    return Map.of("PORT", Integer.toString(port), "RUN_DIR", runDir.toString(),
        "REPORT_TMP_DIR", reportTmpDir.toString(), "JOB_INTERVAL_MS", "300",
        "SERVICE_VERSION", "0.0.1-test", "SELFHEAL_COMMIT", COMMIT);
  }

  private List<JsonNode> records() {
    Path log = runDir.resolve("logs").resolve("report-service.jsonl");
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(log)) {
      return out;
    }
    try {
      // the service may be appending right now: only complete (newline-terminated) lines count
      String text = Files.readString(log);
      String complete = text.substring(0, text.lastIndexOf('\n') + 1);
      for (String line : complete.split("\n")) {
        if (!line.isEmpty()) {
          out.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new AssertionError("unreadable log line in " + log, e);
    }
    return out;
  }

  private static List<JsonNode> withErrorType(List<JsonNode> records, String type) {
    return records.stream().filter(r -> type.equals(r.path("error_type").asText())).toList();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(request.uri())
        .method(request.method(), request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status of GET path, or -1 if nothing answers. */
  private int get(String path) {
    try {
      return send(HttpRequest.newBuilder(url(path)).GET().build()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Alive and not a zombie (an orphan waiting for init to reap it has already exited). */
  private static boolean running(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (Files.exists(stat)) {
      try {
        String s = Files.readString(stat);
        char state = s.charAt(s.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
      } catch (IOException | RuntimeException e) {
        return false; // vanished while reading
      }
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void waitUntil(Duration timeout, BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
