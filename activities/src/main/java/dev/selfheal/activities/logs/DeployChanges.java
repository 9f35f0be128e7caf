package dev.selfheal.activities.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.deploy.DeployActivitiesImpl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What changed in production before the incident: the service's completed deploys (from the
 * deploy record selfheal keeps in the deploy checkout) as {@code CHANGE} records carrying the
 * commit, its subject and the files it touched (from git). The analyzer reads them as change
 * events; nothing else treats them as log lines.
 */
public final class DeployChanges {
  public static final String LEVEL = "CHANGE";
  private static final Logger log = LoggerFactory.getLogger(DeployChanges.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FILES_SHOWN = 12;

  private DeployChanges() {}

  /** Deploys of {@code spec} finished within [from, to]; empty when there is no record. */
  public static List<LogRecord> between(ServiceSpec spec, Instant from, Instant to) {
    List<LogRecord> changes = new ArrayList<>();
    Path dir = Path.of(spec.deployDir()).toAbsolutePath().normalize();
    Path records = dir.resolve(".git").resolve(DeployActivitiesImpl.RECORD_FILE);
    if (!Files.isRegularFile(records)) {
      return changes;
    }
    try (Git git = Git.open(dir.toFile())) {
      for (String line : Files.readAllLines(records)) {
        JsonNode record = parse(line);
        if (record == null || record.path("exitCode").asInt(-1) != 0) {
          continue; // only deploys that completed changed production
        }
        Instant at = instant(record.path("finishedAt").asText(null));
        String commit = record.path("commit").asText("");
        if (at == null || at.isBefore(from) || at.isAfter(to) || commit.length() < 10) {
          continue;
        }
        changes.add(change(git.getRepository(), spec.name(), at, commit, record.path("reason").asText("")));
      }
    } catch (IOException e) {
      log.warn("deploy changes unreadable service={} dir={}: {}", spec.name(), dir, e.getMessage());
    }
    return changes;
  }

  private static LogRecord change(Repository repo, String service, Instant at, String commit, String reason) {
    String subject = "";
    List<String> files = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      subject = c.getShortMessage();
      if (c.getParentCount() > 0) {
        try (DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
          diff.setRepository(repo);
          for (DiffEntry entry : diff.scan(c.getParent(0).getTree(), c.getTree())) {
            files.add(entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath());
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      subject = "(commit not in the deploy checkout: " + e.getMessage() + ")";
    }
    String shown = String.join(", ", files.subList(0, Math.min(FILES_SHOWN, files.size())))
        + (files.size() > FILES_SHOWN ? ", … " + (files.size() - FILES_SHOWN) + " more" : "");
    String message = "deployed " + commit.substring(0, 10) + " \"" + subject + "\"" + (reason.isBlank() ? "" : " (" + reason + ")")
        + (files.isEmpty() ? "" : "; files: " + shown);
    LogRecord draft = new LogRecord(at, LEVEL, service, message, "deploy", null, null, null, null, null, null, null,
        commit.substring(0, 10), commit, null);
    return new LogRecord(at, LEVEL, service, message, "deploy", null, null, null, null, null, null, null,
        commit.substring(0, 10), commit, LogRecordJson.line(draft));
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
