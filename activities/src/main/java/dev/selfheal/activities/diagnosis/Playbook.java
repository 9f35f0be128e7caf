package dev.selfheal.activities.diagnosis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Known fixes, consulted before anything novel is attempted: a root cause that matches a rule
 * gets that rule's recipe and category. Rules come from reviewable YAML files: the built-in
 * {@code playbooks/known-fixes.yaml}, then a team's own. Checked in order; the first match wins.
 */
public final class Playbook {
  static final String BUILT_IN = "playbooks/known-fixes.yaml";

  private final List<PlaybookRule> rules;

  public Playbook(List<PlaybookRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules that ship with selfheal. */
  public static Playbook builtIn() {
    try (InputStream in = Playbook.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new PlaybookException(BUILT_IN + ": not on the class path");
      }
      return new Playbook(PlaybookFile.parse(BUILT_IN, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A team's rules from every {@code *.yaml} in {@code dir} (name order), checked before the
   * built-in ones so a team can refine them.
   *
   * @throws PlaybookException naming the file, line and field of the first problem
   */
  public static Playbook withDirectory(Path dir) {
    List<PlaybookRule> rules = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
        rules.addAll(PlaybookFile.parse(file.toString(), Files.readString(file)));
      }
    } catch (IOException e) {
      throw new PlaybookException(dir + ": cannot read playbook files: " + e.getMessage());
    }
    rules.addAll(builtIn().rules());
    List<String> ids = rules.stream().map(PlaybookRule::id).toList();
    for (int i = 0; i < ids.size(); i++) {
      if (ids.indexOf(ids.get(i)) != i) {
        throw new PlaybookException(dir + ": rule id '" + ids.get(i) + "' is defined twice");
      }
    }
    return new Playbook(rules);
  }

  public List<PlaybookRule> rules() {
    return rules;
  }

  public Optional<PlaybookRule> match(String service, String errorType, String message) {
    return match(service, errorType, message, false);
  }

  /** @param deployed whether the error began right after a deploy of {@code service} */
  public Optional<PlaybookRule> match(String service, String errorType, String message, boolean deployed) {
    for (PlaybookRule rule : rules) {
      if (rule.matches(service, errorType, message, deployed)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }
}
