package dev.selfheal.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.activities.GitActivities;
import io.temporal.activity.ActivityInterface;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ActivityTypesTest {
  @Test
  void listsEveryActivityInterfaceOfTheWorkflowsModule() throws Exception {
    assertThat(ActivityTypes.INTERFACES).containsExactlyInAnyOrderElementsOf(activityInterfaces());
  }

  @Test
  void namesTypesAsTheServerSeesThem() {
    assertThat(ActivityTypes.known()).contains("PrepareWorktree", "ApplyFix", "RunTests", "OpenReview", "UpdateReview", "Merge", "Deploy");
  }

  /** The interfaces in the package on disk, read from a classes folder or a jar alike. */
  private static List<Class<?>> activityInterfaces() throws Exception {
    Path source = Path.of(GitActivities.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String pkg = GitActivities.class.getPackageName().replace('.', '/');
    if (Files.isDirectory(source)) {
      return interfacesIn(source.resolve(pkg));
    }
    try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + source.toUri()), Map.of())) {
      return interfacesIn(jar.getPath(pkg));
    }
  }

  private static List<Class<?>> interfacesIn(Path dir) throws Exception {
    String pkg = GitActivities.class.getPackageName();
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.contains("$"))
          .toList();
      List<Class<?>> found = new ArrayList<>();
      for (String name : names) {
        Class<?> type = Class.forName(pkg + "." + name.substring(0, name.length() - ".class".length()));
        if (type.isAnnotationPresent(ActivityInterface.class)) {
          found.add(type);
        }
      }
      return found;
    }
  }
}
