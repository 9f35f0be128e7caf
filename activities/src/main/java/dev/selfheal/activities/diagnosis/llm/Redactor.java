package dev.selfheal.activities.diagnosis.llm;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in log text before it leaves the process: private key blocks, {@code
 * Authorization} values, credentials in URLs, bearer tokens, JWTs, AWS access key ids, values of
 * {@code password=}-like keys, email addresses, and long hex or base64 runs that look random.
 *
 * <p>Rules run in order, and later rules skip what earlier ones replaced: {@code token=Bearer x}
 * must lose {@code x} to the bearer rule before the key rule sees only {@code Bearer}. Erring
 * towards redacting too much costs a little evidence; too little leaks a credential.
 */
public final class Redactor {
  private static final String KEY_WORDS =
      "password|passwd|pwd|secret|secret[_-]?key|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key";

  private static final List<Rule> RULES = List.of(
      new Rule("private-key", Pattern.compile(
          "-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|\\z)",
          Pattern.DOTALL), 0),
      // the whole value, scheme included: Basic carries a password, Digest a response
      new Rule("authorization", Pattern.compile(
          "(?i)\\b((?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?)(?:[A-Za-z]+[ \\t]+)?[^\\s\"',;}]+"), 1),
      new Rule("credentials", Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s:@]+:[^/\\s@]+(?=@)"), 1),
      new Rule("bearer", Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/-]+=*"), 1),
      new Rule("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"), 0),
      new Rule("aws-key", Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"), 0),
      // a key ending in one of the words, then = or : (JSON keys keep their closing quote)
      new Rule("secret", Pattern.compile("(?i)\\b([\\w.-]*(?:" + KEY_WORDS + ")[\"']?\\s*[=:]\\s*)"
          + "(?![\"']?\\[REDACTED)(?:\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s,;&\"'}\\]]+)"), 1),
      new Rule("email",
          Pattern.compile("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b"), 0),
      new Rule("hex", Pattern.compile("\\b[0-9a-fA-F]{32,}\\b"), 0, Redactor::mixesLettersAndDigits),
      new Rule("key", Pattern.compile("(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_=-])"), 0,
          Redactor::looksRandom));

  private Redactor() {}

  public static Redaction redact(String text) {
    String result = text;
    int count = 0;
    for (Rule rule : RULES) {
      int[] replaced = {0};
      result = rule.pattern.matcher(result).replaceAll(match -> {
        if (!rule.applies.test(match.group())) {
          return Matcher.quoteReplacement(match.group());
        }
        replaced[0]++;
        return Matcher.quoteReplacement(kept(match, rule.keptGroup) + "[REDACTED:" + rule.kind + "]");
      });
      count += replaced[0];
    }
    return new Redaction(result, count);
  }

  private static String kept(MatchResult match, int group) {
    return group == 0 ? "" : match.group(group);
  }

  private static boolean mixesLettersAndDigits(String run) {
    return run.chars().anyMatch(Character::isDigit) && run.chars().anyMatch(Character::isLetter);
  }

  /**
   * Random strings switch between lower case, upper case and digits at about every other
   * character; identifiers and paths ({@code src/main/java/.../TemplateLoader2}) switch only at
   * word starts.
   */
  private static boolean looksRandom(String run) {
    if (!mixesLettersAndDigits(run)) {
      return false;
    }
    int switches = 0;
    int symbols = 0;
    int previous = -1;
    for (int i = 0; i < run.length(); i++) {
      int kind = kindOf(run.charAt(i));
      if (kind < 0) {
        continue; // separators and padding say nothing
      }
      if (previous >= 0 && kind != previous) {
        switches++;
      }
      previous = kind;
      symbols++;
    }
    return symbols > 1 && switches >= 0.3 * (symbols - 1);
  }

  private static int kindOf(char c) {
    if (c >= 'a' && c <= 'z') {
      return 0;
    }
    if (c >= 'A' && c <= 'Z') {
      return 1;
    }
    return c >= '0' && c <= '9' ? 2 : -1;
  }

  /**
   * @param keptGroup the group left in place before the marker (0: replace the whole match)
   * @param applies a second look at a match the pattern alone cannot judge
   */
  private record Rule(String kind, Pattern pattern, int keptGroup, Predicate<String> applies) {
    Rule(String kind, Pattern pattern, int keptGroup) {
      this(kind, pattern, keptGroup, match -> true);
    }
  }
}
