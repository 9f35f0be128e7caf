package dev.selfheal.example.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** One run of the report: load the template, render sample data, write the HTML file. */
public class ReportJob {

  /** Where the template text comes from (in production: {@link TemplateLoader#load()}). */
  @FunctionalInterface
  public interface TemplateSource {
    String load() throws IOException;
  }

  private final TemplateSource templates;
  private final ReportRenderer renderer;
  private final Path reportsDir;

  public ReportJob(TemplateSource templates, ReportRenderer renderer, Path runDir) {
    this.templates = templates;
    this.renderer = renderer;
    this.reportsDir = runDir.resolve("reports");
  }

  /** Writes {@code RUN_DIR/reports/report-<jobNumber>.html} and returns its path. */
  public Path run(long jobNumber) throws ReportGenerationException {
    String template;
    try {
      template = templates.load();
    } catch (IOException e) {
      throw new ReportGenerationException(
          "report job " + jobNumber + " failed: could not load report template", e);
    }
    String html = renderer.render(template, "Daily operations report #" + jobNumber,
        Instant.now(), sampleRows(jobNumber));
    Path report = reportsDir.resolve("report-" + jobNumber + ".html");
    try {
      Files.createDirectories(reportsDir);
      Files.writeString(report, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReportGenerationException(
          "report job " + jobNumber + " failed: could not write " + report, e);
    }
    return report;
  }

  static List<ReportRenderer.Row> sampleRows(long jobNumber) {
    return List.of(
        new ReportRenderer.Row("orders processed", Long.toString(1200 + jobNumber * 7 % 150)),
        new ReportRenderer.Row("orders failed", Long.toString(jobNumber % 4)),
        new ReportRenderer.Row("revenue (EUR)", (48_000 + jobNumber * 131 % 9_000) + ".00"),
        new ReportRenderer.Row("p95 checkout latency (ms)", Long.toString(180 + jobNumber % 40)));
  }
}
