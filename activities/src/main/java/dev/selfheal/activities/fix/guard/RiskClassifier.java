package dev.selfheal.activities.fix.guard;

import dev.selfheal.activities.Glob;
import dev.selfheal.workflows.messages.values.RiskClass;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sorts a patch into a risk class. High when a path or a changed line names auth, sessions,
 * tokens, crypto, payments, billing, data stores, migrations or schemas: a mistake there leaks
 * data, loses money or corrupts state, so a human always decides. Low when every file is
 * configuration or documentation. Code is medium.
 */
final class RiskClassifier {
  /** Words, after splitting identifiers at camelCase, digits and punctuation. */
  private static final Set<String> HIGH_WORDS = Set.of(
      "auth", "authn", "authz", "authenticate", "authentication", "authenticator", "authorize", "authorization",
      "authorizer", "oauth", "oidc", "saml", "sso", "login", "logout", "signin", "session", "sessions", "token",
      "tokens", "jwt", "csrf", "crypto", "cryptography", "cipher", "encrypt", "encryption", "decrypt", "hmac",
      "password", "passwords", "passwd", "credential", "credentials",
      "payment", "payments", "billing", "checkout", "invoice", "invoices", "invoicing", "refund", "refunds",
      "stripe", "paypal", "ledger",
      "migration", "migrations", "migrate", "schema", "schemas", "alembic", "flyway", "liquibase", "ddl", "sql",
      "db", "database", "databases", "datasource", "datastore", "jdbc", "postgres", "postgresql", "mysql",
      "mariadb", "sqlite", "mongo", "mongodb", "redis", "cassandra", "dynamodb");

  private static final Pattern SQL_STATEMENT = Pattern.compile(
      "\\b(?:create|alter|drop|truncate)\\s+(?:table|index|schema|database|view)\\b|\\binsert\\s+into\\b"
          + "|\\bdelete\\s+from\\b|\\bupdate\\s+\\w+\\s+set\\b",
      Pattern.CASE_INSENSITIVE);

  private static final Pattern WORD_BREAK =
      Pattern.compile("[^A-Za-z]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

  private static final List<Glob> CONFIG_OR_DOCS = List.of(
      Glob.ignoringCase("*.{yaml,yml,json,toml,ini,cfg,conf,properties}"),
      Glob.ignoringCase("*.{md,txt,rst,adoc}"));

  /** Build files that name dependencies or steps: changing them changes what runs. */
  private static final List<Glob> BUILD = List.of(
      Glob.ignoringCase("{package,package-lock,composer,tsconfig}.json"),
      Glob.ignoringCase("{pyproject,Cargo}.toml"),
      Glob.ignoringCase("{setup.cfg,tox.ini,pytest.ini}"),
      Glob.ignoringCase("requirements*.txt"));

  private RiskClassifier() {}

  static Risk classify(List<FileChange> changes) {
    for (FileChange change : changes) {
      for (String path : change.paths()) {
        Optional<String> word = highWord(path);
        if (word.isPresent()) {
          return new Risk(RiskClass.HIGH, path + " names '" + word.get() + "'");
        }
      }
    }
    for (FileChange change : changes) {
      for (List<String> lines : List.of(change.added(), change.removed())) {
        for (String line : lines) {
          if (SQL_STATEMENT.matcher(line).find()) {
            return new Risk(RiskClass.HIGH, change.path() + " changes a SQL statement");
          }
          Optional<String> word = highWord(line);
          if (word.isPresent()) {
            return new Risk(RiskClass.HIGH, change.path() + " changes a line naming '" + word.get() + "'");
          }
        }
      }
    }
    boolean configOnly = changes.stream().flatMap(c -> c.paths().stream())
        .allMatch(path -> matches(CONFIG_OR_DOCS, path) && !matches(BUILD, path));
    return configOnly
        ? new Risk(RiskClass.LOW, "configuration or documentation only")
        : new Risk(RiskClass.MEDIUM, "code or build changes");
  }

  private static Optional<String> highWord(String text) {
    if (text.toLowerCase(Locale.ROOT).endsWith(".sql")) {
      return Optional.of("sql");
    }
    for (String word : WORD_BREAK.split(text)) {
      String w = word.toLowerCase(Locale.ROOT);
      if (HIGH_WORDS.contains(w)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  private static boolean matches(List<Glob> globs, String path) {
    return globs.stream().anyMatch(g -> g.matches(path));
  }
}
