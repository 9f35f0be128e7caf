package dev.selfheal.example.report;

import static dev.selfheal.example.report.testkit.Assert.assertContains;
import static dev.selfheal.example.report.testkit.Assert.assertTrue;

public class TemplateLoaderTest {

  public void testLoadsTheReportTemplate() throws Exception {
    String template = new TemplateLoader().load();
    assertTrue(template.startsWith("<!DOCTYPE html>"), "template is an HTML page: " + template);
    assertContains(template, "<title>{{title}}</title>", "template");
    assertContains(template, "{{generatedAt}}", "template");
    assertContains(template, "{{rows}}", "template");
  }

  public void testLoadsTheSameTextTwice() throws Exception {
    TemplateLoader loader = new TemplateLoader();
    String first = loader.load();
    assertTrue(first.equals(loader.load()), "two loads give the same template");
  }
}
