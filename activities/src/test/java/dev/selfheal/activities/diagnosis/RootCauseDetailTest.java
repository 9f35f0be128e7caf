package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.logs.LogRecord;
import org.junit.jupiter.api.Test;

class RootCauseDetailTest {
  private static LogRecord record(String message, String errorType, String raw) {
    return new LogRecord(null, "ERROR", "svc", message, null, errorType, null, null, null, null, null, null, null, null, raw);
  }

  @Test
  void aJsonlStackGivesTheErrorsMessageAndTheFirstFrameOfTheServicesOwnCode() {
    String raw = "{\"message\":\"quote failed\",\"stack\":[\"java.lang.NullPointerException: Cannot invoke \\\"String.trim()\\\"\","
        + "\"at java.base/java.util.Objects.requireNonNull(Objects.java:233)\","
        + "\"at com.acme.pricing.PriceCalculator.resolveRegion(PriceCalculator.java:29)\","
        + "\"at org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)\"]}";

    RootCauseDetail d = RootCauseDetail.of(record("quote failed", "java.lang.NullPointerException", raw), "java.lang.NullPointerException");

    assertThat(d).isEqualTo(new RootCauseDetail("com/acme/pricing/PriceCalculator.java", 29, "PriceCalculator.resolveRegion",
        "Cannot invoke \"String.trim()\""));
    assertThat(d.describe("quote failed", "java.lang.NullPointerException"))
        .isEqualTo("quote failed (NullPointerException: Cannot invoke \"String.trim()\")");
  }

  @Test
  void aPythonTracebackGivesTheInnermostExceptionOfTheTypeAndTheFrameAboveIt() {
    String raw = """
        [2024-03-04 03:00:00,370: ERROR/ForkPoolWorker-2] render failed for job 1
        Traceback (most recent call last):
          File "/opt/app/report_worker/render.py", line 20, in render_report
            with open(TEMPLATE_PATH, encoding="utf-8") as fh:
        FileNotFoundError: [Errno 2] No such file or directory: '/tmp/templates/report.html'

        During handling of the above exception, another exception occurred:

        Traceback (most recent call last):
          File "/opt/app/report_worker/render.py", line 36, in _render_error_page
            with open(ERROR_TEMPLATE_PATH, encoding="utf-8") as fh:
        FileNotFoundError: [Errno 2] No such file or directory: '/tmp/templates/error.html'
        """;

    RootCauseDetail d = RootCauseDetail.of(record("render failed for job 1", "FileNotFoundError", raw), "FileNotFoundError");

    assertThat(d).isEqualTo(new RootCauseDetail("/opt/app/report_worker/render.py", 20, "render_report",
        "[Errno 2] No such file or directory: '/tmp/templates/report.html'"));
  }

  @Test
  void aMessageThatAlreadySaysTheErrorIsLeftAsItIs() {
    String raw = "{\"stack\":[\"java.io.FileNotFoundException: /tmp/x (No such file or directory)\"]}";
    RootCauseDetail d = RootCauseDetail.of(record("/tmp/x (No such file or directory)", "java.io.FileNotFoundException", raw),
        "java.io.FileNotFoundException");

    assertThat(d.describe("/tmp/x (No such file or directory)", "java.io.FileNotFoundException"))
        .isEqualTo("/tmp/x (No such file or directory)");
    assertThat(RootCauseDetail.of(record("m", "X", "not json, no stack"), "X").file()).isNull();
  }
}
