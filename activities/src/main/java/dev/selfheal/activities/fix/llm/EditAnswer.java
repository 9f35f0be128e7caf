package dev.selfheal.activities.fix.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.activities.fix.guard.TestFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A model's edits, read from an answer that matched {@link EditPrompt#schema}, with the bounds a
 * JSON Schema subset cannot say (how many edits, non-empty search, a test path that is a test).
 */
record EditAnswer(List<SearchReplace> edits, NewTestFile regressionTest, String explanation) {
  static final int MAX_EDITS = 8;
  static final int MAX_EDIT_CHARS = 4_096;
  static final int MAX_TEST_CHARS = 16_000;
  static final int MAX_PATH_CHARS = 300;
  static final int MAX_EXPLANATION_CHARS = 1_000;
  /** What {@code Redactor} leaves in shown files; never text of the file itself. */
  static final String REDACTION_MARKER = "[REDACTED:";

  /**
   * The edit answer in {@code json}.
   *
   * @param json matches the schema
   * @param shown the files the model was shown, the only ones it may edit
   * @throws EditRejected listing every problem found
   */
  static EditAnswer read(JsonNode json, Set<String> shown) throws EditRejected {
    refuseUnshown(json, shown);
    List<String> problems = new ArrayList<>();
    JsonNode editsNode = json.get("edits");
    if (editsNode.isEmpty()) {
      problems.add("$.edits: no edits; at least one edit to a shown file is needed");
    }
    if (editsNode.size() > MAX_EDITS) {
      problems.add("$.edits: " + editsNode.size() + " edits, at most " + MAX_EDITS);
    }
    List<SearchReplace> edits = new ArrayList<>();
    for (int i = 0; i < editsNode.size(); i++) {
      JsonNode edit = editsNode.get(i);
      SearchReplace e = new SearchReplace(edit.get("file").textValue(), edit.get("search").textValue(),
          edit.get("replace").textValue());
      String at = "$.edits[" + i + "]";
      if (e.search().isEmpty()) {
        problems.add(at + ".search: empty; it must be text that occurs exactly once in " + e.file());
      } else if (e.search().equals(e.replace())) {
        problems.add(at + ": search and replace are the same, so the edit changes nothing");
      }
      if (e.search().contains(REDACTION_MARKER) || e.replace().contains(REDACTION_MARKER)) {
        problems.add(at + ": contains a " + REDACTION_MARKER + "...] marker, which stands for a secret that is "
            + "not shown; edit around it");
      }
      edits.add(e);
    }
    JsonNode test = json.get("regressionTest");
    NewTestFile regressionTest = new NewTestFile(test.get("file").textValue(), test.get("content").textValue());
    String pathProblem = testPathProblem(regressionTest.file(), shown);
    if (pathProblem != null) {
      problems.add("$.regressionTest.file: " + pathProblem);
    }
    if (regressionTest.content().isBlank()) {
      problems.add("$.regressionTest.content: empty; write a test that fails before the fix and passes after it");
    }
    if (regressionTest.content().contains(REDACTION_MARKER)) {
      problems.add("$.regressionTest.content: contains a " + REDACTION_MARKER + "...] marker");
    }
    if (!problems.isEmpty()) {
      throw EditRejected.correctable(String.join("; ", problems));
    }
    String explanation = json.get("explanation").textValue().replaceAll("\\p{Cntrl}", " ").strip();
    return new EditAnswer(List.copyOf(edits), regressionTest, explanation);
  }

  /**
   * Refuses an answer, in or out of the schema, that edits a file the model was not shown: a model
   * reaching for other files may be steered by text in the logs, so it gets no second chance.
   */
  static void refuseUnshown(JsonNode json, Set<String> shown) throws EditRejected {
    String unshown = unshownFile(json, shown);
    if (unshown != null) {
      throw EditRejected.refused("the model asked to edit " + unshown + ", which it was not shown (it may only edit "
          + String.join(", ", shown) + ")");
    }
  }

  /** The first edit's file, quoted, that is a string but not a shown file; null when there is none. */
  private static String unshownFile(JsonNode json, Set<String> shown) {
    JsonNode edits = json == null ? null : json.get("edits");
    if (edits == null || !edits.isArray()) {
      return null;
    }
    for (JsonNode edit : edits) {
      JsonNode file = edit.get("file");
      if (file != null && file.isTextual() && !shown.contains(file.textValue())) {
        String quoted = file.toString(); // escaped: the name is model output on its way to a log
        return quoted.length() <= MAX_PATH_CHARS ? quoted : quoted.substring(0, MAX_PATH_CHARS) + "…";
      }
    }
    return null;
  }

  /** Why {@code path} cannot be the new regression test, or null when it can. */
  static String testPathProblem(String path, Set<String> shown) {
    if (path.isBlank()) {
      return "empty";
    }
    if (path.contains("\\") || path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
      return "'" + path + "' must be a repository-relative path with / separators";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase(".git")) {
        return "'" + path + "' must not contain empty, '.', '..' or '.git' segments";
      }
    }
    if (path.chars().anyMatch(Character::isISOControl)) {
      return "contains control characters";
    }
    if (shown.contains(path)) {
      return "'" + path + "' is one of the files being edited; the test must be a new file";
    }
    if (!TestFiles.isTest(path)) {
      return "'" + path + "' is not a test file: put it under the project's test folder (such as src/test/java/ "
          + "or tests/) and name it like its tests (FooTest.java, test_foo.py, foo_test.go)";
    }
    return null;
  }
}
