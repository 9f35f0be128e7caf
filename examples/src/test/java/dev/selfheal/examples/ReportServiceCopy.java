package dev.selfheal.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A private copy of examples/report-service and a way to run its scripts. */
final class ReportServiceCopy {

  /** Exit code (-1 on timeout) and everything the script printed. */
  record Run(int exitCode, String output) {}

  final Path dir;

  private ReportServiceCopy(Path dir) {
    this.dir = dir;
  }

  static Path source() {
    Path src = Path.of(System.getProperty("basedir", ".")).resolve("report-service")
        .toAbsolutePath().normalize();
    if (!Files.isRegularFile(src.resolve("deploy.sh"))) {
      throw new IllegalStateException("report-service not found at " + src);
    }
    return src;
  }

  /** Copies the service (without build output), keeping the scripts' executable bits. */
  static ReportServiceCopy into(Path target) throws IOException {
    Path src = source();
    Files.walkFileTree(src, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
          throws IOException {
        Path rel = src.relativize(d);
        if (rel.toString().equals("build")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.createDirectories(target.resolve(rel.toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        Files.copy(f, target.resolve(src.relativize(f).toString()),
            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
    return new ReportServiceCopy(target);
  }

  /** Runs {@code ./<script>} in the copy; output goes to a file so background children never hold a pipe. */
  Run run(String script, Map<String, String> env, Duration timeout) {
    try {
      Path out = Files.createTempFile(dir.getParent(), script.replace('.', '-'), ".out");
      ProcessBuilder pb = new ProcessBuilder(List.of("./" + script))
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(env);
      Process p = pb.start();
      int code;
      if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        code = p.exitValue();
      } else {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        code = -1;
      }
      return new Run(code, Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + script, e);
    }
  }
}
