package dev.selfheal.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plain-text formats of runtimes other than the JVM, Python and Node: .NET and Serilog, Ruby
 * Logger and Rails, PHP's error log, Go and Rust panics, env_logger, gunicorn and uvicorn. Each
 * sample is what the runtime prints, with near misses that must not be read as its lines.
 */
class PlainTextRuntimeFormatsTest {
  private static final Instant READ_AT = Instant.parse("2026-01-01T12:00:00Z");

  private static PlainTextLogReader reader(String source, String... lines) {
    return ReadRecords.plainText(source, READ_AT, lines);
  }

  @Test
  void dotnetConsoleRecordsTakeTheirMessageFromTheNextLineAndTheirInnerExceptionsAsCauses() {
    PlainTextLogReader reader = reader("shop-api.log",
        "2026-01-01 10:00:00.000 info: Microsoft.Hosting.Lifetime[14]",
        "      Now listening on: http://[::]:8080",
        "2026-01-01 10:00:05.123 fail: Microsoft.AspNetCore.Server.Kestrel[13]",
        "      Connection id \"0HN1\", Request id \"0HN1:00000002\": An unhandled exception was thrown by the application.",
        "      System.InvalidOperationException: Could not load the cart",
        "       ---> System.Net.Http.HttpRequestException: Connection refused (pricing:8080)",
        "       ---> System.Net.Sockets.SocketException (111): Connection refused",
        "         at System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.ThrowException(SocketError error)",
        "         --- End of inner exception stack trace ---",
        "         at System.Net.Http.HttpConnectionPool.ConnectToTcpHostAsync(String host, Int32 port)",
        "         --- End of inner exception stack trace ---",
        "         at Shop.Cart.CartService.LoadAsync(Guid id) in /src/Shop/Cart/CartService.cs:line 42",
        "2026-01-01 10:00:06.000 crit: Microsoft.AspNetCore.Hosting.Diagnostics[6]",
        "      Application startup exception",
        "2026-01-01 10:00:07.000 dbug: Shop.Cart.CartService[0] single-line formatter: message on the line",
        "2026-01-01 10:00:08.000 fail: not a category, so not .NET",
        "2026-01-01 10:00:09.000 WARN: disk almost full");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "FATAL", "DEBUG", "INFO", "WARN");
    assertThat(records).extracting(LogRecord::component).containsExactly("Microsoft.Hosting.Lifetime",
        "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Hosting.Diagnostics", "Shop.Cart.CartService", null, null);
    assertThat(records).extracting(LogRecord::message).containsExactly("Now listening on: http://[::]:8080",
        "Connection id \"0HN1\", Request id \"0HN1:00000002\": An unhandled exception was thrown by the application.",
        "Application startup exception", "single-line formatter: message on the line", "fail: not a category, so not .NET",
        "disk almost full");
    LogRecord kestrel = records.get(1);
    assertThat(kestrel.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:05.123Z"));
    assertThat(kestrel.errorType()).isEqualTo("System.InvalidOperationException");
    assertThat(kestrel.causedBy()).isEqualTo("System.Net.Http.HttpRequestException: Connection refused (pricing:8080); "
        + "System.Net.Sockets.SocketException: Connection refused");
    assertThat(kestrel.raw().split("\n")).hasSize(10);
    assertThat(records.get(2).errorType()).isNull();
    assertThat(reader.unreadableLines()).isZero();
  }

  @Test
  void unboundStatesItsLevelAfterItsPidAndThread() {
    List<LogRecord> records = ReadRecords.all(reader("ns-01.journal.log",
        "Jan 01 10:00:00 ns-01 unbound[812]: [812:0] info: start of service (unbound 1.17.1).",
        "Jan 01 10:00:05 ns-01 unbound[812]: [812:1] error: SERVFAIL <api.example. A IN>: all servers for this domain failed",
        "Jan 01 10:00:06 ns-01 unbound[812]: [812:1] warning: too many open files",
        "Jan 01 10:00:07 ns-01 cron[90]: [812:1] done"));

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "WARN", "INFO");
    assertThat(records).extracting(LogRecord::component).containsOnly("unbound", "cron");
  }

  @Test
  void aLevelAfterFieldsOrARequestIdIsTheLevel() {
    List<LogRecord> records = ReadRecords.all(reader("jobs.log",
        "2026-01-01T10:00:00.123Z pid=1 tid=abc INFO: Booting Sidekiq 7.2.0",
        "2026-01-01T10:00:05.123Z pid=1 tid=abd class=ChargeJob jid=0a1b2c elapsed=0.4 ERROR: Stripe::CardError: card declined",
        "2026-01-01T10:00:06.123Z\t6f1e2d3c-aaaa-bbbb-cccc-123456789012\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\"}",
        "2026-01-01T10:00:07.000Z user=alice logged in"));

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "ERROR", "INFO");
    assertThat(records.get(1).message()).isEqualTo("Stripe::CardError: card declined");
  }

  @Test
  void goStandardLoggerLinesWithARecoveredPanicAreErrors() {
    List<LogRecord> records = ReadRecords.all(reader("api.log",
        "2026/01/01 10:00:00 starting server on :8080",
        "2026/01/01 10:00:06 http: panic serving 10.0.0.1:5555: runtime error: invalid memory address or nil pointer dereference",
        "2026/01/01 10:00:07 panic: assignment to entry in nil map"));

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "FATAL");
  }

  @Test
  void journalLinesWithIsoTimesReadTheirHostProgramAndKlogLevel() {
    List<LogRecord> records = ReadRecords.all(reader("syslog.log",
        "2026-01-01T10:00:00+0000 node-1 kubelet[812]: E0101 10:00:00.123456     812 pod_workers.go:1298] \"Error syncing pod\"",
        "2026-01-01T10:00:03.512+00:00 node-1 kernel: Out of memory: Killed process 4312 (java)",
        "2026-01-01T10:00:04Z ERROR app[12]: not a journal line"));

    assertThat(records).extracting(LogRecord::service).containsExactly("node-1", "node-1", "syslog");
    assertThat(records).extracting(LogRecord::component).containsExactly("kubelet", "kernel", null);
    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "ERROR");
  }

  @Test
  void anAwsLoadBalancersOwn5xxIsAFailureAndItsTargetTheComponent() {
    List<LogRecord> records = ReadRecords.all(reader("shop-alb.log",
        "https 2026-01-01T10:00:00.123456Z app/shop-lb/50dc6c495c0c9188 10.0.0.1:2817 10.0.1.5:8080 0.000 0.001 0.000 200 200 34 366"
            + " \"GET https://shop.example.com:443/ HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:tg \"Root=1-5\"",
        "h2 2026-01-01T10:00:05.123456Z app/shop-lb/50dc6c495c0c9188 10.0.0.1:2817 - -1 -1 -1 503 - 34 366"
            + " \"GET https://shop.example.com:443/cart HTTP/2.0\" \"curl/7.46.0\" - - arn:tg \"Root=1-6\""));

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR");
    assertThat(records).extracting(LogRecord::errorType).containsExactly(null, "HTTP_503");
    assertThat(records).extracting(LogRecord::component).containsExactly("10.0.1.5:8080", null);
  }

  @Test
  void monologMongoCassandraSparkAndZookeeperLinesReadTheirLevels() {
    PlainTextLogReader laravel = reader("laravel.log",
        "[2026-01-01 10:00:05] production.ERROR: SQLSTATE[HY000] [2002] Connection refused {\"exception\":\"[object] "
            + "(Illuminate\\\\Database\\\\QueryException(code: 2002): SQLSTATE[HY000] [2002] Connection refused at /var/www/Connection.php:760)",
        "[stacktrace]",
        "#0 /var/www/vendor/laravel/framework/src/Illuminate/Database/Connection.php(720): runQueryCallback()",
        "\"} ");
    assertThat(ReadRecords.all(laravel)).singleElement().satisfies(r -> assertThat(r.level()).isEqualTo("ERROR"));
    assertThat(laravel.unreadableLines()).as("the exception context is the record's").isZero();
    assertThat(ReadRecords.all(reader("mongo.log",
        "2026-01-01T10:00:05.123+0000 E  STORAGE  [conn12] WiredTiger error (28): No space left on device",
        "2026-01-01T10:00:06.123+0000 I  NETWORK  [listener] connection accepted")))
        .extracting(LogRecord::level, LogRecord::component).containsExactly(tuple("ERROR", "STORAGE"), tuple("INFO", "NETWORK"));
    assertThat(ReadRecords.all(reader("cassandra.log",
        "ERROR [MutationStage-1] 2026-01-01 10:00:05,456 StorageProxy.java:1234 - Exception in thread Thread[MutationStage-1,5,main]",
        "java.lang.OutOfMemoryError: Java heap space")))
        .singleElement().satisfies(r -> assertThat(r.errorType()).isEqualTo("java.lang.OutOfMemoryError"));
    assertThat(ReadRecords.all(reader("spark.log", "26/01/01 10:00:05 ERROR Executor: Exception in task 0.0 in stage 1.0 (TID 1)")))
        .singleElement().satisfies(r -> {
          assertThat(r.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:05Z"));
          assertThat(r.level()).isEqualTo("ERROR");
        });
    assertThat(ReadRecords.all(reader("zk.log", "2026-01-01 10:00:05,456 [myid:1] - WARN  [QuorumPeer:Follower@129] - Exception when following")))
        .singleElement().satisfies(r -> assertThat(r.level()).isEqualTo("WARN"));
  }

  @Test
  void aByteOrderMarkAndWindowsLineEndsDoNotCostTheFirstRecord() {
    PlainTextLogReader reader = reader("billing.log",
        "\uFEFF2026-01-01 10:00:05.123 ERROR [main] c.a.Billing - post failed\r",
        "java.lang.IllegalStateException: no invoice\r",
        "\tat com.acme.Billing.post(Billing.java:10)\r",
        "2026-01-01 10:00:06.000 INFO [main] c.a.Billing - fine\r");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::message).containsExactly("post failed", "fine");
    assertThat(records.get(0).errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(reader.unreadableLines()).isZero();
  }

  @Test
  void aLevelPrintedBeforeTheTimeStartsARecordAsOneAfterItDoes() {
    PlainTextLogReader reader = reader("orders-django.log",
        "INFO 2026-01-01 10:00:04,123 views request ok",
        "ERROR 2026-01-01 10:00:05,123 views request failed",
        "Traceback (most recent call last):",
        "  File \"/app/orders/views.py\", line 48, in retrieve",
        "KeyError: 'customer'",
        "WARNING 2026-01-01T10:00:06Z+01:00 a zone glued on wrong is no time",
        "NOTALEVEL 2026-01-01 10:00:07,000 not a level word");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR");
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2026-01-01T10:00:05.123Z"));
    assertThat(records.get(1).errorType()).isEqualTo("KeyError");
    assertThat(reader.unreadableLines()).isEqualTo(2);
  }

  @Test
  void aDotnetRecordNamesItsTraceOnTheLineBelowItsHeader() {
    PlainTextLogReader reader = reader("tax-calculator.log",
        "2026-01-01T10:00:05.123Z fail: Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware[1]",
        "      An unhandled exception has occurred. (pod=tax-6c5f caller=checkout trace=53982ca48df0956154c67e706a24b1cc)",
        "      System.InvalidOperationException: Failed to convert configuration value");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.traceId()).isEqualTo("53982ca48df0956154c67e706a24b1cc");
      assertThat(r.message()).startsWith("An unhandled exception has occurred.");
    });
  }

  @Test
  void serilogFileSinkLevelsWithTheExceptionBelowAndADotnetCrash() {
    PlainTextLogReader reader = reader("billing.log",
        "2026-01-01 10:00:07.000 +00:00 [ERR] HTTP GET /invoices responded 500 in 12.3 ms",
        "System.InvalidOperationException: Sequence contains no elements",
        "   at System.Linq.ThrowHelper.ThrowNoElementsException()",
        "   at Billing.Invoices.Total() in /src/Billing/Invoices.cs:line 42",
        "2026-01-01 10:00:08.000 +01:00 [WRN] slow query",
        "2026-01-01 10:00:09.000 +00:00 [INF] started",
        "2026-01-01 10:00:09.500 +00:00 [DBG] cache miss",
        "2026-01-01 10:00:09.600 +00:00 [VRB] tick",
        "2026-01-01 10:00:10.000 +00:00 [FTL] Host terminated unexpectedly",
        "Microsoft.Data.SqlClient.SqlException (0x80131904): Login failed for user 'billing'.",
        "   at Microsoft.Data.SqlClient.SqlInternalConnection.OnError()",
        "Unhandled exception. System.IO.FileNotFoundException: Could not find file '/app/appsettings.json'.",
        "   at System.IO.FileStream..ctor(String path)");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level)
        .containsExactly("ERROR", "WARN", "INFO", "DEBUG", "TRACE", "FATAL", "FATAL");
    assertThat(records.get(0).message()).isEqualTo("HTTP GET /invoices responded 500 in 12.3 ms");
    assertThat(records.get(0).errorType()).isEqualTo("System.InvalidOperationException");
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2026-01-01T09:00:08Z"));
    assertThat(records.get(5).errorType()).isEqualTo("Microsoft.Data.SqlClient.SqlException");
    assertThat(records.get(5).raw().split("\n")).hasSize(3); // "Type (0x...): msg" continues the record
    LogRecord crash = records.get(6); // printed by the runtime with no time: the time of the record before
    assertThat(crash.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:10Z"));
    assertThat(crash.errorType()).isEqualTo("System.IO.FileNotFoundException");
    assertThat(crash.message()).isEqualTo("System.IO.FileNotFoundException: Could not find file '/app/appsettings.json'.");
    assertThat(reader.unreadableLines()).isZero();
  }

  @Test
  void rubyLoggerAndRailsRecordsNameTheirRubyExceptionClass() {
    PlainTextLogReader reader = reader("storefront.log",
        "I, [2026-01-01T10:00:00.100000 #1]  INFO -- : [9f1c2d3e] Started GET \"/cart\" for 10.0.0.1",
        "E, [2026-01-01T10:00:00.123456 #1] ERROR -- : [9f1c2d3e] NoMethodError (undefined method `price' for nil:NilClass):",
        "  app/models/cart.rb:12:in 'total'",
        "  app/controllers/carts_controller.rb:8:in 'show'",
        // Rails with tagged logging: one logger call per line; blanks and frames continue the error
        "F, [2026-01-01T10:00:01.000000 #1] FATAL -- : [b2c4] ",
        "F, [2026-01-01T10:00:01.000001 #1] FATAL -- : [b2c4] ActiveRecord::RecordNotFound (Couldn't find User with 'id'=5):",
        "F, [2026-01-01T10:00:01.000002 #1] FATAL -- : [b2c4]   ",
        "F, [2026-01-01T10:00:01.000003 #1] FATAL -- : [b2c4] app/controllers/users_controller.rb:5:in `show'",
        // Logger given an exception: "message (Class)" and the backtrace unindented
        "E, [2026-01-01T10:00:02.000000 #7] ERROR -- sidekiq: Connection refused - connect(2) for 127.0.0.1:6379 (Redis::CannotConnectError)",
        "/usr/local/bundle/gems/redis-4.8.1/lib/redis/client.rb:398:in `rescue in establish_connection'",
        "W, [2026-01-01T10:00:03.000000 #7]  WARN -- : retrying (Postgres)",
        "E, [2026-01-01T10:00:04.000000 #7] ERROR -- : payment declined (Stripe::CardError)",
        "A, [2026-01-01T10:00:05.000000 #7]   ANY -- : always logged",
        "E, this is not a ruby line",
        "E, [2026-01-01T10:00:06.000000 #7]  INFO -- : letter and word disagree");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "FATAL", "ERROR", "WARN", "ERROR", "INFO");
    assertThat(records).extracting(LogRecord::errorType).containsExactly(null, "NoMethodError",
        "ActiveRecord::RecordNotFound", "Redis::CannotConnectError", null, "Stripe::CardError", null);
    assertThat(records).extracting(LogRecord::errorTypeSimpleName)
        .containsExactly(null, "NoMethodError", "RecordNotFound", "CannotConnectError", null, "CardError", null);
    LogRecord noMethod = records.get(1);
    assertThat(noMethod.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:00.123456Z"));
    assertThat(noMethod.message()).isEqualTo("[9f1c2d3e] NoMethodError (undefined method `price' for nil:NilClass):");
    assertThat(noMethod.raw()).endsWith("FATAL -- : [b2c4] "); // the blank FATAL line before the next error
    assertThat(records.get(2).raw().split("\n")).hasSize(3);
    assertThat(records.get(3).component()).isEqualTo("sidekiq");
    assertThat(records.get(3).raw()).endsWith("`rescue in establish_connection'");
    assertThat(reader.unreadableLines()).isEqualTo(2); // the two near misses
  }

  @Test
  void simpleNamesDropRubyAndPhpNamespacesToo() {
    assertThat(LogRecord.simpleName("ActiveRecord::RecordNotFound")).isEqualTo("RecordNotFound");
    assertThat(LogRecord.simpleName("App\\Exception\\StorageUnavailable")).isEqualTo("StorageUnavailable");
    assertThat(LogRecord.simpleName("java.io.FileNotFoundException")).isEqualTo("FileNotFoundException");
    assertThat(LogRecord.simpleName("Outer$Inner")).isEqualTo("Outer$Inner");
    assertThat(LogRecord.simpleName("HTTP_503")).isEqualTo("HTTP_503");
  }

  @Test
  void phpErrorLogLevelsLocationsAndTheUncaughtExceptionChain() {
    PlainTextLogReader reader = reader("shop.log",
        "[01-Jan-2026 10:00:00 UTC] PHP Notice:  Undefined index: coupon in /var/www/src/Cart.php on line 14",
        "[01-Jan-2026 10:00:01 UTC] PHP Warning:  file_get_contents(/tmp/x): Failed to open stream in /var/www/src/Cache.php on line 30",
        "[01-Jan-2026 10:00:02 UTC] PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in /var/www/src/Db.php:22",
        "Stack trace:",
        "#0 /var/www/src/Db.php(22): PDO->__construct('mysql:host=db;...', 'app', Object(SensitiveParameterValue))",
        "#1 /var/www/public/index.php(8): App\\Db->connect()",
        "#2 {main}",
        "",
        "Next App\\Exception\\StorageUnavailable: orders storage is down in /var/www/src/Repo.php:40",
        "Stack trace:",
        "#0 /var/www/public/index.php(9): App\\Repo->load()",
        "#1 {main}",
        "  thrown in /var/www/src/Repo.php on line 40",
        "[01-Jan-2026 11:00:03 Europe/Berlin] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted "
            + "(tried to allocate 20480 bytes) in /var/www/src/Report.php on line 88",
        "[01-Jan-2026 10:00:04 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function mb_strlen() in /var/www/src/Text.php:5",
        "Stack trace:",
        "#0 {main}",
        "  thrown in /var/www/src/Text.php on line 5",
        "[01-Jan-2026 10:00:05 UTC] PHP Stack trace:", // Xdebug's trace, one error_log line per frame
        "[01-Jan-2026 10:00:05 UTC] PHP   1. {main}() /var/www/public/index.php:0",
        "[01-Jan-2026 10:00:06 UTC] PHP Parse error:  syntax error, unexpected token \"}\" in /var/www/src/A.php on line 3",
        "[01-Jan-2026 10:00:07 UTC] PHP Something odd:  not a kind of error PHP has",
        "[30-Feb-2026 10:00:08 UTC] PHP Warning:  a date that does not exist",
        "# a comment, not a frame");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "WARN", "FATAL", "FATAL", "FATAL", "FATAL");
    assertThat(records).extracting(LogRecord::file).containsExactly("/var/www/src/Cart.php", "/var/www/src/Cache.php",
        "/var/www/src/Db.php", "/var/www/src/Report.php", "/var/www/src/Text.php", "/var/www/src/A.php");
    assertThat(records).extracting(LogRecord::line).containsExactly(14, 30, 22, 88, 5, 3);
    LogRecord uncaught = records.get(2);
    assertThat(uncaught.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:02Z"));
    assertThat(uncaught.message())
        .isEqualTo("Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in /var/www/src/Db.php:22");
    assertThat(uncaught.errorType()).isEqualTo("App\\Exception\\StorageUnavailable"); // the last Next: the one thrown
    assertThat(uncaught.causedBy()).isEqualTo("PDOException: SQLSTATE[HY000] [2002] Connection refused");
    assertThat(uncaught.raw()).endsWith("  thrown in /var/www/src/Repo.php on line 40");
    LogRecord memory = records.get(3);
    assertThat(memory.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:03Z")); // Berlin is UTC+1 in January
    assertThat(memory.errorType()).isNull();
    assertThat(records.get(4).errorType()).isEqualTo("Error");
    assertThat(records.get(4).raw()).endsWith("PHP   1. {main}() /var/www/public/index.php:0");
    assertThat(reader.unreadableLines()).isEqualTo(3);
  }

  @Test
  void theJvmTerminatingOnOutOfMemoryIsAFatalRecordAtTheTimeBefore() {
    PlainTextLogReader reader = reader("report-api.log",
        "[2025-06-02T08:05:11.923+0000][info][gc] GC(1286) Pause Full (G1 Compaction Pause) 1536M->1535M(1536M) 2871.402ms",
        "Terminating due to java.lang.OutOfMemoryError: Java heap space",
        "2025-06-02 08:05:14.247  INFO [report-api,,] 1 --- [main] c.a.reports.Application : Started");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "FATAL", "INFO");
    assertThat(records.get(1).errorType()).isEqualTo("java.lang.OutOfMemoryError");
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2025-06-02T08:05:11.923Z"));
  }

  @Test
  void goPanicsAreFatalRecordsOfTheirOwnWithTheirGoroutineDump() {
    PlainTextLogReader reader = reader("orders.log",
        "panic: at the very start there is no time to take",
        "2026/01/01 10:00:00 listening on :8080",
        "2026/01/01 10:00:01 handler: recovered panic: boom in /orders",
        "panic: runtime error: invalid memory address or nil pointer dereference",
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b2a40]",
        "",
        "goroutine 42 [running]:",
        "main.(*Server).handle(0x0, {0x7f1c, 0xc0001})",
        "\t/app/server.go:88 +0x1c",
        "net/http.HandlerFunc.ServeHTTP(...)",
        "\t/usr/local/go/src/net/http/server.go:2136",
        "created by net/http.(*Server).Serve in goroutine 1",
        "\t/usr/local/go/src/net/http/server.go:3285 +0x4b4",
        "exit status 2",
        "2026/01/01 10:00:05 listening on :8080",
        "fatal error: concurrent map writes",
        "",
        "goroutine 7 [running]:",
        "main.(*Cache).Put(...)",
        "\t/app/cache.go:20",
        "this is garbage, not part of the dump",
        "2026/01/01 10:00:09 loading config",
        "panic: config.ValidationError: missing key db.url");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "INFO", "FATAL", "INFO", "FATAL", "INFO", "FATAL");
    assertThat(records.get(1).message()).isEqualTo("handler: recovered panic: boom in /orders"); // panic: inside a message
    LogRecord nil = records.get(2);
    assertThat(nil.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:01Z"));
    assertThat(nil.message()).isEqualTo("panic: runtime error: invalid memory address or nil pointer dereference");
    assertThat(nil.errorType()).isNull();
    assertThat(nil.raw().split("\n")).hasSize(11).endsWith("exit status 2");
    LogRecord maps = records.get(4);
    assertThat(maps.message()).isEqualTo("fatal error: concurrent map writes");
    assertThat(maps.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:05Z"));
    assertThat(maps.raw()).endsWith("\t/app/cache.go:20");
    assertThat(records.get(6).errorType()).isEqualTo("config.ValidationError");
    assertThat(reader.unreadableLines()).isEqualTo(2); // the panic with no time before it, the garbage
  }

  @Test
  void rustPanicsAndEnvLoggerLines() {
    PlainTextLogReader reader = reader("ingest.log",
        "[2026-01-01T10:00:00Z INFO  ingest] starting",
        "[2026-01-01T10:00:01.250Z ERROR ingest::db] connection failed: Connection refused (os error 111)",
        "thread 'main' panicked at src/main.rs:10:5:",
        "called `Option::unwrap()` on a `None` value",
        "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
        "[2026-01-01T10:00:02+01:00 WARN  ingest] restarted",
        "thread 'tokio-runtime-worker' panicked at 'called `Result::unwrap()` on an `Err` value: "
            + "ConnectionError { kind: Refused }', src/db.rs:42:18",
        "[2026-01-01T10:00:03Z ERROR] no module path",
        "[2026-01-01T10:00:04Z LOUD ingest] not a level");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "FATAL", "WARN", "FATAL", "ERROR");
    assertThat(records).extracting(LogRecord::component)
        .containsExactly("ingest", "ingest::db", "main", "ingest", "tokio-runtime-worker", null);
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2026-01-01T10:00:01.250Z"));
    assertThat(records.get(1).message()).isEqualTo("connection failed: Connection refused (os error 111)");
    LogRecord panic = records.get(2);
    assertThat(panic.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:01.250Z"));
    assertThat(panic.message()).isEqualTo("called `Option::unwrap()` on a `None` value");
    assertThat(panic.errorType()).isNull();
    assertThat(panic.file()).isEqualTo("src/main.rs");
    assertThat(panic.line()).isEqualTo(10);
    assertThat(panic.raw().split("\n")).hasSize(3);
    assertThat(records.get(3).ts()).isEqualTo(Instant.parse("2026-01-01T09:00:02Z"));
    LogRecord old = records.get(4);
    assertThat(old.message()).startsWith("called `Result::unwrap()` on an `Err` value: ConnectionError");
    assertThat(old.errorType()).isEqualTo("ConnectionError"); // the panic value names an error type
    assertThat(old.file()).isEqualTo("src/db.rs");
    assertThat(reader.unreadableLines()).isEqualTo(1);
  }

  @Test
  void gunicornLevelsAndUvicornLinesWithTheirTracebacks() {
    PlainTextLogReader reader = reader("api.log",
        "ERROR:    Exception in ASGI application", // no record before it: no time to take
        "[2026-01-01 10:00:00 +0000] [1] [INFO] Booting worker with pid: 8",
        "[2026-01-01 10:00:01 +0000] [8] [ERROR] Error handling request /api/orders",
        "Traceback (most recent call last):",
        "  File \"/app/orders.py\", line 3, in get",
        "KeyError: 'sku'",
        "INFO:     10.0.0.7:5000 - \"GET /api/cart HTTP/1.1\" 500 Internal Server Error",
        "ERROR:    Exception in ASGI application",
        "Traceback (most recent call last):",
        "  File \"/app/cart.py\", line 9, in total",
        "ValueError: negative quantity",
        "[2026-01-01 10:00:02 +0000] [8] [main] [worker] a thread and a logger, no level");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "INFO", "ERROR", "INFO");
    assertThat(records).extracting(LogRecord::errorType).containsExactly(null, "KeyError", null, "ValueError", null);
    assertThat(records.get(1).message()).isEqualTo("Error handling request /api/orders");
    LogRecord asgi = records.get(3);
    assertThat(asgi.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:01Z"));
    assertThat(asgi.message()).isEqualTo("Exception in ASGI application");
    assertThat(asgi.raw().split("\n")).hasSize(4);
    assertThat(reader.unreadableLines()).isEqualTo(1);
  }

  @Test
  void containerRuntimeWrappingIsTakenOffSoStackTracesStayOneRecord() {
    PlainTextLogReader docker = reader("orders.log",
        "{\"log\":\"2026-01-01 10:00:05.123 ERROR [main] c.a.Orders - save failed\\n\",\"stream\":\"stderr\",\"time\":\"2026-01-01T10:00:05.124Z\"}",
        "{\"log\":\"java.lang.IllegalStateException: no stock\\n\",\"stream\":\"stderr\",\"time\":\"2026-01-01T10:00:05.125Z\"}",
        "{\"log\":\"\\tat com.acme.Orders.save(Orders.java:12)\\n\",\"stream\":\"stderr\",\"time\":\"2026-01-01T10:00:05.126Z\"}",
        "{\"log\":\"listening on :8080, no time of its own\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-01T10:00:06Z\"}",
        "2026-01-01T10:00:07.000000001Z stderr F ERROR: cri line without a time of its own",
        "2026-01-01T10:00:08.5Z stdout P 2026-01-01 10:00:08.400 WARN [main] c.a.Orders - its own time wins");
    List<LogRecord> records = ReadRecords.all(docker);

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "ERROR", "WARN");
    assertThat(records).extracting(LogRecord::ts).containsExactly(Instant.parse("2026-01-01T10:00:05.123Z"),
        Instant.parse("2026-01-01T10:00:06Z"), Instant.parse("2026-01-01T10:00:07.000000001Z"), Instant.parse("2026-01-01T10:00:08.400Z"));
    assertThat(records.get(0).errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(records.get(0).raw()).contains("at com.acme.Orders.save(Orders.java:12)");
    assertThat(records.get(1).message()).isEqualTo("listening on :8080, no time of its own");
    assertThat(docker.unreadableLines()).isZero();
  }

  @Test
  void loguruAndAirflowTaskLinesReadTheirLevelsAfterTheTime() {
    PlainTextLogReader reader = reader("etl.log",
        "2026-01-01 10:00:05.123 | ERROR    | app.main:run:42 - loguru failed",
        "2026-01-01 10:00:06.123 | INFO     | app.main:run:43 - loguru fine",
        "[2026-01-01 10:00:07,123] {taskinstance.py:1234} ERROR - airflow task failed",
        "[2026-01-01 10:00:08,123] {not a file} ERROR - stays a plain line");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "ERROR", "INFO");
    assertThat(records).extracting(LogRecord::component).containsExactly("app.main", "app.main", "taskinstance.py", null);
    assertThat(records).extracting(LogRecord::message).containsExactly("loguru failed", "loguru fine", "airflow task failed",
        "{not a file} ERROR - stays a plain line");
  }
}
