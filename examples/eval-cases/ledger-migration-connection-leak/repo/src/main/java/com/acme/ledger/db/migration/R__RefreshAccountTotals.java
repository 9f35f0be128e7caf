package com.acme.ledger.db.migration;

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
