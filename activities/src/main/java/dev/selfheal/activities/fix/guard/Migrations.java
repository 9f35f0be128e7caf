package dev.selfheal.activities.fix.guard;

import dev.selfheal.activities.Glob;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Schema migrations by the layouts their tools use. An applied migration is history: every node
 * has run it and Flyway-style tools check its checksum, so a fix adds a new migration and never
 * edits an old one.
 */
final class Migrations {
  private static final List<Glob> FOLDERS = List.of(
      Glob.of("**/db/migration/"),
      Glob.of("**/db/migrations/"),
      Glob.of("**/db/migrate/"),
      Glob.of("**/migrations/"),
      Glob.of("**/alembic/versions/"),
      Glob.of("**/db/changelog/"));
  /** Flyway's versioned, undo and repeatable names: {@code V3_1__add_index.sql}, {@code R__totals.java}. */
  private static final Pattern FLYWAY_NAME = Pattern.compile("(?:[VU]\\d+(?:[._]\\d+)*|R)__\\w.*");

  private Migrations() {}

  static boolean isMigration(String path) {
    if (path == null) {
      return false;
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return FLYWAY_NAME.matcher(name).matches() || FOLDERS.stream().anyMatch(glob -> glob.matches(path));
  }
}
