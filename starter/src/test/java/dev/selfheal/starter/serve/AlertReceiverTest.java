package dev.selfheal.starter.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.starter.alerts.SampleAlerts;
import dev.selfheal.starter.serve.ReceiverClient.Answer;
import dev.selfheal.workflows.IncidentSearchAttributes;
import dev.selfheal.workflows.messages.values.Alert;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The receiver over real HTTP against the in-process Temporal server. No worker runs: an incident
 * that was raised exists, with one {@code alert} signal per alert that reached it.
 */
class AlertReceiverTest {
  private static final String TOKEN = "receiver-token-3f9a";
  private static final String SENTRY_SECRET = "sentry-client-secret-77c1";
  private static final String PAGERDUTY_SECRET = "pd-subscription-secret-0b2e";
  private static final int MAX_BODY = 32 * 1024;

  private static TestWorkflowEnvironment temporal;
  private static AlertReceiver receiver;
  private static ReceiverClient http;
  private static IncidentHistories histories;

  @BeforeAll
  static void start() throws Exception {
    temporal = TestWorkflowEnvironment.newInstance();
    for (var key : IncidentSearchAttributes.ALL) {
      temporal.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    receiver = AlertReceiver.start(settings(Map.of(
        "SELFHEAL_RECEIVER_TOKEN", TOKEN, "SELFHEAL_SENTRY_SECRET", SENTRY_SECRET, "SELFHEAL_PAGERDUTY_SECRET", PAGERDUTY_SECRET)),
        temporal.getWorkflowClient());
    http = new ReceiverClient(receiver.port());
    histories = new IncidentHistories(temporal.getWorkflowClient());
  }

  @AfterAll
  static void stop() {
    receiver.close();
    temporal.close();
  }

  private static ReceiverSettings settings(Map<String, String> env) {
    return ReceiverSettings.fromEnvironment(new InetSocketAddress("127.0.0.1", 0), MAX_BODY, 8, Duration.ofSeconds(2), env);
  }

  private static final String[] BEARER = {"Authorization", "Bearer " + TOKEN};

  private static String[] sentrySigned(String body, String secret) {
    return new String[] {"Sentry-Hook-Signature", SignatureScheme.SENTRY.sign(body.getBytes(StandardCharsets.UTF_8), secret)};
  }

  private static String[] pagerDutySigned(String body, String secret) {
    return new String[] {"X-PagerDuty-Signature", SignatureScheme.PAGERDUTY.sign(body.getBytes(StandardCharsets.UTF_8), secret)};
  }

  private static String generic(String service, String fingerprint) {
    return "{\"service\":\"" + service + "\",\"fingerprint\":\"" + fingerprint + "\",\"title\":\"jobs failing\",\"severity\":\"high\"}";
  }

  /** A fingerprint no other test uses, since all share one server. */
  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  // --- each format

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "alertmanager, 'incident-checkout-service-b4c1f9e27a05d3c8,incident-payment-gateway-5e0a7d13c9b2f6e4'",
    "grafana, 'incident-basket-api-a91d3c7e5f204b68,incident-image-proxy-07be5f9c2d18a3e6'",
    "sentry, incident-invoice-service-6021337459",
    "pagerduty, incident-payments-api-payments-api-settlement-timeouts",
    "generic, incident-report-service-report-jobs-nightly",
  })
  void eachVendorsSampleStartsItsIncidents(String format, String expectedIds) throws Exception {
    String body = SampleAlerts.read(format);
    String[] auth = switch (format) {
      case "sentry" -> sentrySigned(body, SENTRY_SECRET);
      case "pagerduty" -> pagerDutySigned(body, PAGERDUTY_SECRET);
      default -> BEARER;
    };

    Answer answer = http.post("/alerts/" + format, body, auth);

    List<String> ids = List.of(expectedIds.split(","));
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
    assertThat(answer.body().path("accepted").asInt()).isEqualTo(ids.size());
    assertThat(answer.body().path("incidents")).extracting(n -> n.asText()).containsExactlyElementsOf(ids);
    for (String id : ids) {
      assertThat(histories.alertSignals(id)).as("alert signals in %s", id).hasSize(1);
    }
  }

  @Test
  void theSignalledAlertCarriesTheVendorsLinks() throws Exception {
    String fingerprint = "links-" + unique();
    String body = SampleAlerts.read("grafana").replace("a91d3c7e5f204b68", fingerprint).replace("07be5f9c2d18a3e6", fingerprint);
    Answer answer = http.post("/alerts/grafana", body, BEARER);
    String id = answer.body().path("incidents").get(0).asText();
    assertThat(id).isEqualTo("incident-basket-api-" + fingerprint);

    var signal = histories.alertSignals(id).get(0).getWorkflowExecutionSignaledEventAttributes();
    Alert alert = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(signal.getInput().getPayloads(0), Alert.class, Alert.class);

    assertThat(alert.links()).containsKeys("generator", "dashboard", "panel", "silence");
    assertThat(alert.source()).isEqualTo("grafana");
  }

  @Test
  void aPagerDutyEventThatIsNotATriggerIsAcceptedAndRaisesNothing() throws Exception {
    String key = "ack-" + unique();
    String body = SampleAlerts.read("pagerduty").replace("incident.triggered", "incident.acknowledged").replace("payments-api-settlement-timeouts", key);

    Answer answer = http.post("/alerts/pagerduty", body, pagerDutySigned(body, PAGERDUTY_SECRET));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.body().path("accepted").asInt()).isZero();
    assertThat(histories.exists("incident-payments-api-" + key)).isFalse();
  }

  // --- who may post

  @Test
  void bearerTokenIsRequiredWhereNoSignatureIsConfigured() throws Exception {
    String fingerprint = unique();
    String body = generic("token-svc", fingerprint);

    Answer missing = http.post("/alerts/generic", body);
    Answer wrong = http.post("/alerts/generic", body, "Authorization", "Bearer " + TOKEN + "x");
    Answer basic = http.post("/alerts/generic", body, "Authorization", "Basic " + TOKEN);

    for (Answer refused : List.of(missing, wrong, basic)) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.error()).contains("Authorization");
    }
    assertThat(histories.exists("incident-token-svc-" + fingerprint)).isFalse();

    assertThat(http.post("/alerts/generic", body, BEARER).status()).isEqualTo(202);
    assertThat(histories.alertSignals("incident-token-svc-" + fingerprint)).hasSize(1);
  }

  @Test
  void sentryNeedsItsSignatureOverTheExactBody() throws Exception {
    String issue = String.valueOf(System.nanoTime());
    String body = SampleAlerts.read("sentry").replace("6021337459", issue);
    String id = "incident-invoice-service-" + issue;

    Answer unsigned = http.post("/alerts/sentry", body, BEARER);
    Answer otherSecret = http.post("/alerts/sentry", body, sentrySigned(body, "not-the-secret"));
    Answer notHex = http.post("/alerts/sentry", body, "Sentry-Hook-Signature", "zz");
    String changed = body.replace("KeyError: 'currency'", "KeyError: 'amount'");
    Answer bodyChanged = http.post("/alerts/sentry", changed, sentrySigned(body, SENTRY_SECRET));

    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.error()).contains("Sentry-Hook-Signature is required");
    for (Answer refused : List.of(otherSecret, notHex, bodyChanged)) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.error()).contains("Sentry-Hook-Signature does not match");
    }
    assertThat(histories.exists(id)).isFalse();

    assertThat(http.post("/alerts/sentry", body, sentrySigned(body, SENTRY_SECRET)).status()).isEqualTo(202);
    assertThat(histories.alertSignals(id)).hasSize(1);
  }

  @Test
  void pagerDutyNeedsOneMatchingV1SignatureAndAcceptsTwoDuringRotation() throws Exception {
    String key = "pd-" + unique();
    String body = SampleAlerts.read("pagerduty").replace("payments-api-settlement-timeouts", key);
    String id = "incident-payments-api-" + key;
    String stale = pagerDutySigned(body, "old-secret")[1];
    String current = pagerDutySigned(body, PAGERDUTY_SECRET)[1];

    assertThat(http.post("/alerts/pagerduty", body).status()).isEqualTo(401);
    assertThat(http.post("/alerts/pagerduty", body, "X-PagerDuty-Signature", stale).status()).isEqualTo(401);
    assertThat(http.post("/alerts/pagerduty", body, "X-PagerDuty-Signature", current.replace("v1=", "v0=")).status()).isEqualTo(401);
    assertThat(histories.exists(id)).isFalse();

    Answer rotated = http.post("/alerts/pagerduty", body, "X-PagerDuty-Signature", stale + ", " + current);
    assertThat(rotated.status()).isEqualTo(202);
    assertThat(histories.alertSignals(id)).hasSize(1);
  }

  @Test
  void ourSignatureReplacesTheTokenOnTheGenericEndpointWhenItsSecretIsSet() throws Exception {
    String secret = "webhook-secret-5d";
    try (AlertReceiver signed = AlertReceiver.start(
        settings(Map.of("SELFHEAL_RECEIVER_TOKEN", TOKEN, "SELFHEAL_WEBHOOK_SECRET", secret)), temporal.getWorkflowClient())) {
      ReceiverClient client = new ReceiverClient(signed.port());
      String fingerprint = unique();
      String body = generic("signed-svc", fingerprint);
      String signature = SignatureScheme.SELFHEAL.sign(body.getBytes(StandardCharsets.UTF_8), secret);

      Answer tokenOnly = client.post("/alerts/generic", body, BEARER);
      Answer wrong = client.post("/alerts/generic", body, "X-Selfheal-Signature", signature.replace("sha256=", "sha256=0"));
      assertThat(tokenOnly.status()).isEqualTo(401);
      assertThat(tokenOnly.error()).contains("X-Selfheal-Signature is required");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(histories.exists("incident-signed-svc-" + fingerprint)).isFalse();

      assertThat(client.post("/alerts/generic", body, "X-Selfheal-Signature", signature).status()).isEqualTo(202);
      // endpoints without a secret still take the token
      assertThat(client.post("/alerts/alertmanager", "{}").status()).isEqualTo(401);
    }
  }

  // --- bad requests

  @Test
  void aBodyOverTheLimitIsRefusedWithoutStartingAnything() throws Exception {
    String fingerprint = unique();
    String body = generic("big-svc", fingerprint).replace("jobs failing", "x".repeat(MAX_BODY));

    Answer declared = http.post("/alerts/alertmanager", body, BEARER);
    Answer streamed = http.postStreamed("/alerts/generic", body.getBytes(StandardCharsets.UTF_8), BEARER);

    for (Answer refused : List.of(declared, streamed)) {
      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.error()).isEqualTo("body is larger than " + MAX_BODY + " bytes");
    }
    assertThat(histories.exists("incident-big-svc-" + fingerprint)).isFalse();
  }

  @Test
  void aFormatsOwnSmallerLimitApplies() throws Exception {
    try (AlertReceiver roomy = AlertReceiver.start(
        ReceiverSettings.fromEnvironment(new InetSocketAddress("127.0.0.1", 0), 4 * 1024 * 1024, 2, Duration.ofSeconds(2), Map.of()),
        temporal.getWorkflowClient())) {
      String body = generic("limit-svc", unique()).replace("jobs failing", "x".repeat(70 * 1024));
      Answer refused = new ReceiverClient(roomy.port()).post("/alerts/generic", body);
      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.error()).contains("larger than " + 64 * 1024);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|/alerts/generic|{\"service\": |not valid JSON at line 1",
        "an array|/alerts/alertmanager|[1,2]|alert must be a JSON object",
        "generic without title|/alerts/generic|{\"service\":\"a\",\"fingerprint\":\"f\",\"severity\":\"high\"}|field 'title' is required",
        "unsafe service|/alerts/generic|{\"service\":\"../../etc\",\"fingerprint\":\"f\",\"title\":\"t\",\"severity\":\"high\"}|service '../../etc' is not a valid name",
        "grafana to the alertmanager endpoint|/alerts/alertmanager|{\"version\":\"1\",\"alerts\":[]}|field 'version' is '1'",
        "pagerduty wrong type|/alerts/pagerduty|{\"event\":{\"event_type\":7,\"resource_type\":\"incident\"}}|field 'event.event_type' must be a non-empty string",
      })
  void aMalformedBodyIsA400NamingTheField(String name, String path, String body, String expected) throws Exception {
    String[] auth = path.endsWith("pagerduty") ? pagerDutySigned(body, PAGERDUTY_SECRET) : BEARER;

    Answer answer = http.post(path, body, auth);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains(expected);
  }

  @Test
  void oneBadAlertInAGroupStartsNoneOfTheGroup() throws Exception {
    String good = "good-" + unique();
    String body = """
        {"version":"1","orgId":1,"status":"firing","alerts":[
          {"status":"firing","labels":{"alertname":"A","service":"group-svc"},"startsAt":"2026-03-02T10:00:00Z","fingerprint":"%s"},
          {"status":"firing","labels":{"alertname":"B","service":"Group Svc"},"startsAt":"2026-03-02T10:00:00Z","fingerprint":"x"}]}
        """.formatted(good);

    Answer answer = http.post("/alerts/grafana", body, BEARER);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("field 'alerts[1].labels.service'");
    assertThat(histories.exists("incident-group-svc-" + good)).isFalse();
  }

  @Test
  void wrongPathsAndMethodsGetJsonErrorsAndTheReceiverKeepsServing() throws Exception {
    Answer notFound = http.post("/alerts/nagios", "{}", BEARER);
    Answer get = http.send("GET", "/alerts/generic");
    Answer deleteHealth = http.send("DELETE", "/health");

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.error()).contains("no endpoint /alerts/nagios").contains("/alerts/grafana");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.error()).contains("use POST");
    assertThat(deleteHealth.status()).isEqualTo(405);

    String fingerprint = unique();
    assertThat(http.post("/alerts/generic", generic("after-errors", fingerprint), BEARER).status()).isEqualTo(202);
  }

  @Test
  void healthSaysTemporalAnswers() throws Exception {
    Answer health = http.send("GET", "/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().path("temporal").asText()).isEqualTo("ok");
  }

  // --- Temporal away

  @Test
  void unreachableTemporalIsA503WithTheReason() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    WorkflowServiceStubs nowhere = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + closedPort).build());
    try (AlertReceiver orphan = AlertReceiver.start(
        ReceiverSettings.fromEnvironment(new InetSocketAddress("127.0.0.1", 0), MAX_BODY, 2, Duration.ofSeconds(1), Map.of()),
        WorkflowClient.newInstance(nowhere, WorkflowClientOptions.newBuilder().setNamespace("default").build()))) {
      ReceiverClient client = new ReceiverClient(orphan.port());

      Answer alert = client.post("/alerts/generic", generic("away-svc", unique()));
      Answer health = client.send("GET", "/health");

      assertThat(alert.status()).isEqualTo(503);
      assertThat(alert.error()).startsWith("Temporal is unavailable: ");
      assertThat(health.status()).isEqualTo(503);
    } finally {
      nowhere.shutdownNow();
    }
  }

  // --- many senders at once

  @Test
  void concurrentRepeatsOfFourFingerprintsMakeFourIncidentsHoldingEveryAlert() throws Exception {
    String run = unique();
    List<String> fingerprints = IntStream.range(0, 4).mapToObj(i -> run + "-" + i).toList();
    ExecutorService senders = Executors.newFixedThreadPool(16);
    List<Future<Answer>> answers = new ArrayList<>();
    Set<String> answeredIds = new HashSet<>();
    try {
      for (int i = 0; i < 400; i++) {
        String body = generic("storm-svc", fingerprints.get(i % 4));
        answers.add(senders.submit(() -> http.post("/alerts/generic", body, BEARER)));
      }
      for (Future<Answer> answer : answers) {
        assertThat(answer.get().status()).isEqualTo(202);
        answeredIds.add(answer.get().body().path("incidents").get(0).asText());
      }
    } finally {
      senders.shutdownNow();
    }

    int signals = 0;
    for (String fingerprint : fingerprints) {
      int here = histories.alertSignals("incident-storm-svc-" + fingerprint).size();
      assertThat(here).as("alerts in the incident of %s", fingerprint).isEqualTo(100);
      signals += here;
    }
    assertThat(signals).isEqualTo(400);
    assertThat(answeredIds).containsExactlyInAnyOrderElementsOf(fingerprints.stream().map(f -> "incident-storm-svc-" + f).toList());
  }
}
