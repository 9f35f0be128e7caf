package dev.selfheal.activities.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventAssemblerTest {
  private final List<LogEvent> events = new ArrayList<>();
  private long offset;

  private void feed(EventAssembler assembler, String text) {
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() && offset > 0 && text.endsWith("\n")) {
        continue;
      }
      assembler.line(new TailLine(line, offset, offset + line.length() + 1), events::add);
      offset += line.length() + 1;
    }
  }

  @Test
  void aJavaStackTraceWithItsCausesIsOneEvent() {
    EventAssembler assembler = new EventAssembler("plain", "app.log");
    feed(assembler, """
        2024-06-01 10:00:00.123 INFO  [main] c.a.App - started
        2024-06-01 10:00:01.000 ERROR [http-1] c.a.OrderController - request failed
        java.lang.IllegalStateException: order 42 not found
        \tat com.acme.OrderService.load(OrderService.java:57)
        \tat com.acme.OrderController.get(OrderController.java:21)
        Caused by: java.sql.SQLException: connection reset
        \tat org.db.Conn.read(Conn.java:9)
        \t... 12 more
        2024-06-01 10:00:02.000 INFO  [main] c.a.App - still here
        """);
    assertThat(assembler.pendingStart()).as("the last event waits for its end").isGreaterThan(0);
    assembler.flush(events::add);

    assertThat(events).extracting(LogEvent::level).containsExactly("INFO", "ERROR", "INFO");
    LogEvent error = events.get(1);
    assertThat(error.errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.exceptionMessage()).isEqualTo("order 42 not found");
    assertThat(error.topFrame()).isEqualTo("com.acme.OrderService.load(OrderService.java:57)");
    assertThat(error.message()).isEqualTo("request failed");
    assertThat(error.ts()).hasToString("2024-06-01T10:00:01Z");
    assertThat(error.offset()).isEqualTo(events.get(0).offset() + "2024-06-01 10:00:00.123 INFO  [main] c.a.App - started\n".length());
  }

  @Test
  void chainedPythonTracebacksUnderAnErrorLineAreOneEventNamedByTheOutermostException() {
    EventAssembler assembler = new EventAssembler("plain", "worker.log");
    feed(assembler, """
        2024-06-01 10:00:01,000 ERROR [orders] failed to price order
        Traceback (most recent call last):
          File "/srv/app/pricing.py", line 10, in price
            return table[sku]
        KeyError: 'sku-991'

        During handling of the above exception, another exception occurred:

        Traceback (most recent call last):
          File "/srv/app/orders.py", line 33, in handle
            price(order)
          File "/srv/app/pricing.py", line 12, in price
            raise PricingError(f"no price for {sku}")
        pricing.PricingError: no price for sku-991
        2024-06-01 10:00:02,000 INFO [orders] next
        """);

    assertThat(events).hasSize(1);
    LogEvent error = events.get(0);
    assertThat(error.level()).isEqualTo("ERROR");
    assertThat(error.errorType()).isEqualTo("pricing.PricingError");
    assertThat(error.exceptionMessage()).isEqualTo("no price for sku-991");
    assertThat(error.topFrame()).isEqualTo("File \"/srv/app/pricing.py\", line 12, in price");
  }

  @Test
  void anUncaughtTracebackUnderNoErrorLineIsAnErrorEventOfItsOwn() {
    EventAssembler assembler = new EventAssembler("plain", "worker.log");
    feed(assembler, """
        2024-06-01 10:00:01,000 INFO [orders] handling
        Traceback (most recent call last):
          File "/srv/app/main.py", line 5, in <module>
            main()
        ValueError: bad literal '7x'
        """);
    assembler.flush(events::add);

    assertThat(events).extracting(LogEvent::level).containsExactly("INFO", "ERROR");
    assertThat(events.get(1).errorType()).isEqualTo("ValueError");
    assertThat(events.get(1).message()).isEqualTo("ValueError: bad literal '7x'");
    assertThat(events.get(1).ts()).as("the time of the line before it").isEqualTo(events.get(0).ts());
  }

  @Test
  void aJsonlLineWithAStackFieldIsOneEventReadLikeAPlainStack() {
    EventAssembler assembler = new EventAssembler("auto", "app.jsonl");
    feed(assembler, """
        {"ts":"2024-06-01T10:00:01Z","level":"error","message":"request failed","stack":"java.lang.IllegalStateException: order 42 not found\\n\\tat com.acme.OrderService.load(OrderService.java:57)\\nCaused by: java.io.IOException: reset"}
        {"timestamp":"2024-06-01T10:00:02Z","severity":"FATAL","msg":"boom","error":{"type":"KeyError","message":"'x'","stack":["Traceback (most recent call last):","  File \\"/a/b.py\\", line 1, in f","KeyError: 'x'"]}}
        not json at all {
        {"level":"info","message":"ok"}
        """);

    assertThat(events).hasSize(4);
    LogEvent java = events.get(0);
    assertThat(java.level()).isEqualTo("ERROR");
    assertThat(java.errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(java.exceptionMessage()).isEqualTo("order 42 not found");
    assertThat(java.topFrame()).isEqualTo("com.acme.OrderService.load(OrderService.java:57)");
    LogEvent python = events.get(1);
    assertThat(python.level()).isEqualTo("FATAL");
    assertThat(python.errorType()).isEqualTo("KeyError");
    assertThat(python.exceptionMessage()).isEqualTo("'x'");
    assertThat(python.topFrame()).isEqualTo("File \"/a/b.py\", line 1, in f");
    assertThat(events.get(2).level()).as("a plain line in an auto file").isEqualTo("INFO");
    assertThat(events.get(3).level()).isEqualTo("INFO");
  }

  @Test
  void aJsonlFileCountsLinesThatAreNotJsonObjects() {
    EventAssembler assembler = new EventAssembler("jsonl", "app.jsonl");
    feed(assembler, "[1,2]\n{\"level\":\"error\",\"message\":\"x\"}\n{broken\n");
    assertThat(events).hasSize(1);
    assertThat(assembler.unreadable()).isEqualTo(2);
  }
}
