package dev.selfheal.activities.lessons;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.activities.LessonActivities;
import dev.selfheal.workflows.messages.requests.LessonRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * Appends one lesson per incident to {@code <workspace>/lessons.jsonl}: what to prefer next time,
 * why, and a prediction a later incident can confirm or falsify.
 */
public class LessonActivitiesImpl implements LessonActivities {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Workspace workspace;

  public LessonActivitiesImpl(Workspace workspace) {
    this.workspace = workspace;
  }

  @Override
  public synchronized void recordLesson(LessonRequest request) {
    Path file = workspace.root().resolve("lessons.jsonl");
    String marker = "\"incidentId\":\"" + request.incidentId() + "\"";
    try {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.stream().anyMatch(l -> l.contains(marker))) {
          return; // recorded by an earlier attempt
        }
      }
      Diagnosis d = request.diagnosis();
      ObjectNode lesson = JSON.createObjectNode();
      lesson.put("incidentId", request.incidentId());
      lesson.put("scope", request.service() + "/" + d.rootCause().errorType());
      lesson.put("when", Instant.now().toString());
      lesson.put("prefer", request.recipeId() == null ? "escalate to a human" : "recipe " + request.recipeId());
      lesson.put("because", d.summary());
      lesson.put("outcome", request.outcome().label());
      lesson.put(
          "prediction",
          "no " + d.rootCause().errorType() + " in " + request.service() + " within 7 days of the fix");
      lesson.put("retired_when", "the prediction fails or the recipe is rolled back twice");
      Files.writeString(
          file, JSON.writeValueAsString(lesson) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
