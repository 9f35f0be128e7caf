package dev.selfheal.activities.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.activities.Glob;
import dev.selfheal.activities.ci.reports.JUnitReports;
import dev.selfheal.activities.fix.guard.GuardPolicy;
import dev.selfheal.activities.review.CodeHostConfig;
import dev.selfheal.activities.review.CodeHostKind;
import dev.selfheal.workflows.IncidentIds;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads a catalog file into service specs. It does not stop at the first mistake: every problem
 * (missing or unknown field, wrong type, number out of range, unknown value, duplicate key) is
 * collected with its line, and all are thrown together in one {@link CatalogException}.
 */
final class CatalogReader {
  private static final List<String> ROOT_FIELDS = List.of("services");
  private static final List<String> SERVICE_FIELDS = List.of(
      "origin", "defaultBranch", "testCommand", "deploy", "restart", "env", "health", "verifyJob", "logs", "owners",
      "autonomy", "thresholds", "review", "guard", "testReports");
  /** Fields that used to sit elsewhere, so an old catalog is told where they went. */
  private static final Map<String, String> MOVED_SERVICE_FIELDS = Map.of("minConfidence", "thresholds.minConfidence");
  private static final List<String> DEPLOY_FIELDS = List.of("dir", "command");
  private static final List<String> RESTART_FIELDS = List.of("command", "dir");
  private static final List<String> HEALTH_FIELDS = List.of("url", "command", "intervalSeconds", "timeoutSeconds");
  private static final List<String> LOG_FIELDS = List.of("path", "format");
  private static final List<String> THRESHOLD_FIELDS = List.of("minConfidence", "recurrence", "flapping", "backoff");
  private static final List<String> RECURRENCE_FIELDS = List.of("count", "windowMinutes");
  private static final List<String> FLAPPING_FIELDS = List.of("crashes", "windowSeconds", "cooldownMinutes");
  private static final List<String> BACKOFF_FIELDS = List.of("initialSeconds", "maxSeconds", "healthyResetSeconds");
  private static final List<String> REVIEW_FIELDS = List.of("host", "repo", "apiUrl", "tokenEnv", "labels");
  private static final List<String> HOSTED_REVIEW_FIELDS = List.of("repo", "apiUrl", "tokenEnv", "labels");
  private static final List<String> GUARD_FIELDS = List.of("allowedPaths", "maxFiles", "maxChangedLines");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Prefixes of GitHub and GitLab tokens: a token pasted where its variable's name belongs. */
  private static final Pattern TOKEN_LIKE = Pattern.compile("(ghp|gho|ghu|ghs|ghr|github_pat|glpat)[_-].*");
  /** Which field a {@link CodeHostConfig} refusal is about; its messages start with the field. */
  private static final Pattern CODE_HOST_FIELD = Pattern.compile("code host (repo|apiUrl|tokenEnv)\\b.*");
  private static final int DAY_SECONDS = 86_400;
  private static final int WEEK_MINUTES = 10_080;

  private final LocatedYaml yaml;
  private final List<CatalogProblem> problems = new ArrayList<>();

  private CatalogReader(LocatedYaml yaml) {
    this.yaml = yaml;
    problems.addAll(yaml.problems());
  }

  /**
   * @throws CatalogException listing every problem in the file, each with its line
   */
  static Map<String, ServiceSpec> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new CatalogException(file.toString(), List.of(file + ": no such file"));
    } catch (IOException e) {
      throw new CatalogException(file.toString(), List.of(file + ": cannot read: " + e.getMessage()));
    }
    CatalogReader reader = new CatalogReader(LocatedYaml.parse(text));
    Map<String, ServiceSpec> services = reader.services();
    if (!reader.problems.isEmpty()) {
      throw new CatalogException(file.toString(),
          reader.problems.stream().sorted(CatalogProblem.IN_FILE_ORDER).map(p -> p.format(file.toString())).toList());
    }
    return services;
  }

  /** A value in the file: the node (null when absent), its pointer for the location, its dotted path for messages. */
  private record At(JsonNode node, JsonPointer pointer, String path) {
    At child(String field) {
      return new At(node == null ? null : node.get(field), pointer.appendProperty(field), path.isEmpty() ? field : path + "." + field);
    }

    At element(int index) {
      return new At(node.get(index), pointer.appendIndex(index), path + "[" + index + "]");
    }

    String name() {
      return pointer.last().getMatchingProperty();
    }

    boolean absent() {
      return node == null || node.isNull();
    }
  }

  private Map<String, ServiceSpec> services() {
    Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    At root = new At(yaml.root(), JsonPointer.empty(), "");
    if (root.node() == null) {
      if (problems.isEmpty()) {
        problem(root.child("services"), "required field is missing; the file is empty");
      }
      return specs;
    }
    if (!root.node().isObject()) {
      problem(root, "the file must be a mapping with 'services', not " + describe(root.node()));
      return specs;
    }
    onlyKnown(root, ROOT_FIELDS, Map.of());
    At services = root.child("services");
    if (services.absent()) {
      missing(services);
    } else if (!services.node().isObject()) {
      problem(services, "must be a mapping of service names to their fields, not " + describe(services.node()));
    } else if (services.node().isEmpty()) {
      problem(services, "lists no service; name at least one");
    } else {
      for (Iterator<String> names = services.node().fieldNames(); names.hasNext(); ) {
        At service = services.child(names.next());
        ServiceSpec spec = service(service);
        if (spec != null) {
          specs.put(spec.name(), spec);
        }
      }
    }
    return specs;
  }

  /** The spec, or null when the service has problems (they are recorded). */
  private ServiceSpec service(At at) {
    int before = problems.size();
    String name = at.name();
    try {
      IncidentIds.requireService(name);
    } catch (IllegalArgumentException e) {
      problem(at, e.getMessage());
    }
    if (at.absent() || !at.node().isObject()) {
      problem(at, "must be a mapping of the service's fields, not " + describe(at.node()));
      return null;
    }
    onlyKnown(at, SERVICE_FIELDS, MOVED_SERVICE_FIELDS);
    String origin = text(at.child("origin"), true);
    String defaultBranch = branch(at.child("defaultBranch"));
    String testCommand = text(at.child("testCommand"), true);
    At deploy = at.child("deploy");
    String deployDir = null;
    String deployCommand = null;
    if (mapping(deploy, true, DEPLOY_FIELDS)) {
      deployDir = text(deploy.child("dir"), true);
      deployCommand = text(deploy.child("command"), true);
    }
    RestartSpec restart = restart(at.child("restart"), deployDir);
    Map<String, String> env = env(at.child("env"));
    HealthCheck health = health(at.child("health"));
    String verifyJob = url(at.child("verifyJob"), false);
    List<LogSource> logs = logs(at.child("logs"));
    List<String> owners = owners(at.child("owners"));
    Autonomy autonomy = choice(at.child("autonomy"), Autonomy.SUGGEST, Autonomy.values());
    Thresholds thresholds = thresholds(at.child("thresholds"));
    CodeHostConfig review = review(at.child("review"));
    GuardPolicy guard = guard(at.child("guard"));
    At reports = at.child("testReports");
    List<String> testReports = reports.absent() ? JUnitReports.DEFAULT_GLOBS : globs(reports, "the default globs");
    if (problems.size() > before) {
      return null;
    }
    return new ServiceSpec(name, origin, defaultBranch, testCommand, deployDir, deployCommand, restart, env, health,
        verifyJob, logs, owners, autonomy, thresholds, review, guard, testReports);
  }

  private String branch(At at) {
    String branch = text(at, false);
    if (branch == null) {
      return at.absent() ? "main" : null;
    }
    if (!Repository.isValidRefName("refs/heads/" + branch)) {
      problem(at, "'" + branch + "' is not a valid branch name");
    }
    return branch;
  }

  private RestartSpec restart(At at, String deployDir) {
    if (!mapping(at, false, RESTART_FIELDS)) {
      return null;
    }
    String command = text(at.child("command"), true);
    String dir = text(at.child("dir"), false);
    return new RestartSpec(command, dir == null ? deployDir : dir);
  }

  private Map<String, String> env(At at) {
    Map<String, String> env = new LinkedHashMap<>();
    if (!mapping(at, false, null)) {
      return env;
    }
    for (Iterator<String> names = at.node().fieldNames(); names.hasNext(); ) {
      At variable = at.child(names.next());
      if (!ENV_NAME.matcher(variable.name()).matches()) {
        problem(variable, "not a valid environment variable name (letters, digits, '_'; not starting with a digit)");
      }
      JsonNode value = variable.node();
      if (value.isTextual()) {
        env.put(variable.name(), value.asText());
      } else if (value.isValueNode() && !value.isNull()) {
        env.put(variable.name(), yaml.literal(variable.pointer()));
      } else {
        problem(variable, "must be a text value (write \"\" for empty), not " + describe(value));
      }
    }
    return env;
  }

  private HealthCheck health(At at) {
    if (at.absent()) {
      missing(at);
      return null;
    }
    if (at.node().isTextual()) {
      String url = url(at, true);
      return url == null ? null : HealthCheck.ofUrl(url);
    }
    if (!at.node().isObject()) {
      problem(at, "must be a URL or a mapping with url or command, not " + describe(at.node()));
      return null;
    }
    onlyKnown(at, HEALTH_FIELDS, Map.of());
    String url = url(at.child("url"), false);
    String command = text(at.child("command"), false);
    Duration interval = Duration.ofSeconds(
        whole(at.child("intervalSeconds"), (int) HealthCheck.DEFAULT_INTERVAL.toSeconds(), 1, DAY_SECONDS));
    Duration timeout = Duration.ofSeconds(
        whole(at.child("timeoutSeconds"), (int) HealthCheck.DEFAULT_TIMEOUT.toSeconds(), 1, 3600));
    boolean hasUrl = !at.child("url").absent();
    boolean hasCommand = !at.child("command").absent();
    if (hasUrl && hasCommand) {
      problem(at.child("command"), "give either url or command, not both");
    } else if (!hasUrl && !hasCommand) {
      problem(at, "needs a url (GET, 2xx is healthy) or a command (exit 0 is healthy)");
    }
    return (url == null) == (command == null) ? null : new HealthCheck(url, command, interval, timeout);
  }

  private List<LogSource> logs(At at) {
    List<LogSource> logs = new ArrayList<>();
    if (at.absent()) {
      missing(at);
      return logs;
    }
    if (!at.node().isArray()) {
      problem(at, "must be a list of log files, not " + describe(at.node()));
      return logs;
    }
    if (at.node().isEmpty()) {
      problem(at, "at least one log file is required");
    }
    for (int i = 0; i < at.node().size(); i++) {
      At source = at.element(i);
      if (source.node().isTextual()) {
        String path = text(source, true);
        logs.add(new LogSource(path, LogFormat.AUTO));
      } else if (source.node().isObject()) {
        onlyKnown(source, LOG_FIELDS, Map.of());
        String path = text(source.child("path"), true);
        LogFormat format = choice(source.child("format"), LogFormat.AUTO, LogFormat.values());
        logs.add(new LogSource(path, format));
      } else {
        problem(source, "must be a file path or a mapping with path and format, not " + describe(source.node()));
      }
    }
    return logs;
  }

  private List<String> owners(At at) {
    List<String> owners = new ArrayList<>();
    if (at.absent()) {
      return owners;
    }
    if (!at.node().isArray()) {
      problem(at, "must be a list of emails or handles, not " + describe(at.node()));
      return owners;
    }
    for (int i = 0; i < at.node().size(); i++) {
      At owner = at.element(i);
      String text = text(owner, true);
      if (text != null && text.strip().chars().anyMatch(Character::isWhitespace)) {
        problem(owner, "'" + text + "' is not an email or a handle (it has spaces)");
      } else if (text != null) {
        owners.add(text.strip());
      }
    }
    return owners;
  }

  private Thresholds thresholds(At at) {
    if (!mapping(at, false, THRESHOLD_FIELDS)) {
      return Thresholds.DEFAULT;
    }
    At confidence = at.child("minConfidence");
    double minConfidence = Thresholds.DEFAULT.minConfidence();
    if (!confidence.absent()) {
      JsonNode value = confidence.node();
      if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0 || value.asDouble() > 1) {
        problem(confidence, "must be a number from 0 to 1, not " + shown(value));
      } else {
        minConfidence = value.asDouble();
      }
    }
    return new Thresholds(minConfidence, recurrence(at.child("recurrence")), flapping(at.child("flapping")),
        backoff(at.child("backoff")));
  }

  private Recurrence recurrence(At at) {
    Recurrence defaults = Recurrence.DEFAULT;
    if (!mapping(at, false, RECURRENCE_FIELDS)) {
      return defaults;
    }
    return new Recurrence(
        whole(at.child("count"), defaults.count(), 1, 1_000_000),
        Duration.ofMinutes(whole(at.child("windowMinutes"), (int) defaults.window().toMinutes(), 1, WEEK_MINUTES)));
  }

  private Flapping flapping(At at) {
    Flapping defaults = Flapping.DEFAULT;
    if (!mapping(at, false, FLAPPING_FIELDS)) {
      return defaults;
    }
    return new Flapping(
        whole(at.child("crashes"), defaults.crashes(), 1, 10_000),
        Duration.ofSeconds(whole(at.child("windowSeconds"), (int) defaults.window().toSeconds(), 1, DAY_SECONDS)),
        Duration.ofMinutes(whole(at.child("cooldownMinutes"), (int) defaults.cooldown().toMinutes(), 0, WEEK_MINUTES)));
  }

  private Backoff backoff(At at) {
    Backoff defaults = Backoff.DEFAULT;
    if (!mapping(at, false, BACKOFF_FIELDS)) {
      return defaults;
    }
    int initial = whole(at.child("initialSeconds"), (int) defaults.initial().toSeconds(), 1, DAY_SECONDS);
    int max = whole(at.child("maxSeconds"), (int) defaults.max().toSeconds(), 1, 7 * DAY_SECONDS);
    if (max < initial) {
      At blamed = at.child("maxSeconds").absent() ? at.child("initialSeconds") : at.child("maxSeconds");
      problem(blamed, "maxSeconds (" + max + ") must be at least initialSeconds (" + initial + ")");
    }
    return new Backoff(Duration.ofSeconds(initial), Duration.ofSeconds(max),
        Duration.ofSeconds(whole(at.child("healthyResetSeconds"), (int) defaults.healthyReset().toSeconds(), 1, DAY_SECONDS)));
  }

  private CodeHostConfig review(At at) {
    if (!mapping(at, false, REVIEW_FIELDS)) {
      return CodeHostConfig.local();
    }
    int before = problems.size();
    CodeHostKind kind = choice(at.child("host"), CodeHostKind.LOCAL, CodeHostKind.values());
    if (problems.size() > before) {
      return null; // an unknown host: which other fields apply is anyone's guess
    }
    if (kind == CodeHostKind.LOCAL) {
      // a repo without a host would otherwise be ignored in silence, and reviews stay local
      for (String field : HOSTED_REVIEW_FIELDS) {
        if (!at.child(field).absent()) {
          problem(at.child(field), "only used with host github or gitlab"
              + (at.child("host").absent() ? "; set review.host" : ", not with host local"));
        }
      }
      return CodeHostConfig.local();
    }
    String repo = text(at.child("repo"), true);
    String apiUrl = text(at.child("apiUrl"), false);
    String tokenEnv = tokenEnv(at.child("tokenEnv"));
    List<String> labels = labels(at.child("labels"));
    if (problems.size() > before) {
      return null;
    }
    try {
      return new CodeHostConfig(kind, apiUrl, repo, tokenEnv, labels);
    } catch (IllegalArgumentException e) {
      var field = CODE_HOST_FIELD.matcher(e.getMessage());
      problem(field.matches() ? at.child(field.group(1)) : at, e.getMessage());
      return null;
    }
  }

  /** The name of the variable that holds the token; the value is never echoed, in case it is the token. */
  private String tokenEnv(At at) {
    String name = text(at, false);
    if (name != null && (!ENV_NAME.matcher(name.strip()).matches() || TOKEN_LIKE.matcher(name.strip()).matches())) {
      problem(at, "must be the name of the environment variable that holds the API token (letters, digits, '_'), "
          + "not the token itself");
      return null;
    }
    return name;
  }

  private List<String> labels(At at) {
    List<String> labels = new ArrayList<>();
    if (at.absent()) {
      return labels;
    }
    if (!at.node().isArray()) {
      problem(at, "must be a list of labels, not " + describe(at.node()));
      return labels;
    }
    for (int i = 0; i < at.node().size(); i++) {
      At label = at.element(i);
      String text = text(label, true);
      if (text == null) {
        continue;
      }
      try {
        CodeHostConfig.requireLabel(text);
        labels.add(text);
      } catch (IllegalArgumentException e) {
        problem(label, e.getMessage());
      }
    }
    return labels;
  }

  private GuardPolicy guard(At at) {
    if (!mapping(at, false, GUARD_FIELDS)) {
      return GuardPolicy.defaults();
    }
    At paths = at.child("allowedPaths");
    List<String> allowed = paths.absent() ? null : globs(paths, "every path the guard's fixed rules allow");
    int maxFiles = whole(at.child("maxFiles"), GuardPolicy.DEFAULT_MAX_FILES, 1, 10_000);
    int maxChangedLines = whole(at.child("maxChangedLines"), GuardPolicy.DEFAULT_MAX_CHANGED_LINES, 1, 1_000_000);
    return new GuardPolicy(allowed, maxFiles, maxChangedLines);
  }

  /**
   * A non-empty list of path globs, each one compiled now so a broken glob is named here.
   *
   * @param leftOut what leaving the field out means, for the message about an empty list
   */
  private List<String> globs(At at, String leftOut) {
    List<String> globs = new ArrayList<>();
    if (!at.node().isArray()) {
      problem(at, "must be a list of path globs, not " + describe(at.node()));
      return globs;
    }
    if (at.node().isEmpty()) {
      problem(at, "lists no glob; leave the field out for " + leftOut);
    }
    for (int i = 0; i < at.node().size(); i++) {
      At glob = at.element(i);
      String text = text(glob, true);
      if (text == null) {
        continue;
      }
      try {
        Glob.toRegex(text);
        globs.add(text);
      } catch (IllegalArgumentException e) {
        problem(glob, e.getMessage());
      }
    }
    return globs;
  }

  // --- field readers: each records its own problem and returns null (or the default) on one

  /**
   * True when {@code at} holds a mapping; its unknown fields are reported unless {@code known} is
   * null (any key allowed). False when absent (a problem only if required) or of another type.
   */
  private boolean mapping(At at, boolean required, List<String> known) {
    if (at.absent()) {
      if (required) {
        missing(at);
      }
      return false;
    }
    if (!at.node().isObject()) {
      problem(at, "must be a mapping, not " + describe(at.node()));
      return false;
    }
    if (known != null) {
      onlyKnown(at, known, Map.of());
    }
    return true;
  }

  private String text(At at, boolean required) {
    if (at.absent()) {
      if (required) {
        missing(at);
      }
      return null;
    }
    if (!at.node().isTextual()) {
      problem(at, "must be text, not " + describe(at.node()));
      return null;
    }
    if (at.node().asText().isBlank()) {
      problem(at, "must not be empty");
      return null;
    }
    return at.node().asText();
  }

  private String url(At at, boolean required) {
    String text = text(at, required);
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return text;
      }
    } catch (URISyntaxException e) {
      // reported below, like any other text that is not an http URL
    }
    problem(at, "must be an http:// or https:// URL with a host, not '" + text + "'");
    return null;
  }

  /** The whole number at {@code at}, {@code fallback} when absent (or wrong, with a problem recorded). */
  private int whole(At at, int fallback, int min, int max) {
    if (at.absent()) {
      return fallback;
    }
    JsonNode value = at.node();
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
      problem(at, "must be a whole number from " + min + " to " + max + ", not " + shown(value));
      return fallback;
    }
    return value.intValue();
  }

  private <E extends Enum<E>> E choice(At at, E fallback, E[] values) {
    if (at.absent()) {
      return fallback;
    }
    String allowed = Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    for (E value : values) {
      if (at.node().isTextual() && value.name().toLowerCase(Locale.ROOT).equals(at.node().asText())) {
        return value;
      }
    }
    problem(at, shown(at.node()) + " is not one of " + allowed);
    return fallback;
  }

  private void onlyKnown(At at, List<String> known, Map<String, String> moved) {
    for (Iterator<String> names = at.node().fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (known.contains(name)) {
        continue;
      }
      if (moved.containsKey(name)) {
        problem(at.child(name), "unknown field here; it moved to " + moved.get(name));
        continue;
      }
      String closest = known.stream().min(Comparator.comparingInt(k -> distance(name, k))).orElseThrow();
      if (distance(name, closest) <= Math.max(2, name.length() / 3)) {
        problem(at.child(name), "unknown field; did you mean '" + closest + "'?");
      } else {
        problem(at.child(name), "unknown field (known: " + String.join(", ", known) + ")");
      }
    }
  }

  private void missing(At at) {
    problem(at, at.node() == null ? "required field is missing" : "required field has no value");
  }

  private void problem(At at, String message) {
    if (yaml.reported(at.pointer())) {
      return;
    }
    problems.add(new CatalogProblem(yaml.at(at.pointer()), at.path(), message));
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isNumber()) {
      return "a number (" + node + ")";
    }
    if (node.isBoolean()) {
      return "true/false (" + node + ")";
    }
    return "text (" + shown(node) + ")";
  }

  private static String shown(JsonNode node) {
    return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
  }

  /** Edit distance ignoring case, to suggest the field a typo meant. */
  private static int distance(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
