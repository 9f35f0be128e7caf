package dev.selfheal.example.report;

import static dev.selfheal.example.report.testkit.Assert.assertContains;
import static dev.selfheal.example.report.testkit.Assert.assertEquals;
import static dev.selfheal.example.report.testkit.Assert.assertFalse;
import static dev.selfheal.example.report.testkit.Assert.assertMatches;
import static dev.selfheal.example.report.testkit.Assert.assertTrue;

import dev.selfheal.example.report.testkit.TestFiles;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

public class ReportPipelineTest {

  private static final String HEX32 = "[0-9a-f]{32}";
  private static final String HEX16 = "[0-9a-f]{16}";

  /** A pipeline whose template disappears while {@code broken} is set. */
  private static final class Fixture implements AutoCloseable {
    final Path runDir = TestFiles.tempDir("report-pipeline-test");
    final Path missing = runDir.resolve("tmp-cleaned").resolve("report-template.html");
    final AtomicBoolean broken = new AtomicBoolean();
    final JsonlLog log;
    final ReportPipeline pipeline;

    Fixture() throws Exception {
      log = JsonlLog.inRunDir(runDir, "1.2.3", "abc123");
      TemplateLoader real = new TemplateLoader();
      ReportJob job = new ReportJob(() -> broken.get() ? readMissing() : real.load(),
          new ReportRenderer(), runDir);
      pipeline = new ReportPipeline(new ReportCache(), job, new ReportDelivery(runDir), log, 0);
    }

    String readMissing() throws java.io.IOException {
      try (FileInputStream in = new FileInputStream(missing.toString())) {
        return new String(in.readAllBytes());
      }
    }

    List<Map<String, Object>> records() {
      return TestFiles.readJsonl(log.file());
    }

    @Override
    public void close() throws Exception {
      log.close();
      TestFiles.deleteTree(runDir);
    }
  }

  public void testSuccessfulJobLogsOneInfoLineAndDelivers() throws Exception {
    try (Fixture f = new Fixture()) {
      ReportPipeline.Result r = f.pipeline.runOnce();
      assertTrue(r.ok(), "job ok: " + r);
      assertTrue(Files.isRegularFile(f.runDir.resolve("outbox").resolve("report-1.html")),
          "report delivered to the outbox");
      List<Map<String, Object>> records = f.records();
      assertEquals(1, records.size(), "records: " + records);
      Map<String, Object> info = records.get(0);
      assertEquals("INFO", info.get("level"), "level");
      assertEquals("report job 1 completed", info.get("message"), "message");
      assertEquals("dev.selfheal.example.report.ReportJob", info.get("component"), "component");
      assertMatches(HEX32, (String) info.get("trace_id"), "trace_id");
      assertMatches(HEX16, (String) info.get("span_id"), "span_id");
      assertEquals(Map.of("version", "1.2.3", "commit", "abc123"), info.get("deploy"), "deploy");
    }
  }

  @SuppressWarnings("unchecked")
  public void testFailedJobLogsTheCauseFirstThenTheJobThenThreeDeliveryRetries()
      throws Exception {
    try (Fixture f = new Fixture()) {
      f.broken.set(true);
      ReportPipeline.Result r = f.pipeline.runOnce();
      assertFalse(r.ok(), "job failed");
      assertContains(r.error(), "java.io.FileNotFoundException", "error");

      List<Map<String, Object>> records = f.records();
      assertEquals(5, records.size(), "records: " + records);
      for (Map<String, Object> rec : records) {
        assertEquals("ERROR", rec.get("level"), "level of " + rec);
      }
      Map<String, Object> cause = records.get(0);
      Map<String, Object> job = records.get(1);
      String trace = (String) job.get("trace_id");
      assertMatches(HEX32, trace, "trace_id");

      assertEquals("java.io.FileNotFoundException", cause.get("error_type"), "cause error_type");
      assertEquals("template not found: " + f.missing + " (No such file or directory)",
          cause.get("message"), "cause message");
      assertEquals(Map.of("path", f.missing.toString()), cause.get("attrs"), "cause attrs");
      assertEquals(Fixture.class.getName(), cause.get("component"),
          "component: the class that did the failing read");
      assertTrue(((String) cause.get("file")).endsWith("/ReportPipelineTest.java"),
          "file: " + cause.get("file"));
      assertTrue(((Long) cause.get("line")) > 0, "line: " + cause.get("line"));
      List<Object> stack = (List<Object>) cause.get("stack");
      assertTrue(stack.get(0).toString().startsWith("java.io.FileInputStream."),
          "stack starts where the JDK threw: " + stack);
      assertEquals(trace, cause.get("trace_id"), "cause trace");
      assertEquals(job.get("span_id"), cause.get("parent_span_id"),
          "the loading span is a child of the job span");

      assertEquals("dev.selfheal.example.report.ReportJob", job.get("component"), "component");
      assertEquals("dev.selfheal.example.report.ReportGenerationException", job.get("error_type"),
          "job error_type");
      assertEquals("java.io.FileNotFoundException", job.get("caused_by"), "job caused_by");
      assertMatches(HEX16, (String) job.get("span_id"), "job span");
      assertFalse(job.containsKey("parent_span_id"), "the job span is the root");
      assertEquals("src/main/java/dev/selfheal/example/report/ReportJob.java", job.get("file"),
          "job file");

      Set<Object> spans = new HashSet<>(List.of(cause.get("span_id"), job.get("span_id")));
      for (int k = 1; k <= 3; k++) {
        Map<String, Object> d = records.get(1 + k);
        assertEquals("dev.selfheal.example.report.ReportDelivery", d.get("component"), "comp");
        assertEquals("dev.selfheal.example.report.ReportDeliveryException", d.get("error_type"),
            "delivery error_type");
        assertEquals("dev.selfheal.example.report.ReportGenerationException", d.get("caused_by"),
            "delivery caused_by");
        assertEquals("no report to deliver for job 1 (attempt " + k + "/3)", d.get("message"),
            "delivery message");
        assertEquals(trace, d.get("trace_id"), "delivery trace");
        assertEquals(job.get("span_id"), d.get("parent_span_id"), "delivery parent span");
        assertTrue(spans.add(d.get("span_id")), "every span id is new: " + d.get("span_id"));
      }
    }
  }

  public void testEveryFifthJobWarnsAboutASlowCacheWarmUp() throws Exception {
    try (Fixture f = new Fixture()) {
      for (int i = 0; i < 10; i++) {
        assertTrue(f.pipeline.runOnce().ok(), "job ok");
      }
      List<Map<String, Object>> warns = f.records().stream()
          .filter(r -> "WARN".equals(r.get("level"))).toList();
      assertEquals(2, warns.size(), "warnings: " + warns);
      for (Map<String, Object> w : warns) {
        assertEquals("dev.selfheal.example.report.ReportCache", w.get("component"), "component");
        assertMatches("report cache warm-up slow \\(\\d+ms\\)", (String) w.get("message"),
            "message");
      }
    }
  }

  public void testRecoversWhenTheTemplateComesBack() throws Exception {
    try (Fixture f = new Fixture()) {
      f.broken.set(true);
      assertFalse(f.pipeline.runOnce().ok(), "fails without the template");
      assertFalse(f.pipeline.lastResult().ok(), "last result remembers the failure");
      f.broken.set(false);
      ReportPipeline.Result r = f.pipeline.runOnce();
      assertTrue(r.ok(), "ok again: " + r);
      assertEquals(2L, f.pipeline.jobsRun(), "jobs run");
      assertEquals(1L, f.pipeline.jobsFailed(), "jobs failed");
    }
  }
}
