package dev.selfheal.example.report;

import static dev.selfheal.example.report.testkit.Assert.assertContains;
import static dev.selfheal.example.report.testkit.Assert.assertEquals;
import static dev.selfheal.example.report.testkit.Assert.assertNotContains;

import java.time.Instant;
import java.util.List;

public class ReportRendererTest {

  private final ReportRenderer renderer = new ReportRenderer();
  private final Instant at = Instant.parse("2026-11-23T14:00:00.123Z");

  public void testFillsTitleGeneratedAtAndRows() {
    String out = renderer.render("<h1>{{title}}</h1><p>{{generatedAt}}</p><table>{{rows}}</table>",
        "Weekly", at, List.of(new ReportRenderer.Row("orders", "12"),
            new ReportRenderer.Row("refunds", "3")));
    assertEquals("<h1>Weekly</h1><p>2026-11-23T14:00:00.123Z</p><table>"
        + "<tr><td>orders</td><td>12</td></tr>\n<tr><td>refunds</td><td>3</td></tr>\n</table>",
        out, "rendered report");
  }

  public void testFillsEveryOccurrenceAndKeepsUnknownPlaceholders() {
    String out = renderer.render("{{title}}|{{title}}|{{unknown}}", "T", at, List.of());
    assertEquals("T|T|{{unknown}}", out, "rendered text");
  }

  public void testEscapesHtmlAndNeverExpandsValues() {
    String out = renderer.render("{{title}}{{rows}}", "<b>&{{rows}}", at,
        List.of(new ReportRenderer.Row("a\"b", "'x'")));
    assertEquals("&lt;b&gt;&amp;{{rows}}<tr><td>a&quot;b</td><td>&#39;x&#39;</td></tr>\n", out,
        "rendered text");
  }

  public void testRendersTheShippedTemplate() throws Exception {
    String template = new TemplateLoader().load();
    String out = renderer.render(template, "Daily operations report #1", at,
        ReportJob.sampleRows(1));
    assertContains(out, "<title>Daily operations report #1</title>", "report");
    assertContains(out, "<h1>Daily operations report #1</h1>", "report");
    assertContains(out, "Generated at 2026-11-23T14:00:00.123Z", "report");
    assertContains(out, "<tr><td>orders processed</td>", "report");
    assertNotContains(out, "{{", "report");
  }
}
