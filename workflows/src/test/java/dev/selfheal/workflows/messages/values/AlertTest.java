package dev.selfheal.workflows.messages.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {
  @Test
  void anAlertRecordedBeforeLinksExistedReadsAsNoLinks() {
    String recorded = "{\"source\":\"generic\",\"service\":\"report-service\",\"fingerprint\":\"f\",\"title\":\"t\","
        + "\"severity\":\"high\",\"startsAt\":null,\"status\":\"firing\",\"labels\":{\"team\":\"bi\"}}";
    Payload payload = Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFrom(recorded, StandardCharsets.UTF_8))
        .build();

    Alert alert = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, Alert.class, Alert.class);

    assertThat(alert.labels()).containsEntry("team", "bi");
    assertThat(alert.links()).isEmpty();
  }

  @Test
  void linksSurviveTheRoundTripThroughAPayload() {
    Alert alert = new Alert("grafana", "basket-api", "f", "t", "high", null, "firing", Map.of(),
        Map.of("dashboard", "https://grafana.example/d/abc"));

    Payload payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(alert).orElseThrow();

    assertThat(DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, Alert.class, Alert.class)).isEqualTo(alert);
  }
}
