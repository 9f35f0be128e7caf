package dev.selfheal.activities.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorSignatureTest {
  private static LogEvent error(String type, String message, String frame) {
    return new LogEvent(null, "ERROR", "request failed", type, message, frame, "app.log", 0);
  }

  @Test
  void theSameErrorWithDifferentIdsNumbersAndValuesGroupsTogether() {
    ErrorSignature a = ErrorSignature.of(error("java.lang.IllegalStateException",
        "order 42 for user 'alice' (req 3f2a9c1e-8b7d-4c1a-9e2f-0a1b2c3d4e5f) at 2024-06-01T10:00:01.123Z from 10.0.0.12:8080"
            + " reading /var/data/orders/42.json handle 0x7ffd5c2a token deadbeef01",
        "com.acme.OrderService.load(OrderService.java:57)"));
    ErrorSignature b = ErrorSignature.of(error("java.lang.IllegalStateException",
        "order 77 for user 'bob' (req 11111111-2222-4333-8444-555555555555) at 2024-06-02T11:12:13Z from 192.168.1.7:9090"
            + " reading /tmp/x/orders/77.json handle 0x1 token cafebabe99",
        "com.acme.OrderService.load(OrderService.java:61)"));

    assertThat(a).isEqualTo(b);
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).matches("lw-[0-9a-f]{16}");
    assertThat(a.message()).isEqualTo(
        "order <n> for user <q> (req <uuid>) at <ts> from <ip> reading <path> handle <hex> token <hex>");
    assertThat(a.frame()).isEqualTo("com.acme.OrderService.load(OrderService.java)");
  }

  @Test
  void pythonFramesGroupAcrossDeployDirectoriesAndLineNumbers() {
    ErrorSignature a = ErrorSignature.of(error("KeyError", "'sku-1'", "File \"/srv/release-17/pricing.py\", line 10, in price"));
    ErrorSignature b = ErrorSignature.of(error("KeyError", "'sku-2'", "File \"/srv/release-18/pricing.py\", line 14, in price"));
    assertThat(a).isEqualTo(b);
    assertThat(a.frame()).isEqualTo("pricing.py in price");
  }

  @Test
  void differentErrorsDoNotGroup() {
    String frame = "com.acme.OrderService.load(OrderService.java:57)";
    ErrorSignature notFound = ErrorSignature.of(error("java.lang.IllegalStateException", "order 42 not found", frame));
    ErrorSignature otherType = ErrorSignature.of(error("java.lang.IllegalArgumentException", "order 42 not found", frame));
    ErrorSignature otherMessage = ErrorSignature.of(error("java.lang.IllegalStateException", "order 42 locked", frame));
    ErrorSignature otherFrame = ErrorSignature.of(error("java.lang.IllegalStateException", "order 42 not found",
        "com.acme.BillingService.load(BillingService.java:57)"));

    assertThat(java.util.List.of(notFound, otherType, otherMessage, otherFrame))
        .extracting(ErrorSignature::fingerprint)
        .doesNotHaveDuplicates();
  }

  @Test
  void anEventWithoutAnExceptionIsGroupedByItsMessage() {
    LogEvent a = new LogEvent(null, "ERROR", "db down after 3 retries", null, null, null, "app.log", 0);
    LogEvent b = new LogEvent(null, "ERROR", "db down after 5 retries", null, null, null, "app.log", 9);
    assertThat(ErrorSignature.of(a)).isEqualTo(ErrorSignature.of(b));
    assertThat(ErrorSignature.of(a).text()).isEqualTo("- | - | db down after <n> retries");
  }
}
