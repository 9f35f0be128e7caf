package dev.selfheal.activities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a worker keeps incident artifacts (tickets, log windows, diffs, test output,
 * post-mortems) and worktrees. History carries paths into here, never the content.
 */
public final class Workspace {
  private final Path root;

  public Workspace(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** {@code <root>/incidents/<incidentId>}, created on first use. */
  public Path incidentDir(String incidentId) {
    return create(root.resolve("incidents").resolve(safe(incidentId)));
  }

  /** {@code <root>/worktrees/<incidentId>}; not created, git does that. */
  public Path worktreeDir(String incidentId) {
    return root.resolve("worktrees").resolve(safe(incidentId));
  }

  private static String safe(String id) {
    if (id == null || !id.matches("[A-Za-z0-9._-]+") || id.contains("..")) {
      throw new IllegalArgumentException("unsafe incident id: " + id);
    }
    return id;
  }

  private static Path create(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
