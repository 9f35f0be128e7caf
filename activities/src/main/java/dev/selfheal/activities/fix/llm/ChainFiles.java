package dev.selfheal.activities.fix.llm;

import dev.selfheal.activities.diagnosis.llm.Redaction;
import dev.selfheal.activities.diagnosis.llm.Redactor;
import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.activities.fix.recipes.RepoFiles;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the causal chain that the model is shown and may edit: the root cause's file first,
 * then files named by stack frames in the evidence, each resolved against the worktree's tracked
 * files the way recipes resolve them. Bounded in count and size so the prompt fits a budget.
 */
final class ChainFiles {
  static final int MAX_FILES = 3;
  /** About 6,000 tokens: two attempts fit the default token budget with room for the answers. */
  static final int MAX_TOTAL_CHARS = 24_000;
  /** Less than this left is not worth a file: a few lines out of context mislead more than they help. */
  private static final int MIN_USEFUL_CHARS = 1_000;

  /** {@code at com.acme.Foo.bar(Foo.java:12)}: the package gives the folders. */
  private static final Pattern JVM_FRAME =
      Pattern.compile("\\bat\\s+([\\w$.]+)\\.[\\w$<>-]+\\(([\\w$-]+\\.(?:java|kt|scala|groovy)):\\d+\\)");
  /** {@code File "/opt/app/pkg/mod.py", line 3}. */
  private static final Pattern PYTHON_FRAME = Pattern.compile("File \"([^\"]+)\", line \\d+");
  /** {@code pkg/handler.go:42}, {@code src/app.ts:7:3}. */
  private static final Pattern PATH_WITH_LINE =
      Pattern.compile("([\\w.-]+(?:/[\\w.-]+)*\\.(?:java|kt|py|go|js|ts|rb|cs|rs|php)):\\d+");

  private ChainFiles() {}

  /** The files to show, in order of closeness to the root cause; empty when none is tracked. */
  static List<ShownFile> collect(RepoFiles repo, Diagnosis diagnosis) throws IOException {
    Set<String> paths = new LinkedHashSet<>();
    RootCause cause = diagnosis.rootCause();
    if (cause != null && cause.file() != null) {
      resolve(repo, cause.file()).ifPresent(paths::add);
    }
    List<String> texts = new ArrayList<>();
    if (diagnosis.evidence() != null) {
      texts.addAll(diagnosis.evidence());
    }
    if (diagnosis.causalChain() != null) {
      texts.addAll(diagnosis.causalChain());
    }
    if (cause != null && cause.message() != null) {
      texts.add(cause.message());
    }
    for (String hint : hints(texts)) {
      if (paths.size() >= MAX_FILES) {
        break;
      }
      resolve(repo, hint).ifPresent(paths::add);
    }
    List<ShownFile> shown = new ArrayList<>();
    int left = MAX_TOTAL_CHARS;
    for (String path : paths) {
      if (left < MIN_USEFUL_CHARS) {
        break;
      }
      String text;
      try {
        text = repo.read(path);
      } catch (RecipeRefusedException notReadable) {
        continue; // a symlink or a huge file: not something to hand a model
      }
      ShownFile file = shown(path, text, left);
      shown.add(file);
      left -= file.text().length();
    }
    return List.copyOf(shown);
  }

  /** File hints in the order the texts name them, frames before bare paths. */
  static List<String> hints(List<String> texts) {
    Set<String> hints = new LinkedHashSet<>();
    for (String text : texts) {
      // JSON log lines escape their stack traces; the frames are the same underneath
      String plain = text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\/", "/");
      Matcher jvm = JVM_FRAME.matcher(plain);
      while (jvm.find()) {
        String type = jvm.group(1);
        int dot = type.lastIndexOf('.');
        String pkg = dot < 0 ? "" : type.substring(0, dot).replace('.', '/') + "/";
        hints.add(pkg + jvm.group(2));
      }
      Matcher python = PYTHON_FRAME.matcher(plain);
      while (python.find()) {
        hints.add(python.group(1));
      }
      Matcher path = PATH_WITH_LINE.matcher(plain);
      while (path.find()) {
        hints.add(path.group(1));
      }
    }
    return List.copyOf(hints);
  }

  private static Optional<String> resolve(RepoFiles repo, String hint) {
    try {
      return Optional.of(repo.resolve(hint));
    } catch (RecipeRefusedException notOneTrackedFile) {
      return Optional.empty(); // library frames and ambiguous names are not ours to edit
    }
  }

  private static ShownFile shown(String path, String text, int limit) {
    Redaction redacted = Redactor.redact(text);
    String shown = redacted.text();
    boolean truncated = shown.length() > limit;
    if (truncated) {
      int cut = shown.lastIndexOf('\n', limit - 1);
      shown = shown.substring(0, cut < 0 ? limit : cut + 1);
    }
    return new ShownFile(path, shown, truncated, text.length(), redacted.count());
  }
}
