package dev.selfheal.activities.diagnosis;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a playbook file (YAML, see {@code playbooks/known-fixes.yaml}). Strict: an unknown
 * field, a missing one, a bad regex or an unknown category is an error naming the file, the
 * line and the field, so a typo cannot silently disable a rule.
 */
final class PlaybookFile {
  static final Set<String> CATEGORIES = Set.of("config", "code", "dependency", "resource", "data", "network", "deploy", "infra");
  private static final Set<String> FIELDS = Set.of("id", "description", "errorTypes", "message", "services", "recipe", "category", "afterDeploy");
  private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Pattern TYPE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PlaybookFile() {}

  /**
   * @param name the file, for messages
   * @throws PlaybookException naming the file, line and field
   */
  static List<PlaybookRule> parse(String name, String text) {
    JsonNode root;
    try (JsonParser parser = YAML.createParser(text)) {
      root = YAML.readTree(parser);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new PlaybookException(name + ":" + (at == null ? "?" : at.getLineNr()) + ": not valid YAML: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new PlaybookException(name + ": cannot read: " + e.getMessage());
    }
    if (root == null || !root.path("rules").isArray()) {
      throw new PlaybookException(name + ":1: field 'rules' is missing or not a list");
    }
    List<PlaybookRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode node : root.get("rules")) {
      PlaybookRule rule = rule(name, text, index++, node);
      if (!ids.add(rule.id())) {
        throw new PlaybookException(name + ":" + line(text, "id: " + rule.id()) + ": rules[" + (index - 1) + "].id: '" + rule.id() + "' is used twice");
      }
      rules.add(rule);
    }
    return rules;
  }

  private static PlaybookRule rule(String name, String text, int index, JsonNode node) {
    String where = "rules[" + index + "]";
    if (!node.isObject()) {
      throw new PlaybookException(name + ": " + where + ": must be a mapping");
    }
    String id = required(name, text, where, node, "id");
    String at = name + ":" + line(text, "id: " + id) + ": " + where + " (" + id + ")";
    for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new PlaybookException(at + "." + field + ": unknown field (known: " + String.join(", ", FIELDS) + ")");
      }
    }
    if (!ID.matcher(id).matches()) {
      throw new PlaybookException(at + ".id: must be lower-case words joined by '-'");
    }
    Set<String> types = new HashSet<>();
    JsonNode typeList = node.path("errorTypes");
    if (!typeList.isArray() || typeList.isEmpty()) {
      throw new PlaybookException(at + ".errorTypes: a list of one or more simple class names is required");
    }
    for (JsonNode type : typeList) {
      if (!type.isTextual() || !TYPE.matcher(type.asText()).matches()) {
        throw new PlaybookException(at + ".errorTypes: '" + type.asText() + "' is not a simple class name");
      }
      types.add(type.asText());
    }
    Pattern message;
    try {
      message = Pattern.compile(required(name, text, where, node, "message"));
    } catch (PatternSyntaxException e) {
      throw new PlaybookException(at + ".message: not a valid regular expression: " + e.getDescription());
    }
    Set<String> services = new HashSet<>();
    for (JsonNode service : node.path("services")) {
      services.add(service.asText());
    }
    String recipe = required(name, text, where, node, "recipe");
    if (!ID.matcher(recipe).matches()) {
      throw new PlaybookException(at + ".recipe: must be a recipe id (lower-case words joined by '-')");
    }
    String category = required(name, text, where, node, "category");
    if (!CATEGORIES.contains(category)) {
      throw new PlaybookException(at + ".category: '" + category + "' is not one of " + String.join(", ", CATEGORIES));
    }
    JsonNode afterDeploy = node.path("afterDeploy");
    if (!afterDeploy.isMissingNode() && !afterDeploy.isBoolean()) {
      throw new PlaybookException(at + ".afterDeploy: must be true or false");
    }
    return new PlaybookRule(
        id, types, message, Set.copyOf(services), recipe, category, node.path("description").asText(""), afterDeploy.asBoolean(false));
  }

  private static String required(String name, String text, String where, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new PlaybookException(name + ": " + where + "." + field + ": required text field is missing");
    }
    return value.asText();
  }

  /** The 1-based line where {@code needle} first appears, for messages; 0 when not found. */
  private static int line(String text, String needle) {
    int at = text.indexOf(needle);
    return at < 0 ? 0 : (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }
}
