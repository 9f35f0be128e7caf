package dev.selfheal.example.report;

import static dev.selfheal.example.report.testkit.Assert.assertEquals;
import static dev.selfheal.example.report.testkit.Assert.assertFalse;
import static dev.selfheal.example.report.testkit.Assert.assertMatches;
import static dev.selfheal.example.report.testkit.Assert.assertTrue;

import dev.selfheal.example.report.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class JsonlLogTest {

  private static final String TS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  public void testEveryLineIsAJsonObjectWithTheRequiredFields() throws Exception {
    Path runDir = TestFiles.tempDir("jsonl-test");
    String nasty = "quote\" backslash\\ newline\n tab\t bell\u0007 unicode é ☃ \u2028 end";
    try (JsonlLog log = JsonlLog.inRunDir(runDir, null, null)) {
      log.entry("INFO", "plain").write();
      log.entry("WARN", nasty).component("c").attr("k", nasty).attr("n", 42).write();
      log.entry("ERROR", "with ids").trace(JsonlLog.newTraceId(), JsonlLog.newSpanId(), null)
          .write();
      log.entry("FATAL", "").write();

      Path file = runDir.resolve("logs").resolve("report-service.jsonl");
      List<String> lines = Files.readAllLines(file);
      assertEquals(4, lines.size(), "one line per record");
      List<Map<String, Object>> records = TestFiles.readJsonl(file);
      for (Map<String, Object> r : records) {
        assertMatches(TS, (String) r.get("ts"), "ts");
        assertTrue(Set.of("ERROR", "WARN", "INFO", "FATAL").contains(r.get("level")), "level");
        assertEquals("report-service", r.get("service"), "service");
        assertTrue(r.get("message") instanceof String, "message is a string");
        assertFalse(r.containsKey("deploy"), "no deploy object without version or commit");
      }
      assertEquals(nasty, records.get(1).get("message"), "message survives escaping");
      assertEquals(Map.of("k", nasty, "n", 42L), records.get(1).get("attrs"), "attrs");
      assertEquals(List.of("ts", "level", "service", "message", "trace_id", "span_id"),
          List.copyOf(records.get(2).keySet()), "field order");
    } finally {
      TestFiles.deleteTree(runDir);
    }
  }

  @SuppressWarnings("unchecked")
  public void testExceptionFieldsPointAtTheFirstFrameInServiceCode() throws Exception {
    Path runDir = TestFiles.tempDir("jsonl-test");
    try (JsonlLog log = JsonlLog.inRunDir(runDir, "2.0", "deadbeef")) {
      Exception e = new IllegalStateException("outer", new RuntimeException("inner"));
      int line = new Throwable().getStackTrace()[0].getLineNumber() - 1;
      log.entry("ERROR", "boom").component("x").exception(e).write();

      Map<String, Object> r = TestFiles.readJsonl(log.file()).get(0);
      assertEquals("java.lang.IllegalStateException", r.get("error_type"), "error_type");
      assertEquals("java.lang.RuntimeException", r.get("caused_by"), "caused_by");
      assertEquals("src/main/java/dev/selfheal/example/report/JsonlLogTest.java", r.get("file"),
          "file");
      assertEquals((long) line, r.get("line"), "line");
      List<Object> stack = (List<Object>) r.get("stack");
      assertEquals("dev.selfheal.example.report.JsonlLogTest"
          + ".testExceptionFieldsPointAtTheFirstFrameInServiceCode(JsonlLogTest.java:" + line
          + ")", stack.get(0), "first frame");
      for (Object frame : stack) {
        assertMatches("[\\w.$<>]+\\.[\\w$<>]+\\(.*\\)", (String) frame, "frame");
      }
      assertEquals(Map.of("version", "2.0", "commit", "deadbeef"), r.get("deploy"), "deploy");
    } finally {
      TestFiles.deleteTree(runDir);
    }
  }

  public void testIdsAreLowerCaseHex() {
    for (int i = 0; i < 50; i++) {
      assertMatches("[0-9a-f]{32}", JsonlLog.newTraceId(), "trace id");
      assertMatches("[0-9a-f]{16}", JsonlLog.newSpanId(), "span id");
    }
  }
}
