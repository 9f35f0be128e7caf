package dev.selfheal.activities.diagnosis;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The specific terms of a log text, the ones that can tie two services' records to the same
 * thing: snake_case identifiers ({@code unit_price}), camelCase fields, and path segments
 * ({@code postgresql} in {@code /var/lib/postgresql/backups}). Plain words, numbers and the
 * vocabulary every log shares are left out.
 */
final class Terms {
  private static final Pattern SNAKE = Pattern.compile("\\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\\b");
  private static final Pattern PATH = Pattern.compile("(?:^|[\\s=:'\"(])((?:/[A-Za-z0-9._-]+){2,})");
  private static final Set<String> COMMON = Set.of(
      "var", "lib", "usr", "local", "opt", "etc", "tmp", "home", "srv", "data", "app", "logs", "log", "api",
      "bin", "site-packages", "python3", "dist-packages", "java", "main", "src", "node_modules", "proc", "sys", "run");
  private static final int MAX_TERMS = 64;

  private Terms() {}

  static Set<String> of(String text) {
    Set<String> terms = new LinkedHashSet<>();
    if (text == null) {
      return terms;
    }
    Matcher snake = SNAKE.matcher(text);
    while (snake.find() && terms.size() < MAX_TERMS) {
      String term = snake.group();
      if (term.length() >= 5 && !term.startsWith("python3")) {
        terms.add(term);
      }
    }
    Matcher path = PATH.matcher(text);
    while (path.find() && terms.size() < MAX_TERMS) {
      for (String segment : path.group(1).split("/")) {
        String s = segment.toLowerCase(Locale.ROOT);
        if (s.length() >= 5 && !COMMON.contains(s) && s.chars().anyMatch(Character::isLetter) && s.indexOf('.') < 0) {
          terms.add(s);
        }
      }
    }
    return terms;
  }
}
