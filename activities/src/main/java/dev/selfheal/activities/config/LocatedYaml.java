package dev.selfheal.activities.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into a tree while remembering where each value was declared (its key in
 * a mapping, the element itself in a list), so an error about a field can name its line. A key
 * given twice is a problem, not silently the last value; a syntax error is a problem at its line.
 */
final class LocatedYaml {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<JsonPointer, JsonLocation> locations = new HashMap<>();
  private final Map<JsonPointer, String> literals = new HashMap<>();
  private final List<CatalogProblem> problems = new ArrayList<>();
  private final Set<JsonPointer> reported = new HashSet<>();
  private JsonNode root;

  private LocatedYaml() {}

  static LocatedYaml parse(String text) {
    LocatedYaml yaml = new LocatedYaml();
    try (JsonParser parser = YAML.createParser(text)) {
      if (parser.nextToken() != null) {
        yaml.locations.put(JsonPointer.empty(), parser.currentTokenLocation());
        yaml.root = yaml.value(parser, JsonPointer.empty(), "");
        if (parser.nextToken() != null) {
          yaml.problems.add(new CatalogProblem(parser.currentTokenLocation(), "", "only one YAML document is allowed"));
        }
      }
    } catch (JsonProcessingException e) {
      yaml.problems.add(syntaxError(e));
      yaml.root = null;
    } catch (IOException e) {
      // reading from a String does no I/O; kept as a problem rather than an unchecked surprise
      yaml.problems.add(new CatalogProblem(JsonLocation.NA, "", "cannot read: " + e.getMessage()));
      yaml.root = null;
    }
    return yaml;
  }

  /**
   * One line where the parser stopped. SnakeYAML's own message spans several lines with a caret
   * drawing; its problem and context say the same in one.
   */
  private static CatalogProblem syntaxError(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      Mark mark = marked.getProblemMark();
      String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
      return new CatalogProblem(mark.getLine() + 1, mark.getColumn() + 1, "", "not valid YAML: " + context + marked.getProblem());
    }
    JsonLocation at = e.getLocation() == null ? JsonLocation.NA : e.getLocation();
    return new CatalogProblem(at, "", "not valid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " "));
  }

  /** The document, or null when it is empty or not valid YAML. */
  JsonNode root() {
    return root;
  }

  /** Duplicate keys and syntax errors found while reading. */
  List<CatalogProblem> problems() {
    return problems;
  }

  /** Where the value at {@code pointer} was declared, or its nearest declared ancestor. */
  JsonLocation at(JsonPointer pointer) {
    for (JsonPointer p = pointer; p != null; p = p.head()) {
      JsonLocation location = locations.get(p);
      if (location != null) {
        return location;
      }
    }
    return JsonLocation.NA;
  }

  /** True when reading already reported the value at {@code pointer}, so it needs no second error. */
  boolean reported(JsonPointer pointer) {
    return reported.contains(pointer);
  }

  /** A scalar as written ({@code 1.10}, not the number 1.1), or null for text and containers. */
  String literal(JsonPointer pointer) {
    return literals.get(pointer);
  }

  private JsonNode value(JsonParser parser, JsonPointer at, String path) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return mapping(parser, at, path);
      case START_ARRAY:
        ArrayNode list = NODES.arrayNode();
        for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
          JsonPointer element = at.appendIndex(index);
          locations.put(element, parser.currentTokenLocation());
          list.add(value(parser, element, path + "[" + index + "]"));
        }
        return list;
      case VALUE_STRING:
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          // Jackson hands an alias over as its anchor's name, not the anchored value
          problems.add(new CatalogProblem(parser.currentTokenLocation(), path,
              "YAML aliases (*" + parser.getText() + ") are not supported; write the value out"));
          reported.add(at);
        }
        return NODES.textNode(parser.getText());
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        literals.put(at, parser.getText());
        return switch (token) {
          case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
          };
          case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
          case VALUE_TRUE -> NODES.booleanNode(true);
          case VALUE_FALSE -> NODES.booleanNode(false);
          default -> NODES.textNode(parser.getText());
        };
    }
  }

  private ObjectNode mapping(JsonParser parser, JsonPointer at, String path) throws IOException {
    ObjectNode mapping = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonLocation keyAt = parser.currentTokenLocation();
      JsonPointer child = at.appendProperty(key);
      String childPath = path.isEmpty() ? key : path + "." + key;
      parser.nextToken();
      if (mapping.has(key)) {
        problems.add(new CatalogProblem(keyAt, childPath, "duplicate key (first at line " + locations.get(child).getLineNr() + ")"));
        parser.skipChildren();
      } else {
        locations.put(child, keyAt);
        mapping.set(key, value(parser, child, childPath));
      }
    }
    return mapping;
  }
}
