package dev.selfheal.example.report;

import static dev.selfheal.example.report.testkit.Assert.assertContains;
import static dev.selfheal.example.report.testkit.Assert.assertEquals;
import static dev.selfheal.example.report.testkit.Assert.assertFalse;
import static dev.selfheal.example.report.testkit.Assert.assertNotContains;
import static dev.selfheal.example.report.testkit.Assert.assertThrows;
import static dev.selfheal.example.report.testkit.Assert.assertTrue;

import dev.selfheal.example.report.testkit.TestFiles;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

public class ReportJobTest {

  public void testWritesReportWhenTemplatePresent() throws Exception {
    Path runDir = TestFiles.tempDir("report-job-test");
    try {
      ReportJob job = new ReportJob(new TemplateLoader()::load, new ReportRenderer(), runDir);
      Path report = job.run(3);
      assertEquals(runDir.resolve("reports").resolve("report-3.html"), report, "report path");
      String html = Files.readString(report);
      assertContains(html, "<h1>Daily operations report #3</h1>", "report");
      assertContains(html, "<tr><td>orders processed</td>", "report");
      assertNotContains(html, "{{", "report");
    } finally {
      TestFiles.deleteTree(runDir);
    }
  }

  public void testMissingTemplateFailsWithTheCauseAndWritesNothing() {
    Path runDir = TestFiles.tempDir("report-job-test");
    try {
      Path missing = runDir.resolve("gone").resolve("report-template.html");
      ReportJob job = new ReportJob(() -> {
        try (FileInputStream in = new FileInputStream(missing.toString())) {
          return new String(in.readAllBytes());
        }
      }, new ReportRenderer(), runDir);
      ReportGenerationException e = assertThrows(ReportGenerationException.class, () -> job.run(7));
      assertContains(e.getMessage(), "report job 7 failed", "message");
      assertTrue(e.getCause() instanceof FileNotFoundException, "cause: " + e.getCause());
      assertFalse(Files.exists(runDir.resolve("reports").resolve("report-7.html")),
          "no report written");
    } finally {
      TestFiles.deleteTree(runDir);
    }
  }
}
