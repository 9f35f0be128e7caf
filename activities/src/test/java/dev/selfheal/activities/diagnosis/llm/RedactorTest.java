package dev.selfheal.activities.diagnosis.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Redactor}: each kind of secret goes, the evidence around it stays. */
class RedactorTest {

  private static void assertRedacted(String text, String secret, String expected, int count) {
    Redaction redaction = Redactor.redact(text);
    assertThat(redaction.text()).isEqualTo(expected).doesNotContain(secret);
    assertThat(redaction.count()).isEqualTo(count);
  }

  @Test
  void bearerToken() {
    assertRedacted("calling billing with bearer abc.DEF-123_xyz~ failed", "abc.DEF-123_xyz~",
        "calling billing with bearer [REDACTED:bearer] failed", 1);
  }

  @Test
  void authorizationHeaderWithAnyScheme() {
    assertRedacted("request headers: Authorization: Basic dXNlcjpodW50ZXIy, Accept: */*", "dXNlcjpodW50ZXIy",
        "request headers: Authorization: [REDACTED:authorization], Accept: */*", 1);
    assertRedacted("{\"authorization\":\"Bearer sk-live-abc\",\"status\":401}", "sk-live-abc",
        "{\"authorization\":\"[REDACTED:authorization]\",\"status\":401}", 1);
    assertRedacted("Proxy-Authorization: Digest ab1c2d3", "ab1c2d3",
        "Proxy-Authorization: [REDACTED:authorization]", 1);
  }

  @Test
  void awsAccessKeyId() {
    assertRedacted("using key AKIAIOSFODNN7EXAMPLE for s3", "AKIAIOSFODNN7EXAMPLE",
        "using key [REDACTED:aws-key] for s3", 1);
    assertRedacted("temporary ASIAY34FZKBOKMUTVV7A expired", "ASIAY34FZKBOKMUTVV7A",
        "temporary [REDACTED:aws-key] expired", 1);
  }

  @Test
  void privateKeyBlockWholeOrCutOff() {
    String block =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM\n-----END RSA PRIVATE KEY-----";
    assertRedacted("loaded " + block + " from vault", "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM",
        "loaded [REDACTED:private-key] from vault", 1);
    // log lines are trimmed, so the end marker may be gone: everything after BEGIN goes
    assertRedacted("bad key: -----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA", "b3BlbnNzaC1rZXktdjEAAAAA",
        "bad key: [REDACTED:private-key]", 1);
  }

  @Test
  void jwt() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    assertRedacted("session " + jwt + " rejected", jwt, "session [REDACTED:jwt] rejected", 1);
  }

  @Test
  void valuesOfSecretKeys() {
    assertRedacted("db login failed password=hunter2 user=app", "hunter2",
        "db login failed password=[REDACTED:secret] user=app", 1);
    assertRedacted("client_secret='s3 cr3t' rejected", "s3 cr3t", "client_secret=[REDACTED:secret] rejected", 1);
    assertRedacted("GET /hook?token=abc123&page=2", "abc123", "GET /hook?token=[REDACTED:secret]&page=2", 1);
    assertRedacted("config api_key = k-98765 loaded", "k-98765", "config api_key = [REDACTED:secret] loaded", 1);
    assertRedacted("{\"apiKey\": \"k\\\"q-1\", \"retry\": 3}", "q-1",
        "{\"apiKey\": [REDACTED:secret], \"retry\": 3}", 1);
    assertRedacted("X-Api-Key: 9f8e7d ok", "9f8e7d", "X-Api-Key: [REDACTED:secret] ok", 1);
    assertRedacted("aws_secret_access_key=wJalrXUtnFEMI", "wJalrXUtnFEMI",
        "aws_secret_access_key=[REDACTED:secret]", 1);
  }

  @Test
  void urlCredentialsKeepTheHost() {
    assertRedacted("cannot connect to postgres://report:pa55w0rd@db.internal:5432/reports", "pa55w0rd",
        "cannot connect to postgres://[REDACTED:credentials]@db.internal:5432/reports", 1);
  }

  @Test
  void longRandomBlobs() {
    assertRedacted("signature 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 mismatch",
        "9f86d081884c7d659a2feaa0c55ad015", "signature [REDACTED:hex] mismatch", 1);
    assertRedacted("secret key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in env", "wJalrXUtnFEMI/K7MDENG",
        "secret key [REDACTED:key] in env", 1);
    assertRedacted("github ghp_16C7e42F292c6912E7710c838347Ae178B4a revoked", "ghp_16C7e42F292c",
        "github [REDACTED:key] revoked", 1);
  }

  @Test
  void email() {
    assertRedacted("report for jane.doe+ops@example.co.uk failed", "jane.doe",
        "report for [REDACTED:email] failed", 1);
  }

  @Test
  void countsEverySecret() {
    Redaction redaction = Redactor.redact(
        "Authorization: Bearer t0k3n-aaaa password=x AKIAIOSFODNN7EXAMPLE https://u:p@h/ a@b.io");
    assertThat(redaction.count()).isEqualTo(5);
    assertThat(redaction.text()).doesNotContain("t0k3n", "=x", "AKIA", "u:p", "a@b");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "java.io.FileNotFoundException: template not found: /tmp/report-template.html",
      "at dev.selfheal.example.report.TemplateLoader.load("
          + "src/main/java/dev/selfheal/example/report/TemplateLoader.java:31)",
      "ReportGenerationExceptionWrapper2Handler failed after 3 retries",
      "request 123e4567-e89b-12d3-a456 took 2300 ms",
      "SecretNotFoundException: no secret named db in namespace prod",
      "InvalidTokenException: token expired at 2025-03-04T10:00:00Z",
  })
  void ordinaryEvidenceIsLeftAlone(String line) {
    Redaction redaction = Redactor.redact(line);
    assertThat(redaction.text()).isEqualTo(line);
    assertThat(redaction.count()).isZero();
  }
}
