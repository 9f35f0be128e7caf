package dev.selfheal.example.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The report service: an HTTP server on 127.0.0.1:PORT ({@code GET /health},
 * {@code POST /jobs/run}) and a report job every JOB_INTERVAL_MS.
 */
public final class ReportService {

  private final ServiceConfig config;
  private final ReportPipeline pipeline;
  private final JsonlLog log;
  private HttpServer server;
  private ExecutorService httpThreads;
  private ScheduledExecutorService scheduler;
  private boolean stopped;

  public ReportService(ServiceConfig config, ReportPipeline pipeline, JsonlLog log) {
    this.config = config;
    this.pipeline = pipeline;
    this.log = log;
  }

  public static void main(String[] args) throws IOException {
    ServiceConfig config;
    try {
      config = ServiceConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("report-service: " + e.getMessage());
      System.exit(2);
      return;
    }
    JsonlLog log = JsonlLog.inRunDir(config.runDir(), config.version(), config.commit());
    ReportService service =
        new ReportService(config, ReportPipeline.create(config.runDir(), log), log);
    try {
      service.start(true);
    } catch (IOException | RuntimeException e) {
      log.entry("FATAL", "report-service failed to start: " + e)
          .component(ReportService.class.getName())
          .exception(e)
          .attr("port", config.port())
          .write();
      System.err.println("report-service: failed to start: " + e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.stop();
      try {
        log.close();
      } catch (IOException ignored) {
        // exiting anyway
      }
    }, "report-service-shutdown"));
    log.entry("INFO", "report-service started on 127.0.0.1:" + service.port())
        .component(ReportService.class.getName())
        .attr("port", service.port())
        .attr("job_interval_ms", config.jobIntervalMs())
        .attr("run_dir", config.runDir().toString())
        .attr("pid", ProcessHandle.current().pid())
        .write();
    System.out.println("report-service listening on 127.0.0.1:" + service.port()
        + " (pid " + ProcessHandle.current().pid() + ")");
  }

  /**
   * Binds the HTTP server (port 0 picks a free one) and, when {@code schedule}, starts running a
   * job every {@code jobIntervalMs}, the first one at once.
   */
  public synchronized void start(boolean schedule) throws IOException {
    server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 16);
    server.createContext("/", this::handle);
    httpThreads = Executors.newFixedThreadPool(2, r -> thread(r, "report-http"));
    server.setExecutor(httpThreads);
    server.start();
    if (schedule) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "report-scheduler"));
      scheduler.scheduleWithFixedDelay(this::tick, 0, config.jobIntervalMs(),
          TimeUnit.MILLISECONDS);
    }
  }

  public synchronized int port() {
    return server.getAddress().getPort();
  }

  /** Stops the scheduler and the HTTP server. Safe to call twice. */
  public synchronized void stop() {
    if (stopped || server == null) {
      return;
    }
    stopped = true;
    if (scheduler != null) {
      scheduler.shutdown(); // let a running job finish rather than interrupt its file writes
      try {
        if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
          scheduler.shutdownNow();
        }
      } catch (InterruptedException e) {
        scheduler.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    server.stop(0);
    httpThreads.shutdownNow();
    log.entry("INFO", "report-service stopped")
        .component(ReportService.class.getName())
        .attr("jobs_run", pipeline.jobsRun()).attr("jobs_failed", pipeline.jobsFailed())
        .write();
  }

  private void tick() {
    try {
      pipeline.runOnce();
    } catch (Throwable t) { // a scheduled task that throws is never run again
      log.entry("ERROR", "report scheduler tick failed: " + t)
          .component(ReportService.class.getName())
          .exception(t)
          .write();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      try (InputStream body = ex.getRequestBody()) {
        body.readAllBytes();
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/health")) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
          send(ex, 405, Map.of("error", "use GET"));
        } else {
          health(ex);
        }
      } else if (path.equals("/jobs/run")) {
        if (!method.equals("POST")) {
          send(ex, 405, Map.of("error", "use POST"));
        } else {
          runJob(ex);
        }
      } else {
        send(ex, 404, Map.of("error", "not found: " + path));
      }
    }
  }

  private void health(HttpExchange ex) throws IOException {
    ReportPipeline.Result last = pipeline.lastResult();
    Map<String, Object> body = new LinkedHashMap<>();
    boolean ok = last == null || last.ok();
    body.put("status", ok ? "ok" : "failing");
    if (!ok) {
      body.put("lastError", last.error());
    }
    body.put("jobsRun", pipeline.jobsRun());
    body.put("jobsFailed", pipeline.jobsFailed());
    if (last != null) {
      body.put("lastJob", last.job());
      if (last.ok()) {
        body.put("lastReport", last.report().toString());
      }
    }
    if (config.version() != null) {
      body.put("version", config.version());
    }
    if (config.commit() != null) {
      body.put("commit", config.commit());
    }
    send(ex, ok ? 200 : 503, body);
  }

  private void runJob(HttpExchange ex) throws IOException {
    ReportPipeline.Result r = pipeline.runOnce();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ok", r.ok());
    body.put("job", r.job());
    if (r.ok()) {
      body.put("report", r.report().toString());
      send(ex, 200, body);
    } else {
      body.put("error", r.error());
      send(ex, 500, body);
    }
  }

  private static void send(HttpExchange ex, int status, Map<String, Object> body)
      throws IOException {
    byte[] bytes = (JsonlLog.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(false);
    return t;
  }
}
