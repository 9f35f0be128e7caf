package dev.selfheal.starter.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Every side effect an incident left in the world, counted from the world itself (the origin
 * repository, the review files, the deploy record), not from what selfheal says it did.
 */
public record IncidentEffects(
    int branches, int fixCommits, int mergeCommits, int reviewFiles, Map<String, Integer> reviewEvents, int deploysStarted, int deploysCompleted) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static IncidentEffects of(String incidentId, Path origin, Path deployDir) throws IOException, GitAPIException {
    String trailer = "Selfheal-Incident: " + incidentId;
    int branches;
    int fixCommits = 0;
    int mergeCommits = 0;
    try (Git git = Git.open(origin.toFile())) {
      List<Ref> heads = git.branchList().call();
      branches = (int) heads.stream().filter(r -> r.getName().startsWith("refs/heads/selfheal/")).count();
      var log = git.log();
      for (Ref head : heads) {
        log.add(head.getObjectId());
      }
      for (RevCommit commit : log.call()) {
        if (!commit.getFullMessage().contains(trailer)) {
          continue;
        }
        if (commit.getParentCount() > 1) {
          mergeCommits++;
        } else if (commit.getFullMessage().contains("Selfheal-Recipe:")) {
          fixCommits++;
        }
      }
    }
    Path reviews = origin.resolve("selfheal-reviews");
    int reviewFiles = 0;
    Map<String, Integer> events = new HashMap<>();
    if (Files.isDirectory(reviews)) {
      try (Stream<Path> files = Files.list(reviews)) {
        List<Path> ours = files.filter(f -> f.getFileName().toString().equals(incidentId + ".json")).toList();
        reviewFiles = ours.size();
        for (Path file : ours) {
          for (JsonNode event : JSON.readTree(file.toFile()).path("events")) {
            events.merge(event.path("state").asText(), 1, Integer::sum);
          }
        }
      }
    }
    int started = 0;
    int completed = 0;
    Path records = deployDir.resolve(".git/selfheal-deploys.jsonl");
    if (Files.exists(records)) {
      for (String line : Files.readAllLines(records)) {
        JsonNode record = JSON.readTree(line);
        if (!incidentId.equals(record.path("incidentId").asText())) {
          continue;
        }
        if (record.path("exitCode").asInt() == 0) {
          completed++;
        } else {
          started++;
        }
      }
    }
    return new IncidentEffects(branches, fixCommits, mergeCommits, reviewFiles, events, started, completed);
  }

  /** What one clean run leaves: one branch, one fix commit, one merge, one review opened, one deploy. */
  public List<String> duplicates() {
    List<String> problems = new ArrayList<>();
    check(problems, "branches", branches);
    check(problems, "fix commits", fixCommits);
    check(problems, "merge commits", mergeCommits);
    check(problems, "review files", reviewFiles);
    check(problems, "review 'open' events", reviewEvents.getOrDefault("open", 0));
    check(problems, "review 'approved' events", reviewEvents.getOrDefault("approved", 0));
    check(problems, "deploy starts", deploysStarted);
    check(problems, "deploys completed", deploysCompleted);
    return problems;
  }

  private static void check(List<String> problems, String what, int count) {
    if (count != 1) {
      problems.add(what + "=" + count);
    }
  }
}
