package dev.selfheal.activities.fix.guard;

import dev.selfheal.activities.Glob;
import java.util.List;

/**
 * What a service lets the patch guard allow. Whatever the policy says, the guard's fixed rules
 * (tests, CI, build test settings, selfheal config, secrets, git internals, binaries) still apply.
 *
 * @param allowedPaths globs (see {@link Glob}) a patched path must match; null or empty means
 *     every path the fixed rules do not forbid
 * @param maxFiles most files one patch may touch
 * @param maxChangedLines most added plus removed lines over the whole patch
 */
public record GuardPolicy(List<String> allowedPaths, int maxFiles, int maxChangedLines) {
  /** A recipe's fix plus its regression test is a handful of files and well under this. */
  public static final int DEFAULT_MAX_FILES = 10;

  public static final int DEFAULT_MAX_CHANGED_LINES = 400;

  public GuardPolicy {
    allowedPaths = allowedPaths == null || allowedPaths.isEmpty() ? List.of("**") : List.copyOf(allowedPaths);
    for (String glob : allowedPaths) {
      Glob.toRegex(glob); // a broken glob is a config error now, not a refusal at fix time
    }
    if (maxFiles < 1) {
      throw new IllegalArgumentException("guard maxFiles must be at least 1, got " + maxFiles);
    }
    if (maxChangedLines < 1) {
      throw new IllegalArgumentException("guard maxChangedLines must be at least 1, got " + maxChangedLines);
    }
  }

  public static GuardPolicy defaults() {
    return new GuardPolicy(null, DEFAULT_MAX_FILES, DEFAULT_MAX_CHANGED_LINES);
  }
}
