package dev.selfheal.activities.diagnosis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A synthetic log in the shape the example report-service writes when its template has been
 * wiped from /tmp: per failed job, one trace with the FileNotFoundException (own span under the
 * job span), the job's ReportGenerationException, and three ReportDeliveryException retries;
 * around it benign recurring WARNs, INFO lines of good jobs, and an unrelated error that has
 * been recurring for hours before and never causes anything.
 */
final class ReportServiceLog {
  static final String SERVICE = "report-service";
  static final String PKG = "dev.selfheal.example.report.";
  static final String TEMPLATE = "/tmp/report-service-7f3a/report-template.html";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Map.Entry<Instant, String>> lines = new ArrayList<>();
  private int ids;

  /**
   * @param failedJobs jobs failing once a minute from {@code incident}
   * @param hoursBefore hours of healthy history (good jobs, WARN noise, the unrelated error)
   */
  static List<String> lines(Instant incident, int failedJobs, int hoursBefore) {
    return lines(incident, failedJobs, hoursBefore, Duration.ofMinutes(10));
  }

  /** @param unrelatedEvery how often the unrelated error recurs, from the start to the end */
  static List<String> lines(Instant incident, int failedJobs, int hoursBefore, Duration unrelatedEvery) {
    ReportServiceLog log = new ReportServiceLog();
    Instant start = incident.minus(Duration.ofHours(hoursBefore));
    Instant end = incident.plus(Duration.ofMinutes(failedJobs + 5));
    for (Instant t = start; t.isBefore(incident); t = t.plusSeconds(60)) {
      log.goodJob(t);
    }
    for (Instant t = start.plusSeconds(17); t.isBefore(end); t = t.plus(Duration.ofMinutes(5))) {
      log.warnNoise(t);
    }
    for (Instant t = start.plusSeconds(131); t.isBefore(end); t = t.plus(unrelatedEvery)) {
      log.unrelatedError(t);
    }
    for (int i = 0; i < failedJobs; i++) {
      log.failedJob(incident.plusSeconds(60L * i + 3), i + 1);
    }
    return log.lines.stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .map(Map.Entry::getValue).toList();
  }

  private void goodJob(Instant t) {
    Map<String, Object> r = record(t, "INFO", "report job completed", PKG + "ReportJob");
    r.put("trace_id", id(32));
    r.put("span_id", id(16));
    add(t, r);
  }

  private void warnNoise(Instant t) {
    Map<String, Object> r = record(t, "WARN", "report cache warm-up slow (812ms)", PKG + "ReportCache");
    r.put("attrs", Map.of("elapsed_ms", 812, "threshold_ms", 500));
    add(t, r);
  }

  private void unrelatedError(Instant t) {
    Map<String, Object> r = record(t, "ERROR", "metrics push failed: connect timed out", PKG + "MetricsPusher");
    r.put("error_type", "java.net.SocketTimeoutException");
    r.put("stack", List.of("java.net.SocketTimeoutException: connect timed out",
        "at " + PKG + "MetricsPusher.push(MetricsPusher.java:40)"));
    add(t, r);
  }

  private void failedJob(Instant t, int job) {
    String trace = id(32);
    String jobSpan = id(16);
    Map<String, Object> fnf = record(t, "ERROR",
        "template not found: " + TEMPLATE + " (No such file or directory)", PKG + "TemplateLoader");
    fnf.put("error_type", "java.io.FileNotFoundException");
    fnf.put("trace_id", trace);
    fnf.put("span_id", id(16));
    fnf.put("parent_span_id", jobSpan);
    fnf.put("file", "src/main/java/dev/selfheal/example/report/TemplateLoader.java");
    fnf.put("line", 31);
    fnf.put("stack", List.of("java.base/java.io.FileInputStream.open0(Native Method)",
        PKG + "TemplateLoader.load(TemplateLoader.java:31)", PKG + "ReportJob.run(ReportJob.java:44)"));
    fnf.put("attrs", Map.of("path", TEMPLATE));
    add(t, fnf);

    Instant t2 = t.plusMillis(2);
    Map<String, Object> gen = record(t2, "ERROR", "report job " + job + " failed", PKG + "ReportJob");
    gen.put("error_type", PKG + "ReportGenerationException");
    gen.put("caused_by", "java.io.FileNotFoundException");
    gen.put("trace_id", trace);
    gen.put("span_id", jobSpan);
    gen.put("file", "src/main/java/dev/selfheal/example/report/ReportJob.java");
    gen.put("line", 47);
    add(t2, gen);

    for (int attempt = 1; attempt <= 3; attempt++) {
      Instant t3 = t.plusMillis(30L * attempt);
      Map<String, Object> d = record(t3, "ERROR",
          "delivery of report " + job + " failed (attempt " + attempt + "/3): no report to deliver", PKG + "ReportDelivery");
      d.put("error_type", PKG + "ReportDeliveryException");
      d.put("caused_by", PKG + "ReportGenerationException");
      d.put("trace_id", trace);
      d.put("span_id", id(16));
      d.put("parent_span_id", jobSpan);
      d.put("attrs", Map.of("job", job, "attempt", attempt, "max_attempts", 3));
      add(t3, d);
    }
  }

  private static Map<String, Object> record(Instant t, String level, String message, String component) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ts", t.toString());
    r.put("level", level);
    r.put("service", SERVICE);
    r.put("message", message);
    r.put("component", component);
    r.put("deploy", Map.of("version", "1.0.0", "commit", "abc1234"));
    return r;
  }

  private void add(Instant t, Map<String, Object> r) {
    try {
      lines.add(Map.entry(t, JSON.writeValueAsString(r)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deterministic hex ids, so failures reproduce. */
  private String id(int hexDigits) {
    String hex = Long.toHexString(0x9e3779b97f4a7c15L * ++ids);
    StringBuilder s = new StringBuilder();
    while (s.length() < hexDigits) {
      s.append(hex);
    }
    return s.substring(0, hexDigits);
  }
}
