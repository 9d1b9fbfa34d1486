package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {
    private final TestDatabase db = new TestDatabase();

    @AfterEach
    void drop() {
        db.dropAll();
    }

    @Test
    @DisplayName("opening an empty schema creates the tables and records the current version once")
    void open_emptySchema_migrates() throws SQLException {
        String schema = db.newSchema();
        try (JdbcStore store = TestDatabase.open(schema, new InMemoryArtifactStore())) {
            store.tracking().createExperiment("churn", "", Map.of(), Instant.EPOCH);
        }
        try (JdbcStore again = TestDatabase.open(schema, new InMemoryArtifactStore())) {
            assertThat(again.tracking().findExperiment("churn")).isPresent();
        }
        assertThat(query(schema, "SELECT version FROM lifecycle_schema_version ORDER BY version"))
                .containsExactly(String.valueOf(JdbcStore.SCHEMA_VERSION));
        assertThat(query(schema, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
                + "' ORDER BY table_name")).contains("experiments", "runs", "metric_points", "latest_metrics",
                "models", "model_versions", "audit_head", "audit_events");
    }

    @Test
    @DisplayName("a schema newer than the code is refused with a message naming both versions")
    void open_newerSchema_refused() {
        String schema = db.newSchema();
        TestDatabase.open(schema, new InMemoryArtifactStore()).close();
        int newer = JdbcStore.SCHEMA_VERSION + 1;
        TestDatabase.execute("INSERT INTO " + schema + ".lifecycle_schema_version (version, description) VALUES ("
                + newer + ", 'from the future')");
        assertThatThrownBy(() -> TestDatabase.open(schema, new InMemoryArtifactStore()))
                .isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("version " + newer)
                .hasMessageContaining("newer than version " + JdbcStore.SCHEMA_VERSION)
                .hasMessageContaining("upgrade lifecycle-store-jdbc");
    }

    @Test
    @DisplayName("a schema that does not exist is an error saying to create it")
    void open_missingSchema_fails() {
        assertThatThrownBy(() -> TestDatabase.open("lc_test_missing_schema", new InMemoryArtifactStore()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("current schema");
    }

    @Test
    @DisplayName("a store without an artifact store is refused when built")
    void open_withoutArtifacts_fails() {
        try (JdbcConnectionPool pool = TestDatabase.pool(db.newSchema(), 1)) {
            assertThatThrownBy(() -> JdbcStore.builder(pool).open()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("artifacts");
        }
    }

    private static List<String> query(String schema, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = TestDatabase.admin(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
