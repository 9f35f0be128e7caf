package dev.selfheal.activities.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.selfheal.activities.ci.reports.JUnitReports;
import dev.selfheal.activities.fix.guard.GuardPolicy;
import dev.selfheal.activities.review.CodeHostConfig;
import dev.selfheal.activities.review.CodeHostKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCatalogTest {
  /** The required fields only; every test that adds lines adds them after line 7. */
  private static final String MINIMAL = """
      services:
        payments:
          origin: /srv/git/payments.git
          testCommand: ./test.sh
          deploy: {dir: /srv/payments, command: ./deploy.sh}
          health: http://127.0.0.1:8080/health
          logs: [/var/log/payments.jsonl]
      """;

  @TempDir Path dir;

  @Test
  void leftOutOptionalFieldsTakeTheirDefaults() throws Exception {
    ServiceSpec spec = ServiceCatalog.load(write(MINIMAL)).require("payments");

    assertThat(spec.defaultBranch()).isEqualTo("main");
    assertThat(spec.restart()).isNull();
    assertThat(spec.env()).isEmpty();
    assertThat(spec.health()).isEqualTo(new HealthCheck("http://127.0.0.1:8080/health", null, Duration.ofSeconds(10), Duration.ofSeconds(5)));
    assertThat(spec.verifyJobUrl()).isNull();
    assertThat(spec.logs()).containsExactly(new LogSource("/var/log/payments.jsonl", LogFormat.AUTO));
    assertThat(spec.owners()).isEmpty();
    assertThat(spec.autonomy()).isEqualTo(Autonomy.SUGGEST);
    assertThat(spec.thresholds()).isEqualTo(new Thresholds(0,
        new Recurrence(5, Duration.ofMinutes(10)),
        new Flapping(5, Duration.ofSeconds(300), Duration.ofMinutes(15)),
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(3600), Duration.ofSeconds(120))));
    assertThat(spec.review()).isEqualTo(CodeHostConfig.local());
    assertThat(spec.guard()).isEqualTo(GuardPolicy.defaults());
    assertThat(spec.testReports()).isEqualTo(JUnitReports.DEFAULT_GLOBS);
  }

  @Test
  void everyFieldIsReadIntoTheSpec() throws Exception {
    Path file = write("""
        services:
          payments:
            origin: https://git.example.com/acme/payments.git
            defaultBranch: trunk
            testCommand: make test
            deploy:
              dir: /srv/payments
              command: ./deploy.sh
            restart: {command: systemctl restart payments}
            env: {PORT: 8080, VERSION: 1.10, DEBUG: true, NAME: pay}
            health: {command: ./healthy.sh, intervalSeconds: 30, timeoutSeconds: 3}
            verifyJob: http://127.0.0.1:8080/jobs/run
            logs:
              - /var/log/payments/app.log
              - {path: /var/log/payments/events, format: jsonl}
              - {path: /var/log/payments/out.jsonl, format: plain}
            owners: [payments-oncall@example.com, "@payments-team"]
            autonomy: observe
            thresholds:
              minConfidence: 0.8
              recurrence: {count: 3, windowMinutes: 5}
              flapping: {crashes: 4, windowSeconds: 120, cooldownMinutes: 0}
              backoff: {initialSeconds: 2, maxSeconds: 600, healthyResetSeconds: 60}
          ledger:
            origin: /srv/git/ledger.git
            testCommand: ./test.sh
            deploy: {dir: /srv/ledger, command: ./deploy.sh}
            restart: {command: ./restart.sh, dir: /srv/ledger-run}
            health: {url: "https://ledger.internal/health"}
            logs: [/var/log/ledger.log]
            autonomy: auto
        """);

    ServiceCatalog catalog = ServiceCatalog.load(file);

    assertThat(catalog.require("payments")).isEqualTo(new ServiceSpec(
        "payments", "https://git.example.com/acme/payments.git", "trunk", "make test", "/srv/payments", "./deploy.sh",
        new RestartSpec("systemctl restart payments", "/srv/payments"),
        Map.of("PORT", "8080", "VERSION", "1.10", "DEBUG", "true", "NAME", "pay"),
        new HealthCheck(null, "./healthy.sh", Duration.ofSeconds(30), Duration.ofSeconds(3)),
        "http://127.0.0.1:8080/jobs/run",
        List.of(new LogSource("/var/log/payments/app.log", LogFormat.AUTO),
            new LogSource("/var/log/payments/events", LogFormat.JSONL),
            new LogSource("/var/log/payments/out.jsonl", LogFormat.PLAIN)),
        List.of("payments-oncall@example.com", "@payments-team"),
        Autonomy.OBSERVE,
        new Thresholds(0.8, new Recurrence(3, Duration.ofMinutes(5)),
            new Flapping(4, Duration.ofSeconds(120), Duration.ZERO),
            new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(600), Duration.ofSeconds(60)))));
    ServiceSpec ledger = catalog.require("ledger");
    assertThat(ledger.restart()).as("restart with its own dir").isEqualTo(new RestartSpec("./restart.sh", "/srv/ledger-run"));
    assertThat(ledger.health()).isEqualTo(HealthCheck.ofUrl("https://ledger.internal/health"));
    assertThat(ledger.autonomy()).isEqualTo(Autonomy.AUTO);
  }

  @Test
  void theCatalogsInTheRepoLoad() {
    Path compose = repoRoot().resolve("deploy/services.yaml");
    ServiceSpec example = ServiceCatalog.load(compose).require("report-service");
    assertThat(example.restart()).as("the documented restart").isNotNull();
    assertThat(example.owners()).as("the documented owners").isNotEmpty();
    assertThat(example.review()).as("the documented review host is the default").isEqualTo(CodeHostConfig.local());
    assertThat(example.guard()).as("the documented guard values are the defaults").isEqualTo(GuardPolicy.defaults());
    assertThat(example.testReports()).as("the documented report globs are the defaults").isEqualTo(JUnitReports.DEFAULT_GLOBS);
  }

  @Test
  void missingRequiredFieldsAreReportedAtTheKeyThatShouldHoldThem() throws Exception {
    Path file = write("""
        services:
          payments:
            health: http://127.0.0.1:8080/health
            deploy:
              dir: /srv/payments
        """);

    assertThat(errors(file)).containsExactly(
        file + ":2:3: services.payments.origin: required field is missing",
        file + ":2:3: services.payments.testCommand: required field is missing",
        file + ":2:3: services.payments.logs: required field is missing",
        file + ":4:5: services.payments.deploy.command: required field is missing");
  }

  @Test
  void aFieldOfTheWrongTypeIsNamedWithWhatItIs() throws Exception {
    Path file = write(MINIMAL + """
            owners: oncall@example.com
            env: {PORT: [8080]}
            restart: ./restart.sh
            thresholds: {recurrence: {count: 2.5}}
        """);

    assertThat(errors(file)).containsExactly(
        file + ":8:5: services.payments.owners: must be a list of emails or handles, not text ('oncall@example.com')",
        file + ":9:11: services.payments.env.PORT: must be a text value (write \"\" for empty), not a list",
        file + ":10:5: services.payments.restart: must be a mapping, not text ('./restart.sh')",
        file + ":11:31: services.payments.thresholds.recurrence.count: must be a whole number from 1 to 1000000, not 2.5");
  }

  @Test
  void numbersOutOfRangeAreRefusedWithTheAllowedRange() throws Exception {
    Path file = write(MINIMAL + """
            thresholds:
              minConfidence: 1.5
              flapping: {windowSeconds: 0}
              backoff:
                initialSeconds: 10
                maxSeconds: 5
        """);

    assertThat(errors(file)).containsExactly(
        file + ":9:7: services.payments.thresholds.minConfidence: must be a number from 0 to 1, not 1.5",
        file + ":10:18: services.payments.thresholds.flapping.windowSeconds: must be a whole number from 1 to 86400, not 0",
        file + ":13:9: services.payments.thresholds.backoff.maxSeconds: maxSeconds (5) must be at least initialSeconds (10)");
  }

  @Test
  void anUnknownChoiceListsTheAllowedOnes() throws Exception {
    Path file = write("""
        services:
          payments:
            origin: /srv/git/payments.git
            testCommand: ./test.sh
            deploy: {dir: /srv/payments, command: ./deploy.sh}
            health: http://127.0.0.1:8080/health
            logs: [{path: /var/log/payments.xml, format: xml}]
            autonomy: full
        """);

    assertThat(errors(file)).containsExactly(
        file + ":7:42: services.payments.logs[0].format: 'xml' is not one of jsonl, plain, auto",
        file + ":8:5: services.payments.autonomy: 'full' is not one of observe, suggest, auto");
  }

  @Test
  void anUnknownFieldSuggestsTheClosestKnownName() throws Exception {
    Path file = write(MINIMAL + """
            defaultbranch: main
            minConfidence: 0.7
            thresholds: {recurence: {count: 3}}
            team: payments
            reveiw: {host: github}
            guard: {maxFile: 3}
            testReport: [TEST-*.xml]
        """);

    assertThat(errors(file)).containsExactly(
        file + ":8:5: services.payments.defaultbranch: unknown field; did you mean 'defaultBranch'?",
        file + ":9:5: services.payments.minConfidence: unknown field here; it moved to thresholds.minConfidence",
        file + ":10:18: services.payments.thresholds.recurence: unknown field; did you mean 'recurrence'?",
        file + ":11:5: services.payments.team: unknown field (known: origin, defaultBranch, testCommand, deploy, restart, env,"
            + " health, verifyJob, logs, owners, autonomy, thresholds, review, guard, testReports)",
        file + ":12:5: services.payments.reveiw: unknown field; did you mean 'review'?",
        file + ":13:13: services.payments.guard.maxFile: unknown field; did you mean 'maxFiles'?",
        file + ":14:5: services.payments.testReport: unknown field; did you mean 'testReports'?");
  }

  @Test
  void aServicePointsItsReviewsAtGitHubOrGitLab() throws Exception {
    Path file = write(MINIMAL + """
            review: {host: github, repo: acme/payments, labels: [selfheal, incident]}
          ledger:
            origin: /srv/git/ledger.git
            testCommand: ./test.sh
            deploy: {dir: /srv/ledger, command: ./deploy.sh}
            health: http://127.0.0.1:8081/health
            logs: [/var/log/ledger.log]
            review:
              host: gitlab
              repo: finance/core/ledger
              apiUrl: https://gitlab.example.com/api/v4/
              tokenEnv: LEDGER_GITLAB_TOKEN
          audit:
            origin: /srv/git/audit.git
            testCommand: ./test.sh
            deploy: {dir: /srv/audit, command: ./deploy.sh}
            health: http://127.0.0.1:8082/health
            logs: [/var/log/audit.log]
            review: {host: local}
        """);

    ServiceCatalog catalog = ServiceCatalog.load(file);

    assertThat(catalog.codeHost("payments")).isEqualTo(new CodeHostConfig(
        CodeHostKind.GITHUB, "https://api.github.com", "acme/payments", "GITHUB_TOKEN", List.of("selfheal", "incident")));
    assertThat(catalog.codeHost("ledger")).isEqualTo(new CodeHostConfig(
        CodeHostKind.GITLAB, "https://gitlab.example.com/api/v4", "finance/core/ledger", "LEDGER_GITLAB_TOKEN", List.of()));
    assertThat(catalog.codeHost("audit")).isEqualTo(CodeHostConfig.local());
  }

  @Test
  void aBadReviewFieldIsNamedAtItsLine() throws Exception {
    Path file = write(MINIMAL + """
            review: {host: bitbucket, repo: acme/payments}
          ledger:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: http://h/health
            logs: [/l]
            review:
              host: github
              repo: acme
              labels: ["a,b"]
          audit:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: http://h/health
            logs: [/l]
            review: {host: local, repo: acme/audit}
          vault:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: http://h/health
            logs: [/l]
            review: {host: github, repo: acme/vault, tokenEnv: ghp_1234567890abcdef}
          billing:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: http://h/health
            logs: [/l]
            review: {host: gitlab, repo: finance/billing, apiUrl: "https://me:secret@gitlab.example.com/api/v4"}
        """);

    List<String> errors = errors(file);

    assertThat(errors).containsExactly(
        file + ":8:14: services.payments.review.host: 'bitbucket' is not one of github, gitlab, local",
        file + ":18:16: services.ledger.review.labels[0]: code host label 'a,b' is not valid (1-50 characters, no comma or"
            + " line break)",
        file + ":25:27: services.audit.review.repo: only used with host github or gitlab, not with host local",
        file + ":32:46: services.vault.review.tokenEnv: must be the name of the environment variable that holds the API"
            + " token (letters, digits, '_'), not the token itself",
        file + ":39:51: services.billing.review.apiUrl: code host apiUrl must not carry credentials; put the token in the"
            + " environment and name it in tokenEnv");
    assertThat(String.join("\n", errors)).as("a token is never echoed").doesNotContain("ghp_1234", "secret");
  }

  @Test
  void aReviewRepoWithoutAHostIsRefusedRatherThanIgnored() throws Exception {
    Path file = write(MINIMAL + """
            review: {repo: acme/payments}
        """);

    assertThat(errors(file)).containsExactly(
        file + ":8:14: services.payments.review.repo: only used with host github or gitlab; set review.host");
  }

  @Test
  void aGitHubRepoThatIsNotOwnerSlashNameIsNamedAtRepo() throws Exception {
    Path file = write(MINIMAL + """
            review:
              host: github
              repo: acme
        """);

    assertThat(errors(file)).containsExactly(
        file + ":10:7: services.payments.review.repo: code host repo 'acme' is not a GitHub owner/name");
  }

  @Test
  void aGuardPolicyNarrowsWhatPatchesMayTouch() throws Exception {
    Path file = write(MINIMAL + """
            guard: {allowedPaths: ["src/**", "config/*.yaml"], maxFiles: 1}
        """);

    ServiceCatalog catalog = ServiceCatalog.load(file);

    assertThat(catalog.guardPolicy("payments")).isEqualTo(
        new GuardPolicy(List.of("src/**", "config/*.yaml"), 1, GuardPolicy.DEFAULT_MAX_CHANGED_LINES));
  }

  @Test
  void aBadGuardFieldIsNamedAtItsLine() throws Exception {
    Path file = write(MINIMAL + """
            guard:
              allowedPaths: ["src/{main", "  "]
              maxFiles: 0
              maxChangedLines: many
          ledger:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: http://h/health
            logs: [/l]
            guard: {allowedPaths: []}
        """);

    assertThat(errors(file)).containsExactly(
        file + ":9:22: services.payments.guard.allowedPaths[0]: path glob 'src/{main' has an unclosed '{'",
        file + ":9:35: services.payments.guard.allowedPaths[1]: must not be empty",
        file + ":10:7: services.payments.guard.maxFiles: must be a whole number from 1 to 10000, not 0",
        file + ":11:7: services.payments.guard.maxChangedLines: must be a whole number from 1 to 1000000, not 'many'",
        file + ":18:13: services.ledger.guard.allowedPaths: lists no glob; leave the field out for every path the guard's"
            + " fixed rules allow");
  }

  @Test
  void testReportGlobsSayWhereTheTestCommandWritesJUnitXml() throws Exception {
    Path file = write(MINIMAL + """
            testReports: ["out/junit/*.xml"]
        """);
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.createDirectories(tree.resolve("out/junit"));
    Files.writeString(tree.resolve("out/junit/payments.xml"), "<testsuite tests='1'/>");
    Files.writeString(tree.resolve("TEST-default-name.xml"), "<testsuite tests='1'/>");

    ServiceCatalog catalog = ServiceCatalog.load(file);

    assertThat(catalog.require("payments").testReports()).containsExactly("out/junit/*.xml");
    assertThat(catalog.testReports("payments").count(tree, Instant.EPOCH))
        .as("only the catalog's glob is searched, not the defaults").isEqualTo(1);
  }

  @Test
  void badTestReportGlobsAreNamedAtTheirLine() throws Exception {
    Path file = write(MINIMAL + """
            testReports: TEST-*.xml
          ledger:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: http://h/health
            logs: [/l]
            testReports: ["reports/*.xml}", 7]
          audit:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: http://h/health
            logs: [/l]
            testReports: []
        """);

    assertThat(errors(file)).containsExactly(
        file + ":8:5: services.payments.testReports: must be a list of path globs, not text ('TEST-*.xml')",
        file + ":15:19: services.ledger.testReports[0]: path glob 'reports/*.xml}' has unbalanced braces",
        file + ":15:37: services.ledger.testReports[1]: must be text, not a number (7)",
        file + ":22:5: services.audit.testReports: lists no glob; leave the field out for the default globs");
  }

  @Test
  void aKeyGivenTwiceIsReportedWhereItRepeats() throws Exception {
    Path file = write(MINIMAL + """
            origin: /srv/git/other.git
          payments:
            origin: /srv/git/third.git
        """);

    assertThat(errors(file)).containsExactly(
        file + ":8:5: services.payments.origin: duplicate key (first at line 3)",
        file + ":9:3: services.payments: duplicate key (first at line 2)");
  }

  @Test
  void aHealthCheckNeedsExactlyOneOfUrlAndCommand() throws Exception {
    Path file = write("""
        services:
          both:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: {url: "http://h/health", command: ./h.sh}
            logs: [/l]
          neither:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: {timeoutSeconds: 2}
            logs: [/l]
          not-http:
            origin: /o.git
            testCommand: t
            deploy: {dir: /d, command: d}
            health: ftp://h/health
            logs: [/l]
        """);

    assertThat(errors(file)).containsExactly(
        file + ":6:38: services.both.health.command: give either url or command, not both",
        file + ":12:5: services.neither.health: needs a url (GET, 2xx is healthy) or a command (exit 0 is healthy)",
        file + ":18:5: services.not-http.health: must be an http:// or https:// URL with a host, not 'ftp://h/health'");
  }

  @Test
  void anInvalidServiceNameIsRefused() throws Exception {
    Path file = write(MINIMAL.replace("payments:", "Payments Service:"));

    assertThat(errors(file)).containsExactly(
        file + ":2:3: services.Payments Service: service 'Payments Service' is not a valid name (lower-case letters, digits,"
            + " '.', '_', '-')");
  }

  @Test
  void aFileWithoutServicesIsRefused() throws Exception {
    Path empty = write("# nothing yet\n");
    assertThat(errors(empty)).containsExactly(empty + ":1:1: services: required field is missing; the file is empty");
    Path none = write("services: {}\n");
    assertThat(errors(none)).containsExactly(none + ":1:1: services: lists no service; name at least one");
    Path list = write("- services\n");
    assertThat(errors(list)).containsExactly(list + ":1:1: the file must be a mapping with 'services', not a list");
    Path typo = write("servces:\n  payments: {}\n");
    assertThat(errors(typo)).containsExactly(
        typo + ":1:1: servces: unknown field; did you mean 'services'?",
        typo + ":1:1: services: required field is missing");
  }

  @Test
  void aYamlAliasIsRefusedRatherThanReadAsTheAnchorsName() throws Exception {
    Path file = write(MINIMAL + """
            owners: &team [a@example.com]
          ledger: *team
        """);

    assertThat(errors(file)).containsExactly(
        file + ":9:11: services.ledger: YAML aliases (*team) are not supported; write the value out");
  }

  @Test
  void aYamlSyntaxErrorNamesItsLine() throws Exception {
    Path file = write(MINIMAL + "    owners: [a, b\n");

    assertThat(errors(file)).containsExactly(
        file + ":9:1: not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
  }

  @Test
  void everyProblemInTheFileIsReportedAtOnceInFileOrder() throws Exception {
    Path file = write("""
        services:
          payments:
            origin: /srv/git/payments.git
            testComand: ./test.sh
            deploy: {dir: /srv/payments, command: ./deploy.sh}
            health: http://127.0.0.1:8080/health
            logs: []
          ledger:
            origin: 42
            testCommand: ./test.sh
            deploy: {dir: /srv/ledger, command: ./deploy.sh}
            health: http://127.0.0.1:8081/health
            logs: [/var/log/ledger.log]
            autonomy: AUTO
        """);

    CatalogException refused = catchThrowableOfType(CatalogException.class, () -> ServiceCatalog.load(file));

    assertThat(refused.getMessage()).startsWith("5 errors in service catalog " + file + ":\n");
    assertThat(refused.errors()).containsExactly(
        file + ":2:3: services.payments.testCommand: required field is missing",
        file + ":4:5: services.payments.testComand: unknown field; did you mean 'testCommand'?",
        file + ":7:5: services.payments.logs: at least one log file is required",
        file + ":9:5: services.ledger.origin: must be text, not a number (42)",
        file + ":14:5: services.ledger.autonomy: 'AUTO' is not one of observe, suggest, auto");
    assertThat(refused.getMessage()).endsWith(String.join("\n", refused.errors()));
  }

  @Test
  void aMissingFileIsOneErrorNamingIt() {
    Path file = dir.resolve("nope.yaml");

    assertThat(errors(file)).containsExactly(file + ": no such file");
  }

  private Path write(String yaml) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "services-", ".yaml"), yaml);
  }

  private static List<String> errors(Path file) {
    return catchThrowableOfType(CatalogException.class, () -> ServiceCatalog.load(file)).errors();
  }

  private static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("deploy/services.yaml"))) {
        return p;
      }
    }
    throw new AssertionError("no deploy/services.yaml above " + Path.of("").toAbsolutePath());
  }
}
