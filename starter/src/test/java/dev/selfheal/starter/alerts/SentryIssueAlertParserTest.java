package dev.selfheal.starter.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.workflows.messages.values.Alert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SentryIssueAlertParserTest {
  /**
   * An issue alert ({@code Sentry-Hook-Resource: event_alert}) in the documented shape: the
   * event under {@code data.event}, {@code project} as the numeric id, the slug only in the
   * API url, tags as pairs.
   */
  private static final String EVENT_ALERT = """
      {
        "action": "triggered",
        "actor": {"id": "sentry", "name": "Sentry", "type": "application"},
        "data": {
          "event": {
            "event_id": "0c7d9a5e3b1f4c2a8e6d4b2a0f9e7c5d",
            "issue_id": "4410927731",
            "issue_url": "https://sentry.io/api/0/issues/4410927731/",
            "project": 2210447,
            "platform": "java",
            "level": "fatal",
            "logger": "",
            "message": "",
            "culprit": "com.example.ledger.PostingJob in run",
            "title": "IllegalStateException: posting batch 88 already closed",
            "datetime": "2026-03-02T04:10:09.512000Z",
            "timestamp": 1772424609.512,
            "location": "PostingJob.java",
            "metadata": {"type": "IllegalStateException", "value": "posting batch 88 already closed"},
            "tags": [["environment", "production"], ["level", "fatal"], ["release", "ledger-jobs@7.1.0"]],
            "exception": {"values": [{"type": "IllegalStateException", "value": "posting batch 88 already closed",
              "stacktrace": {"frames": [{"filename": "PostingJob.java", "function": "run", "lineno": 88,
                "in_app": true, "vars": {"batch": {"id": 88, "state": {"closed": true}}}}]}}]},
            "url": "https://sentry.io/api/0/projects/example-org/ledger-jobs/events/0c7d9a5e3b1f4c2a8e6d4b2a0f9e7c5d/",
            "web_url": "https://sentry.io/organizations/example-org/issues/4410927731/events/0c7d9a5e3b1f4c2a8e6d4b2a0f9e7c5d/"
          },
          "triggered_rule": "ledger-jobs: any fatal",
          "issue_alert": {"title": "ledger-jobs: any fatal", "settings": []}
        },
        "installation": {"uuid": "5b0f3c1e-7d2a-4e9b-8c6f-1a3d5e7f9b2c"}
      }
      """;

  /** An issue webhook ({@code Sentry-Hook-Resource: issue}): the issue under {@code data.issue}. */
  private static final String ISSUE_CREATED = """
      {
        "action": "created",
        "actor": {"id": "sentry", "name": "Sentry", "type": "application"},
        "data": {
          "issue": {
            "id": "4410930015",
            "shortId": "CHECKOUT-WEB-3K",
            "title": "TypeError: Cannot read properties of undefined (reading 'total')",
            "culprit": "renderSummary(app/checkout/summary)",
            "level": "error",
            "status": "unresolved",
            "platform": "javascript",
            "firstSeen": "2026-03-02T04:12:44.001000Z",
            "lastSeen": "2026-03-02T04:13:02.734000Z",
            "count": "17",
            "metadata": {"type": "TypeError", "value": "Cannot read properties of undefined (reading 'total')"},
            "project": {"id": "2210448", "name": "checkout-web", "slug": "checkout-web", "platform": "javascript-react"}
          }
        },
        "installation": {"uuid": "5b0f3c1e-7d2a-4e9b-8c6f-1a3d5e7f9b2c"}
      }
      """;

  @Test
  void issueAlertTakesTheProjectSlugFromTheEventUrl() {
    Alert alert = SentryIssueAlertParser.parse(EVENT_ALERT);

    assertThat(alert.source()).isEqualTo("sentry");
    assertThat(alert.service()).isEqualTo("ledger-jobs");
    assertThat(alert.fingerprint()).isEqualTo("4410927731");
    assertThat(alert.title()).isEqualTo("IllegalStateException: posting batch 88 already closed");
    assertThat(alert.severity()).isEqualTo("critical");
    assertThat(alert.startsAt()).isEqualTo("2026-03-02T04:10:09.512Z");
    assertThat(alert.status()).isEqualTo("firing");
    assertThat(alert.labels())
        .containsEntry("environment", "production")
        .containsEntry("release", "ledger-jobs@7.1.0")
        .containsEntry("culprit", "com.example.ledger.PostingJob in run")
        .containsEntry("triggered_rule", "ledger-jobs: any fatal");
  }

  @Test
  void aServiceTagWinsOverTheProject() {
    String tagged = EVENT_ALERT.replace("[\"environment\", \"production\"]", "[\"service\", \"ledger-poster\"]");
    assertThat(SentryIssueAlertParser.parse(tagged).service()).isEqualTo("ledger-poster");
  }

  @Test
  void aProjectSlugFieldIsUsedWhereAPayloadHasOne() {
    String slugged = EVENT_ALERT.replace("\"project\": 2210447,", "\"project\": 2210447, \"project_slug\": \"ledger-batch\",");
    assertThat(SentryIssueAlertParser.parse(slugged).service()).isEqualTo("ledger-batch");
  }

  @Test
  void withoutDatetimeTheEpochTimestampIsTheStart() {
    String epochOnly = EVENT_ALERT.replace("\"datetime\": \"2026-03-02T04:10:09.512000Z\",", "");
    assertThat(SentryIssueAlertParser.parse(epochOnly).startsAt()).isEqualTo("2026-03-02T04:10:09.512Z");
  }

  @Test
  void issueWebhookUsesTheIssueAndItsProject() {
    Alert alert = SentryIssueAlertParser.parse(ISSUE_CREATED);

    assertThat(alert.service()).isEqualTo("checkout-web");
    assertThat(alert.fingerprint()).isEqualTo("4410930015");
    assertThat(alert.title()).startsWith("TypeError: Cannot read properties of undefined");
    assertThat(alert.severity()).isEqualTo("high");
    assertThat(alert.startsAt()).isEqualTo("2026-03-02T04:12:44.001Z");
    assertThat(alert.status()).isEqualTo("firing");
    assertThat(alert.labels()).containsEntry("culprit", "renderSummary(app/checkout/summary)");
  }

  @Test
  void aResolvedIssueResolvesTheSameIncident() {
    Alert resolved = SentryIssueAlertParser.parse(ISSUE_CREATED.replace("\"action\": \"created\"", "\"action\": \"resolved\""));
    assertThat(resolved.resolved()).isTrue();
    assertThat(resolved.fingerprint()).isEqualTo(SentryIssueAlertParser.parse(ISSUE_CREATED).fingerprint());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|{\"action\": |not valid JSON at line 1",
        "no action|{\"data\":{\"event\":{}}}|field 'action' is required",
        "assignment is no alert|{\"action\":\"assigned\",\"data\":{\"issue\":{}}}|field 'action' is 'assigned', not an alert",
        "no data|{\"action\":\"triggered\"}|field 'data' is required",
        "neither event nor issue|{\"action\":\"triggered\",\"data\":{\"metric_alert\":{}}}|field 'data.event' is required (or 'data.issue')",
        "event not an object|{\"action\":\"triggered\",\"data\":{\"event\":[1]}}|field 'data.event' must be an object",
        "tags not an array|{\"action\":\"triggered\",\"data\":{\"event\":{\"tags\":{\"a\":\"b\"}}}}|field 'data.event.tags' must be an array of [key, value] pairs",
        "tag not a pair|{\"action\":\"triggered\",\"data\":{\"event\":{\"tags\":[[\"a\",\"b\"],[\"c\"]]}}}|field 'data.event.tags[1]' must be a [key, value] pair",
        "tag value not text|{\"action\":\"triggered\",\"data\":{\"event\":{\"tags\":[[\"a\",{}]]}}}|field 'data.event.tags[0][1]' must be a non-empty string",
        "no service anywhere|{\"action\":\"triggered\",\"data\":{\"event\":{\"project\":7}}}|field 'data.event.tags.service' is required (or 'data.event.project_slug', or a project slug in 'data.event.url')",
        "bad service tag|{\"action\":\"triggered\",\"data\":{\"event\":{\"tags\":[[\"service\",\"Ledger Jobs\"]]}}}|field 'data.event.tags.service': service 'Ledger Jobs' is not a valid name",
        "no issue id|{\"action\":\"triggered\",\"data\":{\"event\":{\"project_slug\":\"a\"}}}|field 'data.event.issue_id' is required",
        "no title|{\"action\":\"triggered\",\"data\":{\"event\":{\"project_slug\":\"a\",\"issue_id\":\"1\"}}}|field 'data.event.title' is required",
        "bad level|{\"action\":\"triggered\",\"data\":{\"event\":{\"project_slug\":\"a\",\"issue_id\":\"1\",\"title\":\"t\",\"level\":\"loud\"}}}|field 'data.event.level': severity 'loud' is not a known word",
        "no time|{\"action\":\"triggered\",\"data\":{\"event\":{\"project_slug\":\"a\",\"issue_id\":\"1\",\"title\":\"t\"}}}|field 'data.event.datetime' is required (or 'data.event.timestamp')",
        "bad datetime|{\"action\":\"triggered\",\"data\":{\"event\":{\"project_slug\":\"a\",\"issue_id\":\"1\",\"title\":\"t\",\"datetime\":\"yesterday\"}}}|field 'data.event.datetime' is 'yesterday', not an RFC 3339 time",
        "timestamp as text|{\"action\":\"triggered\",\"data\":{\"event\":{\"project_slug\":\"a\",\"issue_id\":\"1\",\"title\":\"t\",\"timestamp\":\"now\"}}}|field 'data.event.timestamp' must be epoch seconds",
        "issue without project|{\"action\":\"created\",\"data\":{\"issue\":{\"id\":\"1\",\"title\":\"t\"}}}|field 'data.issue.project' is required",
        "issue project without slug|{\"action\":\"created\",\"data\":{\"issue\":{\"project\":{\"id\":\"1\"}}}}|field 'data.issue.project.slug' is required",
        "issue without firstSeen|{\"action\":\"created\",\"data\":{\"issue\":{\"id\":\"1\",\"title\":\"t\",\"project\":{\"slug\":\"a\"}}}}|field 'data.issue.firstSeen' is required",
      })
  void badWebhooksAreRefusedWithTheFieldNamed(String name, String body, String expected) {
    assertThatThrownBy(() -> SentryIssueAlertParser.parse(body))
        .isInstanceOf(InvalidAlertException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void oversizedBodyIsRefused() {
    String big = EVENT_ALERT.replace("\"message\": \"\"", "\"message\": \"" + "x".repeat(SentryIssueAlertParser.MAX_BYTES) + "\"");
    assertThatThrownBy(() -> SentryIssueAlertParser.parse(big)).hasMessageContaining("larger than " + SentryIssueAlertParser.MAX_BYTES);
  }
}
