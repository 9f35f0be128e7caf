package dev.selfheal.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainTextLogReaderTest {
  /** When the samples were "read": undated timestamps fall in 2024. */
  private static final Instant READ_AT = Instant.parse("2024-06-01T12:00:00Z");

  @TempDir Path tmp;

  private static PlainTextLogReader reader(String source, String content) {
    return new PlainTextLogReader(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), source, READ_AT);
  }

  private static List<LogRecord> read(String source, String content) {
    return ReadRecords.all(reader(source, content));
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  @Test
  void pinoPrettyLinesWithANumericOffsetAndTheirErrorBlock() {
    List<LogRecord> records = read("web-bff.log", """
        [2024-09-18 07:30:49.199 +0000] INFO (web-bff/1 on web-bff-5c4b8d7f9-2rlx8): request completed
            res: {"statusCode": 200}
        [2024-09-18 07:31:10.594 +0200] ERROR (web-bff/1 on web-bff-5c4b8d7f9-vq9k3): analytics beacon flush failed
            err: {
              "type": "BeaconFlushError",
              "message": "413 Payload Too Large"
            }
        """);

    assertThat(records).hasSize(2);
    assertThat(records.get(1).level()).isEqualTo("ERROR");
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2024-09-18T05:31:10.594Z"));
    assertThat(records.get(1).errorType()).isEqualTo("BeaconFlushError");
  }

  @Test
  void postgresLinesWithUserAtDatabaseBeforeTheLevel() {
    List<LogRecord> records = read("billing-db.log", """
        2025-01-31 23:37:44.306 UTC [51368] metabase_ro@billing FATAL:  no pg_hba.conf entry for host "10.20.9.14"
        2025-01-31 23:38:00.000 UTC [61] LOG:  checkpoint starting: time
        """);

    assertThat(records).extracting(LogRecord::level).containsExactly("FATAL", "INFO");
    assertThat(records.get(0).component()).isEqualTo("metabase_ro@billing");
    assertThat(records.get(0).message()).startsWith("no pg_hba.conf entry");
  }

  @Test
  void springBootRecordWithSleuthIdsAndACausedByChain() {
    String text = lines(
        "2024-06-01 00:00:13.159 ERROR [payments-api,48fa3ded18b1e8d23431c57da9efd30c,029b28026f5a3b5f] 1 --- "
            + "[io-8080-exec-26] c.a.payments.ledger.LedgerClient         : ledger post failed; answering 503",
        "org.springframework.web.client.ResourceAccessException: I/O error on POST request: PKIX path validation failed",
        "\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:915)",
        "\tat com.acme.payments.ledger.LedgerClient.post(LedgerClient.java:71)",
        "Caused by: javax.net.ssl.SSLHandshakeException: PKIX path validation failed",
        "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)",
        "\t... 63 more",
        "Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sat Jun 01 00:00:00 UTC 2024",
        "\t... 31 more");
    String next = "2024-06-01 00:00:14.001  INFO [payments-api,,] 1 --- [io-8080-exec-2] c.a.payments.web.RequestLog : GET /health 200";

    List<LogRecord> records = read("/var/log/payments-api.log", text + next + "\n");

    assertThat(records).hasSize(2);
    LogRecord r = records.get(0);
    assertThat(r.ts()).isEqualTo(Instant.parse("2024-06-01T00:00:13.159Z"));
    assertThat(r.level()).isEqualTo("ERROR");
    assertThat(r.service()).isEqualTo("payments-api");
    assertThat(r.component()).isEqualTo("c.a.payments.ledger.LedgerClient");
    assertThat(r.message()).isEqualTo("ledger post failed; answering 503");
    assertThat(r.traceId()).isEqualTo("48fa3ded18b1e8d23431c57da9efd30c");
    assertThat(r.spanId()).isEqualTo("029b28026f5a3b5f");
    assertThat(r.errorType()).isEqualTo("org.springframework.web.client.ResourceAccessException");
    assertThat(r.causedBy()).isEqualTo("javax.net.ssl.SSLHandshakeException: PKIX path validation failed; "
        + "java.security.cert.CertificateExpiredException: NotAfter: Sat Jun 01 00:00:00 UTC 2024");
    assertThat(r.raw()).isEqualTo(text.stripTrailing());
    LogRecord health = records.get(1);
    assertThat(health.level()).isEqualTo("INFO");
    assertThat(health.traceId()).isNull(); // [payments-api,,]: no trace
    assertThat(health.errorType()).isNull();
    assertThat(health.raw()).isEqualTo(next);
  }

  @Test
  void springBoot3AndLogbackLayouts() {
    List<LogRecord> records = read("orders.log", lines(
        "2024-06-01T00:00:01.234Z ERROR 1 --- [orders] [nio-8080-exec-1] c.a.orders.OrderController : boom",
        "2024-06-01 00:00:02.000 [main] WARN  c.a.orders.Startup - slow start traceId=4bf92f3577b34da6 spanId=00f067aa0ba902b7",
        "2024-06-01 00:05:00.506 ERROR [payout-batch-1] c.a.payouts.LedgerPoster - payout failed",
        "com.acme.payouts.LedgerUnavailableException: POST failed",
        "2024-06-01 00:05:01,100 CRITICAL [app.db] pool gone",
        "2024-06-01 00:05:02,100 - app.cache - SEVERE - cache lost",
        "2024-06-01 00:05:03 error something lower-case"));

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "WARN", "ERROR", "FATAL", "FATAL", "ERROR");
    assertThat(records).extracting(LogRecord::component).containsExactly(
        "c.a.orders.OrderController", "c.a.orders.Startup", "c.a.payouts.LedgerPoster", "app.db", "app.cache", null);
    assertThat(records).extracting(LogRecord::message).containsExactly(
        "boom", "slow start traceId=4bf92f3577b34da6 spanId=00f067aa0ba902b7", "payout failed", "pool gone",
        "cache lost", "something lower-case");
    assertThat(records.get(1).traceId()).isEqualTo("4bf92f3577b34da6");
    assertThat(records.get(1).spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(records.get(2).errorType()).isEqualTo("com.acme.payouts.LedgerUnavailableException");
  }

  @Test
  void aBareTraceKeyCarriesTheTraceOnlyWhenItIsAnId() {
    List<LogRecord> records = read("wishlist-service.log", lines(
        "2026-03-11T17:11:23.122Z ERROR GET /lists/rg-249670 failed trace=d6c1f2c307db574e4dfb1301b7b69c42 pod=wl-1",
        "RangeError: Maximum call stack size exceeded",
        "2026-03-11T17:11:24.000Z ERROR sampling trace=true for route /lists",
        "time=2026-03-11T17:11:25Z level=error msg=\"wishlist call failed\" trace=6526109acc70acada01bf37afb405acb",
        "time=2026-03-11T17:11:26Z level=error msg=\"export failed\" trace=off"));

    assertThat(records).extracting(LogRecord::traceId)
        .containsExactly("d6c1f2c307db574e4dfb1301b7b69c42", null, "6526109acc70acada01bf37afb405acb", null);
  }

  @Test
  void springBoot32CorrelationBracketCarriesTheTraceAndSpan() {
    List<LogRecord> records = read("checkout-api.log", lines(
        "2025-03-11 09:00:29.987 ERROR 1 --- [checkout-api] [io-8080-exec-13] "
            + "[d7e952478a9a446d9f364c07ba1e2434-9028d3a4de50c079] c.a.checkout.web.ApiExceptionHandler     : PUT failed -> 502",
        "com.acme.checkout.address.AddressValidationException: address validation unavailable",
        "2025-03-11 09:00:30.001 ERROR 1 --- [checkout-api] [io-8080-exec-21] [-] c.a.c.payment.StripeWebhookController    : rejecting webhook"));

    assertThat(records).extracting(LogRecord::component)
        .containsExactly("c.a.checkout.web.ApiExceptionHandler", "c.a.c.payment.StripeWebhookController");
    assertThat(records).extracting(LogRecord::message).containsExactly("PUT failed -> 502", "rejecting webhook");
    assertThat(records.get(0).traceId()).isEqualTo("d7e952478a9a446d9f364c07ba1e2434");
    assertThat(records.get(0).spanId()).isEqualTo("9028d3a4de50c079");
    assertThat(records.get(1).traceId()).isNull(); // [-]: no trace in scope
  }

  @Test
  void pythonTracebackChainsNameTheOutermostAndEndWithTheRoot() {
    String traceback = lines(
        "[2024-03-04 03:00:00,370: ERROR/ForkPoolWorker-2] report_worker.tasks.generate_report[c8454836-6507]: render failed",
        "Traceback (most recent call last):",
        "  File \"/app/report_worker/render.py\", line 20, in render_report",
        "    with open(TEMPLATE_PATH) as fh:",
        "FileNotFoundError: [Errno 2] No such file or directory: '/tmp/templates/report.html'",
        "",
        "During handling of the above exception, another exception occurred:",
        "",
        "Traceback (most recent call last):",
        "  File \"/app/report_worker/render.py\", line 36, in _render_error_page",
        "FileNotFoundError: [Errno 2] No such file or directory: '/tmp/templates/error.html'",
        "",
        "The above exception was the direct cause of the following exception:",
        "",
        "Traceback (most recent call last):",
        "  File \"/app/report_worker/tasks.py\", line 17, in generate_report",
        "report_worker.errors.ReportRenderError: job 88121: template rendering failed");
    String next = "[2024-03-04 03:00:00,380: INFO/ForkPoolWorker-2] Task report_worker.tasks.generate_report[c8] retry";

    PlainTextLogReader reader = reader("report-worker.log", traceback + "\n\n" + next + "\n");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).hasSize(2);
    LogRecord r = records.get(0);
    assertThat(r.level()).isEqualTo("ERROR");
    assertThat(r.ts()).isEqualTo(Instant.parse("2024-03-04T03:00:00.370Z"));
    assertThat(r.component()).isEqualTo("report_worker.tasks.generate_report");
    assertThat(r.message()).isEqualTo("render failed");
    assertThat(r.errorType()).isEqualTo("report_worker.errors.ReportRenderError");
    assertThat(r.errorTypeSimpleName()).isEqualTo("ReportRenderError");
    assertThat(r.causedBy()).isEqualTo(
        "FileNotFoundError: [Errno 2] No such file or directory: '/tmp/templates/error.html'; "
            + "FileNotFoundError: [Errno 2] No such file or directory: '/tmp/templates/report.html'");
    assertThat(r.raw()).isEqualTo(traceback.stripTrailing()); // blank lines inside kept, trailing ones not
    assertThat(records.get(1).component()).isEqualTo("ForkPoolWorker-2"); // no task[id]: the process
    assertThat(reader.blankLines()).isEqualTo(6);
    assertThat(reader.unreadableLines()).isZero();
  }

  @Test
  void djangoErrorWithATracebackTakesTheExceptionNotTheWordError() {
    List<LogRecord> records = read("invoice-service.log", lines(
        "2024-09-03 06:20:05,165 ERROR [django.request] Internal Server Error: /internal/invoices/",
        "Traceback (most recent call last):",
        "  File \"/app/invoice/lines.py\", line 58, in compute_line_total",
        "    return line.unit_price * line.quantity",
        "           ~~~~~~~~~~~~~~~^~~~~~~~~~~~~~~",
        "TypeError: unsupported operand type(s) for *: 'NoneType' and 'int'"));

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.errorType()).isEqualTo("TypeError");
      assertThat(r.causedBy()).isNull();
      assertThat(r.component()).isEqualTo("django.request");
      assertThat(r.message()).isEqualTo("Internal Server Error: /internal/invoices/");
    });
  }

  @Test
  void aBareTracebackIsAnErrorRecordOfItsOwn() {
    PlainTextLogReader reader = reader("worker.log", lines(
        "Traceback (most recent call last):", // before any line with a time: nothing to place it at
        "  File \"/app/main.py\", line 1, in <module>",
        "ValueError: too early",
        "2024-06-01 06:00:00,000 INFO [worker] started",
        "Traceback (most recent call last):",
        "  File \"/app/worker.py\", line 9, in run",
        "    import yaml",
        "ModuleNotFoundError: No module named 'yaml'",
        "2024-06-01 06:00:05,000 INFO [worker] restarted"));
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "INFO");
    LogRecord crash = records.get(1);
    assertThat(crash.ts()).isEqualTo(Instant.parse("2024-06-01T06:00:00Z"));
    assertThat(crash.errorType()).isEqualTo("ModuleNotFoundError");
    assertThat(crash.message()).isEqualTo("ModuleNotFoundError: No module named 'yaml'");
    assertThat(crash.service()).isEqualTo("worker");
    assertThat(crash.raw()).startsWith("Traceback (most recent call last):").endsWith("No module named 'yaml'");
    assertThat(records.get(0).raw()).isEqualTo("2024-06-01 06:00:00,000 INFO [worker] started");
    assertThat(reader.unreadableLines()).isEqualTo(3);
  }

  @Test
  void nginxAndIngressAccessLinesAreErrorsFrom500Up() {
    List<LogRecord> records = read("ingress-nginx.access.log", lines(
        "100.64.12.175 - - [01/Jun/2024:00:00:13 +0000] \"POST /api/v2/payments HTTP/1.1\" 503 96 \"-\" \"okhttp/4.12.0\" "
            + "780 0.030 [payments-payments-api-8080] [] 10.42.3.17:8080 96 0.030 503 f44382e7982547ea04afd98fcd07c67a",
        "10.0.0.5 - - [31/May/2024:23:55:03 +0100] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\"",
        "lb.example - alice [01/Jun/2024:00:01:00 +0000] \"GET /admin HTTP/1.1\" 404 0 \"-\" \"curl/8\""));

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "INFO");
    assertThat(records).extracting(LogRecord::errorType).containsExactly("HTTP_503", null, null);
    assertThat(records).extracting(LogRecord::component).containsExactly("payments-payments-api-8080", null, null);
    assertThat(records).extracting(LogRecord::service).containsOnly("ingress-nginx");
    assertThat(records.get(0).message()).isEqualTo("POST /api/v2/payments HTTP/1.1 503");
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2024-05-31T22:55:03Z"));
  }

  @Test
  void envoyAccessLinesNameTheUpstreamAndTheResponseFlags() {
    List<LogRecord> records = read("edge-envoy.access.log", lines(
        "[2024-05-14T13:49:47.654Z] \"GET /api/shipping/quote HTTP/1.1\" 504 UT response_timeout - \"-\" 215 24 5002 - "
            + "\"203.0.113.43\" \"okhttp/4.12.0\" \"8d3c9406-f977\" \"shop.acme.example\" \"10.42.3.101:8080\"",
        "[2024-05-14T13:01:32.095Z] \"GET /api/orders/history HTTP/1.1\" 200 - via_upstream - \"-\" 0 7711 61 37 "
            + "\"203.0.113.42\" \"Mozilla/5.0\" \"4dd83eae\" \"shop.acme.example\" \"10.42.3.111:8080\""));

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO");
    assertThat(records).extracting(LogRecord::errorType).containsExactly("HTTP_504", null);
    assertThat(records).extracting(LogRecord::component).containsExactly("10.42.3.101:8080", "10.42.3.111:8080");
    assertThat(records).extracting(LogRecord::message)
        .containsExactly("GET /api/shipping/quote HTTP/1.1 504 UT", "GET /api/orders/history HTTP/1.1 200");
  }

  @Test
  void kubernetesEventsNameTheirWorkloadAndReason() {
    List<LogRecord> records = read("k8s-events.log", lines(
        "2024-08-20T03:12:39Z  Warning  OOMKilling   node/ip-10-0-5-23   Memory cgroup out of memory: Killed process 28812 (redis-server)",
        "2024-08-20T03:48:02Z  Warning  BackOff      pod/session-store-7d9f8c6b5-x2kqp   Back-off restarting failed container redis",
        "2024-08-20T02:33:10Z  Warning  FailedScheduling  pod/batch-nightly-28735340-7xq2c  0/6 nodes are available",
        "2024-08-20T02:40:24Z  Normal   Killing      pod/session-store-5b6c7d8e9-m8vtl   Stopping container redis",
        "2024-08-20T02:40:12Z  web  Normal  ScalingReplicaSet  deployment/session-store  Scaled up replica set"));

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "ERROR", "WARN", "INFO", "INFO");
    assertThat(records).extracting(LogRecord::errorType)
        .containsExactly("OOMKilling", "BackOff", "FailedScheduling", "Killing", "ScalingReplicaSet");
    assertThat(records).extracting(LogRecord::service)
        .containsExactly("ip-10-0-5-23", "session-store", "batch-nightly", "session-store", "session-store");
    assertThat(records).extracting(LogRecord::component).containsExactly("node/ip-10-0-5-23",
        "pod/session-store-7d9f8c6b5-x2kqp", "pod/batch-nightly-28735340-7xq2c", "pod/session-store-5b6c7d8e9-m8vtl",
        "deployment/session-store");
    assertThat(records.get(0).message()).isEqualTo("Memory cgroup out of memory: Killed process 28812 (redis-server)");
  }

  @Test
  void kubeletsCatchAllFailuresAreNamedByTheContainerStateTheirMessageGives() {
    List<LogRecord> records = read("k8s-events.log", lines(
        "2026-03-09T14:02:01Z  Warning  Failed   pod/pricing-api-85d4b7c6f9-b2v6h   Failed to pull image \"reg/pricing-api:2.41.O\": not found",
        "2026-03-09T14:02:01Z  Warning  Failed   pod/pricing-api-85d4b7c6f9-b2v6h   Error: ErrImagePull",
        "2026-03-09T14:02:02Z  Normal   BackOff  pod/pricing-api-85d4b7c6f9-b2v6h   Back-off pulling image \"reg/pricing-api:2.41.O\"",
        "2026-03-09T14:02:02Z  Warning  Failed   pod/pricing-api-85d4b7c6f9-b2v6h   Error: ImagePullBackOff",
        "2026-03-09T14:03:00Z  Warning  Failed   pod/orders-6d8f7c9b5-k2m4p   Error: secret \"orders-db\" not found",
        "2026-03-09T14:04:00Z  Warning  Failed   pod/orders-6d8f7c9b5-k2m4p   Error: failed to start container \"orders\"",
        "2026-03-09T14:05:00Z  Warning  BackOff  pod/orders-6d8f7c9b5-k2m4p   Back-off restarting failed container orders"));

    assertThat(records).extracting(LogRecord::errorType).containsExactly("ErrImagePull", "ErrImagePull", "ImagePullBackOff",
        "ImagePullBackOff", "CreateContainerConfigError", "Failed", "BackOff");
  }

  @Test
  void kubernetesWorkloadNamesFollowTheNamingConventions() {
    assertThat(KubernetesEventLines.workload("pod", "session-store-7d9f8c6b5-x2kqp")).isEqualTo("session-store");
    assertThat(KubernetesEventLines.workload("pod", "search-api-5f6d7c8b9-w3x5z")).as("a suffix outside the generated alphabet").isEqualTo("search-api");
    assertThat(KubernetesEventLines.workload("pod", "batch-nightly-28735340-7xq2c")).isEqualTo("batch-nightly");
    assertThat(KubernetesEventLines.workload("pod", "redis-0")).isEqualTo("redis");
    assertThat(KubernetesEventLines.workload("pod", "fluentd-x2kqp")).isEqualTo("fluentd");
    assertThat(KubernetesEventLines.workload("pod", "order-worker")).isEqualTo("order-worker");
    assertThat(KubernetesEventLines.workload("replicaset", "session-store-7d9f8c6b5")).isEqualTo("session-store");
    assertThat(KubernetesEventLines.workload("job", "batch-nightly-28735385")).isEqualTo("batch-nightly");
    assertThat(KubernetesEventLines.workload("Deployment", "api")).isEqualTo("api");
  }

  @Test
  void tomcatJavaUtilLoggingAndApacheErrorLinesReadTheirOwnTimesAndLevels() {
    PlainTextLogReader tomcat = reader("catalina.log", lines(
        "04-Nov-2023 09:16:30.123 SEVERE [http-nio-8080-exec-1] org.apache.catalina.core.StandardWrapperValve.invoke "
            + "Servlet.service() for servlet [dispatcher] threw exception",
        "\tjava.lang.IllegalStateException: boom",
        "\t\tat com.acme.Foo.bar(Foo.java:10)",
        "04-Nov-2023 09:16:31.123 WARNING [main] org.apache.catalina.startup.Catalina.load slow start",
        "Nov 04, 2023 9:16:32 PM com.acme.Foo bar",
        "SEVERE: request failed",
        "java.lang.IllegalStateException: order 42 not found",
        "\tat com.acme.Foo.bar(Foo.java:10)",
        "Nov 04, 2023 12:16:33 AM com.acme.Foo baz",
        "INFO: fine",
        "Nov 04, 2023 13:16:33 PM not a twelve-hour time"));
    List<LogRecord> records = ReadRecords.all(tomcat);

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "WARN", "ERROR", "INFO");
    assertThat(records).extracting(LogRecord::ts).containsExactly(Instant.parse("2023-11-04T09:16:30.123Z"),
        Instant.parse("2023-11-04T09:16:31.123Z"), Instant.parse("2023-11-04T21:16:32Z"), Instant.parse("2023-11-04T00:16:33Z"));
    assertThat(records).extracting(LogRecord::message).containsExactly(
        "Servlet.service() for servlet [dispatcher] threw exception", "slow start", "request failed", "fine");
    assertThat(records.get(0).errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(records.get(2).errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(records.get(2).component()).isEqualTo("com.acme.Foo");
    assertThat(tomcat.unreadableLines()).isEqualTo(1);

    PlainTextLogReader apache = reader("httpd.log", lines(
        "[Sat Nov 04 09:16:30.123456 2023] [proxy:error] [pid 123:tid 456] (111)Connection refused: AH00957: "
            + "HTTP: attempt to connect to 10.0.0.9:8080 (backend) failed",
        "[Sat Nov 04 09:16:31 2023] [core:notice] [pid 123] AH00094: Command line: '/usr/sbin/apache2'",
        "[Sat Nov 04 09:16:32 2023] [php7:warn] [pid 124] [client 10.0.0.5:5123] PHP Warning: undefined index"));
    List<LogRecord> httpd = ReadRecords.all(apache);

    assertThat(httpd).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "WARN");
    assertThat(httpd).extracting(LogRecord::component).containsExactly("proxy", "core", "php7");
    assertThat(httpd.get(2).message()).isEqualTo("PHP Warning: undefined index");
    assertThat(httpd.get(0).ts()).isEqualTo(Instant.parse("2023-11-04T09:16:30.123456Z"));
  }

  @Test
  void amazonRdsPostgresLinesReadTheLevelAndSessionFromTheirPrefix() {
    List<LogRecord> records = read("orders-db.log", lines(
        "2023-11-04 09:16:35 UTC:10.0.0.5(5432):app@orders:[123]:ERROR:  deadlock detected",
        "2023-11-04 09:16:35 UTC:10.0.0.5(5432):app@orders:[123]:DETAIL:  Process 123 waits for ShareLock",
        "2023-11-04 09:16:36 UTC::@:[456]:LOG:  checkpoint starting: time",
        "2023-11-04 09:16:37 UTC:10.0.0.6(5433):app@orders:[124]:FATAL:  password authentication failed for user \"app\""));

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "FATAL");
    assertThat(records).extracting(LogRecord::component).containsExactly("app@orders", null, "app@orders");
    assertThat(records.get(0).message()).isEqualTo("deadlock detected");
    assertThat(records.get(0).raw()).as("its DETAIL line belongs to it").contains("waits for ShareLock");
  }

  @Test
  void aFileThatCollectsManyHostsSyslogGivesEachLineItsHost() {
    PlainTextLogReader reader = reader("syslog.log", lines(
        "Oct 12 06:00:31 web-1 nginx[311]: worker process exited",
        "<11>Oct 12 06:00:32 db-2 postgres[812]: could not write to file",
        "<11>1 2023-10-12T06:00:33.120Z app-3 billing 412 - - payment capture failed",
        "<165>1 2023-10-12T06:00:34Z app-3 billing 412 ID47 [exampleSDID@32473 iut=\"3\"] \uFEFFcache warmed",
        "<13>1 2023-10-12T06:00:35Z - - - - -",
        "<999 not syslog"));
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::service).containsExactly("web-1", "db-2", "app-3", "app-3", "syslog");
    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "ERROR", "INFO", "INFO");
    assertThat(records).extracting(LogRecord::component).containsExactly("nginx", "postgres", "billing", "billing", null);
    assertThat(records.get(3).message()).isEqualTo("cache warmed");
    assertThat(records.get(2).ts()).isEqualTo(Instant.parse("2023-10-12T06:00:33.120Z"));
    assertThat(reader.unreadableLines()).isEqualTo(1);
  }

  @Test
  void haproxyAndMysqlServerLogsSayWhichLinesAreFailures() {
    PlainTextLogReader haproxy = reader("edge-lb.log", lines(
        "Nov  4 09:16:32 lb-1 haproxy[123]: 10.0.0.5:51234 [04/Nov/2023:09:16:32.123] fe_http be_app/app1 0/0/1/-1/2 503 212 - - SC-- "
            + "1/1/0/0/0 0/0 \"GET /cart HTTP/1.1\"",
        "Nov  4 09:16:33 lb-1 haproxy[123]: 10.0.0.5:51235 [04/Nov/2023:09:16:33.001] fe_http be_app/app2 0/0/1/12/13 200 812 - - ---- "
            + "1/1/0/0/0 0/0 \"GET /cart HTTP/1.1\"",
        "Nov  4 09:16:34 lb-1 haproxy[123]: Server be_app/app1 is DOWN, reason: Layer4 connection problem"));
    List<LogRecord> proxied = ReadRecords.all(haproxy);

    assertThat(proxied).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "INFO");
    assertThat(proxied).extracting(LogRecord::errorType).containsExactly("HTTP_503", null, null);
    assertThat(proxied).extracting(LogRecord::service).containsOnly("edge-lb");
    assertThat(proxied.get(0).component()).isEqualTo("be_app/app1");
    assertThat(proxied.get(0).message()).isEqualTo("GET /cart HTTP/1.1 503 SC--");

    PlainTextLogReader mysql = reader("orders-mysql.log", lines(
        "2023-11-04T09:16:33.123456Z 12 [ERROR] [MY-010584] [Repl] Replica I/O for channel '': error connecting to source",
        "2023-11-04T09:16:34.123456Z 0 [Warning] [MY-010055] [Server] IP address '10.0.0.7' could not be resolved",
        "2023-11-04T09:16:35.123456Z 0 [System] [MY-010931] [Server] ready for connections",
        "2023-11-04T09:16:36.123456Z 0 [Note] plain note"));
    List<LogRecord> db = ReadRecords.all(mysql);

    assertThat(db).extracting(LogRecord::level).containsExactly("ERROR", "WARN", "INFO", "INFO");
    assertThat(db).extracting(LogRecord::component).containsExactly("Repl", "Server", "Server", null);
    assertThat(db.get(0).message()).startsWith("MY-010584 Replica I/O for channel");
  }

  @Test
  void journalLinesBelongToTheirFileAndUnit() {
    PlainTextLogReader reader = reader("db-01.journal.log", lines(
        "Oct 12 06:00:31 db-01 mount[31830]: mount.nfs: Connection timed out",
        "Oct 12 06:41:06 db-01 systemd[1]: postgresql@16-main.service: Failed with result 'exit-code'.",
        "Oct  2 06:41:07 db-01 kernel: EXT4-fs error (device nvme1n1)",
        "-- Boot 4f1c2a9e0b7d4c1e9a35c2f0d8e6b713 --",
        "Aug 20 03:12:39 ip-10-0-5-23 containerd[812]: time=\"2024-08-20T03:12:39Z\" level=error msg=\"task exit\"",
        "Oct 12 06:42:00 db-01 pg-backup[31822]: ERROR: backup failed"));
    List<LogRecord> records = ReadRecords.all(reader);

    // the case README's rule: a plain-text file's records are its service's, whichever host printed them
    assertThat(records).extracting(LogRecord::service).containsOnly("db-01");
    assertThat(records).extracting(LogRecord::component)
        .containsExactly("mount", "postgresql@16-main.service", "kernel", "containerd", "pg-backup");
    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "INFO", "INFO", "ERROR", "ERROR");
    assertThat(records.get(0).ts()).isEqualTo(Instant.parse("2023-10-12T06:00:31Z")); // October 2024 is after READ_AT
    assertThat(records.get(2).ts()).isEqualTo(Instant.parse("2023-10-02T06:41:07Z"));
    assertThat(records.get(1).message()).isEqualTo("postgresql@16-main.service: Failed with result 'exit-code'.");
    assertThat(reader.unreadableLines()).isEqualTo(1); // the boot marker is no record
  }

  @Test
  void aDevicesUntaggedSyslogTakesItsFacilityAndSeverityFromTheMessageCode() {
    List<LogRecord> records = read("tor-b3.log", lines(
        "Jun 23 14:05:12 tor-b3 : 2026 Jun 23 14:05:12 UTC: %USER-4-SYSTEM_MSG: netmon: Ethernet1/49 input CRC errors 21920",
        "Jun 23 14:09:40 tor-b3 : 2026 Jun 23 14:09:40 UTC: %ETHPORT-5-IF_DOWN_LINK_FAILURE: Interface Ethernet1/49 is down",
        "Jun 23 14:09:41 tor-b3 : 2026 Jun 23 14:09:41 UTC: %PLATFORM-2-PS_FAIL: Power supply 1 failed",
        "Jun 23 14:09:42 tor-b3 : no code in this one"));

    assertThat(records).extracting(LogRecord::service).containsOnly("tor-b3");
    assertThat(records).extracting(LogRecord::component).containsExactly("USER", "ETHPORT", "PLATFORM", null);
    assertThat(records).extracting(LogRecord::level).containsExactly("WARN", "INFO", "FATAL", "INFO");
    assertThat(records.get(1).message()).startsWith("2026 Jun 23 14:09:40 UTC: %ETHPORT-5-IF_DOWN_LINK_FAILURE");
  }

  @Test
  void undatedTimestampsTakeTheYearOfTheFileOrTheReferenceAndRollOverNewYear() {
    List<LogRecord> records = read("host.journal.log", lines(
        "Dec 31 23:59:58 host app[1]: last of the year",
        "Jan  1 00:00:02 host app[1]: first of the next"));
    assertThat(records).extracting(LogRecord::ts)
        .containsExactly(Instant.parse("2023-12-31T23:59:58Z"), Instant.parse("2024-01-01T00:00:02Z"));

    List<LogRecord> mixed = read("mixed.log", lines(
        "2019-03-01 10:00:00,000 INFO [app] dated",
        "Mar 01 10:00:05 host app[1]: undated, so 2019 like its neighbour",
        "E0301 10:00:06.123456    1234 controller.go:123] klog too"));
    assertThat(mixed).extracting(LogRecord::ts).containsExactly(Instant.parse("2019-03-01T10:00:00Z"),
        Instant.parse("2019-03-01T10:00:05Z"), Instant.parse("2019-03-01T10:00:06.123456Z"));

    PlainTextLogReader leapDay = new PlainTextLogReader(new ByteArrayInputStream(
        lines("Feb 29 10:00:00 host app[1]: read in 2025, which has no Feb 29").getBytes(StandardCharsets.UTF_8)),
        "host.journal.log", Instant.parse("2025-03-01T00:00:00Z"));
    assertThat(ReadRecords.all(leapDay)).extracting(LogRecord::ts).containsExactly(Instant.parse("2024-02-29T10:00:00Z"));
    PlainTextLogReader never = reader("host.journal.log", lines("Feb 30 10:00:00 host app[1]: never"));
    assertThat(ReadRecords.all(never)).isEmpty();
    assertThat(never.unreadableLines()).isEqualTo(1);
  }

  @Test
  void klogSeveritiesAndSourceLocation() {
    List<LogRecord> records = read("kubelet.log", lines(
        "E0601 06:41:02.123456    1234 kubelet.go:2862] \"Error syncing pod\" err=\"failed to start container\"",
        "F0601 06:41:03.000000    1234 server.go:12] cannot listen",
        "W0601 06:41:04.000001    1234 reflector.go:424] watch closed",
        "I0601 06:41:05.500000    1234 kubelet.go:100] ok"));

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "FATAL", "WARN", "INFO");
    LogRecord r = records.get(0);
    assertThat(r.ts()).isEqualTo(Instant.parse("2024-06-01T06:41:02.123456Z"));
    assertThat(r.file()).isEqualTo("kubelet.go");
    assertThat(r.line()).isEqualTo(2862);
    assertThat(r.message()).isEqualTo("\"Error syncing pod\" err=\"failed to start container\"");
  }

  @Test
  void logfmtLines() {
    List<LogRecord> records = read("ledger-service.log", lines(
        "time=2024-06-01T00:00:02.011Z level=ERROR msg=\"tls certificate has expired\" path=/etc/tls.crt",
        "ts=1717200003.5 level=warn msg=\"retrying\" err=\"dial tcp: connection refused\" trace_id=abcdef0123456789 "
            + "span_id=0123456789abcdef caller=client/pool.go:88 logger=pool",
        "level=info msg=\"no time at all\""));

    assertThat(records).hasSize(2);
    assertThat(records.get(0).level()).isEqualTo("ERROR");
    assertThat(records.get(0).message()).isEqualTo("tls certificate has expired");
    LogRecord r = records.get(1);
    assertThat(r.ts()).isEqualTo(Instant.parse("2024-06-01T00:00:03.500Z"));
    assertThat(r.level()).isEqualTo("WARN");
    assertThat(r.message()).isEqualTo("retrying: dial tcp: connection refused");
    assertThat(r.traceId()).isEqualTo("abcdef0123456789");
    assertThat(r.spanId()).isEqualTo("0123456789abcdef");
    assertThat(r.file()).isEqualTo("client/pool.go");
    assertThat(r.line()).isEqualTo(88);
    assertThat(r.component()).isEqualTo("pool");
  }

  @Test
  void logfmtErrorTypesAreReadWhereGoHandlersPutThem() {
    List<LogRecord> records = read("projector.log", lines(
        "time=2024-12-04T10:47:03.112Z level=ERROR msg=\"decode event failed\" err=\"json: cannot unmarshal\" err.type=*json.UnmarshalTypeError",
        "time=2024-12-04T10:47:04.000Z level=ERROR msg=\"export failed\" exception.type=io.grpc.StatusRuntimeException",
        "time=2024-12-04T10:47:05.000Z level=ERROR msg=\"push failed\" err.type= err=\"timeout\""));

    assertThat(records).extracting(LogRecord::errorType)
        .containsExactly("json.UnmarshalTypeError", "io.grpc.StatusRuntimeException", null);
  }

  @Test
  void postgresDetailLinesJoinTheirMessageAndPanicIsFatal() {
    List<LogRecord> records = read("orders-db.log", lines(
        "2024-10-12 05:44:32.794 UTC [1187] LOG:  checkpoint starting: time",
        "2024-10-12 06:40:25.536 UTC [28794] ERROR:  could not extend file \"base/16384/2619\": No space left on device",
        "2024-10-12 06:40:25.536 UTC [28794] HINT:  Check free disk space.",
        "2024-10-12 06:40:25.536 UTC [28794] STATEMENT:  UPDATE stock_levels SET qty = qty - $1",
        "2024-10-12 06:41:03.518 UTC [2211] PANIC:  could not write to file \"pg_wal/xlogtemp.2211\"",
        "2024-10-12 06:41:05.918 UTC [31901] FATAL:  the database system is starting up"));

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "FATAL", "FATAL");
    assertThat(records.get(0).message()).isEqualTo("checkpoint starting: time");
    assertThat(records.get(1).raw()).endsWith("STATEMENT:  UPDATE stock_levels SET qty = qty - $1").contains("HINT:");
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2024-10-12T06:40:25.536Z"));
    assertThat(records).extracting(LogRecord::service).containsOnly("orders-db");
  }

  @Test
  void redisGoNodeScriptAndEpochLines() {
    List<LogRecord> records = read("mixed.log", lines(
        "1:M 20 Aug 2024 02:40:14.004 * Ready to accept connections tcp",
        "1:C 20 Aug 2024 02:40:14.000 # WARNING Memory overcommit must be enabled!",
        "2024/06/01 00:00:13 http: TLS handshake error from 10.42.3.17:44438: remote error: tls: expired certificate",
        "2024/06/01 00:00:14 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream",
        "[2024-08-20T03:12:39.554Z] ERROR web-bff: SessionStoreError: session lookup failed: read ECONNRESET",
        "    at SessionStore.get (/app/dist/session/store.js:58:19)",
        "Caused by: Error: read ECONNRESET",
        "    at TCP.onStreamRead (node:internal/stream_base_commons:217:20) {",
        "  errno: -104,",
        "  code: 'ECONNRESET'",
        "}",
        "2024-10-12T06:41:04Z pg-backup[31822] ERROR: backup failed (exit 1)",
        "1717200001.25 ERROR [svc] epoch seconds",
        "1717200002250 WARN epoch millis"));

    assertThat(records).extracting(LogRecord::level)
        .containsExactly("INFO", "WARN", "INFO", "ERROR", "ERROR", "ERROR", "ERROR", "WARN");
    assertThat(records.get(0).ts()).isEqualTo(Instant.parse("2024-08-20T02:40:14.004Z"));
    assertThat(records.get(2).ts()).isEqualTo(Instant.parse("2024-06-01T00:00:13Z"));
    assertThat(records.get(2).message()).startsWith("http: TLS handshake error");
    LogRecord node = records.get(4);
    assertThat(node.component()).isEqualTo("web-bff");
    assertThat(node.errorType()).isEqualTo("SessionStoreError");
    assertThat(node.causedBy()).isEqualTo("Error: read ECONNRESET");
    assertThat(node.raw().split("\n")).hasSize(7);
    assertThat(records.get(5).component()).isEqualTo("pg-backup");
    assertThat(records.get(5).message()).isEqualTo("backup failed (exit 1)");
    assertThat(records.get(6).ts()).isEqualTo(Instant.parse("2024-06-01T00:00:01.250Z"));
    assertThat(records.get(7).ts()).isEqualTo(Instant.parse("2024-06-01T00:00:02.250Z"));
  }

  @Test
  void garbageIsCountedNeverFatalAndDoesNotJoinARecord() {
    PlainTextLogReader reader = reader("app.log", lines(
        "\tat com.acme.Orphan.frame(Orphan.java:1)", // a continuation with nothing above it
        "2024-06-01 00:00:01.000 ERROR [main] c.a.App - first",
        "this line is garbage",
        "\u0000\u0001\u00ff binary junk",
        "java.lang.IllegalStateException: still part of first",
        "2024-13-45 00:00:02.000 ERROR [main] c.a.App - a date that does not exist",
        "",
        "2024-06-01 00:00:03.000 INFO [main] c.a.App - second"));
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::message).containsExactly("first", "second");
    assertThat(records.get(0).raw()).isEqualTo(
        "2024-06-01 00:00:01.000 ERROR [main] c.a.App - first\njava.lang.IllegalStateException: still part of first");
    assertThat(records.get(0).errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(reader.linesRead()).isEqualTo(8);
    assertThat(reader.unreadableLines()).isEqualTo(4);
    assertThat(reader.blankLines()).isEqualTo(1);
  }

  @Test
  void aRecordLongerThanTheCapKeepsItsHeadAndStillFindsItsRootCause() {
    StringBuilder text = new StringBuilder("2024-06-01 00:00:01.000 ERROR [main] c.a.App - deep\n");
    text.append("java.lang.RuntimeException: outer\n");
    for (int i = 0; i < 1000; i++) {
      text.append("\tat com.acme.Frame").append(i).append(".call(Frame.java:").append(i).append(")\n");
    }
    text.append("Caused by: java.io.IOException: the root\n");
    text.append("2024-06-01 00:00:02.000 INFO [main] c.a.App - after\n");
    List<LogRecord> records = read("app.log", text.toString());

    assertThat(records).hasSize(2);
    LogRecord deep = records.get(0);
    String[] kept = deep.raw().split("\n");
    assertThat(kept).hasSize(PlainTextLogReader.MAX_RECORD_LINES + 1);
    assertThat(kept[kept.length - 1]).isEqualTo("[... " + (1002 - PlainTextLogReader.MAX_RECORD_LINES + 1) + " more lines not kept]");
    assertThat(deep.errorType()).isEqualTo("java.lang.RuntimeException");
    assertThat(deep.causedBy()).isEqualTo("java.io.IOException: the root");
    assertThat(records.get(1).message()).isEqualTo("after");
  }

  @Test
  void aVeryLongLineIsReadFromItsHead() {
    String longMessage = "x".repeat(3 * PlainTextLogReader.MAX_LINE_BYTES);
    PlainTextLogReader reader = reader("app.log", "2024-06-01 00:00:01.000 ERROR [main] c.a.App - " + longMessage
        + "\n2024-06-01 00:00:02.000 INFO [main] c.a.App - next\n");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).hasSize(2);
    assertThat(records.get(0).raw()).hasSize(PlainTextLogReader.MAX_RECORD_CHARS);
    assertThat(records.get(0).message()).startsWith("xxx");
    assertThat(records.get(1).message()).isEqualTo("next");
    assertThat(reader.unreadableLines()).isZero();
  }

  @Test
  void crlfLineEndingsAndATruncatedLastLine() {
    PlainTextLogReader reader = reader("app.log",
        "2024-06-01 00:00:01.000 ERROR [main] c.a.App - windows\r\n"
            + "java.lang.IllegalStateException: bad\r\n"
            + "\tat com.acme.App.run(App.java:1)\r\n"
            + "\r\n"
            + "2024-06-01 00:00:02.000 WARN [main] c.a.App - cut off mid-li");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).hasSize(2);
    assertThat(records.get(0).raw()).doesNotContain("\r")
        .isEqualTo("2024-06-01 00:00:01.000 ERROR [main] c.a.App - windows\n"
            + "java.lang.IllegalStateException: bad\n\tat com.acme.App.run(App.java:1)");
    assertThat(records.get(1).message()).isEqualTo("cut off mid-li");
    assertThat(reader.linesRead()).isEqualTo(5);
    assertThat(reader.blankLines()).isEqualTo(1);
  }

  @Test
  void theServiceIsTheFileNameUpToItsFirstDot() {
    assertThat(PlainTextLogReader.serviceOf("/logs/ingress-nginx.access.log")).isEqualTo("ingress-nginx");
    assertThat(PlainTextLogReader.serviceOf("rpt-01.journal.log")).isEqualTo("rpt-01");
    assertThat(PlainTextLogReader.serviceOf("C:\\logs\\api.log")).isEqualTo("api");
    assertThat(PlainTextLogReader.serviceOf("/logs/.hidden")).isEqualTo(".hidden");
    assertThat(PlainTextLogReader.serviceOf("syslog")).isEqualTo("syslog");
  }

  @Test
  void logReadersPickTheReaderByFileName() throws IOException {
    Path jsonl = tmp.resolve("orders.jsonl");
    Files.writeString(jsonl, "{\"ts\":\"2024-06-01T00:00:00Z\",\"level\":\"ERROR\",\"service\":\"orders\",\"message\":\"m\"}\n");
    Path log = tmp.resolve("orders.service.log");
    Files.writeString(log, "2024-06-01 00:00:00.000 ERROR [main] c.a.App - m\n");

    try (LogReader a = LogReaders.open(jsonl); LogReader b = LogReaders.open(log, READ_AT)) {
      assertThat(a).isInstanceOf(JsonlLogReader.class);
      assertThat(b).isInstanceOf(PlainTextLogReader.class);
      assertThat(a.next().service()).isEqualTo("orders");
      assertThat(b.next().service()).isEqualTo("orders");
    }
  }

  @Test
  void aPlainTextRecordSurvivesTheTripThroughAJsonlWindow() {
    LogRecord r = read("payouts-worker.log", lines(
        "2024-06-01 00:05:00.506 ERROR [payout-batch-1] c.a.payouts.LedgerPoster - payout \"po_7731\" failed",
        "com.acme.payouts.LedgerUnavailableException: POST failed",
        "\tat com.acme.payouts.LedgerPoster.post(LedgerPoster.java:88)",
        "Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sat Jun 01 00:00:00 UTC 2024"))
        .get(0);

    LogRecord back = JsonlLogReader.parse(LogRecordJson.line(r));

    assertThat(back).usingRecursiveComparison().ignoringFields("raw").isEqualTo(r);
    assertThat(back.raw()).contains("\"stack\":[\"com.acme.payouts.LedgerUnavailableException: POST failed\"");
  }
}
