package dev.selfheal.starter.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.starter.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServeCommandTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--listen 8090|--listen '8090' is not host:port",
        "--listen :http|port is not a number",
        "--listen 0.0.0.0:70000|port must be 0..65535",
        "--max-body 0|--max-body must be at least 1 byte",
        "--threads 0|--threads must be between 1 and 1024",
      })
  void badOptionsAreRefusedBeforeConnectingOrListening(String args, String expected) {
    CliRun run = CliRun.of(("serve --address 127.0.0.1:1 " + args).split(" "));

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("selfheal serve: ").contains(expected);
  }
}
