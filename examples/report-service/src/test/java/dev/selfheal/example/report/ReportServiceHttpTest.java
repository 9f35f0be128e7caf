package dev.selfheal.example.report;

import static dev.selfheal.example.report.testkit.Assert.assertContains;
import static dev.selfheal.example.report.testkit.Assert.assertEquals;
import static dev.selfheal.example.report.testkit.Assert.assertTrue;

import dev.selfheal.example.report.testkit.Http;
import dev.selfheal.example.report.testkit.Json;
import dev.selfheal.example.report.testkit.TestFiles;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

public class ReportServiceHttpTest {

  public void testHealthReflectsTheLastJob() throws Exception {
    Path runDir = TestFiles.tempDir("report-http-test");
    AtomicBoolean broken = new AtomicBoolean();
    TemplateLoader real = new TemplateLoader();
    JsonlLog log = JsonlLog.inRunDir(runDir, "9.9", "cafe");
    ReportJob job = new ReportJob(() -> {
      if (broken.get()) {
        throw new FileNotFoundException("/nowhere/report-template.html (No such file or directory)");
      }
      return real.load();
    }, new ReportRenderer(), runDir);
    ReportPipeline pipeline =
        new ReportPipeline(new ReportCache(), job, new ReportDelivery(runDir), log, 0);
    ReportService service =
        new ReportService(new ServiceConfig(0, runDir, 60_000, "9.9", "cafe"), pipeline, log);
    service.start(false);
    String base = "http://127.0.0.1:" + service.port();
    try {
      Http.Response h = Http.get(base + "/health");
      assertEquals(200, h.status(), "health before any job");
      assertEquals("ok", Json.parseObject(h.body()).get("status"), "status");

      Http.Response run = Http.post(base + "/jobs/run");
      assertEquals(200, run.status(), "run: " + run.body());
      Map<String, Object> ok = Json.parseObject(run.body());
      assertEquals(Boolean.TRUE, ok.get("ok"), "ok");
      assertTrue(Files.isRegularFile(Path.of((String) ok.get("report"))), "report exists");
      assertEquals(200, Http.get(base + "/health").status(), "health after a good job");

      broken.set(true);
      Http.Response bad = Http.post(base + "/jobs/run");
      assertEquals(500, bad.status(), "run: " + bad.body());
      Map<String, Object> err = Json.parseObject(bad.body());
      assertEquals(Boolean.FALSE, err.get("ok"), "ok");
      assertContains((String) err.get("error"), "FileNotFoundException", "error");

      Http.Response failing = Http.get(base + "/health");
      assertEquals(503, failing.status(), "health after a failed job");
      Map<String, Object> body = Json.parseObject(failing.body());
      assertEquals("failing", body.get("status"), "status");
      assertContains((String) body.get("lastError"), "report-template.html", "lastError");
      assertEquals("cafe", body.get("commit"), "commit");

      broken.set(false);
      assertEquals(200, Http.post(base + "/jobs/run").status(), "run after the fix");
      assertEquals(200, Http.get(base + "/health").status(), "health after recovery");

      assertEquals(404, Http.get(base + "/nope").status(), "unknown path");
      assertEquals(405, Http.get(base + "/jobs/run").status(), "GET on /jobs/run");
    } finally {
      service.stop();
      log.close();
      TestFiles.deleteTree(runDir);
    }
  }
}
