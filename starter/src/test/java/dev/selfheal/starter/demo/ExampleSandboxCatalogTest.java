package dev.selfheal.starter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.config.ServiceCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog `selfheal dev` writes for the example is the spec the demo uses, read back field for field. */
class ExampleSandboxCatalogTest {
  @TempDir Path dir;

  @Test
  void theWrittenCatalogLoadsAsTheSandboxSpec() throws Exception {
    try (ExampleSandbox sandbox = ExampleSandbox.create(ExampleLocator.example(ExampleSandbox.SERVICE), dir.resolve("sandbox"))) {
      Path file = sandbox.writeCatalog(dir.resolve("services.yaml"));

      assertThat(ServiceCatalog.load(file).require(ExampleSandbox.SERVICE)).isEqualTo(sandbox.spec());
    }
  }
}
