package dev.selfheal.activities.ci.reports;

import dev.selfheal.activities.Glob;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the JUnit XML reports a test run wrote, by globs under the worktree and by modification
 * time (a report left by an earlier run must not speak for this one), and sums them. A broken
 * report is counted and named, never fatal.
 */
public final class JUnitReports {
  private static final Logger log = LoggerFactory.getLogger(JUnitReports.class);

  /**
   * Where the usual reporters write: {@code TEST-*.xml} (Surefire and Failsafe under
   * target/*-reports, Gradle under build/test-results), {@code *junit*.xml} (pytest {@code
   * --junitxml=junit.xml}, jest-junit's default, gotestsum {@code --junitfile}), {@code report.xml}
   * (go-junit-report's usual redirect), and the common report folders.
   */
  public static final List<String> DEFAULT_GLOBS = List.of(
      "TEST-*.xml", "*junit*.xml", "report.xml", "**/test-results/**/*.xml", "**/test-reports/**/*.xml");

  /** Directories no reporter writes into and that can be huge. */
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", ".venv", "venv", "__pycache__", ".tox");

  private static final int MAX_DEPTH = 16;
  private static final int MAX_FILES = 2_000;

  private final List<Glob> globs;

  public JUnitReports(List<String> globs) {
    this.globs = globs.stream().map(Glob::ignoringCase).toList();
  }

  public static JUnitReports defaults() {
    return new JUnitReports(DEFAULT_GLOBS);
  }

  /**
   * Sums the reports under {@code tree} written at or after {@code since}.
   *
   * @param watch test names whose passing to note (an earlier run's failures); empty for none
   */
  public JUnitSummary collect(Path tree, Instant since, Set<String> watch) {
    JUnitTally total = new JUnitTally();
    for (Path file : find(tree, since)) {
      String relative = relative(tree, file);
      try {
        Optional<JUnitTally> tally = JUnitXml.parse(file, watch);
        if (tally.isPresent()) {
          total.add(tally.get());
        } else {
          log.debug("not a JUnit report, ignored file={}", relative);
        }
      } catch (XMLStreamException | IOException | RuntimeException e) {
        // a report is untrusted input: whatever is wrong with it, the run's verdict goes on
        String why = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        why = why.length() > 160 ? why.substring(0, 159) + "…" : why;
        log.warn("broken test report file={} error=\"{}\"", relative, why);
        total.broken(relative, why);
      }
    }
    return total.summary();
  }

  /** How many report files the run has written so far; for heartbeats. */
  public int count(Path tree, Instant since) {
    return find(tree, since).size();
  }

  /**
   * Report files written since {@code since}, sorted. File times can be as coarse as a second, so
   * the cut is the start of {@code since}'s second: a report of this run is never dropped.
   */
  List<Path> find(Path tree, Instant since) {
    long cut = since.truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(tree, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(tree) && SKIPPED_DIRS.contains(dir.getFileName().toString())
              ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && attrs.lastModifiedTime().toMillis() >= cut) {
            String relative = relative(tree, file);
            if (globs.stream().anyMatch(g -> g.matches(relative))) {
              found.add(file);
            }
          }
          return found.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      log.warn("cannot look for test reports under {}: {}", tree, e.getMessage());
    }
    found.sort(null);
    return found;
  }

  private static String relative(Path tree, Path file) {
    return tree.relativize(file).toString().replace('\\', '/');
  }
}
