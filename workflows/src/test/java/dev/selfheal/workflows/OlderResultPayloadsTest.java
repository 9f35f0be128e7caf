package dev.selfheal.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.RiskClass;
import dev.selfheal.workflows.messages.values.TestReport;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodingKeys;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Activity results recorded before the patch guard and the report parser still read back. */
class OlderResultPayloadsTest {
  private static <T> T read(String json, Class<T> type) {
    Payload payload = Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
        .build();
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, type, type);
  }

  @Test
  void aFixResultWithoutARiskClassIsTreatedAsHighRisk() {
    FixResult fix = read("""
        {"recipeId":"relocate-volatile-resource","commit":"abc","diffSha256":"def","diffPath":"/ws/fix.diff",
         "diffStat":"1 file changed","files":["a"]}""", FixResult.class);

    assertThat(fix.risk()).isNull();
    assertThat(fix.riskOrHigh()).isEqualTo(RiskClass.HIGH);
  }

  @Test
  void aTestReportWithoutReportFieldsHasNoCountsAndEmptyLists() {
    TestReport report = read("""
        {"passed":false,"exitCode":1,"summary":"red (exit 1): 5 passed, 1 failed","outputPath":"/ws/t.log",
         "durationMillis":1200}""", TestReport.class);

    assertThat(report.counts()).isNull();
    assertThat(report.failing()).isEmpty();
    assertThat(report.flaky()).isEmpty();
    assertThat(report.summary()).isEqualTo("red (exit 1): 5 passed, 1 failed");
  }
}
