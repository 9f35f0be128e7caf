package dev.selfheal.starter.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A case's {@code truth.json}: the answer a diagnosis is scored against.
 *
 * @param rootCause {@code root_cause.service} and {@code .error_type}, which matching uses
 * @param component {@code root_cause.component}, free text for humans and the fix stage, or null
 * @param file {@code root_cause.file}, a path in the case's {@code repo/}, or null
 * @param frequencyBaseline what the naive most-frequent count answers for this case
 */
record CaseTruth(
    ServiceError rootCause,
    String component,
    String file,
    String category,
    List<ServiceError> symptoms,
    ServiceError frequencyBaseline) {

  static final String FILE = "truth.json";
  private static final Set<String> CATEGORIES =
      Set.of("config", "code", "dependency", "resource", "data", "network", "deploy", "infra");
  private static final ObjectMapper JSON = new ObjectMapper();

  static CaseTruth read(Path file) throws InvalidCaseException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidCaseException(FILE + " is missing");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new InvalidCaseException(FILE + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidCaseException(FILE + " cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidCaseException(FILE + " must be a JSON object");
    }
    JsonNode cause = object(root, "root_cause");
    String category = text(root, "category", "category", true);
    if (!CATEGORIES.contains(category)) {
      throw new InvalidCaseException(FILE + ": field 'category' is '" + category + "', not one of "
          + String.join(", ", CATEGORIES.stream().sorted().toList()));
    }
    JsonNode symptomNodes = root.get("symptoms");
    if (symptomNodes == null || !symptomNodes.isArray()) {
      throw new InvalidCaseException(FILE + ": field 'symptoms' must be an array");
    }
    List<ServiceError> symptoms = new ArrayList<>();
    for (int i = 0; i < symptomNodes.size(); i++) {
      symptoms.add(serviceError(symptomNodes.get(i), "symptoms[" + i + "]"));
    }
    return new CaseTruth(
        serviceError(cause, "root_cause"),
        text(cause, "component", "root_cause.component", false),
        text(cause, "file", "root_cause.file", false),
        category,
        List.copyOf(symptoms),
        serviceError(object(root, "frequency_baseline"), "frequency_baseline"));
  }

  private static ServiceError serviceError(JsonNode node, String at) throws InvalidCaseException {
    if (node == null || !node.isObject()) {
      throw new InvalidCaseException(FILE + ": field '" + at + "' must be an object");
    }
    return new ServiceError(text(node, "service", at + ".service", true), text(node, "error_type", at + ".error_type", false));
  }

  private static JsonNode object(JsonNode parent, String field) throws InvalidCaseException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new InvalidCaseException(FILE + ": field '" + field + "' must be an object");
    }
    return node;
  }

  /** A non-empty string; null where the field may be absent or null. */
  private static String text(JsonNode parent, String field, String at, boolean required) throws InvalidCaseException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidCaseException(FILE + ": field '" + at + "' is required");
      }
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidCaseException(
          FILE + ": field '" + at + "' must be a non-empty string" + (required ? "" : " or null"));
    }
    return node.asText();
  }
}
