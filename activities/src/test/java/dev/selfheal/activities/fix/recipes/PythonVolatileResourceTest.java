package dev.selfheal.activities.fix.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.activities.fix.RelocateVolatileResourceRecipe;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RelocateVolatileResourceRecipe} on a Python service that reads its logo from /var/tmp. */
class PythonVolatileResourceTest {
  private static final String MODULE = "billing/invoice.py";
  private static final String MODULE_SOURCE = """
      \"\"\"Invoices as HTML.\"\"\"
      import html
      import json

      LOGO_PATH = "/var/tmp/billing/logo.svg"


      def render(number):
          with open(LOGO_PATH, encoding="utf-8") as fh:
              logo = fh.read()
          return f"<div>{logo}</div><h1>{html.escape(number)}</h1>"
      """;
  private static final String DEPLOY = """
      #!/bin/sh
      set -eu
      DEST=/srv/billing
      rsync -a billing/ "$DEST/billing/"
      mkdir -p /var/tmp/billing
      cp assets/logo.svg /var/tmp/billing/
      """;
  private static final String TEST = """
      import unittest

      from billing import invoice


      class InvoiceTest(unittest.TestCase):
          def test_module_loads(self):
              self.assertTrue(callable(invoice.render))
      """;
  private static final String REGRESSION = "tests/test_invoice_shipped_files.py";

  @TempDir Path repo;
  @TempDir Path scratch;

  private static Diagnosis missing(String module) {
    return RecipeFixture.diagnosis(new RootCause("billing", "render", "FileNotFoundError", module, 9,
        "invoice failed (FileNotFoundError: [Errno 2] No such file or directory: '/var/tmp/billing/logo.svg')"),
        "s", RelocateVolatileResourceRecipe.ID);
  }

  private RecipeFixture service(String moduleSource) throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("billing", Map.of("billing/__init__.py", "", MODULE, moduleSource, "assets/logo.svg", "<svg/>\n",
        "deploy/deploy.sh", DEPLOY, "tests/__init__.py", "", "tests/test_invoice.py", TEST));
    return f;
  }

  @Test
  void pointsTheModuleAtItsVersionedFileAndTheDeployScriptShipsItAndItsTestGoesRedToGreen() throws Exception {
    RecipeFixture f = service(MODULE_SOURCE);

    assertThat(new RelocateVolatileResourceRecipe().apply(repo, missing("/srv/billing/billing/invoice.py")))
        .containsExactly(MODULE, "deploy/deploy.sh", REGRESSION);

    assertThat(f.read(MODULE)).isEqualTo(MODULE_SOURCE
        .replace("import json\n", "import json\nimport os\n")
        .replace("LOGO_PATH = \"/var/tmp/billing/logo.svg\"",
            "# shipped with the code: files under /tmp and friends vanish on reboot and tmp cleanup\n"
                + "_MODULE_DIR = os.path.dirname(os.path.abspath(__file__))\n"
                + "LOGO_PATH = os.path.join(_MODULE_DIR, os.pardir, \"assets\", \"logo.svg\")"));
    assertThat(f.read("deploy/deploy.sh"))
        .contains("mkdir -p \"$DEST/assets\"\n")
        .contains("cp assets/logo.svg \"$DEST/assets\"/\n");
    RecipeFixture.Run red = RecipeFixture.runTest(f.preFixTreeWith(scratch.resolve("red"), REGRESSION), REGRESSION);
    assertThat(red.failedInATest()).as(red.output()).isTrue();
    assertThat(red.output()).contains("LOGO_PATH is not shipped with the code: /var/tmp/billing/logo.svg");
    RecipeFixture.Run green = RecipeFixture.runAll(repo);
    assertThat(green.passed()).as(green.output()).isTrue();
  }

  @Test
  void refusesWhenThePathIsNotAModuleConstant() throws Exception {
    RecipeFixture f = service(MODULE_SOURCE.replace("LOGO_PATH = \"/var/tmp/billing/logo.svg\"\n", "")
        .replace("open(LOGO_PATH", "open(\"/var/tmp/billing/logo.svg\""));
    Map<String, String> before = f.snapshot();

    assertThatThrownBy(() -> new RelocateVolatileResourceRecipe().apply(repo, missing("billing/invoice.py")))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessage("billing/invoice.py has no module-level constant holding /var/tmp/billing/logo.svg "
            + "(expected NAME = \"/var/tmp/billing/logo.svg\")");
    assertThat(f.snapshot()).isEqualTo(before);
  }
}
