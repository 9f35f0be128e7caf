package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceMentionsTest {
  private final ServiceMentions mentions =
      new ServiceMentions(List.of("orders-service", "ledger-service", "payments-api", "cart-service", "edge-envoy"));

  @Test
  void urlsHostPortsAndFullNamesAreMentions() {
    assertThat(mentions.in("GET http://orders-service:8080/orders/42 timed out after 30000ms", "checkout-service"))
        .containsExactly("orders-service");
    assertThat(mentions.in("I/O error on POST request for \"https://ledger.payments.svc/v1/entries\"", "payments-api"))
        .containsExactly("ledger-service");
    assertThat(mentions.in("connect to ledger:8443 failed", "payouts-worker")).containsExactly("ledger-service");
    assertThat(mentions.in("upstream cart-service returned 503; retrying orders-service", null))
        .containsExactly("cart-service", "orders-service");
  }

  @Test
  void calleesAreNotTheCallerOfARequestThisServiceServed() {
    String served = "GET /v1/promise failed (caller=edge-envoy, zip=03644): 500";
    assertThat(mentions.in(served, "cart-service")).containsExactly("edge-envoy");
    assertThat(mentions.callees(served, "cart-service")).isEmpty();
    assertThat(mentions.callees("{\"client\": \"orders-service\", \"status\": 500}", "cart-service")).isEmpty();
    assertThat(mentions.callees("caller=edge-envoy: upstream orders-service refused", "cart-service"))
        .containsExactly("orders-service");
    assertThat(mentions.callees("failed to fetch from orders-service", "cart-service")).containsExactly("orders-service");
  }

  @Test
  void classNamesStemsInProseAndTheServiceItselfAreNot() {
    assertThat(mentions.in("LedgerUnavailableException: ledger client gave up", "payouts-worker")).isEmpty();
    assertThat(mentions.in("orders-service pool exhausted", "orders-service")).isEmpty();
    assertThat(mentions.in("https://fx.partner-rates.example/v2/rates", "pricing")).isEmpty();
    assertThat(mentions.in("reorders-service-x and my-orders-service are other names", null)).isEmpty();
    assertThat(mentions.in(null, null)).isEmpty();
  }

  @Test
  void proxiesNameUpstreamsAfterNamespaceServiceAndPort() {
    assertThat(mentions.inUpstream("payments-payments-api-8080", "ingress-nginx")).containsExactly("payments-api");
    assertThat(mentions.inUpstream("10.42.3.17:8080", "ingress-nginx")).isEmpty();
    assertThat(mentions.inUpstream(null, null)).isEmpty();
  }

  @Test
  void errorTypesNamedAfterADependencyNameIt() {
    ServiceMentions withStore = new ServiceMentions(List.of("session-store", "ledger-service", "web-bff"));
    assertThat(withStore.inTypeName("SessionStoreError", "web-bff")).containsExactly("session-store");
    assertThat(withStore.inTypeName("com.acme.LedgerUnavailableException", "payouts-worker")).containsExactly("ledger-service");
    assertThat(withStore.inTypeName("java.lang.NullPointerException", "web-bff")).isEmpty();
    assertThat(withStore.inTypeName("UnledgeredException", "web-bff")).isEmpty();
  }

  @Test
  void stemsDropTheUsualSuffixesOnly() {
    assertThat(ServiceMentions.stem("ledger-service")).isEqualTo("ledger");
    assertThat(ServiceMentions.stem("payments-api")).isEqualTo("payments");
    assertThat(ServiceMentions.stem("edge-envoy")).isEqualTo("edge-envoy");
    assertThat(ServiceMentions.stem("-service")).isEqualTo("-service");
  }
}
