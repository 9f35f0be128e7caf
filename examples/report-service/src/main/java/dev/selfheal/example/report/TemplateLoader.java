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
