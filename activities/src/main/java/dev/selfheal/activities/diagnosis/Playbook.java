package dev.selfheal.activities.diagnosis;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Known fixes, consulted before anything novel is attempted: a root cause that matches a rule
 * gets that rule's recipe and category. Rules are checked in order; the first match wins.
 */
public final class Playbook {
  /**
   * A resource (template, config, key) read from a directory the OS may wipe at any time
   * (tmpfiles cleanup, reboot, tmpfs): the fix moves it somewhere durable, not a re-creation.
   * The path must start at a word boundary, so {@code /opt/tmp/x} or {@code /home/u/tmp/} do
   * not match.
   */
  public static final PlaybookRule VOLATILE_RESOURCE =
      new PlaybookRule(
          "volatile-path-file-not-found",
          "FileNotFoundException",
          Pattern.compile("(?<![\\w./-])/(?:tmp|var/tmp|dev/shm)/"),
          "relocate-volatile-resource",
          "code");

  private final List<PlaybookRule> rules;

  public Playbook(List<PlaybookRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules built into this version; later they will come from reviewable files. */
  public static Playbook builtIn() {
    return new Playbook(List.of(VOLATILE_RESOURCE));
  }

  public List<PlaybookRule> rules() {
    return rules;
  }

  public Optional<PlaybookRule> match(String errorType, String message) {
    for (PlaybookRule rule : rules) {
      if (rule.matches(errorType, message)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }
}
