package dev.selfheal.example.report;

import static dev.selfheal.example.report.testkit.Assert.assertContains;
import static dev.selfheal.example.report.testkit.Assert.assertEquals;
import static dev.selfheal.example.report.testkit.Assert.assertThrows;

import java.nio.file.Path;
import java.util.Map;

public class ServiceConfigTest {

  public void testDefaults() {
    ServiceConfig c = ServiceConfig.fromEnv(Map.of("PORT", "8081", "RUN_DIR", "/var/run/rs"));
    assertEquals(8081, c.port(), "port");
    assertEquals(Path.of("/var/run/rs"), c.runDir(), "run dir");
    assertEquals(2000L, c.jobIntervalMs(), "interval");
    assertEquals(null, c.version(), "version");
    assertEquals(null, c.commit(), "commit");
  }

  public void testOptionalSettings() {
    ServiceConfig c = ServiceConfig.fromEnv(Map.of("PORT", "9", "RUN_DIR", "/r",
        "JOB_INTERVAL_MS", "300", "SERVICE_VERSION", "1.4.0", "SELFHEAL_COMMIT", "abc"));
    assertEquals(300L, c.jobIntervalMs(), "interval");
    assertEquals("1.4.0", c.version(), "version");
    assertEquals("abc", c.commit(), "commit");
  }

  public void testPortAndRunDirAreRequired() {
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromEnv(Map.of("RUN_DIR", "/r"))).getMessage(), "PORT", "message");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromEnv(Map.of("PORT", "1"))).getMessage(), "RUN_DIR", "message");
    assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromEnv(Map.of("PORT", "x", "RUN_DIR", "/r")));
    assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromEnv(Map.of("PORT", "1", "RUN_DIR", "/r", "JOB_INTERVAL_MS", "0")));
  }
}
