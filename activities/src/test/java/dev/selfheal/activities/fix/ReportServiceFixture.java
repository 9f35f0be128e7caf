package dev.selfheal.activities.fix;

import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small repository shaped like the example report service, for recipe tests. */
final class ReportServiceFixture {
  static final String LOADER = "src/main/java/dev/selfheal/example/report/TemplateLoader.java";
  static final String TEMPLATE = "deploy/report-template.html";
  static final String INSTALL = "deploy/install.sh";
  static final String MISSING = "template not found: /tmp/x/report-template.html (No such file or directory)";

  static final String LOADER_SOURCE = """
      package dev.selfheal.example.report;

      import java.io.FileInputStream;
      import java.io.IOException;
      import java.io.InputStream;
      import java.nio.charset.StandardCharsets;

      /** Loads the HTML template every report is rendered from. */
      public class TemplateLoader {

        /** Where {@code deploy/install.sh} puts the template when the service is deployed. */
        static final String TEMPLATE_PATH =
            System.getProperty("report.template.path", "/tmp/report-service/report-template.html");

        public String load() throws IOException {
          try (InputStream in = new FileInputStream(TEMPLATE_PATH)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        }
      }
      """;

  static final String INSTALL_SOURCE = """
      #!/usr/bin/env bash
      # copies deploy/report-template.html to where the service reads it
      set -euo pipefail
      cd "$(dirname "${BASH_SOURCE[0]}")/.."
      mkdir -p "${REPORT_TMP_DIR:-/tmp/report-service}"
      cp deploy/report-template.html "${REPORT_TMP_DIR:-/tmp/report-service}/report-template.html"
      # not a reference: mydeploy/report-template.html.bak
      """;

  static final String ASSERT_SOURCE = """
      package dev.selfheal.example.report.testkit;

      public final class Assert {
        private Assert() {}

        public static void assertTrue(boolean condition, String message) {
          if (!condition) {
            throw new AssertionError(message);
          }
        }
      }
      """;

  static final String LOADER_TEST_SOURCE = """
      package dev.selfheal.example.report;

      import static dev.selfheal.example.report.testkit.Assert.assertTrue;

      public class TemplateLoaderTest {
        public void testLoads() throws Exception {
          assertTrue(new TemplateLoader().load().contains("<html"), "template");
        }
      }
      """;

  private ReportServiceFixture() {}

  static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(LOADER, LOADER_SOURCE);
    files.put(TEMPLATE, "<!DOCTYPE html>\n<html><body>{{rows}}</body></html>\n");
    files.put(INSTALL, INSTALL_SOURCE);
    files.put("README.md", "Report service. The template lives in deploy/report-template.html.\n");
    files.put("src/test/java/dev/selfheal/example/report/testkit/Assert.java", ASSERT_SOURCE);
    files.put("src/test/java/dev/selfheal/example/report/TemplateLoaderTest.java", LOADER_TEST_SOURCE);
    return files;
  }

  static Diagnosis diagnosis(String recipeId, String message) {
    return new Diagnosis(
        new RootCause("report-service", "report-job", "java.io.FileNotFoundException", LOADER, 17, message),
        "missing-volatile-file",
        "report template in /tmp vanished under the running service",
        List.of("tmp cleaner removed /tmp/x/report-template.html", "TemplateLoader.load threw FileNotFoundException",
            "report job failed"),
        List.of("{\"level\":\"ERROR\",\"msg\":\"" + message + "\"}"),
        0.9,
        recipeId,
        List.of());
  }

  static Diagnosis diagnosis() {
    return diagnosis(RelocateVolatileResourceRecipe.ID, MISSING);
  }
}
