package dev.selfheal.activities.diagnosis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the JSON Schema subset our prompts use: {@code type} (object,
 * string, number, integer, boolean, array), {@code required}, {@code properties}, {@code
 * additionalProperties: false}, {@code enum}, {@code minimum}, {@code maximum}, {@code
 * maxLength}, {@code items}. A schema using any other keyword is refused rather than half
 * checked, so a constraint can never be silently ignored.
 */
public final class JsonSchemaCheck {
  private static final Set<String> CHECKED = Set.of("type", "required", "properties", "additionalProperties",
      "enum", "minimum", "maximum", "maxLength", "items");
  private static final Set<String> ANNOTATIONS = Set.of("$schema", "title", "description");
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int SHOWN_CHARS = 60;

  private JsonSchemaCheck() {}

  /**
   * Each way {@code value} fails {@code schema}, as {@code "$.path: what is wrong"}; empty when it
   * matches.
   *
   * @throws IllegalArgumentException when the schema uses a keyword outside the subset
   */
  public static List<String> violations(JsonNode schema, JsonNode value) {
    List<String> found = new ArrayList<>();
    check(schema, value, "$", found);
    return found;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<String> found) {
    requireSupported(schema, path);
    JsonNode type = schema.get("type");
    if (type != null && !hasType(value, type.asText(), path)) {
      found.add(path + ": expected " + type.asText() + ", got " + describe(value));
      return; // the other keywords assume the type
    }
    JsonNode allowed = schema.get("enum");
    if (allowed != null && !contains(allowed, value)) {
      found.add(path + ": " + shown(value) + " is not one of " + allowed);
    }
    if (value.isNumber()) {
      JsonNode minimum = schema.get("minimum");
      if (minimum != null && value.decimalValue().compareTo(minimum.decimalValue()) < 0) {
        found.add(path + ": " + value + " is below the minimum " + minimum);
      }
      JsonNode maximum = schema.get("maximum");
      if (maximum != null && value.decimalValue().compareTo(maximum.decimalValue()) > 0) {
        found.add(path + ": " + value + " is above the maximum " + maximum);
      }
    }
    JsonNode maxLength = schema.get("maxLength");
    if (maxLength != null && value.isTextual()) {
      String text = value.textValue();
      int length = text.codePointCount(0, text.length()); // JSON Schema counts characters, not UTF-16 units
      if (length > maxLength.asInt()) {
        found.add(path + ": " + length + " characters, more than the maxLength " + maxLength.asInt());
      }
    }
    if (value.isObject()) {
      checkObject(schema, value, path, found);
    }
    JsonNode items = schema.get("items");
    if (items != null && value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        check(items, value.get(i), path + "[" + i + "]", found);
      }
    }
  }

  private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> found) {
    JsonNode required = schema.get("required");
    if (required != null) {
      for (JsonNode name : required) {
        if (!value.has(name.asText())) {
          found.add(member(path, name.asText()) + ": required but missing");
        }
      }
    }
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean closed = additional != null && additional.isBoolean() && !additional.booleanValue();
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      JsonNode propertySchema = properties == null ? null : properties.get(field.getKey());
      if (propertySchema != null) {
        check(propertySchema, field.getValue(), member(path, field.getKey()), found);
      } else if (closed) {
        found.add(member(path, field.getKey()) + ": not allowed (additionalProperties is false)");
      }
    }
  }

  private static void requireSupported(JsonNode schema, String path) {
    if (!schema.isObject()) {
      throw new IllegalArgumentException("schema at " + path + " is not an object: " + schema);
    }
    for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
      String keyword = names.next();
      if (!CHECKED.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
        throw new IllegalArgumentException("schema keyword '" + keyword + "' at " + path + " is not supported");
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && !additional.isBoolean()) {
      throw new IllegalArgumentException("additionalProperties at " + path + " must be true or false");
    }
  }

  private static boolean hasType(JsonNode value, String type, String path) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "number" -> value.isNumber();
      case "integer" -> value.isNumber() && value.canConvertToExactIntegral(); // 1.0 is an integer too
      default -> throw new IllegalArgumentException("schema type '" + type + "' at " + path + " is not supported");
    };
  }

  private static boolean contains(JsonNode allowed, JsonNode value) {
    for (JsonNode candidate : allowed) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String member(String path, String name) {
    return PLAIN_NAME.matcher(name).matches()
        ? path + "." + name
        : path + "[" + TextNode.valueOf(name) + "]"; // quoted and escaped
  }

  private static String describe(JsonNode value) {
    return value.getNodeType().name().toLowerCase() + " " + shown(value);
  }

  /** Answers are model output: show enough to act on, not a wall of it. */
  private static String shown(JsonNode value) {
    String text = value.toString();
    return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
  }
}
