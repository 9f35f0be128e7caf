package dev.selfheal.activities.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.messages.values.FileCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailerTest {
  @TempDir Path dir;

  /** Collects lines, and marks where a file ended. */
  private static final class Lines implements TailListener {
    final List<String> seen = new ArrayList<>();

    @Override
    public void line(TailLine line) {
      seen.add(line.text());
    }

    @Override
    public void fileEnded() {
      seen.add("<end>");
    }

    List<String> take() {
      List<String> out = List.copyOf(seen);
      seen.clear();
      return out;
    }
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void startsAtTheEndOfAnExistingFileAndReadsWhatIsAppended() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "old 1\nold 2\n");
    Lines lines = new Lines();
    try (FileTailer tailer = new FileTailer(log, null)) {
      tailer.poll(lines);
      assertThat(lines.take()).isEmpty();
      append(log, "new 1\nnew 2\n");
      tailer.poll(lines);
      assertThat(lines.take()).containsExactly("new 1", "new 2");
      tailer.poll(lines);
      assertThat(lines.take()).isEmpty();
    }
  }

  @Test
  void aFileThatAppearsLaterIsReadFromItsStart() throws IOException {
    Path log = dir.resolve("app.log");
    Lines lines = new Lines();
    try (FileTailer tailer = new FileTailer(log, null)) {
      tailer.poll(lines);
      append(log, "first\n");
      tailer.poll(lines);
      assertThat(lines.take()).containsExactly("first");
    }
  }

  @Test
  void aPartialLastLineWaitsForItsNewline() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    Lines lines = new Lines();
    try (FileTailer tailer = new FileTailer(log, null)) {
      tailer.poll(lines);
      append(log, "complete\nhalf a li");
      tailer.poll(lines);
      assertThat(lines.take()).containsExactly("complete");
      assertThat(tailer.offset()).isEqualTo("complete\n".length());
      append(log, "ne\r\n");
      tailer.poll(lines);
      assertThat(lines.take()).containsExactly("half a line");
    }
  }

  @Test
  void rotationFinishesTheOldFileThenReadsTheNewOneFromZero() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    Lines lines = new Lines();
    try (FileTailer tailer = new FileTailer(log, null)) {
      tailer.poll(lines);
      append(log, "a1\n");
      tailer.poll(lines);
      append(log, "a2\na3 unterminated");
      Files.move(log, dir.resolve("app.log.1"));
      tailer.poll(lines); // the name is gone: the old file may still grow
      append(dir.resolve("app.log.1"), " but finished\n");
      append(log, "b1\n");
      tailer.poll(lines);
      assertThat(lines.take()).containsExactly("a1", "a2", "a3 unterminated but finished", "<end>", "b1");
      assertThat(tailer.offset()).isEqualTo(3);
    }
  }

  @Test
  void truncationStartsAgainAtZero() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    Lines lines = new Lines();
    try (FileTailer tailer = new FileTailer(log, null)) {
      tailer.poll(lines);
      append(log, "a long first line\nsecond\n");
      tailer.poll(lines);
      Files.writeString(log, "x\n"); // copytruncate: same file, shorter
      tailer.poll(lines);
      assertThat(lines.take()).containsExactly("a long first line", "second", "<end>", "x");
    }
  }

  @Test
  void aFileRewrittenPastTheOldOffsetIsReadAgainFromZero() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    Lines lines = new Lines();
    try (FileTailer tailer = new FileTailer(log, null)) {
      tailer.poll(lines);
      append(log, "one\n");
      tailer.poll(lines);
      Files.writeString(log, "rewritten and longer\n"); // truncated and refilled between two polls
      tailer.poll(lines);
      assertThat(lines.take()).containsExactly("one", "<end>", "rewritten and longer");
    }
  }

  @Test
  void resumingFromACheckpointNeitherRereadsNorSkips() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    Lines lines = new Lines();
    FileCheckpoint saved;
    try (FileTailer tailer = new FileTailer(log, null)) {
      tailer.poll(lines);
      append(log, "l1\nl2\n");
      tailer.poll(lines);
      saved = tailer.checkpoint(tailer.offset());
    }
    append(log, "l3\nl4\n");
    try (FileTailer resumed = new FileTailer(log, saved)) {
      resumed.poll(lines);
    }
    assertThat(lines.take()).containsExactly("l1", "l2", "l3", "l4");
  }

  @Test
  void resumingAfterARotationWhileStoppedFinishesTheRotatedFileFirst() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    Lines lines = new Lines();
    FileCheckpoint saved;
    try (FileTailer tailer = new FileTailer(log, null)) {
      tailer.poll(lines);
      append(log, "l1\n");
      tailer.poll(lines);
      saved = tailer.checkpoint(tailer.offset());
    }
    append(log, "l2\n");
    Files.move(log, dir.resolve("app.log.1"));
    append(log, "n1\n");
    try (FileTailer resumed = new FileTailer(log, saved)) {
      resumed.poll(lines);
    }
    assertThat(lines.take()).containsExactly("l1", "l2", "<end>", "n1");
  }

  @Test
  void aLineLongerThanTheLimitIsCutAndItsRestDropped() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    Lines lines = new Lines();
    try (FileTailer tailer = new FileTailer(log, null)) {
      tailer.poll(lines);
      append(log, "x".repeat(FileTailer.MAX_LINE_BYTES + 10));
      tailer.poll(lines);
      append(log, "yyy\nafter\n");
      tailer.poll(lines);
      List<String> seen = lines.take();
      assertThat(seen).hasSize(2);
      assertThat(seen.get(0)).hasSize(FileTailer.MAX_LINE_BYTES).matches("x+");
      assertThat(seen.get(1)).isEqualTo("after");
    }
  }
}
