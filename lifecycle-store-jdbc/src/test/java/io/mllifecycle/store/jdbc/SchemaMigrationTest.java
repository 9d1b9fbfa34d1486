package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TransitionRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaMigrationTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
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
                .containsExactly(IntStream.rangeClosed(1, JdbcStore.SCHEMA_VERSION).mapToObj(String::valueOf)
                        .toArray(String[]::new));
        assertThat(query(schema, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
                + "' ORDER BY table_name")).contains("experiments", "runs", "metric_points", "latest_metrics",
                "models", "model_versions", "audit_head", "audit_events", "policies", "transition_requests");
    }

    @Test
    @DisplayName("version 7 gives the planner key/value statistics of params and tags, and ANALYZE fills them")
    void open_createsSearchStatistics() throws SQLException {
        String schema = db.newSchema();
        try (JdbcStore store = TestDatabase.open(schema, new InMemoryArtifactStore())) {
            String exp = store.tracking().createExperiment("churn", "", Map.of(), Instant.EPOCH).id();
            for (int i = 0; i < 40; i++) {
                String run = store.tracking().createRun(new io.mllifecycle.store.NewRun(exp, null, "r" + i,
                        Map.of("team", i % 4 == 0 ? "risk" : "ops"), Instant.EPOCH,
                        io.mllifecycle.store.RunSource.unknown())).id();
                store.tracking().logParams(run, Map.of("depth", String.valueOf(2 + i % 8)));
            }
        }
        assertThat(query(schema, "SELECT s.stxname || ':' || ('m' = ANY(s.stxkind)) FROM pg_statistic_ext s JOIN pg_namespace n"
                + " ON n.oid = s.stxnamespace WHERE n.nspname = '" + schema + "' ORDER BY s.stxname"))
                .containsExactly("run_params_pairs:true", "run_tags_pairs:true"); // most-common-value lists
        try (Connection c = TestDatabase.admin(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute("ANALYZE run_params");
        }
        assertThat(query(schema, "SELECT count(*) FROM pg_stats_ext WHERE schemaname = '" + schema
                + "' AND statistics_name = 'run_params_pairs' AND most_common_vals IS NOT NULL")).containsExactly("1");
    }

    @ParameterizedTest(name = "from version {0}")
    @ValueSource(ints = {1, 2})
    @DisplayName("a database created by an earlier schema version is migrated in place: its records stay,"
            + " policies, requests and request ids work")
    void open_olderSchema_migratesKeepingRecords(int version) throws SQLException, IOException {
        assertThat(version).isLessThan(JdbcStore.SCHEMA_VERSION);
        String schema = db.newSchema();
        try (Connection c = TestDatabase.admin(); Statement s = c.createStatement()) {
            // what that version of this code created and recorded, and records it wrote
            createAtVersion(s, schema, version);
            s.execute("INSERT INTO models (name, description, created_s, created_ns, next_version)"
                    + " VALUES ('churn', 'old', 0, 0, 2)");
            s.execute("INSERT INTO model_versions (model_name, version, source_run_id, artifact_digest, description,"
                    + " stage, created_s, created_ns) VALUES ('churn', 1, NULL, '" + DIGEST + "', '', 'STAGING', 0, 0)");
            s.execute("INSERT INTO stage_changes (model_name, version, position, from_stage, to_stage, at_s, at_ns,"
                    + " actor, reason) VALUES ('churn', 1, 0, NULL, 'DEVELOPMENT', 0, 0, 'ci', 'registered'),"
                    + " ('churn', 1, 1, 'DEVELOPMENT', 'STAGING', 0, 0, 'ci', 'gates passed')");
        }
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (JdbcStore store = TestDatabase.open(schema, new InMemoryArtifactStore())) {
            RegistryStore registry = store.registry();
            assertThat(registry.getModel("churn").description()).isEqualTo("old");
            assertThat(registry.getVersion("churn", 1).stage()).isEqualTo(Stage.STAGING);
            assertThat(registry.referencedDigests()).containsExactly(DIGEST);
            registry.putPolicy(new PolicyRecord("churn", 1, "text/plain", "approve PRODUCTION", t, "lead"),
                    List.of(new AuditEntry(t, "lead", "policy.put", "churn", Map.of())));
            TransitionRequest request = registry.createRequest(TransitionRequest.pending("r1", "churn", 1,
                    Stage.STAGING, Stage.PRODUCTION, "ship it", "ana", t), List.of());
            registry.decideRequest(request.decided(RequestStatus.APPROVED, "bo", t, "ok"),
                    new StageChange(Stage.STAGING, Stage.PRODUCTION, t, "bo", "approved"), List.of());
            assertThat(registry.findPolicy("churn")).map(PolicyRecord::revision).contains(1);
            assertThat(registry.getVersion("churn", 1).stage()).isEqualTo(Stage.PRODUCTION);
            NewModelVersion again = new NewModelVersion("churn", null, DIGEST, "", Map.of(), Map.of(), null, t, "ci")
                    .withRequestId("req-1");
            assertThat(registry.createVersion(again, v -> List.of()).version()).isEqualTo(2);
            assertThat(registry.createVersion(again, v -> List.of()).version()).isEqualTo(2);
            assertThat(registry.auditEvents(1, 10)).hasSize(1);
        }
        assertThat(query(schema, "SELECT version FROM lifecycle_schema_version ORDER BY version"))
                .containsExactly(IntStream.rangeClosed(1, JdbcStore.SCHEMA_VERSION).mapToObj(String::valueOf)
                        .toArray(String[]::new));
    }

    @Test
    @DisplayName("a version-3 database is migrated to the run lifecycle: runs get their start as heartbeat, none"
            + " is deleted, and they can be deleted, reaped and purged")
    void open_version3_migratesRunsToTheLifecycle() throws SQLException, IOException {
        String schema = db.newSchema();
        try (Connection c = TestDatabase.admin(); Statement s = c.createStatement()) {
            createAtVersion(s, schema, 3);
            s.execute("INSERT INTO experiments (id, name, description, created_s, created_ns) VALUES ('e1', 'churn',"
                    + " '', 100, 0)");
            s.execute("INSERT INTO runs (id, experiment_id, name, status, start_s, start_ns, code_version, host, jvm)"
                    + " VALUES ('r1', 'e1', 'old', 'RUNNING', 200, 5, '', '', '')");
            s.execute("INSERT INTO run_params (run_id, key, value) VALUES ('r1', 'depth', '6')");
        }
        try (JdbcStore store = TestDatabase.open(schema, new InMemoryArtifactStore())) {
            io.mllifecycle.store.RunRecord r = store.tracking().getRun("r1");
            assertThat(r.lastHeartbeat()).isEqualTo(Instant.ofEpochSecond(200, 5));
            assertThat(r.deletedAt()).isNull();
            assertThat(store.tracking().getExperiment("e1").deletedAt()).isNull();
            assertThat(store.tracking().killStaleRuns(Instant.ofEpochSecond(300), Instant.ofEpochSecond(400), "stale",
                    runs -> List.of())).extracting(io.mllifecycle.store.RunRecord::id).containsExactly("r1");
            store.tracking().deleteRun("r1", Instant.ofEpochSecond(500), List.of());
            store.tracking().purgeRun("r1", List.of());
            assertThat(store.tracking().findExperiment("churn")).isPresent();
        }
        assertThat(query(schema, "SELECT max(version) FROM lifecycle_schema_version")).containsExactly(String.valueOf(JdbcStore.SCHEMA_VERSION));
    }

    @Test
    @DisplayName("a version-3 database with profiles in bytea columns is migrated: each distinct profile becomes one"
            + " blob of the artifact store, rows keep a reference, the bytea columns are gone")
    void open_versionThreeWithInlineProfiles_movesThemToBlobs() throws Exception {
        String schema = db.newSchema();
        byte[] big = new byte[5000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 13);
        }
        byte[] small = "second".getBytes(StandardCharsets.UTF_8);
        try (Connection c = TestDatabase.admin(); Statement s = c.createStatement()) {
            createAtVersion(s, schema, 3);
            s.execute("INSERT INTO models (name, description, created_s, created_ns, next_version)"
                    + " VALUES ('churn', 'old', 0, 0, 5)");
            try (var ps = c.prepareStatement("INSERT INTO model_versions (model_name, version, source_run_id,"
                    + " artifact_digest, description, stage, profile_type, profile, created_s, created_ns)"
                    + " VALUES ('churn', ?, NULL, '" + DIGEST + "', '', 'DEVELOPMENT', ?, ?, 0, 0)")) {
                Object[][] rows = {{1, "application/x-p", big}, {2, "application/x-p", big}, {3, "application/x-p", small},
                        {4, null, null}};
                for (Object[] r : rows) {
                    ps.setInt(1, (Integer) r[0]);
                    ps.setString(2, (String) r[1]);
                    ps.setBytes(3, (byte[]) r[2]);
                    ps.executeUpdate();
                }
            }
            try (var ps = c.prepareStatement("INSERT INTO datasets (name, digest, columns, column_types, row_count,"
                    + " source_uri, profile_type, profile) VALUES ('churn-data', '" + "sha256:" + "cd".repeat(32)
                    + "', '{age}', '{NUMERIC}', 20, '', 'application/x-p', ?)")) {
                ps.setBytes(1, big);
                ps.executeUpdate();
            }
        }
        InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
        String bigDigest = io.mllifecycle.store.spi.Digests.of(big);
        String smallDigest = io.mllifecycle.store.spi.Digests.of(small);
        try (JdbcStore store = TestDatabase.open(schema, artifacts)) {
            RegistryStore registry = store.registry();
            assertThat(registry.getVersion("churn", 1).profile())
                    .isEqualTo(new io.mllifecycle.store.ProfileRef(bigDigest, "application/x-p", big.length));
            assertThat(registry.getVersion("churn", 2).profile()).isEqualTo(registry.getVersion("churn", 1).profile());
            assertThat(registry.getVersion("churn", 3).profile().digest()).isEqualTo(smallDigest);
            assertThat(registry.getVersion("churn", 4).profile()).isNull();
            assertThat(store.tracking().getDataset("churn-data", "sha256:" + "cd".repeat(32)).profile().digest())
                    .isEqualTo(bigDigest);
            try (InputStream in = artifacts.open(bigDigest)) {
                assertThat(in.readAllBytes()).isEqualTo(big);
            }
            List<String> blobs = new ArrayList<>();
            artifacts.forEachBlob(b -> blobs.add(b.digest()));
            assertThat(blobs).containsExactlyInAnyOrder(bigDigest, smallDigest);
            assertThat(registry.referencedDigests()).contains(bigDigest, smallDigest);
            assertThat(store.tracking().referencedDigests()).contains(bigDigest);
        }
        assertThat(query(schema, "SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND column_name = 'profile'")).isEmpty();
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

    /** Creates, in {@code schema}, the tables of schema version {@code version} as the old scripts left them. */
    private static void createAtVersion(Statement s, String schema, int version) throws SQLException, IOException {
        s.execute("SET search_path TO " + schema);
        s.execute("CREATE TABLE lifecycle_schema_version (version integer PRIMARY KEY, description text NOT NULL,"
                + " applied_at timestamptz NOT NULL DEFAULT now())");
        for (int v = 1; v <= version; v++) {
            String script = SchemaMigrator.SCRIPTS.get(v - 1);
            try (InputStream in = SchemaMigrator.class.getResourceAsStream("migration/" + script)) {
                s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            s.execute("INSERT INTO lifecycle_schema_version (version, description) VALUES (" + v + ", '"
                    + script + "')");
        }
    }
}
