package dev.selfheal.activities.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.IncidentIds;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services selfheal knows, read from a YAML file:
 *
 * <pre>
 * services:
 *   report-service:
 *     origin: /srv/git/report-service.git
 *     defaultBranch: main
 *     testCommand: ./test.sh
 *     deploy: {dir: /srv/report-service, command: ./deploy.sh}
 *     env: {PORT: "8080"}
 *     health: http://127.0.0.1:8080/health
 *     verifyJob: http://127.0.0.1:8080/jobs/run
 *     logs: [/var/log/report-service/report-service.jsonl]
 *     minConfidence: 0.7   # optional: escalate below this diagnosis confidence
 * </pre>
 *
 * Validated on load; errors name the file, line and field.
 */
public final class ServiceCatalog {
  private final Map<String, ServiceSpec> services;

  public ServiceCatalog(Map<String, ServiceSpec> services) {
    this.services = Map.copyOf(services);
  }

  public static ServiceCatalog load(Path file) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode root;
    try {
      root = yaml.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new CatalogException(file + ":" + (at == null ? "?" : at.getLineNr()) + ": not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot read: " + e.getMessage());
    }
    if (root == null || !root.path("services").isObject()) {
      throw new CatalogException(file + ":1: field 'services' is missing or not a mapping");
    }
    Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.get("services").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      specs.put(entry.getKey(), parse(file, entry.getKey(), entry.getValue()));
    }
    return new ServiceCatalog(specs);
  }

  private static ServiceSpec parse(Path file, String name, JsonNode node) {
    String where = file + " services." + name;
    try {
      IncidentIds.requireService(name);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(where + ": " + e.getMessage());
    }
    if (!node.isObject()) {
      throw new CatalogException(where + ": must be a mapping");
    }
    Map<String, String> env = new LinkedHashMap<>();
    node.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    List<String> logs = new ArrayList<>();
    node.path("logs").forEach(l -> logs.add(l.asText()));
    if (logs.isEmpty()) {
      throw new CatalogException(where + ".logs: at least one log file is required");
    }
    return new ServiceSpec(
        name,
        required(node, "origin", where),
        Optional.ofNullable(node.path("defaultBranch").textValue()).orElse("main"),
        required(node, "testCommand", where),
        required(node.path("deploy"), "dir", where + ".deploy"),
        required(node.path("deploy"), "command", where + ".deploy"),
        env,
        required(node, "health", where),
        node.path("verifyJob").textValue(),
        logs,
        confidence(node, where));
  }

  private static Double confidence(JsonNode node, String where) {
    JsonNode value = node.get("minConfidence");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
      throw new CatalogException(where + ".minConfidence: must be a number from 0 to 1, not " + value);
    }
    return value.asDouble();
  }

  private static String required(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new CatalogException(where + "." + field + ": required text field is missing");
    }
    return value.asText();
  }

  public Optional<ServiceSpec> find(String service) {
    return Optional.ofNullable(services.get(service));
  }

  /** The spec, or a non-retryable {@code UNKNOWN_SERVICE} failure naming the known services. */
  public ServiceSpec require(String service) {
    ServiceSpec spec = services.get(service);
    if (spec == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "service '" + service + "' is not in the catalog (known: " + String.join(", ", services.keySet()) + ")",
          Errors.UNKNOWN_SERVICE.name());
    }
    return spec;
  }

  public Map<String, ServiceSpec> all() {
    return services;
  }

  /** A catalog that cannot be used; the message names file, line or field. */
  public static final class CatalogException extends RuntimeException {
    public CatalogException(String message) {
      super(message);
    }
  }
}
