package dev.selfheal.activities.diagnosis.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@link JsonSchemaCheck}: each keyword of the subset, with the path of what failed. */
class LlmJsonSchemaCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static final String SCHEMA = """
      {"type":"object","additionalProperties":false,"required":["id","score","tags"],
       "properties":{
         "id":{"type":"string","enum":["a","b"]},
         "score":{"type":"number","minimum":0,"maximum":1},
         "count":{"type":"integer","minimum":1},
         "ok":{"type":"boolean"},
         "note":{"type":"string","maxLength":5},
         "tags":{"type":"array","items":{"type":"object","required":["k"],
                  "properties":{"k":{"type":"string"}}}},
         "odd key":{"type":"string"}}}""";

  @Test
  void aConformingValueHasNoViolations() throws Exception {
    assertThat(JsonSchemaCheck.violations(json(SCHEMA), json("""
        {"id":"a","score":1,"count":2.0,"ok":true,"note":"ab😀cd","tags":[{"k":"x","extra":1}]}""")))
        .isEmpty();
  }

  @Test
  void eachKeywordReportsItsPath() throws Exception {
    assertThat(JsonSchemaCheck.violations(json(SCHEMA), json("""
        {"id":"c","score":1.5,"count":0,"ok":"yes","note":"too long","tags":[{"k":1},{}],
         "odd key":3,"extra":null}""")))
        .containsExactlyInAnyOrder(
            "$.id: \"c\" is not one of [\"a\",\"b\"]",
            "$.score: 1.5 is above the maximum 1",
            "$.count: 0 is below the minimum 1",
            "$.ok: expected boolean, got string \"yes\"",
            "$.note: 8 characters, more than the maxLength 5",
            "$.tags[0].k: expected string, got number 1",
            "$.tags[1].k: required but missing",
            "$[\"odd key\"]: expected string, got number 3",
            "$.extra: not allowed (additionalProperties is false)");
  }

  @Test
  void missingRequiredAndWrongRootType() throws Exception {
    assertThat(JsonSchemaCheck.violations(json(SCHEMA), json("{\"id\":\"a\"}")))
        .containsExactlyInAnyOrder("$.score: required but missing", "$.tags: required but missing");
    assertThat(JsonSchemaCheck.violations(json(SCHEMA), json("[1,2]")))
        .containsExactly("$: expected object, got array [1,2]");
  }

  @Test
  void fractionIsNotAnInteger() throws Exception {
    assertThat(JsonSchemaCheck.violations(json("{\"type\":\"integer\"}"), json("2.5")))
        .containsExactly("$: expected integer, got number 2.5");
  }

  @Test
  void openObjectsAllowOtherMembers() throws Exception {
    assertThat(JsonSchemaCheck.violations(json("{\"type\":\"object\",\"properties\":{}}"), json("{\"x\":1}")))
        .isEmpty();
  }

  @Test
  void aKeywordOutsideTheSubsetIsRefusedNotIgnored() {
    assertThatThrownBy(() -> JsonSchemaCheck.violations(
        json("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\",\"pattern\":\"^c[0-9]$\"}}}"),
        json("{\"id\":\"x\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'pattern'").hasMessageContaining("$.id");
    assertThatThrownBy(() -> JsonSchemaCheck.violations(json("{\"type\":\"null\"}"), json("null")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'null'");
  }
}
