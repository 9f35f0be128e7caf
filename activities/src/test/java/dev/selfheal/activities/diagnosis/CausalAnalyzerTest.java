package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.activities.logs.JsonlLogReader;
import dev.selfheal.activities.logs.LogReader;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.activities.logs.PlainTextLogReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class CausalAnalyzerTest {
  private static final Logger log = LoggerFactory.getLogger(CausalAnalyzerTest.class);
  private static final Instant INCIDENT = Instant.parse("2025-03-04T10:00:00Z");

  private final CausalAnalyzer analyzer = new CausalAnalyzer();

  private static List<LogRecord> parse(List<String> lines) {
    List<LogRecord> records = new ArrayList<>();
    for (String line : lines) {
      LogRecord r = JsonlLogReader.parse(line);
      assertThat(r).as(line).isNotNull();
      records.add(r);
    }
    return records;
  }

  @Test
  void reportServiceShapeNamesTheEarliestLinkNotTheLoudest() {
    List<LogRecord> records = parse(ReportServiceLog.lines(INCIDENT, 12, 3));

    Analysis analysis = analyzer.analyze(records, "report-service");
    log.info("analysis={}", analysis);

    // the naive answer is the retried symptom
    assertThat(analysis.mostFrequentErrorType()).isEqualTo("ReportDeliveryException");
    assertThat(analysis.mostFrequentCount()).isEqualTo(36);

    Candidate top = analysis.top();
    assertThat(top.service()).isEqualTo("report-service");
    assertThat(top.errorType()).isEqualTo("java.io.FileNotFoundException");
    assertThat(top.rootedGroups()).isEqualTo(12);
    assertThat(top.example().file()).isEqualTo("src/main/java/dev/selfheal/example/report/TemplateLoader.java");
    assertThat(top.example().line()).isEqualTo(31);
    assertThat(analysis.causalChain()).containsExactly(
        "java.io.FileNotFoundException in report-service (TemplateLoader)",
        "ReportGenerationException",
        "ReportDeliveryException ×3");
    assertThat(analysis.evidence()).hasSize(3);
    assertThat(analysis.evidence().get(0)).contains("template not found: /tmp/").hasSizeLessThanOrEqualTo(300);
    assertThat(analysis.confidence()).isGreaterThanOrEqualTo(0.7).isLessThanOrEqualTo(1.0);

    // the error that recurred for hours before is recognized as background, not a contender
    Candidate unrelated = analysis.candidates().stream()
        .filter(c -> "java.net.SocketTimeoutException".equals(c.errorType())).findFirst().orElseThrow();
    assertThat(unrelated.background()).isTrue();
    assertThat(unrelated.score()).isLessThan(top.score() / 10);
    assertThat(analysis.onset()).isBetween(INCIDENT.minusSeconds(60), INCIDENT.plusSeconds(60));
  }

  @Test
  void backgroundNoiseLouderThanEverythingElseStillDoesNotWin() {
    // the unrelated error every 20 s for 3 hours: ~580 records against 12 root failures
    List<LogRecord> records = parse(ReportServiceLog.lines(INCIDENT, 12, 3, Duration.ofSeconds(20)));

    Analysis analysis = analyzer.analyze(records, "report-service");

    assertThat(analysis.mostFrequentErrorType()).isEqualTo("SocketTimeoutException");
    assertThat(analysis.top().errorType()).isEqualTo("java.io.FileNotFoundException");
    assertThat(analysis.candidates().get(1).background()).isTrue();
    assertThat(analysis.confidence()).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void withoutTracesProximityAndCausedByStillFindTheRoot() {
    List<String> lines = ReportServiceLog.lines(INCIDENT, 8, 2).stream()
        .map(l -> l.replaceAll("\"(trace_id|span_id|parent_span_id)\":\"[0-9a-f]+\",", ""))
        .toList();
    Analysis analysis = analyzer.analyze(parse(lines), "report-service");

    assertThat(analysis.top().errorType()).isEqualTo("java.io.FileNotFoundException");
    assertThat(analysis.causalChain()).containsExactly(
        "java.io.FileNotFoundException in report-service (TemplateLoader)",
        "ReportGenerationException",
        "ReportDeliveryException ×3");
  }

  @Test
  void aCallersErrorIsAnEffectOfTheCalleeInAChildSpanEvenWhenLoggedFirst() {
    // the caller times out and logs before its stuck callee does: spans decide, not clocks
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String trace = "t" + i;
      Instant t = INCIDENT.plusSeconds(40L * i);
      lines.add(line(t, "checkout", "org.springframework.web.client.ResourceAccessException", trace, "c" + i, null,
          "java.net.SocketTimeoutException: Read timed out"));
      lines.add(line(t.plusSeconds(20), "orders", "java.sql.SQLTransientConnectionException", trace, "o" + i, "c" + i, null));
      lines.add(line(t.plusSeconds(20), "orders", "org.springframework.transaction.CannotCreateTransactionException",
          trace, "o" + i, "c" + i, "org.hibernate.exception.JDBCConnectionException: x; java.sql.SQLTransientConnectionException: y"));
    }
    // callers' lone timeouts, whose callee did not log in that trace
    for (int i = 0; i < 10; i++) {
      lines.add(line(INCIDENT.plusSeconds(13L * i + 5), "checkout", "org.springframework.web.client.ResourceAccessException",
          "lone" + i, "l" + i, null, "java.net.SocketTimeoutException: Read timed out"));
    }
    Analysis analysis = analyzer.analyze(parse(lines), "checkout");

    assertThat(analysis.top().service()).isEqualTo("orders");
    assertThat(analysis.top().errorType()).isEqualTo("java.sql.SQLTransientConnectionException");
    assertThat(analysis.top().inferredGroups()).isEqualTo(10);
    assertThat(analysis.causalChain()).containsExactly(
        "java.sql.SQLTransientConnectionException in orders",
        "CannotCreateTransactionException",
        "ResourceAccessException in checkout");
    Candidate caller = analysis.candidates().get(1);
    assertThat(caller.symptomOf()).isEqualTo("java.sql.SQLTransientConnectionException in orders");
  }

  @Test
  void inATraceWithoutSpansTheServiceThatFailedFirstIsTheCauseOfTheOthers() {
    // plain-text logs carry the trace id only: the callee's error, then its caller's, retried
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String trace = "t" + i;
      Instant t = INCIDENT.plusSeconds(30L * i);
      lines.add(line(t, "address-validator", "requests.exceptions.HTTPError", trace, null, null, null));
      for (int retry = 0; retry < 3; retry++) {
        lines.add(line(t.plusMillis(10 + retry * 500L), "checkout-api", "com.acme.AddressValidationException", trace, null,
            null, "HttpServerErrorException$BadGateway: 502 Bad Gateway"));
      }
    }
    // the caller also fails on its own, in traces the callee never logged in
    for (int i = 0; i < 12; i++) {
      lines.add(line(INCIDENT.plusSeconds(20L * i + 7), "checkout-api", "com.acme.AddressValidationException", "lone" + i,
          null, null, "HttpServerErrorException$BadGateway: 502 Bad Gateway"));
    }
    Analysis analysis = analyzer.analyze(parse(lines), "checkout-api");

    assertThat(analysis.top().service()).isEqualTo("address-validator");
    assertThat(analysis.top().errorType()).isEqualTo("requests.exceptions.HTTPError");
    assertThat(analysis.top().linkedGroups()).isEqualTo(8);
    assertThat(analysis.candidates().get(1).symptomOf()).isEqualTo("requests.exceptions.HTTPError in address-validator");
  }

  @Test
  void aProxys5xxStampedInWholeSecondsIsNeverTheCauseInTraceOrder() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Instant second = INCIDENT.plusSeconds(30L * i);
      lines.add(line(second, "web-gateway", "HTTP_500", "t" + i, null, null, null));
      lines.add(line(second.plusMillis(208), "profile-service", "TypeError", "t" + i, null, null, null));
    }
    Analysis analysis = analyzer.analyze(parse(lines), "web-gateway");

    assertThat(analysis.top().service()).isEqualTo("profile-service");
    assertThat(analysis.top().linkedGroups()).isEqualTo(8);
  }

  @Test
  void whoCarriedAnIdFirstIsSettledByTimeNotByTheOrderFilesAreRead() {
    // the runner's file is read first, but subscriptions failed on each subscription 2 ms before
    List<String> runner = new ArrayList<>();
    List<String> subscriptions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Instant t = INCIDENT.plusSeconds(20L * i);
      for (int attempt = 0; attempt < 3; attempt++) {
        Instant at = t.plusSeconds(2L * attempt);
        subscriptions.add(logged(at, "ERROR", "subscriptions", "renewal of sub_" + (7000 + i) + " failed", "RenewalError", null, null));
        runner.add(logged(at.plusMillis(2), "ERROR", "renewal-runner", "renewal attempt failed sub=sub_" + (7000 + i) + " status=500",
            null, null, null));
      }
    }
    List<String> lines = new ArrayList<>(runner);
    lines.addAll(subscriptions);
    Analysis a = analyzer.analyze(parse(lines), "renewal-runner");

    assertThat(a.top().service()).isEqualTo("subscriptions");
    assertThat(a.candidates()).filteredOn(c -> c.service().equals("renewal-runner"))
        .singleElement().satisfies(c -> assertThat(c.symptomOf()).isEqualTo("RenewalError in subscriptions"));
  }

  @Test
  void aCallerThatNamesTheFailingCalleeIsItsSymptomEvenWhenItLoggedTheSharedIdFirst() {
    // the callee had been failing for others already; on each renewal the worker logged 2 ms before it
    List<String> lines = new ArrayList<>(healthyHourBefore("renewal-worker", "subscriptions-api"));
    lines.add(logged(INCIDENT.minusSeconds(600), "ERROR", "subscriptions-api", "GET /v1/subscriptions/sub_1 failed",
        "org.springframework.transaction.CannotCreateTransactionException", "java.sql.SQLInvalidAuthorizationSpecException: Access denied",
        null));
    for (int i = 0; i < 20; i++) {
      Instant at = INCIDENT.plusSeconds(10L * i);
      lines.add(logged(at, "ERROR", "renewal-worker", "renewals.renew sub_" + (8000 + i)
          + " failed: SubscriptionsApiError: subscriptions-api returned 500", "SubscriptionsApiError", null, null));
      lines.add(logged(at.plusMillis(2), "ERROR", "subscriptions-api", "GET /v1/subscriptions/sub_" + (8000 + i) + " failed",
          "org.springframework.transaction.CannotCreateTransactionException", "java.sql.SQLInvalidAuthorizationSpecException: Access denied",
          null));
    }
    Analysis a = analyzer.analyze(parse(lines), "renewal-worker");

    assertThat(a.top().service()).isEqualTo("subscriptions-api");
    assertThat(a.top().errorType()).isEqualTo("SQLInvalidAuthorizationSpecException");
  }

  @Test
  void aNamedCalleeThatFailedOnlyInsideItsCallersTracesIsNamedByItsOwnError() {
    List<String> lines = new ArrayList<>(healthyHourBefore("notification-worker", "sms-gateway"));
    for (int i = 0; i < 20; i++) {
      Instant at = INCIDENT.plusSeconds(10L * i);
      String trace = String.format("%032x", 7000 + i);
      // the caller's line comes first, at the same millisecond as the callee's
      lines.add(logged(at, "ERROR", "notification-worker",
          "sms send failed: sms-gateway: POST /v1/sms: 503 Service Unavailable", null, null, trace));
      lines.add(logged(at, "ERROR", "sms-gateway", "send failed, answering 503", "requests.exceptions.HTTPError",
          null, trace));
    }
    Analysis a = analyzer.analyze(parse(lines), "notification-worker");

    assertThat(a.top().service()).isEqualTo("sms-gateway");
    assertThat(a.top().errorType()).isEqualTo("requests.exceptions.HTTPError");
  }

  @Test
  void aProxysWholeSecondAccessLineNeverCarriedAnIdFirst() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Instant second = INCIDENT.plusSeconds(20L * i);
      lines.add(logged(second, "ERROR", "web-gateway", "GET /api/profile/u_" + (9000 + i) + " 500", "HTTP_500", null, null));
      lines.add(logged(second.plusMillis(208), "ERROR", "profile-service", "GET /v2/profiles/u_" + (9000 + i) + " failed",
          "TypeError", null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "web-gateway");

    assertThat(a.top().service()).isEqualTo("profile-service");
  }

  @Test
  void traceOrderDoesNotOverrideSpans() {
    // with parent spans the caller that logged first is still the callee's effect
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Instant t = INCIDENT.plusSeconds(30L * i);
      lines.add(line(t, "checkout", "org.springframework.web.client.ResourceAccessException", "t" + i, "c" + i, null, null));
      lines.add(line(t.plusSeconds(5), "orders", "java.sql.SQLTransientConnectionException", "t" + i, "o" + i, "c" + i, null));
    }
    Analysis analysis = analyzer.analyze(parse(lines), "checkout");

    assertThat(analysis.top().service()).isEqualTo("orders");
  }

  @Test
  void fewGroupsAndACloseRunnerUpGiveALowConfidence() {
    List<String> lines = List.of(
        line(INCIDENT, "a", "x.AlphaException", null, null, null, null),
        line(INCIDENT.plusSeconds(30), "b", "x.BetaException", null, null, null, null));
    Analysis analysis = analyzer.analyze(parse(lines), "a");
    assertThat(analysis.confidence()).isLessThan(0.4);
  }

  @Test
  void aRootWrappedAroundATimeoutIsNamedByTheTimeoutButNotByAnErrorStatus() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(line(INCIDENT.plusSeconds(30L * i), "kyc-verifier", "kyc.errors.ProviderUnavailable", "t" + i, "s" + i, null,
          "httpx.ReadTimeout: The read operation timed out"));
    }
    assertThat(analyzer.analyze(parse(lines), "kyc-verifier").top().errorType()).isEqualTo("ReadTimeout");
  }

  @Test
  void aCauseTheRootOnlyRestatesMorePreciselyIsNamedByTheRoot() {
    assertThat(topTypeOf("billing-worker", "java.lang.NoClassDefFoundError",
        "java.lang.ClassNotFoundException: com.fasterxml.jackson.datatype.jsr310.JavaTimeModule"))
        .isEqualTo("java.lang.NoClassDefFoundError");
    assertThat(topTypeOf("settlement-import", "java.time.format.DateTimeParseException",
        "java.time.DateTimeException: Invalid date 'FEBRUARY 30'")).isEqualTo("java.time.format.DateTimeParseException");
    assertThat(topTypeOf("statement-service", "org.springframework.dao.DataAccessResourceFailureException",
        "org.postgresql.util.PSQLException: An I/O error occurred while sending to the backend.\\n"
            + "java.io.IOException: Tried to send an out-of-range integer as a 2-byte value: 37299"))
        .isEqualTo("PSQLException");
    // a wrapper that is not a refinement of its cause still gives way to it
    assertThat(topTypeOf("exporter", "java.io.UncheckedIOException", "java.io.IOException: No space left on device"))
        .isEqualTo("IOException");
  }

  private String topTypeOf(String service, String errorType, String causedBy) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(line(INCIDENT.plusSeconds(30L * i), service, errorType, "t" + i, "s" + i, null, causedBy));
    }
    return analyzer.analyze(parse(lines), service).top().errorType();
  }

  @Test
  void aRootThatNamesAnAbsentCauseIsOnlyHalfBelieved() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(line(INCIDENT.plusSeconds(30L * i), "billing", "x.InvoiceGenerationException", "t" + i, "s" + i, null,
          "org.springframework.web.client.HttpServerErrorException$InternalServerError: 500"));
    }
    Analysis analysis = analyzer.analyze(parse(lines), "billing");
    assertThat(analysis.top().errorType()).isEqualTo("x.InvoiceGenerationException");
    assertThat(analysis.confidence()).isLessThanOrEqualTo(0.5);
  }

  @Test
  void callersNamingATroubledCalleeAreItsSymptomsAndItsCauseIsTheirDeepestCause() {
    List<String> lines = new ArrayList<>();
    // the callee warned an hour before and logged one untyped error; it never throws at all
    lines.add(logged(INCIDENT.minusSeconds(3600), "WARN", "ledger-service", "tls certificate expiring soon", null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(1), "ERROR", "ledger-service", "tls certificate has expired", null, null, null));
    for (int i = 0; i < 20; i++) {
      Instant at = INCIDENT.plusSeconds(5L * i);
      lines.add(logged(at, "ERROR", "payments-api",
          "I/O error on POST request for \\\"https://ledger.payments.svc/v1/entries\\\"",
          "org.springframework.web.client.ResourceAccessException",
          "javax.net.ssl.SSLHandshakeException; java.security.cert.CertificateExpiredException", "t" + i));
      lines.add(logged(at.plusMillis(300), "ERROR", "ingress-nginx", "upstream payments-api returned 503", "HTTP_503", null, "t" + i));
    }
    Analysis a = analyzer.analyze(parse(lines), "ingress-nginx");

    assertThat(a.top().service()).isEqualTo("ledger-service");
    assertThat(a.top().errorType()).isEqualTo("CertificateExpiredException");
    assertThat(a.confidence()).isGreaterThan(0.3);
    assertThat(a.causalChain().get(0)).startsWith("CertificateExpiredException in ledger-service");
    assertThat(String.join(" ", a.causalChain())).contains("ResourceAccessException");
  }

  @Test
  void aProxys5xxThatBeganWithAnotherServicesFailuresAreThoseFailuresSeenFromTheEdge() {
    List<String> lines = new ArrayList<>();
    lines.addAll(healthyHourBefore("edge-proxy", "billing-api"));
    // the API fails for a few minutes and logs it; then it is out of rotation and logs nothing,
    // while the proxy goes on answering 503, four times as often as the API ever failed
    for (int i = 0; i < 10; i++) {
      Instant at = INCIDENT.plusSeconds(10L * i);
      lines.add(logged(at, "ERROR", "billing-api", "GET /v1/invoices failed: database unavailable", "OperationalError", null, null));
      lines.add(logged(at.plusMillis(20), "ERROR", "edge-proxy", "GET /v1/invoices 503", "HTTP_503", null, null));
    }
    for (int i = 0; i < 40; i++) {
      lines.add(logged(INCIDENT.plusSeconds(200 + 5L * i), "ERROR", "edge-proxy", "GET /v1/invoices 503", "HTTP_503", null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "edge-proxy");

    assertThat(a.top().service()).isEqualTo("billing-api");
    assertThat(a.candidates()).filteredOn(c -> c.service().equals("edge-proxy"))
        .allSatisfy(c -> assertThat(c.symptomOf()).isEqualTo("OperationalError in billing-api"));
  }

  @Test
  void aProxys5xxThatBeganOnTheirOwnAreNotPinnedOnALaterFailure() {
    List<String> lines = new ArrayList<>();
    lines.addAll(healthyHourBefore("edge-proxy", "billing-api"));
    for (int i = 0; i < 40; i++) {
      lines.add(logged(INCIDENT.plusSeconds(5L * i), "ERROR", "edge-proxy", "GET /v1/invoices 503 NR", "HTTP_503", null, null));
    }
    // another service stumbles a few times, minutes into the proxy's trouble
    for (int i = 0; i < 4; i++) {
      lines.add(logged(INCIDENT.plusSeconds(120 + 5L * i), "ERROR", "billing-api", "cache miss storm", "CacheException", null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "edge-proxy");

    assertThat(a.top().service()).isEqualTo("edge-proxy");
    assertThat(a.top().symptomOf()).isNull();
  }

  @Test
  void failuresAboutStaleDataAreTheSymptomOfWhateverStoppedFeedingIt() {
    List<String> lines = new ArrayList<>(healthyHourBefore("projector", "storefront"));
    // the projector chokes on one event and retries it every 30 s; 138 s later the storefront
    // starts refusing reads of the projection it no longer updates, loudly and with traces
    for (int i = 0; i < 20; i++) {
      lines.add(logged(INCIDENT.plusSeconds(30L * i), "ERROR", "projector", "decode event failed; retrying same offset",
          "json.UnmarshalTypeError", null, null));
    }
    for (int i = 0; i < 60; i++) {
      lines.add(logged(INCIDENT.plusSeconds(138 + 5L * i), "ERROR", "storefront",
          "reservation refused: stock projection for warehouse DE-BER-2 is " + (138 + 5 * i) + "s behind (max 120s)",
          "StaleStockException", null, "t" + i));
      lines.add(logged(INCIDENT.plusSeconds(138 + 5L * i).plusMillis(40), "ERROR", "cart", "checkout failed: 503 from storefront",
          "CartError", null, "t" + i));
    }
    Analysis a = analyzer.analyze(parse(lines), "cart");

    assertThat(a.top().service()).isEqualTo("projector");
    assertThat(a.top().errorType()).isEqualTo("json.UnmarshalTypeError");
    assertThat(String.join(" ", a.causalChain())).contains("StaleStockException in storefront");
  }

  @Test
  void staleDataWithNoEarlierFailureElsewhereStaysTheRoot() {
    List<String> lines = new ArrayList<>(healthyHourBefore("projector", "storefront"));
    // the projector's only trouble starts after the storefront's
    for (int i = 0; i < 60; i++) {
      lines.add(logged(INCIDENT.plusSeconds(5L * i), "ERROR", "storefront", "stock projection is 300s behind (max 120s)",
          "StaleStockException", null, null));
    }
    for (int i = 0; i < 5; i++) {
      lines.add(logged(INCIDENT.plusSeconds(100 + 30L * i), "ERROR", "projector", "metrics push failed", null, null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "storefront");

    assertThat(a.top().service()).isEqualTo("storefront");
  }

  @Test
  void aCalleeThatWasFineWhenTheCallerFailedIsNotBlamed() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Instant at = INCIDENT.plusSeconds(5L * i);
      lines.add(logged(at, "ERROR", "checkout-service", "GET http://orders-service:8080/orders failed: bad request built by checkout",
          "com.acme.checkout.RequestBuildException", null, "t" + i));
    }
    // the callee only complains after the caller has long been failing
    lines.add(logged(INCIDENT.plusSeconds(600), "WARN", "orders-service", "rejected malformed request", null, null, null));
    Analysis a = analyzer.analyze(parse(lines), "checkout-service");

    assertThat(a.top().service()).isEqualTo("checkout-service");
  }

  /** An hour of quiet traffic before the incident, as real log windows have. */
  private static List<String> healthyHourBefore(String... services) {
    List<String> lines = new ArrayList<>();
    for (int minute = 60; minute > 0; minute -= 10) {
      for (String service : services) {
        lines.add(logged(INCIDENT.minusSeconds(60L * minute), "INFO", service, "GET /v1/invoices 200", null, null, null));
      }
    }
    return lines;
  }

  private static String logged(Instant ts, String level, String service, String message, String errorType, String causedBy, String trace) {
    StringBuilder json = new StringBuilder("{\"ts\":\"" + ts + "\",\"level\":\"" + level + "\",\"service\":\"" + service
        + "\",\"message\":\"" + message + "\"");
    if (errorType != null) {
      json.append(",\"error_type\":\"").append(errorType).append('"');
    }
    if (causedBy != null) {
      json.append(",\"caused_by\":\"").append(causedBy).append('"');
    }
    if (trace != null) {
      json.append(",\"trace_id\":\"").append(trace).append('"');
    }
    return json.append('}').toString();
  }

  @Test
  void aQuietServiceWhoseEarlierWarningIsAboutWhatTheFailuresTripOverIsTheRoot() {
    Analysis a = analyzer.analyze(parse(importThenFailures(INCIDENT.minusSeconds(7200))), "invoice-service");

    assertThat(a.top().service()).isEqualTo("catalog-sync");
    assertThat(a.top().errorType()).isNull();
    assertThat(a.causalChain().get(0)).contains("warning in catalog-sync about 'unit_price'");
  }

  @Test
  void aJobBegunJustBeforeWhoseOwnWordsNameWhatTheFailuresTripOverIsTheRoot() {
    Analysis a = analyzer.analyze(parse(syncThenFailures("diff de-DE cart.items_count: one {# Artikel} -> one {# Artikel")),
        "web-ssr");

    assertThat(a.top().service()).isEqualTo("translations-sync");
    assertThat(a.causalChain().get(0)).startsWith("translations-sync, begun just before the failures, about 'items_count'");
  }

  @Test
  void aJobBegunJustBeforeThatWorkedOnSomethingElseIsNotTheRoot() {
    Analysis a = analyzer.analyze(parse(syncThenFailures("diff de-DE checkout.delivery_hint: changed")), "web-ssr");

    assertThat(a.top().service()).isEqualTo("web-ssr");
  }

  private static List<String> syncThenFailures(String change) {
    List<String> lines = new ArrayList<>(healthyHourBefore("web-ssr", "translations-api"));
    lines.add(logged(INCIDENT.minusSeconds(90), "INFO", "translations-sync", "sync started: project webshop", null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(84), "INFO", "translations-sync", change, null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(60), "INFO", "translations-sync", "published bundles", null, null, null));
    for (int i = 0; i < 20; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "web-ssr",
          "EXPECT_ARGUMENT_CLOSING_BRACE (message cart.items_count, offset 55)", "SyntaxError", null, null));
    }
    return lines;
  }

  @Test
  void aJobThatFailedAndFellSilentBeforeFailuresThatNameItIsTheRoot() {
    Analysis a = analyzer.analyze(parse(importThenPayouts("no settlement for merchant M-1; payout deferred", false)),
        "payouts-service");

    assertThat(a.top().service()).isEqualTo("settlement-import");
    assertThat(a.top().errorType()).isEqualTo("java.time.format.DateTimeParseException");
    assertThat(a.causalChain().get(0)).contains("fell silent before the failures, which name its 'settlement'");
  }

  @Test
  void aFailedJobTheFailuresDoNotNameIsNotTheirRoot() {
    Analysis a = analyzer.analyze(parse(importThenPayouts("ledger account for merchant M-1 locked; payout deferred", false)),
        "payouts-service");

    assertThat(a.top().service()).isEqualTo("payouts-service");
  }

  @Test
  void aJobStillAtWorkWhenTheFailuresBeganIsNotTakenForOneThatFailedBeforeThem() {
    Analysis a = analyzer.analyze(parse(importThenPayouts("no settlement for merchant M-1; payout deferred", true)),
        "payouts-service");

    assertThat(a.top().service()).isEqualTo("payouts-service");
  }

  @Test
  void aJobThatOnlyWarnedAndFinishedBeforeFailuresThatNameItIsTheRoot() {
    List<String> lines = new ArrayList<>(healthyHourBefore("checkout-api"));
    lines.add(logged(INCIDENT.minusSeconds(316), "INFO", "stock-import", "run started: stock_20260612.csv (2.7 MB, previous 4.4 MB)",
        null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(312), "WARN", "stock-import", "line 41208: expected 4 fields, got 2 - skipped",
        null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(84), "INFO", "stock-import", "run finished OK: 26,184 SKUs absent from feed set to 0",
        null, null, null));
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "checkout-api", "stock reservation failed for order O-" + (9000 + i),
          "com.acme.checkout.stock.InsufficientStockException", null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "checkout-api");

    assertThat(a.top().service()).isEqualTo("stock-import");
    assertThat(a.causalChain().get(0)).startsWith("stock-import warned and fell silent before the failures, which name its 'stock'");
  }

  /** Three import runs that roll back at 06:00-06:20, then the payout run's failures from 07:00. */
  private static List<String> importThenPayouts(String payoutFailure, boolean importKeepsWorking) {
    List<String> lines = new ArrayList<>(healthyHourBefore("payouts-service"));
    Instant six = INCIDENT.minusSeconds(3600);
    for (int run = 0; run < 3; run++) {
      Instant at = six.plusSeconds(600L * run);
      lines.add(logged(at, "INFO", "settlement-import", "picked up CAMT053_20260301.xml", null, null, null));
      lines.add(logged(at.plusSeconds(60), "ERROR", "settlement-import", "import failed at entry 13571",
          "java.time.format.DateTimeParseException", "java.time.DateTimeException: Invalid date 'FEBRUARY 30'", null));
      lines.add(logged(at.plusSeconds(61), "INFO", "settlement-import", "exit code 1", null, null, null));
    }
    for (int i = 0; i < 40; i++) {
      lines.add(logged(INCIDENT.plusSeconds(5L * i), "ERROR", "payouts-service", payoutFailure,
          "com.acme.payouts.SettlementNotFoundException", null, "t" + i));
    }
    if (importKeepsWorking) {
      lines.add(logged(INCIDENT.plusSeconds(30), "INFO", "settlement-import", "picked up CAMT053_20260302.xml", null, null, null));
    }
    return lines;
  }

  @Test
  void aGatewayWhoseOwnAccessLogAnswered429sIsTheRootOfCallersRefusedAsTooMany() {
    Analysis a = analyzer.analyze(parse(gatewayThenRefusals(true)), "mobile-bff");

    assertThat(a.top().service()).isEqualTo("api-gateway");
    assertThat(a.top().errorType()).isNull();
    assertThat(a.causalChain().get(0)).startsWith("api-gateway answered 429 from " + INCIDENT.minusMillis(3))
        .contains("after it changed its configuration: runtime config reloaded rev=d27e6b0 default_limit=100/minute");
    assertThat(a.candidates()).filteredOn(c -> c.symptomOf() == null).hasSize(1); // partner-sync's 429s are its too
  }

  @Test
  void refusalsNoServiceHereAnsweredAreTheCallersOwnFindings() {
    List<String> lines = gatewayThenRefusals(false);
    lines.removeIf(line -> line.contains("config reloaded")); // a change before them is evidence of its own
    Analysis a = analyzer.analyze(parse(lines), "mobile-bff");

    assertThat(a.top().service()).isEqualTo("mobile-bff");
  }

  private static List<String> gatewayThenRefusals(boolean gatewayAnswers) {
    List<String> lines = new ArrayList<>(healthyHourBefore("mobile-bff", "api-gateway", "partner-sync"));
    lines.add(logged(INCIDENT.minusSeconds(6), "INFO", "api-gateway", "runtime config reloaded rev=d27e6b0 default_limit=100/minute",
        null, null, null));
    for (int i = 0; i < 30; i++) {
      Instant at = INCIDENT.plusSeconds(10L * i);
      if (gatewayAnswers) {
        lines.add(logged(at.minusMillis(3), "INFO", "api-gateway", "GET /v3/orders HTTP/1.1 429 RL", null, null, null));
      }
      lines.add(logged(at, "ERROR", "mobile-bff", "upstream /v3/orders answered 429 (attempt 1/2)",
          "com.acme.mobile.upstream.UpstreamRateLimitedException", null, null));
      lines.add(logged(at.plusSeconds(2), "ERROR", "partner-sync", "page sync failed: 429 Client Error: Too Many Requests",
          "requests.exceptions.HTTPError", null, null));
    }
    return lines;
  }

  @Test
  void aConfigReloadJustBeforeTwoServicesFailIndependentlyIsTheirCommonCause() {
    Analysis a = analyzer.analyze(parse(poolerReloadThenFailures(List.of("orders-api", "inventory-sync"))), "orders-api");

    assertThat(a.top().service()).isEqualTo("pgbouncer");
    assertThat(a.top().errorType()).isNull();
    assertThat(a.causalChain().get(0)).startsWith("pgbouncer changed its configuration")
        .contains("got SIGHUP, re-reading config").contains("inventory-sync and orders-api began failing 99 s later");
  }

  @Test
  void aConfigReloadBeforeOneServicesFailuresIsNotTakenForTheirCause() {
    Analysis a = analyzer.analyze(parse(poolerReloadThenFailures(List.of("orders-api"))), "orders-api");

    assertThat(a.top().service()).isEqualTo("orders-api");
  }

  private static List<String> poolerReloadThenFailures(List<String> clients) {
    List<String> lines = new ArrayList<>(healthyHourBefore("orders-api", "inventory-sync", "pgbouncer"));
    lines.add(logged(INCIDENT.minusSeconds(99), "INFO", "pgbouncer", "got SIGHUP, re-reading config", null, null, null));
    for (int i = 0; i < 30; i++) {
      for (String client : clients) {
        lines.add(logged(INCIDENT.plusSeconds(10L * i + clients.indexOf(client)), "ERROR", client,
            "ERROR: prepared statement \\\"S_2\\\" does not exist", null, null, null));
      }
    }
    return lines;
  }

  @Test
  void aNewReleasesHandledExceptionsAtWarnAreSuspectsNotNoise() {
    Analysis a = analyzer.analyze(parse(releaseThenOverdueOrders("5.0.0")), "order-hub");

    assertThat(a.top().service()).isEqualTo("partner-api");
    assertThat(a.top().errorType()).isEqualTo("org.springframework.web.servlet.resource.NoResourceFoundException");
  }

  @Test
  void warningsOfTheReleaseThatRanAllAlongStayWarnings() {
    Analysis a = analyzer.analyze(parse(releaseThenOverdueOrders("4.9.3")), "order-hub");

    assertThat(a.top().service()).isEqualTo("order-hub");
  }

  /** partner-api 4.9.3 serves for an hour, then {@code release} answers order lookups with 404s logged at WARN. */
  private static List<String> releaseThenOverdueOrders(String release) {
    List<String> lines = new ArrayList<>();
    for (int minute = 60; minute > 0; minute -= 10) {
      lines.add(deployed(INCIDENT.minusSeconds(60L * minute), "INFO", "GET /v2/orders 200", null, "4.9.3"));
    }
    for (int i = 0; i < 20; i++) {
      String order = "MKT-OTT-" + (52148000 + i);
      lines.add(deployed(INCIDENT.plusSeconds(10L * i), "WARN", "Resolved [NoResourceFoundException: No static resource v2/orders/"
          + order + "/.]", "org.springframework.web.servlet.resource.NoResourceFoundException", release));
      lines.add(logged(INCIDENT.plusSeconds(10L * i + 600), "ERROR", "order-hub", "marketplace acknowledgement overdue order=" + order,
          null, null, null));
    }
    return lines;
  }

  private static String deployed(Instant ts, String level, String message, String errorType, String version) {
    return "{\"ts\":\"" + ts + "\",\"level\":\"" + level + "\",\"service\":\"partner-api\",\"message\":\"" + message + "\""
        + (errorType == null ? "" : ",\"error_type\":\"" + errorType + "\"")
        + ",\"deploy\":{\"version\":\"" + version + "\",\"commit\":\"b7f43d18\"}}";
  }

  @Test
  void namesThatDoNotResolveWhileTheDnsServerComplainsAreTheResolversFailure() {
    Analysis a = analyzer.analyze(parse(lookupsFail("coredns")), "notification-service");

    assertThat(a.top().service()).isEqualTo("coredns");
    assertThat(a.top().errorType()).isNull();
    assertThat(a.causalChain().get(0)).contains("coredns, the DNS server, was failing too");
  }

  @Test
  void aServiceThatPrintsCoreDnsPluginLinesIsTheDnsServerWhateverItsName() {
    Analysis a = analyzer.analyze(parse(lookupsFail("kube-system")), "notification-service");

    assertThat(a.top().service()).isEqualTo("kube-system");
  }

  @Test
  void namesThatDoNotResolveWithNoDnsServerInTheLogsStayTheClientsFindings() {
    Analysis a = analyzer.analyze(parse(lookupsFail("metrics-relay", "relay lag 14s behind")), "notification-service");

    assertThat(a.top().service()).isIn("notification-service", "webhook-sender");
  }

  private static List<String> lookupsFail(String otherService) {
    return lookupsFail(otherService, "plugin/errors: 14 errors like 'read udp .*->10.0.0.2:53: i/o timeout' occurred in last 30s");
  }

  private static List<String> lookupsFail(String otherService, String itsWarning) {
    List<String> lines = new ArrayList<>(healthyHourBefore("notification-service", "webhook-sender"));
    lines.add(logged(INCIDENT.minusSeconds(5), "WARN", otherService, itsWarning, null, null, null));
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "notification-service", "mail send failed",
          "org.springframework.mail.MailSendException", "java.net.UnknownHostException: api.mailgrid.io: Temporary failure in name resolution",
          null));
      lines.add(logged(INCIDENT.plusSeconds(10L * i + 3), "ERROR", "webhook-sender",
          "webhook delivery failed: Error: getaddrinfo EAI_AGAIN api.shopsync.example", null, null, null));
    }
    return lines;
  }

  @Test
  void aProxysFailedHealthProbesBeforeTheIncidentDoNotMakeItsLater5xxTheirOwn() {
    List<String> lines = new ArrayList<>(healthyHourBefore("wallet-service", "edge-envoy"));
    lines.add(logged(INCIDENT.minusSeconds(720), "ERROR", "edge-envoy", "GET /healthz HTTP/1.1 503 UF", "HTTP_503", null, null));
    lines.add(logged(INCIDENT.minusSeconds(120), "ERROR", "edge-envoy", "GET /healthz HTTP/1.1 503 UF", "HTTP_503", null, null));
    for (int i = 0; i < 60; i++) {
      if (i % 3 == 0) { // the service logs one failure in three; the proxy answers every one with a 503
        lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "wallet-service", "risk check failed: pool exhausted",
            "org.apache.hc.core5.http.ConnectionPoolTimeoutException", null, null));
      }
      lines.add(logged(INCIDENT.plusSeconds(10L * i).plusMillis(300), "ERROR", "edge-envoy", "POST /api/checkout/pay HTTP/1.1 503 UC",
          "HTTP_503", null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "edge-envoy");

    assertThat(a.top().service()).isEqualTo("wallet-service");
  }

  @Test
  void theJobHoldingTheLockTheFailuresWaitedForIsTheirRoot() {
    Analysis a = analyzer.analyze(parse(lockWaits("31877")), "billing-run");

    assertThat(a.top().service()).isEqualTo("pg-maint");
    assertThat(a.causalChain().get(0)).startsWith("pg-maint held the lock the failures waited for (database backend 31877");
  }

  @Test
  void aLockHolderThatRanForNoServiceInTheLogsNamesNoRoot() {
    Analysis a = analyzer.analyze(parse(lockWaits("55555")), "billing-run");

    assertThat(a.top().service()).isEqualTo("billing-run");
  }

  /** pg-maint's backend 31877 runs VACUUM FULL; billing-run's inserts wait for a lock held by {@code holder}. */
  private static List<String> lockWaits(String holder) {
    List<String> lines = new ArrayList<>(healthyHourBefore("billing-run"));
    lines.add(logged(INCIDENT.minusSeconds(3600), "INFO", "pg-maint", "weekly maintenance starting: VACUUM FULL ANALYZE (backend pid 31877)",
        null, null, null));
    lines.add(pgLine(INCIDENT.minusSeconds(600), "31877", "maint@billing", "pg-maint", "LOG", "duration: 512000 ms  statement: VACUUM FULL"));
    for (int i = 0; i < 30; i++) {
      Instant at = INCIDENT.plusSeconds(10L * i);
      lines.add(pgLine(at, String.valueOf(40100 + i), "billing_run@billing", "billing-run", "DETAIL",
          "Process holding the lock: " + holder + ". Wait queue: " + (40100 + i) + "."));
      lines.add(logged(at.plusSeconds(1), "ERROR", "billing-run", "batch insert failed: canceling statement due to lock timeout", null,
          null, null));
    }
    return lines;
  }

  private static String pgLine(Instant ts, String pid, String session, String app, String level, String message) {
    String raw = ts + " [" + pid + "] " + session + " " + app + " " + level + ":  " + message;
    return "{\"ts\":\"" + ts + "\",\"level\":\"INFO\",\"service\":\"billing-db\",\"component\":\"" + session
        + "\",\"message\":\"" + message + "\",\"attrs\":{\"line\":\"" + raw + "\"}}";
  }

  @Test
  void aWarningAfterTheFailuresBeganIsNotTheirCause() {
    Analysis a = analyzer.analyze(parse(importThenFailures(INCIDENT.plusSeconds(7200))), "invoice-service");

    assertThat(a.top().service()).isEqualTo("invoice-service");
  }

  @Test
  void aProducerThatWarnedItPassedBadDataOnIsTheRootOfTheReaderThatChokesOnIt() {
    Analysis a = analyzer.analyze(parse(forwardedThenRefused(INCIDENT.minusSeconds(40), "InvalidFormatException",
        "Cannot deserialize value of type BigDecimal from String '12,50': not a valid representation")), "ledger-consumer");

    assertThat(a.top().service()).isEqualTo("pos-bridge");
    assertThat(a.top().errorType()).isNull();
    assertThat(a.causalChain().get(0)).startsWith("pos-bridge warned that it let bad data through (validate)")
        .contains("strict_amounts=false").contains("ledger-consumer then failed reading data (InvalidFormatException)");
  }

  @Test
  void aProducersWarningHoursBeforeIsNotTheCauseOfTheReadersFailures() {
    Analysis a = analyzer.analyze(parse(forwardedThenRefused(INCIDENT.minusSeconds(4 * 3600), "InvalidFormatException",
        "Cannot deserialize value of type BigDecimal from String '12,50': not a valid representation")), "ledger-consumer");

    assertThat(a.top().service()).isEqualTo("ledger-consumer");
  }

  @Test
  void aProducersWarningDoesNotTakeTheBlameForFailuresThatAreNotAboutData() {
    Analysis a = analyzer.analyze(parse(forwardedThenRefused(INCIDENT.minusSeconds(40), "SocketTimeoutException",
        "connect timed out to ledger-db:5432")), "ledger-consumer");

    assertThat(a.top().service()).isEqualTo("ledger-consumer");
  }

  private static List<String> forwardedThenRefused(Instant warningAt, String type, String failure) {
    List<String> lines = new ArrayList<>(healthyHourBefore("pos-bridge", "ledger-consumer"));
    lines.add(logged(INCIDENT.minusSeconds(3000), "WARN", "pos-bridge", "terminal heartbeat late by 89s", null, null, null));
    lines.add(logged(warningAt, "WARN", "pos-bridge", "amount '12,50' is not a JSON number, forwarding raw value (strict_amounts=false)",
        null, null, null).replace("}", ",\"component\":\"ingest.validate\"}"));
    for (int i = 0; i < 12; i++) {
      lines.add(logged(INCIDENT.plusSeconds(30L * i), "ERROR", "ledger-consumer", failure, type, null, null));
    }
    return lines;
  }

  @Test
  void aStoreRefusingWritesForItsOwnStateIsTheRootThoughItLoggedNoError() {
    Analysis a = analyzer.analyze(parse(refusedWrites("OOM command not allowed when used memory > 'maxmemory'.", "cart-redis")),
        "cart-service");

    assertThat(a.top().service()).isEqualTo("cart-redis");
    assertThat(a.top().errorType()).isNull();
    assertThat(a.causalChain().get(0)).startsWith("cart-redis refused work for its own state ('OOM command not allowed'");
  }

  @Test
  void aWriteAReadOnlyReplicaRefusedIsTheClientsFault() {
    Analysis a = analyzer.analyze(parse(refusedWrites("READONLY You can't write against a read only replica.", "cart-redis")),
        "cart-service");

    assertThat(a.top().service()).isEqualTo("cart-service");
  }

  @Test
  void aRefusalIsNotPinnedOnAStoreWhenTheLogsHoldTwoOfThatKind() {
    Analysis a = analyzer.analyze(parse(refusedWrites("OOM command not allowed when used memory > 'maxmemory'.",
        "cart-redis", "session-redis")), "cart-service");

    assertThat(a.top().service()).isEqualTo("cart-service");
  }

  @Test
  void aStoreWhoseNameSaysNothingIsKnownByTheShapeOfItsOwnLines() {
    List<LogRecord> records = new ArrayList<>(parse(refusedWrites("OOM command not allowed when used memory > 'maxmemory'.")));
    records.addAll(plainText("cache.log",
        "1:M 04 Mar 2025 09:00:00.004 * Ready to accept connections tcp",
        "1:M 04 Mar 2025 09:30:00.112 * Background saving started by pid 88"));
    records.addAll(plainText("search.log", "2025-03-04T09:00:00Z INFO search started"));

    Analysis a = analyzer.analyze(records, "cart-service");

    assertThat(a.top().service()).isEqualTo("cache");
    assertThat(a.causalChain().get(0)).startsWith("cache refused work for its own state ('OOM command not allowed'");
  }

  @Test
  void aHostWhoseJournalShowsItRunsTheResolverIsTheDnsServer() {
    List<LogRecord> records = new ArrayList<>(parse(lookupsFail("metrics-relay", "relay lag 14s behind")));
    records.addAll(plainText("ns-01.journal.log",
        "Mar 04 09:00:00 ns-01 unbound[812]: [812:0] info: start of service (unbound 1.17.1).",
        "Mar 04 09:59:50 ns-01 unbound[812]: [812:0] error: SERVFAIL <api.mailgrid.io. A IN>: all servers for this domain failed"));

    Analysis a = analyzer.analyze(records, "notification-service");

    assertThat(a.top().service()).isEqualTo("ns-01");
    assertThat(a.causalChain().get(0)).contains("ns-01, the DNS server, was failing too");
  }

  @Test
  void aClientsRecordsThatNameTheStoreAsTheirComponentDoNotMakeTheClientAStore() {
    List<String> lines = new ArrayList<>(refusedWrites("OOM command not allowed when used memory > 'maxmemory'.", "cart-redis"));
    lines.add("{\"ts\":\"" + INCIDENT.minusSeconds(30) + "\",\"level\":\"INFO\",\"service\":\"cart-service\","
        + "\"component\":\"redis\",\"message\":\"pool warmed\"}");

    Analysis a = analyzer.analyze(parse(lines), "cart-service");

    assertThat(a.top().service()).isEqualTo("cart-redis");
  }

  @Test
  void aMachineWhoseClockJumpedIsTheRootWhenOthersRefuseWhatAServiceOnItSigned() {
    Analysis a = analyzer.analyze(clockJumpThenRejections(Duration.ofSeconds(5)), "orders-api");

    assertThat(a.top().service()).isEqualTo("ip-10-0-3-17");
    assertThat(a.causalChain().get(0)).contains("api-gateway began failing over auth-service, which runs on it");
  }

  @Test
  void aClockJumpLongBeforeTheRejectionsIsNotTheirCause() {
    Analysis a = analyzer.analyze(clockJumpThenRejections(Duration.ofMinutes(20)), "orders-api");

    assertThat(a.top().service()).isNotEqualTo("ip-10-0-3-17");
  }

  /** A host's clock jumps; after {@code lag} a gateway rejects the tokens auth-service, on that host, signs. */
  private List<LogRecord> clockJumpThenRejections(Duration lag) {
    Instant jump = INCIDENT.minus(lag);
    List<String> lines = new ArrayList<>(healthyHourBefore("api-gateway", "orders-api"));
    lines.add(logged(INCIDENT.minusSeconds(3000), "INFO", "auth-service", "token service started host=ip-10-0-3-17", null, null, null));
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "WARN", "api-gateway",
          "rejected bearer token: NotBeforeError: jwt not active (iss auth-service)", null, null, null));
      lines.add(logged(INCIDENT.plusSeconds(10L * i + 1), "ERROR", "orders-api",
          "401 Client Error: Unauthorized for url: https://api-gateway.shop.svc/v1/push", "requests.exceptions.HTTPError", null, null));
    }
    List<LogRecord> records = new ArrayList<>(parse(lines));
    records.addAll(plainText("ip-10-0-3-17.journal.log",
        DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC).format(INCIDENT.minusSeconds(3500))
            + " ip-10-0-3-17 chronyd[611]: Selected source 169.254.169.123",
        DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC).format(jump)
            + " ip-10-0-3-17 chronyd[611]: Forward time jump detected!"));
    return records;
  }

  @Test
  void aMigrationThatDroppedTheIndexTheTimingOutStatementsNeedIsTheRoot() {
    Analysis a = analyzer.analyze(dropThenTimeouts("DROP INDEX IF EXISTS idx_orders_customer_id"), "storefront");

    assertThat(a.top().service()).isEqualTo("orders-migrate");
    assertThat(a.causalChain().get(0)).startsWith("orders-migrate changed the schema at")
        .contains("orders-api's statements on it then failed (QueryTimeoutException)");
  }

  @Test
  void aMigrationOnTablesTheFailingStatementsDoNotUseIsNotTheirCause() {
    Analysis a = analyzer.analyze(dropThenTimeouts("DROP INDEX IF EXISTS idx_invoices_due_date"), "storefront");

    assertThat(a.top().service()).isEqualTo("orders-api");
  }

  @Test
  void ddlInTheDatabasesLogIsTheMigrationThatRanThen() {
    List<LogRecord> records = new ArrayList<>(parse(timeoutsOnOrders()));
    records.addAll(parse(List.of(logged(INCIDENT.minusSeconds(70), "INFO", "orders-migrate",
        "Migrating schema \\\"public\\\" to version \\\"42 - tidy legacy indexes\\\"", null, null, null))));
    records.addAll(plainText("orders-db.log",
        "2025-03-04 09:00:00.000 UTC [61] LOG:  checkpoint starting: time",
        "2025-03-04 09:58:55.000 UTC [7781] migrator@shop flyway LOG:  statement: DROP INDEX IF EXISTS idx_orders_customer_id"));

    Analysis a = analyzer.analyze(records, "storefront");

    assertThat(a.top().service()).isEqualTo("orders-migrate");
  }

  @Test
  void anIndexNameHoldsTheColumnsItIsOn() {
    assertThat(SchemaChangeRule.touches("DROP INDEX idx_orders_customer_id", Set.of("customer_id"))).isTrue();
    assertThat(SchemaChangeRule.touches("DROP INDEX idx_orders_customer_id_created", Set.of("customer_id"))).isTrue();
    assertThat(SchemaChangeRule.touches("DROP INDEX idx_orders_customer_id", Set.of("customer"))).isFalse();
    assertThat(SchemaChangeRule.touches("ALTER TABLE orders RENAME COLUMN total TO total_amount", Set.of("orders"))).isTrue();
    assertThat(SchemaChangeRule.touches("DROP TABLE IF EXISTS audit_log", Set.of("select", "orders"))).isFalse();
  }

  private static List<LogRecord> dropThenTimeouts(String ddl) {
    List<String> lines = new ArrayList<>(timeoutsOnOrders());
    lines.add(logged(INCIDENT.minusSeconds(60), "INFO", "orders-migrate", "executing: " + ddl, null, null, null));
    return parse(lines);
  }

  private static List<String> timeoutsOnOrders() {
    List<String> lines = new ArrayList<>(healthyHourBefore("orders-api", "storefront"));
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "orders-api",
          "PreparedStatementCallback; SQL [select o.* from orders o where o.customer_id = ? limit 20]; ERROR: canceling statement due to statement timeout",
          "org.springframework.dao.QueryTimeoutException", "org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout", null));
      lines.add(logged(INCIDENT.plusSeconds(10L * i + 3), "ERROR", "storefront",
          "order history fetch failed: Read timed out (orders-api.shop.svc:8080)", "requests.exceptions.ReadTimeout", null, null));
    }
    return lines;
  }

  @Test
  void aClientThatGotTheProxysOwn503IsInFrontOfItNotBehindIt() {
    List<String> lines = new ArrayList<>(healthyHourBefore("mobile-api", "edge-envoy", "catalog"));
    for (int i = 0; i < 40; i++) {
      lines.add("{\"ts\":\"" + INCIDENT.plusSeconds(10L * i) + "\",\"level\":\"ERROR\",\"service\":\"edge-envoy\","
          + "\"component\":\"catalog:8080\",\"message\":\"GET /api/catalog HTTP/1.1 503 UH\",\"error_type\":\"HTTP_503\"}");
      lines.add(logged(INCIDENT.plusSeconds(10L * i).plusMillis(40), "ERROR", "mobile-api",
          "fetch catalog failed: unexpected status 503 Service Unavailable", null, null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "mobile-api");

    assertThat(a.top().service()).isNotEqualTo("mobile-api");
    assertThat(a.candidates()).filteredOn(c -> c.service().equals("mobile-api")).allSatisfy(c -> assertThat(c.symptomOf()).isNotNull());
  }

  @Test
  void aReaderThatCannotReadWhatANewReleaseSendsIsThatReleasesVictim() {
    Analysis a = analyzer.analyze(parse(releaseThenRejections("checkout.completed", "3.9.2")), "ledger-writer");

    assertThat(a.top().service()).isEqualTo("checkout-events");
    assertThat(a.causalChain().get(0)).startsWith("checkout-events 4.0.0 went live at " + INCIDENT.minusSeconds(120))
        .contains("sending on checkout.completed");
  }

  @Test
  void aReleaseSendingOnAnotherChannelIsNotTheReadersCause() {
    Analysis a = analyzer.analyze(parse(releaseThenRejections("checkout.started", "3.9.2")), "ledger-writer");

    assertThat(a.top().service()).isEqualTo("ledger-writer");
  }

  @Test
  void theOnlyVersionASenderRanIsNoRelease() {
    Analysis a = analyzer.analyze(parse(releaseThenRejections("checkout.completed", "4.0.0")), "ledger-writer");

    assertThat(a.top().service()).isEqualTo("ledger-writer");
  }

  @Test
  void channelsAreDottedNamesNotPackagesOrFiles() {
    assertThat(ReleaseDataRule.channels("GenericMessage [headers={kafka_receivedTopic=checkout.completed}] at "
        + "com.fasterxml.jackson.databind.ObjectMapper, in app.py, host ledger.payments.svc"))
        .containsExactly("checkout.completed");
  }

  /** checkout-events replaces {@code before} with 4.0.0 two minutes before ledger-writer fails to read checkout.completed. */
  private static List<String> releaseThenRejections(String publishedOn, String before) {
    List<String> lines = new ArrayList<>(healthyHourBefore("ledger-writer"));
    lines.add(released(INCIDENT.minusSeconds(3000), before, "published " + publishedOn + " order=ord_1"));
    lines.add(released(INCIDENT.minusSeconds(120), "4.0.0", "published " + publishedOn + " order=ord_2"));
    for (int i = 0; i < 20; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "ledger-writer",
          "Listener failed for GenericMessage [payload={amount=42.50}, headers={kafka_receivedTopic=checkout.completed}]",
          "com.fasterxml.jackson.databind.exc.InvalidFormatException", null, null));
    }
    return lines;
  }

  private static String released(Instant ts, String version, String message) {
    return "{\"ts\":\"" + ts + "\",\"level\":\"INFO\",\"service\":\"checkout-events\",\"message\":\"" + message + "\""
        + ",\"deploy\":{\"version\":\"" + version + "\",\"commit\":\"a1b2c3d\"}}";
  }

  @Test
  void aNewcomerRunningLongQueriesOnTheDatabaseIsWhatTheTimedOutStatementsWaitedFor() {
    List<LogRecord> records = new ArrayList<>(parse(timeoutsOnOrders()));
    records.addAll(plainText("shop-db.log", queryHogLines("analytics-export")));
    records.addAll(exportJob());

    Analysis a = analyzer.analyze(records, "storefront");

    assertThat(a.top().service()).isEqualTo("analytics-export");
    assertThat(a.causalChain().get(0)).contains("statements began to time out");
  }

  @Test
  void aNewcomerThatDoesNotWorkOnTheDatabaseDidNotStarveIt() {
    List<LogRecord> records = new ArrayList<>(parse(timeoutsOnOrders()));
    records.addAll(plainText("shop-db.log", queryHogLines("reporting")));
    records.addAll(exportJob());

    Analysis a = analyzer.analyze(records, "storefront");

    assertThat(a.top().service()).isEqualTo("orders-api");
  }

  /** The database's log: a checkpoint, then {@code app}'s long statements from three minutes before the timeouts. */
  private static String[] queryHogLines(String app) {
    List<String> lines = new ArrayList<>(List.of("2025-03-04 09:00:00.000 UTC [61] LOG:  checkpoint starting: time"));
    for (int i = 0; i < 5; i++) {
      lines.add("2025-03-04 09:5" + (7 + i / 3) + ":" + (10 + 10 * (i % 3)) + ".000 UTC [70" + i + "] exporter@shop " + app
          + " LOG:  duration: 41234.5 ms  statement: SELECT * FROM events WHERE created_at >= $1");
    }
    return lines.toArray(String[]::new);
  }

  /** A job that starts three minutes before the timeouts and works without a word about the database. */
  private static List<LogRecord> exportJob() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      lines.add(logged(INCIDENT.minusSeconds(180 - 30L * i), "INFO", "analytics-export", "chunk " + i + " exported", null, null, null));
    }
    return parse(lines);
  }

  @Test
  void anOpenBreakersRefusalsAreTheSymptomOfTheFailuresThatOpenedIt() {
    Analysis a = analyzer.analyze(parse(timeoutsThenBreaker(Duration.ZERO)), "checkout");

    assertThat(a.top().service()).isEqualTo("payments-adapter");
    assertThat(a.top().errorType()).isEqualTo("SocketTimeoutException");
  }

  @Test
  void aBreakerThatOpenedLongAfterOtherFailuresIsNotTheirSymptom() {
    Analysis a = analyzer.analyze(parse(timeoutsThenBreaker(Duration.ofMinutes(30))), "checkout");

    assertThat(a.top().errorType()).isEqualTo("io.github.resilience4j.circuitbreaker.CallNotPermittedException");
  }

  /** payments-adapter times out calling its PSP 4 times, then (after {@code gap}) its breaker refuses 40 calls. */
  private static List<String> timeoutsThenBreaker(Duration gap) {
    List<String> lines = new ArrayList<>(healthyHourBefore("payments-adapter"));
    Instant first = INCIDENT.minus(gap);
    for (int i = 0; i < 4; i++) {
      lines.add(logged(first.plusSeconds(5L * i), "ERROR", "payments-adapter", "authorize failed psp=adyen",
          "org.springframework.web.client.ResourceAccessException", "java.net.SocketTimeoutException: Read timed out", null));
    }
    for (int i = 0; i < 40; i++) {
      lines.add(logged(INCIDENT.plusSeconds(21 + 3L * i), "ERROR", "payments-adapter", "authorize rejected: CircuitBreaker 'adyen' is OPEN",
          "io.github.resilience4j.circuitbreaker.CallNotPermittedException", null, null));
    }
    return lines;
  }

  @Test
  void aMachineDroppingPacketsToTheAddressTheCallsCannotReachIsTheirRoot() {
    Analysis a = analyzer.analyze(dropsThenTimeouts("198.51.100.14"), "orders");

    assertThat(a.top().service()).isEqualTo("fw-1");
    assertThat(a.causalChain().get(0)).startsWith("fw-1 dropped packets to 198.51.100.14");
  }

  @Test
  void dropsToAnotherAddressAreNotTheCallsCause() {
    Analysis a = analyzer.analyze(dropsThenTimeouts("198.51.100.15"), "orders");

    assertThat(a.top().service()).isEqualTo("payments-adapter");
  }

  /** fw-1 drops packets to {@code dropped} from 20 s before payments-adapter's connects to 198.51.100.14 time out. */
  private static List<LogRecord> dropsThenTimeouts(String dropped) {
    List<String> lines = new ArrayList<>(healthyHourBefore("payments-adapter"));
    for (int i = 0; i < 20; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "payments-adapter",
          "Connect to https://api.psp.example:443 [api.psp.example/198.51.100.14] failed: Connect timed out",
          "org.apache.hc.client5.http.ConnectTimeoutException", "java.net.SocketTimeoutException: Connect timed out", null));
    }
    List<LogRecord> records = new ArrayList<>(parse(lines));
    DateTimeFormatter journal = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    records.addAll(plainText("fw-1.journal.log",
        journal.format(INCIDENT.minusSeconds(3000)) + " fw-1 systemd[1]: Started sysstat-collect.service.",
        journal.format(INCIDENT.minusSeconds(20)) + " fw-1 kernel: filter_OUT_policy_egress-default_DROP: IN=eth1 OUT=eth0 MAC= "
            + "SRC=10.20.4.37 DST=" + dropped + " LEN=60 TOS=0x00 PROTO=TCP SPT=41234 DPT=443 SYN"));
    return records;
  }

  @Test
  void untypedErrorsAreNamedByTheExceptionTheSameServiceLoggedAtWarnInTheSameWords() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // untyped warnings first: the typed one is not among the first few
      lines.add("2025-03-04 09:" + (10 + i) + ":00.000  WARN 1 --- [health] c.a.relay.Health : ssl bundle status=WILL_EXPIRE");
    }
    for (int i = 0; i < 12; i++) {
      lines.add("2025-03-04 10:00:" + (10 + i) + ".000 ERROR 1 --- [producer] o.a.k.clients.NetworkClient : Connection to node " + (i % 3)
          + " failed authentication due to: SSL handshake failed");
    }
    lines.add("2025-03-04 10:00:30.000  WARN 1 --- [exec-1] c.a.relay.EventController : publish failed");
    lines.add("org.apache.kafka.common.errors.SslAuthenticationException: SSL handshake failed");
    lines.add("Caused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_expired");

    Analysis a = analyzer.analyze(plainText("order-events-relay.log", lines.toArray(String[]::new)), "order-events-relay");

    assertThat(a.top().service()).isEqualTo("order-events-relay");
    assertThat(a.top().errorType()).isEqualTo("org.apache.kafka.common.errors.SslAuthenticationException");
  }

  private static List<LogRecord> plainText(String file, String... lines) {
    String content = String.join("\n", lines) + "\n";
    try (LogReader reader = new PlainTextLogReader(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), file, INCIDENT)) {
      List<LogRecord> records = new ArrayList<>();
      reader.forEachRemaining(records::add);
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> refusedWrites(String reply, String... stores) {
    List<String> lines = new ArrayList<>(healthyHourBefore(stores));
    for (int i = 0; i < 12; i++) {
      lines.add(logged(INCIDENT.plusSeconds(20L * i), "ERROR", "cart-service", "POST /api/cart/c_" + i + " failed",
          "org.springframework.data.redis.RedisSystemException", "io.lettuce.core.RedisCommandExecutionException: " + reply, null));
    }
    return lines;
  }

  @Test
  void aServerRestartedJustBeforeTheFailuresOfClientsThatReconnectedToItIsTheRoot() {
    Analysis a = analyzer.analyze(parse(restartThenTimeouts(INCIDENT.minusSeconds(20), "redis-01.dc1/10.1.2.30:6379")),
        "catalog-api");

    assertThat(a.top().service()).isEqualTo("redis-01");
    assertThat(a.top().errorType()).isNull();
    assertThat(a.causalChain().get(0)).startsWith("redis-01 was restarted (needrestart) at " + INCIDENT.minusSeconds(20))
        .contains("catalog-api reconnected to it").endsWith("the failures began 20 s after the restart");
  }

  @Test
  void aRestartTheFailingClientsDidNotReconnectToIsNotTheirCause() {
    Analysis a = analyzer.analyze(parse(restartThenTimeouts(INCIDENT.minusSeconds(20), "search-01.dc1/10.1.2.31:9200")),
        "catalog-api");

    assertThat(a.top().service()).isEqualTo("catalog-api");
  }

  @Test
  void aRestartLongBeforeTheFailuresIsNotTheirCause() {
    Analysis a = analyzer.analyze(parse(restartThenTimeouts(INCIDENT.minusSeconds(1800), "redis-01.dc1/10.1.2.30:6379")),
        "catalog-api");

    assertThat(a.top().service()).isEqualTo("catalog-api");
  }

  private static List<String> restartThenTimeouts(Instant restartAt, String reconnectedTo) {
    List<String> lines = new ArrayList<>(healthyHourBefore("redis-01", "catalog-api"));
    lines.add(logged(restartAt, "INFO", "redis-01", "Restarting services: redis-server.service ssh.service", null, null, null)
        .replace("}", ",\"component\":\"needrestart\"}"));
    lines.add(logged(restartAt.plusSeconds(4), "WARN", "catalog-api", "Reconnecting, last destination was " + reconnectedTo,
        null, null, null));
    for (int i = 0; i < 12; i++) {
      lines.add(logged(INCIDENT.plusSeconds(20L * i), "ERROR", "catalog-api", "listing query timed out after 2000ms",
          "org.springframework.dao.QueryTimeoutException", "org.postgresql.util.PSQLException: canceling statement due to statement timeout", null));
    }
    return lines;
  }

  @Test
  void aProxys5xxFromAnUpstreamThatLeftNoLogAreTheFailureThatBeganJustBefore() {
    Analysis a = analyzer.analyze(parse(timeoutsThenEdge503s(60, "onboarding-onboarding-api-8080")), "ingress-nginx");

    assertThat(a.top().service()).isEqualTo("kyc-verifier");
    assertThat(a.top().errorType()).isEqualTo("ReadTimeout");
  }

  @Test
  void aProxys5xxAreNotPinnedOnAFailureThatBeganLongBefore() {
    Analysis a = analyzer.analyze(parse(timeoutsThenEdge503s(1200, "onboarding-onboarding-api-8080")), "ingress-nginx");

    assertThat(a.top().service()).isEqualTo("ingress-nginx");
  }

  private static List<String> timeoutsThenEdge503s(long timeoutsLeadSeconds, String upstream) {
    List<String> lines = new ArrayList<>(healthyHourBefore("kyc-verifier", "ingress-nginx"));
    for (int i = 0; i < 8; i++) {
      lines.add(logged(INCIDENT.minusSeconds(timeoutsLeadSeconds - 97L * i), "ERROR", "kyc-verifier",
          "identity provider call failed", "ReadTimeout", null, null));
    }
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(13L * i), "ERROR", "ingress-nginx", "POST /v1/onboarding/verify HTTP/1.1 503",
          "HTTP_503", null, null).replace("}", ",\"component\":\"" + upstream + "\"}"));
    }
    return lines;
  }

  @Test
  void aMachineThatCameUpWithAnAddressAnotherHadIsTheRootOfTheRefusedConnections() {
    Analysis a = analyzer.analyze(parse(addressTakenThenRefused("batch-07")), "shop-web");

    assertThat(a.top().service()).isEqualTo("batch-07");
    assertThat(a.top().errorType()).isNull();
    assertThat(a.causalChain().get(0)).startsWith("batch-07 came up with address 10.12.0.31 at")
        .contains("redis-02 saw the address answered by two machines");
  }

  @Test
  void anAddressConflictWithTwoNewcomersClaimingTheAddressBlamesNeither() {
    Analysis a = analyzer.analyze(parse(addressTakenThenRefused("batch-07", "batch-08")), "shop-web");

    assertThat(a.top().service()).isEqualTo("shop-web");
  }

  private static List<String> addressTakenThenRefused(String... newcomers) {
    List<String> lines = new ArrayList<>(healthyHourBefore("redis-02", "shop-web"));
    lines.add(logged(INCIDENT.minusSeconds(3500), "INFO", "redis-02",
        "ci-info: |  eth0  | True |         10.12.0.31         | 255.255.255.0 | global | 52:54:00:3a:8c:11 |", null, null, null));
    for (String newcomer : newcomers) {
      lines.add(logged(INCIDENT.minusSeconds(300), "INFO", newcomer,
          "ci-info: |  eth0  | True |         10.12.0.31         | 255.255.255.0 | global | 52:54:00:7e:19:a4 |", null, null, null));
    }
    lines.add(logged(INCIDENT.minusSeconds(280), "INFO", "redis-02",
        "changed ethernet address 10.12.0.31 52:54:00:7e:19:a4 (52:54:00:3a:8c:11) eth0", null, null, null));
    for (int i = 0; i < 12; i++) {
      lines.add(logged(INCIDENT.plusSeconds(40L * i), "ERROR", "shop-web",
          "Error connecting to Redis on 10.12.0.31:6379 (Errno::ECONNREFUSED)", "Redis::CannotConnectError", null, null));
    }
    return lines;
  }

  private static List<String> importThenFailures(Instant warningAt) {
    List<String> lines = new ArrayList<>();
    lines.add(logged(warningAt, "WARN", "catalog-sync",
        "312 rows have an empty unit_price; stored price as NULL because strict_prices=false", null, null, null));
    for (int i = 0; i < 12; i++) {
      lines.add(logged(INCIDENT.plusSeconds(60L * i), "ERROR", "invoice-service",
          "line total failed in compute_line_total: line.unit_price * line.quantity: NoneType", "TypeError", null, null));
    }
    return lines;
  }

  @Test
  void aFailureThatBeganRightAfterARecordedDeploySaysSo() {
    List<String> lines = new ArrayList<>();
    lines.add("{\"ts\":\"" + INCIDENT.minusSeconds(300) + "\",\"level\":\"CHANGE\",\"service\":\"pricing-service\","
        + "\"message\":\"deployed 0123456789 \\\"drop the default region\\\"; files: config/pricing.yaml\",\"component\":\"deploy\","
        + "\"deploy\":{\"version\":\"0123456789\",\"commit\":\"0123456789abcdef0123456789abcdef01234567\"}}");
    for (int i = 0; i < 10; i++) {
      lines.add(logged(INCIDENT.plusSeconds(20L * i), "ERROR", "pricing-service", "no default region", "java.lang.NullPointerException", null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "pricing-service");

    assertThat(a.top().service()).isEqualTo("pricing-service");
    assertThat(a.deployChange()).startsWith("0123456789 \"drop the default region\"").contains("config/pricing.yaml");
    assertThat(a.errorRecords()).as("a change is not an error").isEqualTo(10);
  }

  @Test
  void aJobThatBeganWritingBeforeTheDiskFilledIsWhatFilledIt() {
    List<String> lines = new ArrayList<>();
    lines.add(logged(INCIDENT.minusSeconds(7200), "INFO", "orders-db", "database system is ready to accept connections", null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(2400), "INFO", "pg-backup", "starting backup of database orders", null, null, null));
    lines.add(logged(INCIDENT.plusSeconds(30), "ERROR", "pg-backup", "backup failed: could not write: No space left on device", null, null, null));
    for (int i = 0; i < 15; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "orders-db",
          "could not extend file base/16384/2619: No space left on device", null, null, null));
      lines.add(logged(INCIDENT.plusSeconds(10L * i + 5), "ERROR", "inventory-service", "cannot get a connection to db-01:5432",
          "CannotGetJdbcConnectionException", null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "inventory-service");

    assertThat(a.top().service()).isEqualTo("pg-backup");
  }

  @Test
  void aJobThatStartedJustBeforeTheDatabaseRanOutOfConnectionsTookThem() {
    List<String> lines = connectionStorm(INCIDENT.minusSeconds(150));
    Analysis a = analyzer.analyze(parse(lines), "accounts");

    assertThat(a.top().service()).isEqualTo("loyalty-recalc");
    assertThat(a.top().errorType()).isNull();
    assertThat(a.causalChain().get(0))
        .startsWith("loyalty-recalc began at " + INCIDENT.minusSeconds(150) + ", 150 s before a server ran out of connections")
        .contains("first reported by accounts").contains("starting 48 workers");
    assertThat(a.candidates()).filteredOn(c -> c.service().equals("accounts"))
        .allSatisfy(c -> assertThat(c.symptomOf()).isEqualTo("(no error type) in loyalty-recalc"));
  }

  @Test
  void aJobThatStartedAfterTheConnectionsRanOutIsNotBlamedForThem() {
    Analysis a = analyzer.analyze(parse(connectionStorm(INCIDENT.plusSeconds(120))), "accounts");

    assertThat(a.top().service()).isEqualTo("accounts");
  }

  @Test
  void aNewcomerWorkingTheServerThatRefusesWorkIsTheLoad() {
    Analysis a = analyzer.analyze(parse(searchRejections("replaying 6000 queries against http://search-es:9200/products")),
        "search-api");

    assertThat(a.top().service()).isEqualTo("cache-warmer");
    assertThat(a.causalChain().get(0)).contains("before a server refused work for lack of capacity");
  }

  @Test
  void aNewcomerThatWorksOnSomethingElseIsNotTheLoad() {
    Analysis a = analyzer.analyze(parse(searchRejections("sending 6000 newsletters via http://mailer:8025")), "search-api");

    assertThat(a.top().service()).isEqualTo("search-api");
  }

  /** search-api's calls to search-es are rejected from INFO; a job started 3 minutes before says {@code work}. */
  private static List<String> searchRejections(String work) {
    List<String> lines = new ArrayList<>(healthyHourBefore("search-api", "search-es", "mailer"));
    for (int i = 0; i < 4; i++) {
      lines.add(logged(INCIDENT.minusSeconds(180 - 60L * i), "INFO", "cache-warmer", "warm run " + i + " started: " + work,
          null, null, null));
    }
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "search-api",
          "search failed: es_rejected_execution_exception from http://search-es:9200", "ElasticsearchStatusException", null, null));
    }
    return lines;
  }

  @Test
  void aNewcomerPublishingIntoTheBrokerThatRaisedItsMemoryAlarmIsTheLoad() {
    Analysis a = analyzer.analyze(parse(brokerAlarm("amqp://mq-1.messaging.svc:5672/marketing")), "orders-service");

    assertThat(a.top().service()).isEqualTo("campaign-sender");
  }

  @Test
  void aNewcomerPublishingElsewhereIsNotTheBrokersLoad() {
    Analysis a = analyzer.analyze(parse(brokerAlarm("smtp://relay.mail.svc:25")), "orders-service");

    assertThat(a.top().service()).isEqualTo("mq-1"); // the broker whose alarm blocked the publishers
  }

  /** A newcomer starts sending to {@code target} 14 minutes before mq-1 raises its memory alarm; orders-service then times out publishing. */
  private static List<String> brokerAlarm(String target) {
    List<String> lines = new ArrayList<>(healthyHourBefore("orders-service", "mq-1"));
    lines.add(logged(INCIDENT.minusSeconds(900), "INFO", "campaign-sender", "campaign starting: 1840212 recipients", null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(898), "INFO", "campaign-sender", "connected to " + target + ", publishing", null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(868), "INFO", "campaign-sender", "published 58050/1840212 (1935 msg/s)", null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(60), "WARN", "mq-1", "memory resource limit alarm set on node 'rabbit@mq-1'.", null, null,
        null));
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "orders-service", "POST /v1/orders failed: publish to mq-1 timed out",
          "org.springframework.amqp.AmqpTimeoutException", "java.util.concurrent.TimeoutException", null));
    }
    return lines;
  }

  @Test
  void aBackfillIntoTheTableWhoseWritesThenCollideIsTheDataChange() {
    Analysis a = analyzer.analyze(parse(collisionsAfter("shipments-db/public.shipments")), "checkout-api");

    assertThat(a.top().service()).isEqualTo("shipments-backfill");
    assertThat(a.causalChain().get(0)).contains("before writes began to collide with existing rows");
  }

  @Test
  void aBackfillIntoSomethingElseIsNotBlamedForCollisions() {
    Analysis a = analyzer.analyze(parse(collisionsAfter("analytics-db/public.events")), "checkout-api");

    assertThat(a.top().service()).isNotEqualTo("shipments-backfill");
  }

  /** A backfill into {@code target} runs for 10 minutes from 28 minutes before; then shipment inserts collide. */
  private static List<String> collisionsAfter(String target) {
    List<String> lines = new ArrayList<>(healthyHourBefore("shipment-service", "shipments-db", "analytics-db"));
    for (int i = 0; i <= 10; i += 2) {
      lines.add(logged(INCIDENT.minusSeconds(1680 - 60L * i), "INFO", "shipments-backfill",
          "copied " + i + "0000 rows into " + target, null, null, null));
    }
    for (int i = 0; i < 30; i++) {
      Instant t = INCIDENT.plusSeconds(10L * i);
      lines.add(logged(t, "ERROR", "shipments-db", "duplicate key value violates unique constraint shipments_pkey", null, null, null));
      lines.add(logged(t.plusMillis(3), "ERROR", "shipment-service", "insert into shipments-db failed: duplicate key value violates "
          + "unique constraint shipments_pkey", "org.postgresql.util.PSQLException", null, null));
    }
    return lines;
  }

  /** accounts runs all along; from INCIDENT its connections are refused; a job starts at {@code jobStart}. */
  private static List<String> connectionStorm(Instant jobStart) {
    List<String> lines = new ArrayList<>(healthyHourBefore("accounts", "orders"));
    lines.add(logged(jobStart, "INFO", "loyalty-recalc", "starting 48 workers, pool_size=5 max_overflow=2", null, null, null));
    for (int i = 1; i <= 5; i++) {
      lines.add(logged(jobStart.plusSeconds(2L * i), "INFO", "loyalty-recalc", "worker " + i + " started", null, null, null));
    }
    for (int i = 0; i < 20; i++) {
      lines.add(logged(INCIDENT.plusSeconds(15L * i), "ERROR", "accounts", "(1040, 'Too many connections')",
          "django.db.utils.OperationalError", null, null));
    }
    return lines;
  }

  @Test
  void aDatabasesErrorsAreCountedPerSessionUserSoAClientsFailuresStandApartFromBackground() {
    Analysis a = analyzer.analyze(parse(sessionErrors("ERROR", "cannot execute INSERT in a read-only transaction")),
        "billing-api");

    assertThat(a.top().service()).isEqualTo("invoice-writer");
    assertThat(a.top().errorType()).isEqualTo("org.postgresql.util.PSQLException");
    assertThat(a.candidates()).filteredOn(c -> c.service().equals("pg-billing-1") && !c.background())
        .allSatisfy(c -> assertThat(c.symptomOf()).isEqualTo("org.postgresql.util.PSQLException in invoice-writer"));
    // the monitoring user's failing logins, there all along, are the database's own background
    assertThat(a.candidates()).filteredOn(c -> "grafana_ro@billing".equals(c.component()))
        .singleElement().satisfies(c -> assertThat(c.background()).isTrue());
  }

  @Test
  void theDatabasesOwnTroubleInAClientsSessionIsNotPinnedOnTheClient() {
    Analysis a = analyzer.analyze(parse(sessionErrors("ERROR", "could not extend file base/16384/2619: No space left on device")),
        "billing-api");

    assertThat(a.top().service()).isEqualTo("pg-billing-1");
  }

  /** An hour of a monitoring user's failing logins, then each invoice write fails five times in the db, once in the client. */
  private static List<String> sessionErrors(String level, String dbMessage) {
    List<String> lines = new ArrayList<>(healthyHourBefore("billing-api", "invoice-writer"));
    for (int minute = 60; minute > -10; minute--) {
      lines.add(sessionLine(INCIDENT.minusSeconds(60L * minute + 7), "FATAL", "grafana_ro@billing",
          "password authentication failed for user grafana_ro"));
    }
    for (int i = 0; i < 20; i++) {
      Instant t = INCIDENT.plusSeconds(30L * i);
      for (int attempt = 0; attempt < 5; attempt++) {
        lines.add(sessionLine(t.plusSeconds(4L * attempt), level, "invoice_writer@billing", dbMessage));
      }
      lines.add(logged(t.plusMillis(16003), "ERROR", "invoice-writer", "invoice failed after 5 attempts: " + dbMessage,
          "org.postgresql.util.PSQLException", null, null));
    }
    return lines;
  }

  private static String sessionLine(Instant ts, String level, String session, String message) {
    return "{\"ts\":\"" + ts + "\",\"level\":\"" + level + "\",\"service\":\"pg-billing-1\",\"component\":\""
        + session + "\",\"message\":\"" + message + "\"}";
  }

  @Test
  void aHostWhoseClockJumpedJustBeforeItsPodsFailedIsTheRoot() {
    Analysis a = analyzer.analyze(parse(nodeThenTokens("ip-10-12-3-41.eu-central-1.compute.internal", INCIDENT.minusSeconds(20))),
        "web-bff");

    assertThat(a.top().service()).isEqualTo("ip-10-12-3-41");
    assertThat(a.causalChain().get(0)).startsWith("ip-10-12-3-41 reported trouble at " + INCIDENT.minusSeconds(20))
        .contains("System clock wrong by 94.8 seconds").contains("cart-api, placed on it, began failing 20 s later");
  }

  @Test
  void aTroubledHostIsNotBlamedForPodsThatRunElsewhere() {
    Analysis a = analyzer.analyze(parse(nodeThenTokens("ip-10-12-9-99.eu-central-1.compute.internal", INCIDENT.minusSeconds(20))),
        "web-bff");

    assertThat(a.top().service()).isEqualTo("auth-service");
  }

  @Test
  void hostTroubleLongBeforeTheIncidentIsNotItsCause() {
    Analysis a = analyzer.analyze(parse(nodeThenTokens("ip-10-12-3-41.eu-central-1.compute.internal", INCIDENT.minusSeconds(1800))),
        "web-bff");

    assertThat(a.top().service()).isEqualTo("auth-service");
  }

  @Test
  void aNodeOutOfInodesIsTheRootOfThePodsThatSayTheyRanOnIt() {
    Analysis a = analyzer.analyze(parse(inodesThenFullDisk("ip-10-8-2-19")), "thumbnailer");

    assertThat(a.top().service()).isEqualTo("ip-10-8-2-19");
    assertThat(a.causalChain().get(0)).contains("inodes exhausted");
  }

  @Test
  void aNodeOutOfInodesIsNotBlamedForPodsOnAnotherNode() {
    Analysis a = analyzer.analyze(parse(inodesThenFullDisk("ip-10-8-2-77")), "thumbnailer");

    assertThat(a.top().service()).isEqualTo("thumbnailer");
  }

  private static List<String> inodesThenFullDisk(String podsNode) {
    List<String> lines = new ArrayList<>(healthyHourBefore("thumbnailer", "ip-10-8-2-19"));
    lines.add("{\"ts\":\"" + INCIDENT.minusSeconds(13) + "\",\"level\":\"WARN\",\"service\":\"ip-10-8-2-19\",\"component\":\"kernel\","
        + "\"message\":\"EXT4-fs warning (device nvme0n1p1): ext4_mkdir:2977: Directory index full, or inodes exhausted\"}");
    for (int i = 0; i < 30; i++) {
      lines.add("{\"ts\":\"" + INCIDENT.plusSeconds(10L * i) + "\",\"level\":\"ERROR\",\"service\":\"thumbnailer\","
          + "\"message\":\"thumbnail job failed: [Errno 28] No space left on device\",\"error_type\":\"OSError\","
          + "\"attrs\":{\"node\":\"" + podsNode + "\"}}");
    }
    return lines;
  }

  @Test
  void aThrottlingHypervisorIsTheRootOfTheGuestsItNames() {
    Analysis a = analyzer.analyze(parse(hypervisorThenGuestFailures("guests running=2: es-data-3 (vcpu=8), mq-2 (vcpu=4)")), "es-data-3");

    assertThat(a.top().service()).isEqualTo("kvm-14");
    assertThat(a.causalChain().get(0)).contains("cpu clock throttled").contains("es-data-3, placed on it, began failing 30 s later");
  }

  @Test
  void aThrottlingHypervisorIsNotBlamedForMachinesItDoesNotName() {
    Analysis a = analyzer.analyze(parse(hypervisorThenGuestFailures("guests running=1: ci-runner-5 (vcpu=4)")), "es-data-3");

    assertThat(a.top().service()).isEqualTo("es-data-3");
  }

  @Test
  void aHostWhoseTroubleBeganEarlierAndWentOnThroughTheFailuresIsTheirRoot() {
    Analysis a = analyzer.analyze(parse(fanThenHeatThenGuestFailures(true)), "es-data-3");

    assertThat(a.top().service()).isEqualTo("kvm-14");
    assertThat(a.causalChain().get(0)).contains("FAN3").contains("es-data-3, placed on it, began failing 1180 s later");
  }

  @Test
  void aHostTroubleThatBeganEarlierButWasOverBeforeTheFailuresIsNotTheirRoot() {
    Analysis a = analyzer.analyze(parse(fanThenHeatThenGuestFailures(false)), "es-data-3");

    assertThat(a.top().service()).isEqualTo("es-data-3");
  }

  /** A fan fails 20 min before the failures; with {@code stillHot}, the CPUs report heat as they begin. */
  private static List<String> fanThenHeatThenGuestFailures(boolean stillHot) {
    List<String> lines = new ArrayList<>(healthyHourBefore("es-data-3"));
    lines.add(logged(INCIDENT.minusSeconds(3000), "INFO", "kvm-14", "guests running=2: es-data-3 (vcpu=8), mq-2 (vcpu=4)", null, null, null));
    lines.add("{\"ts\":\"" + INCIDENT.minusSeconds(1200) + "\",\"level\":\"WARN\",\"service\":\"kvm-14\",\"component\":\"ipmiseld\","
        + "\"message\":\"SEL System Event: Fan #0x33 FAN3 Lower Critical going low ; Asserted\"}");
    lines.add(logged(INCIDENT.minusSeconds(1150), "WARN", "es-data-3", "[types removal] Specifying types in search requests is deprecated.",
        null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(20), "WARN", "es-data-3", "[gc][382393] overhead, spent [0.5s] collecting in the last [0.7s]",
        null, null, null));
    if (stillHot) {
      lines.add("{\"ts\":\"" + INCIDENT.plusSeconds(90) + "\",\"level\":\"WARN\",\"service\":\"kvm-14\",\"component\":\"kernel\","
          + "\"message\":\"mce: CPU2: Core temperature above threshold, cpu clock throttled (total events = 759)\"}");
    }
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "es-data-3", "search shard failed: took 9.1s",
          "org.elasticsearch.ElasticsearchTimeoutException", null, null));
    }
    return lines;
  }

  private static List<String> hypervisorThenGuestFailures(String guests) {
    List<String> lines = new ArrayList<>(healthyHourBefore("es-data-3"));
    lines.add(logged(INCIDENT.minusSeconds(3000), "INFO", "kvm-14", guests, null, null, null));
    lines.add(logged(INCIDENT.minusSeconds(2400), "INFO", "kvm-14", "host load=10.6", null, null, null));
    lines.add("{\"ts\":\"" + INCIDENT.minusSeconds(30) + "\",\"level\":\"WARN\",\"service\":\"kvm-14\",\"component\":\"kernel\","
        + "\"message\":\"mce: CPU2: Core temperature above threshold, cpu clock throttled (total events = 759)\"}");
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "es-data-3", "search shard failed: took 9.1s",
          "org.elasticsearch.ElasticsearchTimeoutException", null, null));
    }
    return lines;
  }

  @Test
  void aHostWhoseDiskFailedIsTheRootOfItsOwnProgramsFailuresAndOfWhatTheOthersRefuse() {
    List<String> lines = new ArrayList<>(healthyHourBefore("kafka-1", "kafka-2", "kafka-3"));
    lines.add("{\"ts\":\"" + INCIDENT.minusSeconds(30) + "\",\"level\":\"INFO\",\"service\":\"kafka-2\",\"component\":\"kernel\","
        + "\"message\":\"blk_update_request: I/O error, dev nvme1n1, sector 1839472640 op 0x1:(WRITE)\"}");
    for (int i = 0; i < 5; i++) {
      lines.add(logged(INCIDENT.minusSeconds(29 - i), "ERROR", "kafka-2", "Error while appending records", "java.io.IOException", null, null));
    }
    for (int i = 0; i < 30; i++) {
      for (String broker : List.of("kafka-1", "kafka-3")) {
        lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", broker, "ISR Set(1) is insufficient to satisfy min.isr 2",
            "org.apache.kafka.common.errors.NotEnoughReplicasException", null, null));
      }
    }
    Analysis a = analyzer.analyze(parse(lines), "kafka-1");

    assertThat(a.top().service()).isEqualTo("kafka-2");
    assertThat(a.top().errorType()).isEqualTo("java.io.IOException");
    assertThat(a.causalChain().get(0)).contains("its own failures began 1 s later");
    assertThat(a.candidates()).filteredOn(c -> c.errorType().endsWith("NotEnoughReplicasException"))
        .hasSize(2).allSatisfy(c -> assertThat(c.symptomOf()).isEqualTo("java.io.IOException in kafka-2"));
  }

  @Test
  void aGatewayDroppingPacketsIsTheRootOfTheTimeoutsThatFollow() {
    Analysis a = analyzer.analyze(parse(conntrackThen("org.springframework.web.client.ResourceAccessException",
        "java.net.SocketTimeoutException: Connect timed out")), "checkout-api");

    assertThat(a.top().service()).isEqualTo("nat-b");
    assertThat(a.causalChain().get(0)).contains("nf_conntrack: table full").contains("payments-adapter, which depends on it, began failing");
  }

  @Test
  void aGatewayDroppingPacketsIsNotBlamedForFailuresThatAreNotCalls() {
    Analysis a = analyzer.analyze(parse(conntrackThen("java.lang.NullPointerException", null)), "checkout-api");

    assertThat(a.top().service()).isEqualTo("payments-adapter");
  }

  @Test
  void aTunnelWhoseMtuAConfigRunChangedIsTheRootOfTheStalledCallsThatFollow() {
    Analysis a = analyzer.analyze(parse(mtuChangeThenTimeouts(INCIDENT.minusSeconds(42))), "reporting-service");

    assertThat(a.top().service()).isEqualTo("gw-dc2");
    assertThat(a.causalChain().get(0)).contains("MTU changed from 1400 to 1500")
        .contains("after a change (TASK [netplan : render tunnel config] changed: [gw-dc2])")
        .contains("reporting-service, which depends on it, began failing 42 s later");
  }

  @Test
  void aSwitchPortCountingCrcErrorsIsTheRootOfTheBrokenConnectionsThatFollow() {
    List<String> lines = new ArrayList<>(healthyHourBefore("catalog-api", "tor-b3"));
    lines.add(logged(INCIDENT.minusSeconds(7), "WARN", "tor-b3",
        "%USER-4-SYSTEM_MSG: netmon: Ethernet1/49 input CRC errors 21920 in last 60s (threshold 100)", null, null, null));
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(20L * i), "ERROR", "catalog-api",
          "request failed replica=mysql-r3 err=read tcp 10.30.4.7:44416->10.20.3.33:3306: i/o timeout", null, null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "catalog-api");

    assertThat(a.top().service()).isEqualTo("tor-b3");
    assertThat(a.causalChain().get(0)).contains("input CRC errors");
  }

  @Test
  void aTunnelChangeHoursBeforeTheStalledCallsIsNotTheirCause() {
    Analysis a = analyzer.analyze(parse(mtuChangeThenTimeouts(INCIDENT.minusSeconds(2 * 3600))), "reporting-service");

    assertThat(a.top().service()).isEqualTo("reporting-service");
  }

  @Test
  void aFirewallDroppingSessionsIsTheRootOfFailuresThatSmoulderForHoursBeforeTheyStorm() {
    List<String> lines = new ArrayList<>(healthyHourBefore("fw-core-01", "portal-bff"));
    lines.add("{\"ts\":\"" + INCIDENT.minusSeconds(8) + "\",\"level\":\"INFO\",\"service\":\"fw-core-01\",\"component\":\"flowd\","
        + "\"message\":\"drop non-SYN tcp packet without session: 10.50.12.44:38933 -> 10.200.4.21:1521 flags=PA\"}");
    for (int i = 0; i < 18; i++) { // one every ten minutes for three hours, then a storm
      lines.add(logged(INCIDENT.plusSeconds(600L * i), "ERROR", "portal-bff", "claims call timed out", "ClaimsApiTimeoutError", null, null));
    }
    for (int i = 0; i < 120; i++) {
      lines.add(logged(INCIDENT.plusSeconds(3 * 3600 + 10L * i), "ERROR", "portal-bff", "claims call timed out", "ClaimsApiTimeoutError",
          null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "portal-bff");

    assertThat(a.top().service()).isEqualTo("fw-core-01");
  }

  private static List<String> mtuChangeThenTimeouts(Instant changedAt) {
    List<String> lines = new ArrayList<>(healthyHourBefore("reporting-service"));
    for (int minute = 180; minute > 0; minute -= 10) {
      lines.add(logged(INCIDENT.minusSeconds(60L * minute), "INFO", "gw-dc2", "nf_conntrack: table usage 9%", null, null, null));
    }
    lines.add("{\"ts\":\"" + changedAt.minusSeconds(3) + "\",\"level\":\"INFO\",\"service\":\"gw-dc2\",\"component\":\"ansible-playbook\","
        + "\"message\":\"TASK [netplan : render tunnel config] changed: [gw-dc2]\"}");
    lines.add("{\"ts\":\"" + changedAt + "\",\"level\":\"INFO\",\"service\":\"gw-dc2\",\"component\":\"systemd-networkd\","
        + "\"message\":\"vti-cloud: MTU changed from 1400 to 1500\"}");
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(20L * i), "ERROR", "reporting-service", "report query failed",
          "org.springframework.dao.DataAccessResourceFailureException", "java.net.SocketTimeoutException: Read timed out", null));
    }
    return lines;
  }

  @Test
  void aFileServerWhoseDiskFailedIsTheRootWhenOtherKernelsFindItNotResponding() {
    List<String> lines = new ArrayList<>(healthyHourBefore("filer-02", "image-resizer", "ip-10-7-1-21"));
    lines.add(kernel(INCIDENT.minusSeconds(170), "filer-02", "blk_update_request: I/O error, dev sdf, sector 5860532224 op 0x0:(READ)"));
    lines.add(kernel(INCIDENT.minusSeconds(4), "ip-10-7-1-21", "nfs: server filer-02.storage.internal not responding, still trying"));
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "image-resizer", "resize stalled reading /mnt/media", null, null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "image-resizer");

    assertThat(a.top().service()).isEqualTo("filer-02");
    assertThat(a.causalChain().get(0)).contains("image-resizer, which depends on it, began failing 170 s later");
    // without another machine finding it unresponsive, a disk error alone names nothing it broke
    lines.removeIf(l -> l.contains("not responding"));
    assertThat(analyzer.analyze(parse(lines), "image-resizer").top().service()).isEqualTo("image-resizer");
  }

  private static String kernel(Instant ts, String host, String message) {
    return "{\"ts\":\"" + ts + "\",\"level\":\"INFO\",\"service\":\"" + host + "\",\"component\":\"kernel\",\"message\":\""
        + message + "\"}";
  }

  private static List<String> conntrackThen(String type, String causedBy) {
    List<String> lines = new ArrayList<>(healthyHourBefore("nat-b", "payments-adapter"));
    lines.add("{\"ts\":\"" + INCIDENT.minusSeconds(80) + "\",\"level\":\"INFO\",\"service\":\"nat-b\",\"component\":\"kernel\","
        + "\"message\":\"nf_conntrack: nf_conntrack: table full, dropping packet\"}");
    for (int i = 0; i < 30; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "payments-adapter", "POST /v1/authorize failed", type, causedBy, null));
    }
    return lines;
  }

  /** cart-api runs on {@code node}; ip-10-12-3-41's clock jumps at {@code jumpAt}; from INCIDENT cart-api rejects tokens and auth-service, louder, revokes sessions. */
  private static List<String> nodeThenTokens(String node, Instant jumpAt) {
    List<String> lines = new ArrayList<>(healthyHourBefore("auth-service", "web-bff", "ip-10-12-3-41"));
    lines.add(logged(INCIDENT.minusSeconds(3000), "INFO", "cart-api",
        "Successfully assigned shop/cart-api-5f6d8c7b9-x7k2p to " + node, "Scheduled", null, null));
    lines.add("{\"ts\":\"" + jumpAt + "\",\"level\":\"INFO\",\"service\":\"ip-10-12-3-41\",\"component\":\"chronyd\","
        + "\"message\":\"System clock wrong by 94.8 seconds, adjustment started\"}");
    for (int i = 0; i < 20; i++) {
      Instant t = INCIDENT.plusSeconds(30L * i);
      lines.add(logged(t, "WARN", "cart-api", "rejecting bearer token: token used before issued", null, null, null));
      for (int k = 0; k < 3; k++) {
        lines.add(logged(t.plusSeconds(3 + k), "ERROR", "auth-service", "refresh token reuse detected, revoking family",
            "RefreshTokenReuseException", null, null));
      }
    }
    return lines;
  }

  @Test
  void blameNeverGoesRoundInACircle() {
    // the gateway's 500s are profile-service's failures seen from the edge; profile-service's
    // errors name the gateway as their caller, which must not make the gateway their cause
    List<String> lines = new ArrayList<>(healthyHourBefore("profile-service", "web-gateway"));
    for (int i = 0; i < 20; i++) {
      Instant t = INCIDENT.plusSeconds(20L * i);
      lines.add(logged(t, "ERROR", "profile-service", "GET /v2/profiles/u_" + i + " failed (caller=web-gateway)",
          "TypeError", null, null));
      lines.add(logged(t.plusMillis(5), "ERROR", "web-gateway", "GET /api/profile 500", "HTTP_500", null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "web-gateway");

    assertThat(a.top().service()).isEqualTo("profile-service");
    assertThat(a.top().errorType()).isEqualTo("TypeError");
    assertThat(a.top().symptomOf()).isNull();
  }

  @Test
  void aResidentThatHitTheFullDiskOnItsOwnWriteBeforeTheEvictionsFilledIt() {
    Analysis a = analyzer.analyze(parse(spoolFillsNode(INCIDENT.plusSeconds(300))), "storefront");

    assertThat(a.top().service()).isEqualTo("export-worker");
    assertThat(a.top().errorType()).isEqualTo("OSError");
    assertThat(a.causalChain().get(0)).startsWith("export-worker was the first to find the disk full, on its own write, at " + INCIDENT);
  }

  @Test
  void failuresThatBeganBeforeTheDiskFilledAreNotPinnedOnWhoFoundItFull() {
    Analysis a = analyzer.analyze(parse(spoolFillsNode(INCIDENT.minusSeconds(300))), "storefront");

    assertThat(a.top().service()).isEqualTo("cart-api");
  }

  /** export-worker's spool fills the node at INCIDENT; the kubelet evicts cart-api; cart-api fails from {@code cartFails}. */
  private static List<String> spoolFillsNode(Instant cartFails) {
    List<String> lines = new ArrayList<>(healthyHourBefore("export-worker", "cart-api", "storefront"));
    lines.add(logged(INCIDENT, "ERROR", "export-worker", "export exp_9 failed writing the spool", "OSError", null, null)
        .replace("\"}", "\",\"caused_by\":\"OSError: [Errno 28] No space left on device\"}"));
    lines.add(logged(INCIDENT.plusSeconds(60), "ERROR", "cart-api",
        "The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi", "Evicted", null, null));
    for (int i = 0; i < 30; i++) {
      lines.add(logged(cartFails.plusSeconds(10L * i), "ERROR", "cart-api", "request aborted", "java.io.IOException", null, null));
    }
    return lines;
  }

  @Test
  void aServedRequestThatFailedIsTheServersFailureNotItsCallers() {
    Analysis a = analyzer.analyze(parse(servedFailures("GET /v1/promise failed (caller=storefront-bff): 500",
        "com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException")), "storefront-bff");

    assertThat(a.top().service()).isEqualTo("delivery-promise");
  }

  @Test
  void aServedRequestRefusedAsADuplicateIsTheCallersFault() {
    Analysis a = analyzer.analyze(parse(servedFailures("reserve order failed: already exists (caller=storefront-bff): 409",
        "DuplicateReservationError")), "storefront-bff");

    assertThat(a.top().service()).isEqualTo("storefront-bff");
  }

  /** storefront-bff warns first; then delivery-promise fails requests it served with {@code message}. */
  private static List<String> servedFailures(String message, String type) {
    List<String> lines = new ArrayList<>(healthyHourBefore("storefront-bff", "delivery-promise"));
    lines.add(logged(INCIDENT.minusSeconds(30), "WARN", "storefront-bff", "replaying the batch from offset 4711", null, null, null));
    for (int i = 0; i < 20; i++) {
      lines.add(logged(INCIDENT.plusSeconds(15L * i), "ERROR", "delivery-promise", message, type, null, null));
    }
    return lines;
  }

  @Test
  void aCalleeWhoseOnlyTroubleIsItsCallerHangingUpIsNotTheCause() {
    Analysis a = analyzer.analyze(parse(callerTimesOut("request canceled by client after_ms=200",
        "write response failed: write: broken pipe")), "cart-api");

    assertThat(a.top().service()).isEqualTo("pricing-gateway");
  }

  @Test
  void aCalleeWithTroubleOfItsOwnIsStillTheCause() {
    Analysis a = analyzer.analyze(parse(callerTimesOut("tax table reload failed, serving from disk", "tax table corrupt")), "cart-api");

    assertThat(a.top().service()).isEqualTo("tax-engine");
  }

  /** pricing-gateway's calls to tax-engine time out; tax-engine warns and fails with {@code warning} and {@code error}. */
  private static List<String> callerTimesOut(String warning, String error) {
    List<String> lines = new ArrayList<>(healthyHourBefore("pricing-gateway", "tax-engine"));
    for (int i = 0; i < 20; i++) {
      Instant t = INCIDENT.plusSeconds(15L * i);
      lines.add(logged(t, "ERROR", "pricing-gateway", "tax-engine call failed: no answer within 200ms",
          "java.util.concurrent.TimeoutException", null, null));
      lines.add(logged(t.plusMillis(40), "WARN", "tax-engine", warning, null, null, null));
      if (i % 4 == 0) {
        lines.add(logged(t.plusMillis(90), "ERROR", "tax-engine", error, null, null, null));
      }
    }
    return lines;
  }

  @Test
  void aCallerTheServerSaysSpokeTheWrongProtocolIsItsOwnCause() {
    Analysis a = analyzer.analyze(parse(mailThroughRelay(true)), "notification-service");

    assertThat(a.top().service()).isEqualTo("notification-service");
    assertThat(a.top().errorType()).isEqualTo("SSLException");
  }

  @Test
  void aRelayInTroubleWithoutBlamingItsClientsStaysTheirCause() {
    Analysis a = analyzer.analyze(parse(mailThroughRelay(false)), "notification-service");

    assertThat(a.top().service()).isEqualTo("smtp-relay-01");
  }

  private static List<String> mailThroughRelay(boolean relaySaysClientSpokeTls) {
    List<String> lines = new ArrayList<>(healthyHourBefore("notification-service"));
    lines.add(logged(INCIDENT.minusSeconds(1800), "WARN", "smtp-relay-01",
        "warning: hostname ip-10-42-3-219.compute.internal does not resolve to address 10.42.3.219", null, null, null));
    for (int i = 0; i < 30; i++) {
      Instant at = INCIDENT.plusSeconds(20L * i);
      if (relaySaysClientSpokeTls) {
        lines.add(logged(at.minusMillis(5), "WARN", "smtp-relay-01",
            "warning: non-SMTP command from unknown[10.42.3.18]: \\\\026\\\\003\\\\001", null, null, null));
      }
      lines.add(logged(at, "ERROR", "notification-service", "mail delivery to smtp-relay-01 failed",
          "org.springframework.mail.MailSendException",
          "jakarta.mail.MessagingException: Could not connect to SMTP host: smtp-relay-01, port: 587; "
              + "javax.net.ssl.SSLException: Unsupported or unrecognized SSL message", null));
    }
    return lines;
  }

  @Test
  void untypedErrorsAreCountedByWhatTheySay() {
    assertThat(CausalAnalyzer.untypedKind(null, "price conversion failed: fx: rate EUR/SEK stale (age 994s > 900s)"))
        .isEqualTo("~price conversion failed");
    assertThat(CausalAnalyzer.untypedKind(null, "image variant missing: s3: NoSuchKey: products/21424/800w.webp"))
        .isEqualTo("~image variant missing");
    assertThat(CausalAnalyzer.untypedKind("invoice_writer", "cannot execute INSERT")).isEqualTo("invoice_writer~cannot execute insert");
    assertThat(CausalAnalyzer.untypedKind("invoice_writer", "duplicate key value violates unique constraint \"idempotency_keys_pkey\""))
        .as("the same session's other errors are another kind").isEqualTo("invoice_writer~duplicate key value");
  }

  @Test
  void untypedNoiseFromBeforeDoesNotHideTheIncidentsUntypedFailures() {
    // the catalog's old "image variant missing" errors and its new stale-rate errors: apart, the
    // stale ones point at the rates service whose own failures froze the rates
    List<String> lines = new ArrayList<>(healthyHourBefore("catalog-api", "fx-rates"));
    for (int minute = 60; minute > -10; minute -= 2) {
      lines.add(logged(INCIDENT.minusSeconds(60L * minute + 11), "ERROR", "catalog-api", "image variant missing: products/800w.webp",
          null, null, null));
    }
    for (int i = 0; i < 10; i++) {
      lines.add(logged(INCIDENT.minusSeconds(900 - 60L * i), "ERROR", "fx-rates", "refresh failed: provider answered HTML",
          "JSONDecodeError", null, null));
    }
    for (int i = 0; i < 40; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "catalog-api", "price conversion failed: rate EUR/SEK stale (age 900s)",
          null, null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "catalog-api");

    assertThat(a.top().service()).isEqualTo("fx-rates");
  }

  @Test
  void aHostNamedAsTheCalleeStandsForTheServiceItRuns() {
    List<String> lines = new ArrayList<>(healthyHourBefore("push-notifier", "ws-gateway"));
    lines.add("{\"ts\":\"" + INCIDENT.minusSeconds(3000) + "\",\"level\":\"INFO\",\"service\":\"ws-01\",\"component\":\"systemd\","
        + "\"message\":\"Started ws-gateway.service - realtime gateway\"}");
    lines.add(logged(INCIDENT.minusSeconds(10), "WARN", "ws-gateway", "SIGHUP received, shutting down gracefully", null, null, null));
    for (int i = 0; i < 20; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "push-notifier",
          "publish failed: Post http://ws-01.internal:8090/publish: connection refused", null, null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "push-notifier");

    assertThat(a.top().service()).isEqualTo("ws-gateway");
  }

  @Test
  void aDiskOnlyOneServiceFoundFullNamesNoWriter() {
    List<String> lines = new ArrayList<>();
    lines.add(logged(INCIDENT.minusSeconds(2400), "INFO", "pg-backup", "starting backup of database orders", null, null, null));
    for (int i = 0; i < 15; i++) {
      lines.add(logged(INCIDENT.plusSeconds(10L * i), "ERROR", "orders-db",
          "could not extend file base/16384/2619: No space left on device", null, null, null));
    }
    Analysis a = analyzer.analyze(parse(lines), "orders-db");

    assertThat(a.top().service()).isEqualTo("orders-db");
  }

  @Test
  void noErrorsNoCandidates() {
    Analysis analysis = analyzer.analyze(parse(List.of(
        "{\"ts\":\"2025-03-04T10:00:00Z\",\"level\":\"WARN\",\"service\":\"a\",\"message\":\"slow\"}")), "a");
    assertThat(analysis.errorRecords()).isZero();
    assertThat(analysis.top()).isNull();
    assertThat(analysis.records()).isEqualTo(1);
  }

  @Test
  void causeTypesReadsBareQualifiedAndMessageForms() {
    assertThat(CausalAnalyzer.causeTypes("java.io.FileNotFoundException")).containsExactly("FileNotFoundException");
    assertThat(CausalAnalyzer.causeTypes(
        "org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection; "
            + "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available"))
        .containsExactly("JDBCConnectionException", "SQLTransientConnectionException");
    assertThat(CausalAnalyzer.causeTypes(
        "org.springframework.web.client.HttpServerErrorException$InternalServerError: 500 Internal Server Error"))
        .containsExactly("HttpServerErrorException$InternalServerError", "HttpServerErrorException");
    assertThat(CausalAnalyzer.causeTypes("TimeoutError: upstream took too long")).containsExactly("TimeoutError");
    assertThat(CausalAnalyzer.causeTypes("something went wrong. Error")).isEmpty();
    // a class the message mentions is not a cause; one in type position or an exceptions package is
    assertThat(CausalAnalyzer.causeTypes("com.esotericsoftware.kryo.KryoException: java.lang.reflect.InaccessibleObjectException: "
        + "Unable to make field final java.util.Collection java.util.Collections$UnmodifiableCollection.c accessible"))
        .containsExactly("KryoException", "InaccessibleObjectException");
    assertThat(CausalAnalyzer.causeTypes("requests.exceptions.ReadTimeout (read timeout=5); kyc.Provider: down"))
        .containsExactly("ReadTimeout", "Provider");
    assertThat(CausalAnalyzer.causeTypes("java.lang.ClassNotFoundException: com.fasterxml.jackson.datatype.jsr310.JavaTimeModule"))
        .containsExactly("ClassNotFoundException");
    assertThat(CausalAnalyzer.causeTypes("com.acme.billing.LedgerDown")).containsExactly("LedgerDown");
    assertThat(CausalAnalyzer.causeTypes(null)).isEmpty();
  }

  // ---- the shared incident cases, JSONL files only ----

  private record CaseResult(Analysis analysis, JsonNode truth) {}

  private CaseResult runCase(String id) {
    Path dir = EvalCases.caseDir(id);
    Analysis analysis = analyzer.analyze(
        EvalCases.jsonlRecords(dir), EvalCases.alertService(dir), EvalCases.alertStartsAt(dir));
    JsonNode truth = EvalCases.json(dir.resolve("truth.json"));
    Candidate top = analysis.top();
    log.info("case={} answer=\"{}\" truth=\"{} in {}\" baseline=\"{} in {}\" confidence={} chain=\"{}\" candidates={}",
        id, top.label(), truth.at("/root_cause/error_type").asText(), truth.at("/root_cause/service").asText(),
        analysis.mostFrequentErrorType(), analysis.mostFrequentService(), analysis.confidence(),
        String.join(" → ", analysis.causalChain()),
        analysis.candidates().stream().map(c -> c.label() + " score=" + c.score() + " rooted=" + c.rootedGroups()
            + (c.background() ? " background" : "") + (c.symptomOf() != null ? " symptomOf=" + c.symptomOf() : "")).toList());
    return new CaseResult(analysis, truth);
  }

  private static void assertMatchesTruth(CaseResult result) {
    Candidate top = result.analysis().top();
    JsonNode root = result.truth().get("root_cause");
    assertThat(top.service()).isEqualTo(root.get("service").asText());
    if (root.hasNonNull("error_type")) {
      assertThat(LogRecord.simpleName(top.errorType())).isEqualTo(root.get("error_type").asText());
    }
  }

  @Test
  void pricingConfigPushNpe() {
    CaseResult result = runCase("pricing-config-push-npe");
    assertMatchesTruth(result);
    // and it beats the baseline, which names the loudest caller
    assertThat(result.analysis().mostFrequentErrorType()).isEqualTo("PricingClientException");
    assertThat(result.analysis().causalChain()).containsExactly(
        "java.lang.NullPointerException in pricing-service (QuoteController)",
        "PricingUnavailableException in checkout-service + PricingClientException in cart-service ×3");
    assertThat(result.analysis().confidence()).isGreaterThanOrEqualTo(0.7);
    Candidate kafka = result.analysis().candidates().stream()
        .filter(c -> c.errorType().endsWith("TopicAuthorizationException")).findFirst().orElseThrow();
    assertThat(kafka.background()).isTrue();
  }

  @Test
  void ordersDbPoolExhaustedFromJsonlAlone() {
    // the envoy access log (the baseline's answer) is plain text and not read here
    CaseResult result = runCase("orders-db-pool-exhausted");
    assertMatchesTruth(result);
    assertThat(result.analysis().causalChain()).containsExactly(
        "java.sql.SQLTransientConnectionException in orders-service (SqlExceptionHelper)",
        "CannotCreateTransactionException",
        "DeadlineExceeded in shipping-quote + ResourceAccessException in checkout-service"
            + " + ReadTimeoutException in cart-service");
    // the callers' lone timeouts are credited to the pool, not counted against it
    assertThat(result.analysis().candidates()).filteredOn(c -> c.symptomOf() != null).hasSize(3);
  }

  @Test
  void searchDeployRegression() {
    CaseResult result = runCase("search-deploy-regression");
    assertMatchesTruth(result);
    assertThat(result.analysis().deployChange()).startsWith("3.7.4 → 3.8.0");
  }

  @Test
  void catalogNullUnitPriceIsBeyondJsonlAloneAndSaysSo() {
    // truth is catalog-sync, which logged no ERROR; the invoice-service traceback is plain text.
    // From billing-api's JSONL the best answer is its own error, whose caused_by points at a
    // 500 from elsewhere: the confidence must say that this is only where the visible chain ends.
    CaseResult result = runCase("catalog-null-unit-price");
    assertThat(result.analysis().top().service()).isEqualTo("billing-api");
    assertThat(result.analysis().confidence()).isLessThan(0.5);
  }

  private static String line(Instant ts, String service, String type, String trace, String span, String parent,
      String causedBy) {
    StringBuilder s = new StringBuilder("{\"ts\":\"").append(ts).append("\",\"level\":\"ERROR\",\"service\":\"")
        .append(service).append("\",\"message\":\"failed\",\"error_type\":\"").append(type).append('"');
    if (trace != null) {
      s.append(",\"trace_id\":\"").append(trace).append('"');
    }
    if (span != null) {
      s.append(",\"span_id\":\"").append(span).append('"');
    }
    if (parent != null) {
      s.append(",\"parent_span_id\":\"").append(parent).append('"');
    }
    if (causedBy != null) {
      s.append(",\"caused_by\":\"").append(causedBy).append('"');
    }
    return s.append('}').toString();
  }
}
