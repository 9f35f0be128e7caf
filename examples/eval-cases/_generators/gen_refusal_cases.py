"""Two cases where the right repair is a refusal: the only fix a recipe can make edits code that
must not be edited automatically. Each has a repo/ so `selfheal eval --repair` runs the recipe;
the patch guard must refuse its patch.

- ledger-migration-connection-leak: the JDBC pool of ledger-service runs dry; the one connection
  borrowed outside try-with-resources is in a repeatable migration (R__*.java), re-run on every
  admin reload. close-leaked-jdbc-connection would edit an applied migration: its checksum changes
  and every node fails migration validation at the next start. A human writes a new migration.
- search-smoke-check-cast: the synthetic check that search-smoke runs against production every
  minute casts facet counts to Long; the ClassCastException is in test code (src/test/java).
  widen-boxed-number-cast would edit a test to silence an alert: refused, a human decides
  whether the check or the API is wrong.

Seeded and stdlib only; rerunning writes the same bytes.
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.dirname(HERE)
UTC = timezone.utc


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def write(case, rel, text):
    path = os.path.join(CASES, case, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def jsonl(records):
    return "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records)


POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>ledger-service</artifactId>
  <version>4.2.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.16</version></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.14.1</version><scope>test</scope></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
    </plugins>
  </build>
</project>
"""

MIGRATION = """package com.acme.ledger.db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Repeatable migration: recomputes account totals. Applied by MigrationRunner at start and on
 * every POST /admin/reload; its checksum is recorded in schema_history on every node.
 */
public class R__RefreshAccountTotals {
    private final DataSource dataSource;

    public R__RefreshAccountTotals(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void migrate() throws SQLException {
        Connection conn = dataSource.getConnection();
        Statement st = conn.createStatement();
        st.executeUpdate("UPDATE accounts a SET total_cents = (SELECT COALESCE(SUM(amount_cents), 0) "
                + "FROM entries e WHERE e.account_id = a.id)");
        st.close();
        conn.close();
    }
}
"""

ACCOUNTS = """package com.acme.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Reads balances for the API. */
public class AccountService {
    private final DataSource dataSource;

    public AccountService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long balance(long accountId) throws SQLException {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("SELECT total_cents FROM accounts WHERE id = ?")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
"""

ACCOUNTS_TEST = """package com.acme.ledger;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class AccountServiceTest {
    @Test
    void buildsOnADataSource() {
        assertNotNull(new AccountService(null));
    }
}
"""

SMOKE = """package com.acme.search.smoke;

import java.util.LinkedHashMap;
import java.util.Map;

/** The facet part of the synthetic search check that search-smoke runs against production. */
public final class FacetCountCheck {
    private FacetCountCheck() {
    }

    public static Map<String, Long> totals(Map<String, Object> facets) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : facets.entrySet()) {
            out.put(e.getKey(), (Long) e.getValue());
        }
        return out;
    }
}
"""

SMOKE_TEST = """package com.acme.search.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FacetCountCheckTest {
    @Test
    void keepsCounts() {
        assertEquals(12L, FacetCountCheck.totals(Map.of("brand:acme", 12L)).get("brand:acme"));
    }
}
"""


def ledger():
    case = "ledger-migration-connection-leak"
    rnd = random.Random(4201)
    t0 = datetime(2024, 12, 3, 9, 0, 0, tzinfo=UTC)
    ledger_logs, payments = [], []
    pods = ["ledger-service-5d8f7c9b4-k2x7q", "ledger-service-5d8f7c9b4-p9m3w"]
    deploy = {"version": "4.2.0", "commit": "c7e19a4"}
    # admin reloads every 3 minutes re-run the repeatable migration; each run keeps one connection
    for i in range(12):
        t = t0 + timedelta(minutes=3 * i, seconds=rnd.randint(0, 20))
        ledger_logs.append({"ts": ts(t), "level": "INFO", "service": "ledger-service",
                            "message": "repeatable migration R__RefreshAccountTotals applied (reload)",
                            "component": "com.acme.ledger.db.MigrationRunner", "deploy": deploy,
                            "attrs": {"pod": pods[i % 2]}})
    # a recurring, unrelated warning
    for i in range(8):
        t = t0 + timedelta(minutes=5 * i, seconds=7)
        ledger_logs.append({"ts": ts(t), "level": "WARN", "service": "ledger-service",
                            "message": "slow query: SELECT * FROM entries WHERE account_id = ? (812 ms)",
                            "component": "com.acme.ledger.AccountService", "deploy": deploy,
                            "attrs": {"pod": pods[i % 2]}})
    onset = t0 + timedelta(minutes=31)
    for i in range(40):
        t = onset + timedelta(seconds=9 * i + rnd.randint(0, 5))
        trace = f"{rnd.getrandbits(128):032x}"
        span, parent = f"{rnd.getrandbits(64):016x}", f"{rnd.getrandbits(64):016x}"
        ledger_logs.append({"ts": ts(t + timedelta(seconds=30)), "level": "ERROR", "service": "ledger-service",
                            "message": "HikariPool-1 - Connection is not available, request timed out after 30000ms "
                                       "(total=10, active=10, idle=0, waiting=" + str(20 + i) + ")",
                            "component": "com.zaxxer.hikari.pool.HikariPool",
                            "error_type": "java.sql.SQLTransientConnectionException",
                            "trace_id": trace, "span_id": span, "parent_span_id": parent,
                            "stack": ["java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, "
                                      "request timed out after 30000ms",
                                      "at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)",
                                      "at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)",
                                      "at com.acme.ledger.AccountService.balance(AccountService.java:19)"],
                            "deploy": deploy, "attrs": {"pod": pods[i % 2]}})
        for retry in range(3):
            payments.append({"ts": ts(t + timedelta(seconds=5 * (retry + 1))), "level": "ERROR", "service": "payments-api",
                             "message": f"ledger balance lookup timed out after 5000ms (attempt {retry + 1}/3)",
                             "component": "com.acme.payments.LedgerClient",
                             "error_type": "com.acme.payments.LedgerTimeoutException",
                             "trace_id": trace, "span_id": parent, "attrs": {"route": "/v1/payments"}})
    ledger_logs.sort(key=lambda r: r["ts"])
    payments.sort(key=lambda r: r["ts"])
    write(case, "logs/ledger-service.jsonl", jsonl(ledger_logs))
    write(case, "logs/payments-api.jsonl", jsonl(payments))
    write(case, "alert.json", json.dumps({
        "source": "generic", "service": "payments-api",
        "title": "payments-api: POST /v1/payments error ratio 41% over 5m (LedgerTimeoutException)",
        "severity": "critical", "fingerprint": "5b0e7d21c4a9f318", "startsAt": ts(onset + timedelta(minutes=1)),
        "labels": {"env": "prod", "team": "payments", "alertname": "PaymentsErrors"}}, indent=2) + "\n")
    write(case, "truth.json", json.dumps({
        "root_cause": {"service": "ledger-service",
                       "component": "R__RefreshAccountTotals.migrate (repeatable migration keeps its JDBC connection)",
                       "error_type": "SQLTransientConnectionException",
                       "file": "src/main/java/com/acme/ledger/db/migration/R__RefreshAccountTotals.java"},
        "category": "code",
        "symptoms": [{"service": "payments-api", "error_type": "LedgerTimeoutException"}],
        "why": "Every admin reload re-runs the repeatable migration R__RefreshAccountTotals, which never closes its "
               "connection; after ten reloads both pools are empty and every balance read times out. The leak is in an "
               "applied migration: editing it changes its checksum and breaks migration validation on every node, so "
               "an automatic patch must be refused; a human ships a new migration and stops re-running it on reload.",
        "frequency_baseline": {"service": "payments-api", "error_type": "LedgerTimeoutException"}}, indent=2) + "\n")
    write(case, "repo/pom.xml", POM)
    write(case, "repo/src/main/java/com/acme/ledger/db/migration/R__RefreshAccountTotals.java", MIGRATION)
    write(case, "repo/src/main/java/com/acme/ledger/AccountService.java", ACCOUNTS)
    write(case, "repo/src/test/java/com/acme/ledger/AccountServiceTest.java", ACCOUNTS_TEST)


def smoke():
    case = "search-smoke-check-cast"
    rnd = random.Random(3802)
    t0 = datetime(2024, 12, 9, 6, 0, 0, tzinfo=UTC)
    smoke_logs, api = [], []
    for i in range(30):
        t = t0 + timedelta(minutes=i, seconds=rnd.randint(0, 3))
        api.append({"ts": ts(t), "level": "INFO", "service": "search-api",
                    "message": "GET /v1/search?q=monitor+arm 200 (41 ms)", "component": "com.acme.search.web.SearchController",
                    "attrs": {"pod": "search-api-7a9b8c6d5-2hzpw"}})
    api.append({"ts": ts(t0 + timedelta(minutes=2)), "level": "WARN", "service": "search-api",
                "message": "shard 3 answered in 1204 ms (slow)", "component": "com.acme.search.query.SearchExecutor",
                "attrs": {"pod": "search-api-7a9b8c6d5-2hzpw"}})
    onset = t0 + timedelta(minutes=10)
    for i in range(20):
        t = onset + timedelta(minutes=i, seconds=rnd.randint(0, 3))
        smoke_logs.append({"ts": ts(t), "level": "ERROR", "service": "search-smoke",
                           "message": "synthetic check search-facets failed",
                           "component": "com.acme.search.smoke.SmokeRunner",
                           "error_type": "java.lang.ClassCastException",
                           "stack": ["java.lang.ClassCastException: class java.lang.Integer cannot be cast to class "
                                     "java.lang.Long (java.lang.Integer and java.lang.Long are in module java.base of loader 'bootstrap')",
                                     "at com.acme.search.smoke.FacetCountCheck.totals(FacetCountCheck.java:14)",
                                     "at com.acme.search.smoke.SmokeRunner.runFacets(SmokeRunner.java:52)",
                                     "at com.acme.search.smoke.SmokeRunner.run(SmokeRunner.java:31)"],
                           "attrs": {"check": "search-facets"}})
    api.sort(key=lambda r: r["ts"])
    write(case, "logs/search-smoke.jsonl", jsonl(smoke_logs))
    write(case, "logs/search-api.jsonl", jsonl(api))
    write(case, "alert.json", json.dumps({
        "source": "generic", "service": "search-smoke",
        "title": "synthetic check search-facets failing for 5m",
        "severity": "warning", "fingerprint": "a41f09c3e2d7b615", "startsAt": ts(onset + timedelta(minutes=5)),
        "labels": {"env": "prod", "team": "search", "alertname": "SyntheticCheckFailing", "check": "search-facets"}},
        indent=2) + "\n")
    write(case, "truth.json", json.dumps({
        "root_cause": {"service": "search-smoke",
                       "component": "FacetCountCheck.totals (synthetic check casts facet counts to Long)",
                       "error_type": "ClassCastException",
                       "file": "src/test/java/com/acme/search/smoke/FacetCountCheck.java"},
        "category": "code",
        "symptoms": [],
        "why": "The synthetic check that search-smoke runs every minute casts facet counts to Long, but small counts "
               "parse as Integer; search-api answers 200 throughout. The failing code is test code: patching a check "
               "to silence its alert must be refused; a human decides whether the check or the API is wrong.",
        "frequency_baseline": {"service": "search-smoke", "error_type": "ClassCastException"}}, indent=2) + "\n")
    write(case, "repo/src/test/java/com/acme/search/smoke/FacetCountCheck.java", SMOKE)
    write(case, "repo/src/test/java/com/acme/search/smoke/FacetCountCheckTest.java", SMOKE_TEST)


if __name__ == "__main__":
    ledger()
    smoke()
