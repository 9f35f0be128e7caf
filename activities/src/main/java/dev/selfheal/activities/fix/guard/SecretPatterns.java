package dev.selfheal.activities.fix.guard;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Added lines that carry an obvious secret: private keys, well-known token formats, credentials
 * in URLs, and a quoted literal assigned to a name like {@code password} or {@code api_key}.
 * Placeholders ({@code ${DB_PASSWORD}}, {@code <token>}, {@code changeme}) are not secrets.
 */
final class SecretPatterns {
  private record Token(String name, Pattern pattern) {}

  private static final List<Token> TOKENS = List.of(
      new Token("a private key", Pattern.compile("-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----")),
      new Token("an AWS access key id", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b")),
      new Token("a GitHub token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}|\\bgithub_pat_[A-Za-z0-9_]{22,}")),
      new Token("a GitLab token", Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}")),
      new Token("a Slack token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}")),
      new Token("a Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}")),
      new Token("a Stripe live key", Pattern.compile("\\b[sr]k_live_[0-9A-Za-z]{16,}")),
      new Token("an LLM API key", Pattern.compile("\\bsk-(?:ant-)?[A-Za-z0-9_-]{20,}")),
      new Token("a JSON web token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}")));

  /** user:password@ in a URL, the password not a ${VARIABLE}. */
  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:([^/\\s:@]{3,})@", Pattern.CASE_INSENSITIVE);

  private static final Pattern ASSIGNED = Pattern.compile(
      "\\w*(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?token|token)\\w*"
          + "[\"']?\\s*[:=]\\s*[\"']([^\"'\\s]{8,})[\"']",
      Pattern.CASE_INSENSITIVE);

  private static final Pattern PLACEHOLDER = Pattern.compile(
      "^(?:\\$\\{.*|\\{\\{.*|<.*>|%\\(.*|\\$[A-Z_]+|.*(?:changeme|example|placeholder|dummy|redacted|xxxx|\\*\\*\\*).*)$",
      Pattern.CASE_INSENSITIVE);

  private SecretPatterns() {}

  /** What the first secret-looking added line looks like, never the secret itself. */
  static Optional<String> find(FileChange change) {
    for (String line : change.added()) {
      for (Token token : TOKENS) {
        if (token.pattern().matcher(line).find()) {
          return Optional.of("adds what looks like " + token.name());
        }
      }
      Matcher url = URL_CREDENTIALS.matcher(line);
      if (url.find() && !PLACEHOLDER.matcher(url.group(1)).matches()) {
        return Optional.of("adds a URL with a password in it");
      }
      Matcher assigned = ASSIGNED.matcher(line);
      while (assigned.find()) {
        if (!PLACEHOLDER.matcher(assigned.group(1)).matches()) {
          return Optional.of("adds a literal value for a secret-like name: " + redact(assigned.group()));
        }
      }
    }
    return Optional.empty();
  }

  /** The name and a hint of the value, so the message itself does not leak it. */
  private static String redact(String assignment) {
    int cut = Math.max(assignment.indexOf('='), assignment.indexOf(':'));
    return "'" + assignment.substring(0, cut + 1).strip() + " ***'";
  }
}
