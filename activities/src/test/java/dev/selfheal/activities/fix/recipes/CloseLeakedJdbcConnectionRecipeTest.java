package dev.selfheal.activities.fix.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloseLeakedJdbcConnectionRecipeTest {
  private static final String DAO = "src/main/java/com/acme/ledger/BalanceDao.java";
  private static final String DAO_SOURCE = """
      package com.acme.ledger;

      import java.sql.Connection;
      import java.sql.PreparedStatement;
      import java.sql.ResultSet;
      import java.sql.SQLException;
      import javax.sql.DataSource;

      public class BalanceDao {
          private final DataSource dataSource;

          public BalanceDao(DataSource dataSource) {
              this.dataSource = dataSource;
          }

          public long balance(String account) throws SQLException {
              Connection conn = dataSource.getConnection();
              PreparedStatement ps = conn.prepareStatement("SELECT balance FROM accounts WHERE id = ?");
              ps.setString(1, account);
              ResultSet rs = ps.executeQuery();
              long balance = rs.next() ? rs.getLong(1) : 0;
              conn.close();
              return balance;
          }
      }
      """;
  private static final String FIXED = """
      package com.acme.ledger;

      import java.sql.Connection;
      import java.sql.PreparedStatement;
      import java.sql.ResultSet;
      import java.sql.SQLException;
      import javax.sql.DataSource;

      public class BalanceDao {
          private final DataSource dataSource;

          public BalanceDao(DataSource dataSource) {
              this.dataSource = dataSource;
          }

          public long balance(String account) throws SQLException {
              try (Connection conn = dataSource.getConnection()) {
                  PreparedStatement ps = conn.prepareStatement("SELECT balance FROM accounts WHERE id = ?");
                  ps.setString(1, account);
                  ResultSet rs = ps.executeQuery();
                  long balance = rs.next() ? rs.getLong(1) : 0;
                  return balance;
              }
          }
      }
      """;
  private static final String TEST = """
      package com.acme.ledger;

      import static org.junit.jupiter.api.Assertions.assertNotNull;

      import org.junit.jupiter.api.Test;

      class BalanceDaoTest {
          @Test
          void constructs() {
              assertNotNull(new BalanceDao(null));
          }
      }
      """;
  private static final String REGRESSION = "src/test/java/com/acme/ledger/BalanceDaoConnectionLeakRegressionTest.java";

  @TempDir Path repo;
  @TempDir Path scratch;

  private static Diagnosis poolExhausted() {
    return RecipeFixture.diagnosis(new RootCause("ledger", "com.zaxxer.hikari.pool.HikariPool", "java.sql.SQLTransientConnectionException",
        null, null, "HikariPool-1 - Connection is not available, request timed out after 30000ms"), "s", CloseLeakedJdbcConnectionRecipe.ID);
  }

  @Test
  void wrapsTheLeakedConnectionInTryWithResourcesAndItsTestGoesRedToGreen() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("ledger", Map.of("pom.xml", RecipeFixture.POM, DAO, DAO_SOURCE, "src/test/java/com/acme/ledger/BalanceDaoTest.java", TEST));

    assertThat(new CloseLeakedJdbcConnectionRecipe().apply(repo, poolExhausted())).containsExactly(DAO, REGRESSION);

    assertThat(f.read(DAO)).isEqualTo(FIXED);
    RecipeFixture.Run red = RecipeFixture.runTest(f.preFixTreeWith(scratch.resolve("red"), REGRESSION), REGRESSION);
    assertThat(red.failedInATest()).as(red.output()).isTrue();
    assertThat(red.output()).contains("every connection balance borrowed is closed after the failure");
    RecipeFixture.Run green = RecipeFixture.runAll(repo);
    assertThat(green.passed()).as(green.output()).isTrue();
  }

  @Test
  void refusesToGuessBetweenTwoLeakingMethods() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("ledger", Map.of("pom.xml", RecipeFixture.POM, DAO, DAO_SOURCE,
        "src/main/java/com/acme/ledger/AuditDao.java", DAO_SOURCE.replace("BalanceDao", "AuditDao")));
    Map<String, String> before = f.snapshot();

    assertThatThrownBy(() -> new CloseLeakedJdbcConnectionRecipe().apply(repo, poolExhausted()))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessageContaining("2 connections are borrowed outside try-with-resources")
        .hasMessageContaining("AuditDao.java balance()")
        .hasMessageContaining("cannot tell which one leaks");
    assertThat(f.snapshot()).isEqualTo(before);
  }

  @Test
  void refusesWhenEveryConnectionIsAlreadyManaged() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("ledger", Map.of("pom.xml", RecipeFixture.POM, DAO, FIXED));

    assertThatThrownBy(() -> new CloseLeakedJdbcConnectionRecipe().apply(repo, poolExhausted()))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessageContaining("no JDBC connection borrowed outside try-with-resources");
  }
}
