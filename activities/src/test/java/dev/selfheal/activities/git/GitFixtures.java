package dev.selfheal.activities.git;

import dev.selfheal.activities.config.Autonomy;
import dev.selfheal.activities.config.HealthCheck;
import dev.selfheal.activities.config.LogFormat;
import dev.selfheal.activities.config.LogSource;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.config.Thresholds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/** Real repositories for tests: a bare origin with a {@code main} branch, and commits onto it. */
public final class GitFixtures {
  public static final String SERVICE = "report-service";
  public static final PersonIdent DEV = new PersonIdent("dev", "dev@example.com");

  private GitFixtures() {}

  /** A bare repository at {@code origin} whose {@code main} holds {@code files} in one commit. */
  public static Path bareOrigin(Path origin, Map<String, String> files) throws Exception {
    initBare(origin);
    commit(origin, "main", files, List.of(), "initial commit");
    return origin;
  }

  /**
   * An empty bare repository. Without auto gc: JGit would start it in the background after a
   * push, racing the deletion of the test's temp directory.
   */
  private static void initBare(Path origin) throws Exception {
    try (Git git = Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call()) {
      var config = git.getRepository().getConfig();
      config.setBoolean("receive", null, "autogc", false);
      config.setInt("gc", null, "auto", 0);
      config.save();
    }
  }

  /** A bare repository at {@code origin} seeded with a copy of the directory {@code source}. */
  public static Path bareOriginFrom(Path origin, Path source, Path scratch) throws Exception {
    initBare(origin);
    Path seed = scratch.resolve("seed-" + UUID.randomUUID());
    copyTree(source, seed);
    try (Git git = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
      git.add().addFilepattern(".").call(); // honours the copy's .gitignore
      git.commit().setMessage("initial commit").setAuthor(DEV).setCommitter(DEV).setSign(false).call();
      git.push().setRemote(origin.toString()).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
    }
    return origin;
  }

  /**
   * Commits {@code files} (content; null deletes) on top of {@code branch} of {@code origin} (or
   * of {@code main} when the branch does not exist yet) and pushes it. Returns the new commit.
   */
  public static String commit(Path origin, String branch, Map<String, String> files, List<String> deletes, String message)
      throws Exception {
    Path work = Files.createTempDirectory("fixture-work");
    try (Git git = Git.init().setInitialBranch(branch).setDirectory(work.toFile()).call()) {
      // JGit's auto gc after the fetch would otherwise run in the background while we delete
      git.getRepository().getConfig().setBoolean("gc", null, "autoDetach", false);
      git.getRepository().getConfig().save();
      String start = head(origin, branch);
      if (start == null) {
        start = head(origin, "main");
      }
      if (start != null) {
        git.fetch().setRemote(origin.toString()).setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*")).call();
        git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(start).call();
      }
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path path = work.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        if (file.getKey().endsWith(".sh")) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        git.add().addFilepattern(file.getKey()).call();
      }
      for (String delete : deletes) {
        git.rm().addFilepattern(delete).call();
      }
      RevCommit commit = git.commit().setMessage(message).setAuthor(DEV).setCommitter(DEV).setSign(false).setAllowEmpty(true).call();
      git.push().setRemote(origin.toString()).setForce(true)
          .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch)).call();
      return commit.name();
    } finally {
      deleteTree(work);
    }
  }

  /** The commit {@code branch} points at in the (bare) repository, or null. */
  public static String head(Path repoDir, String branch) throws IOException {
    try (Repository repo = open(repoDir)) {
      Ref ref = repo.exactRef(Constants.R_HEADS + branch);
      return ref == null ? null : ref.getObjectId().name();
    }
  }

  /** First-parent history of {@code branch}, newest first. */
  public static List<RevCommit> firstParents(Path repoDir, String branch) throws IOException {
    try (Repository repo = open(repoDir); RevWalk walk = new RevWalk(repo)) {
      List<RevCommit> commits = new ArrayList<>();
      RevCommit commit = walk.parseCommit(repo.resolve(Constants.R_HEADS + branch));
      while (commit != null) {
        commits.add(commit);
        commit = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
      }
      return commits;
    }
  }

  public static RevCommit parse(Path repoDir, String commit) throws IOException {
    try (Repository repo = open(repoDir); RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(ObjectId.fromString(commit));
    }
  }

  /** The content of {@code path} at {@code rev} in the repository, or null when absent. */
  public static String read(Path repoDir, String rev, String path) throws IOException {
    try (Repository repo = open(repoDir); RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(repo.resolve(rev));
      try (var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, path, commit.getTree())) {
        return tw == null ? null : new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  public static Repository open(Path repoDir) throws IOException {
    Path gitDir = Files.isDirectory(repoDir.resolve(".git")) ? repoDir.resolve(".git") : repoDir;
    return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
  }

  public static ServiceCatalog catalog(Path origin, Path deployDir, String deployCommand, Map<String, String> env) {
    return new ServiceCatalog(Map.of(SERVICE, spec(origin, deployDir, deployCommand, env)));
  }

  public static ServiceSpec spec(Path origin, Path deployDir, String deployCommand, Map<String, String> env) {
    return new ServiceSpec(
        SERVICE, origin.toString(), "main", "./test.sh", deployDir.toString(), deployCommand, null, env,
        HealthCheck.ofUrl("http://127.0.0.1:1/health"), null, List.of(new LogSource("/dev/null", LogFormat.AUTO)), List.of(),
        Autonomy.SUGGEST, Thresholds.DEFAULT);
  }

  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path rel = from.relativize(p);
        if (rel.startsWith("build") || rel.startsWith(".git")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
