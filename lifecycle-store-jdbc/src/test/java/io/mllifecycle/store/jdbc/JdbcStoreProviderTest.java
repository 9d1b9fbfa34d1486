package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.StoreProviders;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JdbcStoreProviderTest {
    private final TestDatabase db = new TestDatabase();

    @AfterEach
    void drop() {
        db.dropAll();
    }

    private static String uriWithUser() {
        return TestDatabase.url() + "?user=" + TestDatabase.properties(null).getProperty("user");
    }

    @Test
    @DisplayName("jdbc:postgresql URIs are opened through StoreProviders, and what is written is there on reopen")
    void open_throughServiceLoader() {
        Map<String, String> options = Map.of("artifacts", "mem:artifacts", "schema", db.newSchema(), "poolSize", "2");
        try (LifecycleStore store = StoreProviders.open(uriWithUser(), options)) {
            assertThat(store).isInstanceOf(JdbcStore.class);
            store.tracking().createExperiment("churn", "", Map.of(), Instant.EPOCH);
        }
        try (LifecycleStore again = StoreProviders.open(uriWithUser(), options)) {
            assertThat(again.tracking().findExperiment("churn")).isPresent();
        }
    }

    @Test
    @DisplayName("the artifacts URI may come in the URI's query, so that callers without options can open the store")
    void open_artifactsInQuery() {
        String uri = uriWithUser() + "&artifacts=mem%3Ablobs&currentSchema=" + db.newSchema();
        try (LifecycleStore store = StoreProviders.open(uri)) {
            store.tracking().createExperiment("churn", "", Map.of(), Instant.EPOCH);
            assertThat(store.tracking().listExperiments()).hasSize(1);
        }
    }

    @Test
    @DisplayName("options artifacts.<name> go to the artifact store's provider instead of being refused")
    void open_nestedArtifactOptions() {
        Map<String, String> options = Map.of("artifacts", "mem:blobs", "artifacts.region", "eu-west-1",
                "schema", db.newSchema());
        // the mem: provider has no options, so it refuses the one passed on to it (not the JDBC provider)
        assertThatThrownBy(() -> StoreProviders.open(uriWithUser(), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-memory")
                .hasMessageContaining("region");
    }

    @Test
    @DisplayName("user and schema options win over those of the URI's query")
    void open_optionsOverrideQuery() {
        String schema = db.newSchema();
        String uri = TestDatabase.url() + "?user=nobody-such&currentSchema=no_such_schema";
        Map<String, String> options = Map.of("artifacts", "mem:blobs", "schema", schema,
                "user", TestDatabase.properties(null).getProperty("user"));
        try (LifecycleStore store = StoreProviders.open(uri, options)) {
            assertThat(store.tracking().listExperiments()).isEmpty();
        }
    }

    @Test
    @DisplayName("only jdbc:postgresql URIs are supported")
    void supports_byScheme() {
        JdbcStoreProvider p = new JdbcStoreProvider();
        assertThat(p.supports(URI.create("jdbc:postgresql://db/ml"))).isTrue();
        assertThat(p.supports(URI.create("jdbc:mysql://db/ml"))).isFalse();
        assertThat(p.supports(URI.create("file:/tmp/ml"))).isFalse();
    }

    @Test
    @DisplayName("a missing artifacts option or an unknown option is a bad argument naming it")
    void open_badOptions() {
        JdbcStoreProvider p = new JdbcStoreProvider();
        URI uri = URI.create(uriWithUser());
        assertThatThrownBy(() -> p.open(uri, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("options['artifacts']").hasMessageContaining("missing");
        assertThatThrownBy(() -> p.open(uri, Map.of("artifacts", "mem:artifacts", "colour", "blue")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> p.open(uri, Map.of("artifacts", "mem:artifacts", "poolSize", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poolSize").hasMessageContaining("many");
    }

    @Test
    @DisplayName("an unreachable server is a StoreException naming the connection failure, without the password")
    void open_unreachable() {
        URI uri = URI.create("jdbc:postgresql://127.0.0.1:1/ml?user=u&password=secret&connectTimeout=2");
        assertThatThrownBy(() -> new JdbcStoreProvider().open(uri, Map.of("artifacts", "mem:artifacts", "maxAttempts", "1")))
                .isInstanceOf(StoreException.class).hasMessageContaining("08001")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }
}
