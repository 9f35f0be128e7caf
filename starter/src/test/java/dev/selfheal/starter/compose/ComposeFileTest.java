package dev.selfheal.starter.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.starter.connect.EnvVars;
import dev.selfheal.starter.serve.ServeCommand;
import dev.selfheal.workflows.IncidentSearchAttributes;
import io.temporal.common.SearchAttributeKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production stack checked statically (no Docker daemon needed): docker-compose.yml, the
 * Dockerfile it builds and the catalog it mounts must agree with each other and with the code.
 */
class ComposeFileTest {
  private static final Set<String> CONDITIONS =
      Set.of("service_started", "service_healthy", "service_completed_successfully");
  private static final String TEMPORAL = "temporal";
  private static final String WORKER = "worker";
  private static final String ADMIN_TOOLS = "temporal-admin-tools";
  private static final String UI = "temporal-ui";
  private static final String RECEIVER = "receiver";
  private static final List<String> RECEIVER_SECRETS = List.of(
      EnvVars.SELFHEAL_RECEIVER_TOKEN, EnvVars.SELFHEAL_SENTRY_SECRET, EnvVars.SELFHEAL_PAGERDUTY_SECRET, EnvVars.SELFHEAL_WEBHOOK_SECRET);
  private static final List<String> CODE_HOST_TOKENS = List.of(EnvVars.GITHUB_TOKEN, EnvVars.GITLAB_TOKEN);

  private static Path home;
  private static String composeText;
  private static JsonNode services;
  private static JsonNode compose;
  private static List<Instruction> dockerfile;

  @BeforeAll
  static void load() throws IOException {
    home = Path.of(System.getProperty("selfheal.home", ".")).toAbsolutePath().normalize();
    Path composeFile = home.resolve("docker-compose.yml");
    assertThat(composeFile).as("docker-compose.yml under selfheal.home=%s", home).isRegularFile();
    composeText = Files.readString(composeFile);
    compose = new ObjectMapper(new YAMLFactory()).readTree(composeText);
    services = compose.path("services");
    Path dockerfilePath = home.resolve("Dockerfile");
    assertThat(dockerfilePath).as("the Dockerfile the worker service builds").isRegularFile();
    dockerfile = Instruction.parse(Files.readString(dockerfilePath));
  }

  // --- services and the order they start in

  @Test
  void everyServiceOfTheStackIsPresent() {
    assertThat(names(services))
        .as("services in docker-compose.yml")
        .contains("postgresql", TEMPORAL, ADMIN_TOOLS, UI, WORKER, RECEIVER);
  }

  @Test
  void dependsOnNamesExistingServicesWithAConditionTheyCanMeet() {
    services.fields().forEachRemaining(service -> {
      JsonNode dependsOn = service.getValue().path("depends_on");
      if (dependsOn.isMissingNode()) {
        return;
      }
      assertThat(dependsOn.isObject())
          .as("%s.depends_on must be a mapping with conditions, not a list", service.getKey())
          .isTrue();
      dependsOn.fields().forEachRemaining(dependency -> {
        String where = service.getKey() + ".depends_on." + dependency.getKey();
        assertThat(services.has(dependency.getKey())).as("%s names no service", where).isTrue();
        String condition = dependency.getValue().path("condition").asText();
        assertThat(condition).as("%s.condition", where).isIn(CONDITIONS);
        JsonNode target = services.get(dependency.getKey());
        if (condition.equals("service_healthy")) {
          assertThat(hasHealthcheck(target))
              .as("%s waits for service_healthy but %s has no healthcheck", where, dependency.getKey())
              .isTrue();
        }
        if (condition.equals("service_completed_successfully")) {
          assertThat(target.path("restart").asText("no"))
              .as("%s waits for a one-shot job, which must not restart", where)
              .isEqualTo("no");
        }
      });
    });
  }

  @Test
  void dependenciesHaveNoCycle() {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    services.fields().forEachRemaining(s -> edges.put(s.getKey(), names(s.getValue().path("depends_on"))));
    Set<String> done = new HashSet<>();
    for (String start : edges.keySet()) {
      findCycle(start, edges, new ArrayList<>(), done);
    }
  }

  private static void findCycle(String service, Map<String, List<String>> edges, List<String> path, Set<String> done) {
    if (path.contains(service)) {
      fail("depends_on cycle: %s -> %s", String.join(" -> ", path.subList(path.indexOf(service), path.size())), service);
    }
    if (!done.add(service)) {
      return;
    }
    path.add(service);
    for (String next : edges.getOrDefault(service, List.of())) {
      findCycle(next, edges, path, done);
    }
    path.remove(path.size() - 1);
  }

  @Test
  void imagesArePinnedToATag() {
    services.fields().forEachRemaining(service -> {
      JsonNode image = service.getValue().path("image");
      assertThat(image.isTextual() || service.getValue().has("build"))
          .as("%s has neither image nor build", service.getKey())
          .isTrue();
      if (image.isTextual()) {
        assertPinned(image.asText(), "services." + service.getKey() + ".image");
      }
    });
  }

  // --- what the host sees

  @Test
  void publishedPortsAreUniqueAndTheDocumentedOnes() {
    Map<Integer, String> byHostPort = new HashMap<>();
    services.fields().forEachRemaining(service -> {
      for (Port port : ports(service.getValue())) {
        String previous = byHostPort.put(port.host(), service.getKey());
        assertThat(previous)
            .as("host port %d is published by both %s and %s", port.host(), previous, service.getKey())
            .isNull();
      }
    });
    assertThat(ports(service(TEMPORAL))).as("temporal frontend port").containsExactly(new Port(7233, 7233));
    assertThat(ports(service(UI))).as("Web UI port").containsExactly(new Port(8080, 8080));
    String header = composeText.lines().takeWhile(l -> l.startsWith("#")).collect(Collectors.joining("\n"));
    for (int hostPort : byHostPort.keySet()) {
      assertThat(header).as("the header comment documents published port %d", hostPort).contains("localhost:" + hostPort);
    }
    URI webUi = URI.create(workerEnv(EnvVars.SELFHEAL_WEB_UI));
    assertThat(webUi.getPort())
        .as("worker's %s is the UI's published port", EnvVars.SELFHEAL_WEB_UI)
        .isEqualTo(ports(service(UI)).get(0).host());
  }

  @Test
  void workerScalesWithoutCollisions() {
    JsonNode worker = service(WORKER);
    assertThat(worker.has("container_name")).as("worker.container_name blocks --scale worker=N").isFalse();
    assertThat(worker.has("hostname")).as("worker.hostname would give every replica the same host id").isFalse();
    assertThat(worker.has("ports")).as("worker.ports: a fixed host port blocks --scale; use expose").isFalse();
    assertThat(env(WORKER))
        .as("worker must not fix %s: each replica's host id is its container hostname", EnvVars.SELFHEAL_HOST_ID)
        .doesNotContainKey(EnvVars.SELFHEAL_HOST_ID);
    assertThat(texts(worker.path("expose")))
        .as("worker.expose carries the health port")
        .contains(workerEnv(EnvVars.SELFHEAL_HEALTH_PORT));
  }

  // --- the worker's configuration

  @Test
  void workerSetsOnlyEnvVarsSelfhealReads() {
    Map<String, String> env = env(WORKER);
    assertThat(env.keySet()).as("worker.environment keys not in EnvVars.ALL").isSubsetOf(EnvVars.ALL);
    for (String required : List.of(EnvVars.TEMPORAL_ADDRESS, EnvVars.SELFHEAL_CATALOG, EnvVars.SELFHEAL_WORKSPACE)) {
      assertThat(env.get(required)).as("worker.environment.%s is required", required).isNotBlank();
    }
  }

  @Test
  void workerTakesCodeHostTokensFromTheHostNotFromThisFile() {
    Map<String, String> env = env(WORKER);
    for (String token : CODE_HOST_TOKENS) {
      assertThat(env.get(token)).as("worker.environment.%s is interpolated from the host", token)
          .isEqualTo("${" + token + ":-}");
    }
  }

  // --- the alert receiver

  @Test
  void receiverServesFromTheWorkersImageOnceTemporalIsReady() {
    JsonNode receiver = service(RECEIVER);
    assertThat(receiver.path("image").asText()).as("receiver.image is the worker's").isEqualTo(service(WORKER).path("image").asText());
    assertThat(texts(receiver.path("command"))).as("receiver.command").containsExactly("serve");
    assertThat(receiver.path("depends_on").path(TEMPORAL).path("condition").asText())
        .as("receiver waits for a healthy frontend").isEqualTo("service_healthy");
    assertThat(receiver.path("depends_on").path(ADMIN_TOOLS).path("condition").asText())
        .as("receiver waits for the search attributes incidents are started with").isEqualTo("service_completed_successfully");
  }

  @Test
  void receiverPublishesTheServePortAndChecksHealthOnIt() {
    List<Port> published = ports(service(RECEIVER));
    assertThat(published).as("receiver publishes one port").hasSize(1);
    assertThat(published.get(0).container()).as("receiver's container port is serve's default --listen port")
        .isEqualTo(ServeCommand.DEFAULT_PORT);
    String check = String.join(" ", texts(service(RECEIVER).path("healthcheck").path("test")));
    assertThat(check).as("receiver healthcheck").contains("localhost:" + ServeCommand.DEFAULT_PORT + "/health");
  }

  @Test
  void receiverTakesItsSecretsFromTheHostNotFromThisFile() {
    Map<String, String> env = env(RECEIVER);
    assertThat(env.keySet()).as("receiver.environment keys not in EnvVars.ALL").isSubsetOf(EnvVars.ALL);
    assertThat(env.get(EnvVars.TEMPORAL_ADDRESS)).as("receiver's %s", EnvVars.TEMPORAL_ADDRESS).isEqualTo(workerEnv(EnvVars.TEMPORAL_ADDRESS));
    assertThat(env.get(EnvVars.TEMPORAL_NAMESPACE)).as("receiver's namespace").isEqualTo(workerEnv(EnvVars.TEMPORAL_NAMESPACE));
    for (String secret : RECEIVER_SECRETS) {
      assertThat(env.get(secret)).as("receiver.environment.%s is interpolated from the host", secret)
          .isEqualTo("${" + secret + ":-}");
    }
  }

  @Test
  void envVarNamesAreDistinct() {
    assertThat(EnvVars.ALL).as("EnvVars.ALL").doesNotHaveDuplicates();
  }

  @Test
  void temporalAddressPointsAtTheFrontendContainerPort() {
    List<Port> published = ports(service(TEMPORAL));
    assertThat(published).as("temporal publishes its frontend").hasSize(1);
    String expected = TEMPORAL + ":" + published.get(0).container();
    assertThat(workerEnv(EnvVars.TEMPORAL_ADDRESS)).as("worker's %s", EnvVars.TEMPORAL_ADDRESS).isEqualTo(expected);
    for (String client : List.of(ADMIN_TOOLS, UI)) {
      assertThat(env(client).get(EnvVars.TEMPORAL_ADDRESS)).as("%s's TEMPORAL_ADDRESS", client).isEqualTo(expected);
    }
  }

  @Test
  void longRunningServicesHaveHealthchecks() {
    for (String name : List.of("postgresql", TEMPORAL, UI, WORKER, RECEIVER)) {
      assertThat(hasHealthcheck(service(name))).as("%s.healthcheck has a test and is not disabled", name).isTrue();
    }
    String workerCheck = String.join(" ", texts(service(WORKER).path("healthcheck").path("test")));
    assertThat(workerCheck)
        .as("worker healthcheck probes /health on %s", EnvVars.SELFHEAL_HEALTH_PORT)
        .contains("localhost:" + workerEnv(EnvVars.SELFHEAL_HEALTH_PORT) + "/health");
  }

  @Test
  void namedVolumesAreDeclared() {
    Set<String> declared = new HashSet<>(names(compose.path("volumes")));
    services.fields().forEachRemaining(service -> {
      for (Mount mount : mounts(service.getValue())) {
        if (mount.named()) {
          assertThat(declared)
              .as("%s mounts volume '%s', which is not declared under top-level volumes", service.getKey(), mount.source())
              .contains(mount.source());
        }
      }
    });
  }

  // --- what the stack and the code must agree on

  @Test
  void adminToolsRegisterExactlyTheIncidentSearchAttributesAsKeywords() {
    String script = String.join("\n", texts(service(ADMIN_TOOLS).path("command")));
    Set<String> expected =
        IncidentSearchAttributes.ALL.stream().map(SearchAttributeKey::getName).collect(Collectors.toSet());
    Set<String> named = new LinkedHashSet<>();
    Matcher m = Pattern.compile("\\bSelfheal[A-Z][A-Za-z]*\\b").matcher(script);
    while (m.find()) {
      named.add(m.group());
    }
    assertThat(named).as("search attributes the admin-tools command names").isEqualTo(expected);
    assertThat(script).as("admin-tools creates them as keywords").contains("search-attribute create").contains("--type Keyword");
    assertThat(script).as("admin-tools makes sure the namespace exists").contains("namespace describe").contains("namespace create");
    assertThat(script).as("admin-tools must fail when an attribute is missing").startsWith("set -e").doesNotContain("|| true");
    assertThat(script.replace("$$", ""))
        .as("a single $ in the admin-tools command is interpolated by compose from the host; write $$")
        .doesNotContain("$");
    assertThat(env(ADMIN_TOOLS).get(EnvVars.TEMPORAL_NAMESPACE))
        .as("admin-tools prepares the namespace the worker uses")
        .isEqualTo(workerEnv(EnvVars.TEMPORAL_NAMESPACE));
  }

  @Test
  void catalogMountedIntoTheWorkerIsInTheRepoAndLoads() {
    String catalogPath = workerEnv(EnvVars.SELFHEAL_CATALOG);
    Mount catalog =
        mounts(service(WORKER)).stream()
            .filter(mount -> mount.target().equals(catalogPath))
            .findFirst()
            .orElseThrow(() -> new AssertionError("worker mounts nothing at its " + EnvVars.SELFHEAL_CATALOG + " " + catalogPath));
    assertThat(catalog.named()).as("the catalog is a file of this repo, not a volume").isFalse();
    assertThat(catalog.readOnly()).as("the catalog is mounted read-only").isTrue();
    Path file = home.resolve(catalog.source()).normalize();
    assertThat(file).as("catalog file mounted into the worker").isRegularFile();
    assertThat(ServiceCatalog.load(file).all()).as("services in %s", file).isNotEmpty();
  }

  // --- the Dockerfile the worker is built from

  @Test
  void workerIsBuiltFromTheRootDockerfileWithItsDefaultVerb() {
    JsonNode worker = service(WORKER);
    assertThat(worker.path("build").asText()).as("worker.build context").isEqualTo(".");
    assertThat(texts(worker.path("command"))).as("worker.command is the image's CMD").isEqualTo(jsonArray(only("CMD")));
  }

  @Test
  void dockerfileBaseImagesArePinned() {
    List<Instruction> froms = all("FROM");
    assertThat(froms).as("FROM lines: a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(2);
    for (Instruction from : froms) {
      assertPinned(from.args().split("\\s+")[0], "Dockerfile " + from);
    }
  }

  @Test
  void dockerfileServesTheHealthPortTheComposeHealthcheckProbes() {
    String port = workerEnv(EnvVars.SELFHEAL_HEALTH_PORT);
    Set<String> exposed = new HashSet<>();
    all("EXPOSE").forEach(e -> exposed.addAll(List.of(e.args().replace("/tcp", "").split("\\s+"))));
    assertThat(exposed).as("Dockerfile EXPOSE").contains(port);
    assertThat(dockerEnv()).as("Dockerfile ENV").containsEntry(EnvVars.SELFHEAL_HEALTH_PORT, port);
  }

  @Test
  void dockerfileEntrypointRunsTheCliJarItCopies() {
    List<String> entrypoint = jsonArray(only("ENTRYPOINT"));
    assertThat(entrypoint).as("ENTRYPOINT (exec form)").hasSize(3).startsWith("java", "-jar");
    String jar = entrypoint.get(2);
    assertThat(jar).as("ENTRYPOINT jar").endsWith("/selfheal.jar");
    assertThat(all("COPY"))
        .as("a COPY that puts the CLI jar at %s", jar)
        .anyMatch(copy -> copy.args().endsWith(" " + jar) && copy.args().contains("selfheal.jar "));
    // the jar's manifest class path is lib/ beside it
    String lib = jar.substring(0, jar.lastIndexOf('/') + 1) + "lib/";
    assertThat(all("COPY"))
        .as("a COPY that puts the jar's libraries at %s", lib)
        .anyMatch(copy -> copy.args().endsWith(" " + lib) && copy.args().contains("lib/ "));
  }

  @Test
  void dockerfileDefaultsAgreeWithTheWorkerService() {
    Map<String, String> defaults = dockerEnv();
    assertThat(defaults.keySet()).as("Dockerfile ENV keys not in EnvVars.ALL").isSubsetOf(EnvVars.ALL);
    Map<String, String> worker = env(WORKER);
    defaults.forEach((key, value) -> {
      if (worker.containsKey(key)) {
        assertThat(worker.get(key)).as("worker.environment.%s against the Dockerfile's ENV", key).isEqualTo(value);
      }
    });
    String workspace = workerEnv(EnvVars.SELFHEAL_WORKSPACE);
    assertThat(all("VOLUME")).as("Dockerfile VOLUME for the workspace %s", workspace).anyMatch(v -> v.args().contains(workspace));
    assertThat(mounts(service(WORKER)))
        .as("worker mounts a named volume at its workspace %s", workspace)
        .anyMatch(m -> m.named() && m.target().equals(workspace));
  }

  // --- reading compose

  private static JsonNode service(String name) {
    JsonNode service = services.get(name);
    assertThat(service).as("service %s in docker-compose.yml", name).isNotNull();
    return service;
  }

  private static boolean hasHealthcheck(JsonNode service) {
    JsonNode check = service.path("healthcheck");
    return check.path("test").isArray() && !check.path("test").isEmpty() && !check.path("disable").asBoolean(false);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    } else {
      node.forEach(n -> names.add(n.asText()));
    }
    return names;
  }

  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> texts.add(n.asText()));
    } else if (!node.isMissingNode()) {
      texts.add(node.asText());
    }
    return texts;
  }

  /** A variable the worker service must set. */
  private static String workerEnv(String key) {
    Map<String, String> env = env(WORKER);
    assertThat(env).as("worker.environment").containsKey(key);
    return env.get(key);
  }

  /** A service's environment, from either the mapping or the KEY=VALUE list form. */
  private static Map<String, String> env(String service) {
    JsonNode environment = service(service).path("environment");
    Map<String, String> env = new LinkedHashMap<>();
    if (environment.isObject()) {
      environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    } else {
      environment.forEach(e -> {
        String[] kv = e.asText().split("=", 2);
        env.put(kv[0], kv.length > 1 ? kv[1] : "");
      });
    }
    return env;
  }

  record Port(int host, int container) {}

  /** Fixed host ports a service publishes, short ({@code [ip:]host:container[/proto]}) or long syntax. */
  private static List<Port> ports(JsonNode service) {
    List<Port> ports = new ArrayList<>();
    for (JsonNode port : service.path("ports")) {
      if (port.isObject()) {
        ports.add(new Port(port.path("published").asInt(), port.path("target").asInt()));
        continue;
      }
      String[] parts = port.asText().replaceFirst("/\\w+$", "").split(":");
      assertThat(parts.length).as("port '%s' publishes on a random host port; give it a fixed one", port.asText()).isGreaterThan(1);
      ports.add(new Port(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1])));
    }
    return ports;
  }

  record Mount(String source, String target, boolean readOnly) {
    boolean named() {
      return !(source.startsWith(".") || source.startsWith("/") || source.startsWith("~"));
    }
  }

  private static List<Mount> mounts(JsonNode service) {
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode volume : service.path("volumes")) {
      if (volume.isObject()) {
        mounts.add(new Mount(volume.path("source").asText(), volume.path("target").asText(), volume.path("read_only").asBoolean()));
      } else {
        String[] parts = volume.asText().split(":");
        mounts.add(new Mount(parts[0], parts[1], parts.length > 2 && List.of(parts[2].split(",")).contains("ro")));
      }
    }
    return mounts;
  }

  /** An image reference has a tag other than latest, or a digest. */
  private static void assertPinned(String image, String where) {
    if (image.contains("@sha256:")) {
      return;
    }
    int colon = image.lastIndexOf(':');
    String tag = colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "";
    assertThat(tag).as("%s: image '%s' must be pinned to a tag", where, image).isNotBlank().isNotEqualTo("latest");
  }

  // --- reading the Dockerfile

  /** One Dockerfile instruction, continuation lines joined. */
  record Instruction(String keyword, String args) {
    static List<Instruction> parse(String text) {
      List<Instruction> instructions = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : text.lines().toList()) {
        String trimmed = line.strip();
        if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
          continue;
        }
        if (trimmed.endsWith("\\")) {
          current.append(trimmed, 0, trimmed.length() - 1).append(' ');
          continue;
        }
        current.append(trimmed);
        String[] split = current.toString().strip().split("\\s+", 2);
        instructions.add(new Instruction(split[0].toUpperCase(), split.length > 1 ? split[1].strip() : ""));
        current.setLength(0);
      }
      return instructions;
    }

    @Override
    public String toString() {
      return keyword + " " + args;
    }
  }

  private static List<Instruction> all(String keyword) {
    return dockerfile.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  private static Instruction only(String keyword) {
    List<Instruction> found = all(keyword);
    assertThat(found).as("Dockerfile %s instructions", keyword).hasSize(1);
    return found.get(0);
  }

  private static List<String> jsonArray(Instruction instruction) {
    try {
      List<String> values = new ArrayList<>();
      new ObjectMapper().readTree(instruction.args()).forEach(v -> values.add(v.asText()));
      return values;
    } catch (IOException e) {
      throw new AssertionError("Dockerfile " + instruction + " is not in exec (JSON array) form", e);
    }
  }

  /** Every {@code ENV KEY=VALUE ...} of the Dockerfile (values without spaces). */
  private static Map<String, String> dockerEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    for (Instruction instruction : all("ENV")) {
      for (String pair : instruction.args().split("\\s+")) {
        String[] kv = pair.split("=", 2);
        assertThat(kv).as("Dockerfile ENV '%s' must use KEY=VALUE", pair).hasSize(2);
        env.put(kv[0], kv[1]);
      }
    }
    return env;
  }
}
