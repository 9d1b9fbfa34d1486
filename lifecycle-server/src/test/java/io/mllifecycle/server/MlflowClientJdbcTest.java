package io.mllifecycle.server;

import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/**
 * The MLflow-client tests of {@link MlflowClientTest} (every supported tracking, registry and artifact call
 * through the real {@code org.mlflow:mlflow-client}, checked through our own API) run against the server
 * over the JDBC store on PostgreSQL, a fresh schema per test.
 */
@DisplayName("MLflow's client against the server over the JDBC store on PostgreSQL")
class MlflowClientJdbcTest extends MlflowClientTest {
    private final PostgresLifecycles postgres = new PostgresLifecycles();

    @Override
    TestServer newServer(Consumer<LifecycleServer.Builder> settings) {
        return new TestServer(postgres.open(), dir, settings);
    }

    @AfterEach
    @Override
    void stop() {
        try {
            super.stop();
        } finally {
            postgres.close();
        }
    }
}
