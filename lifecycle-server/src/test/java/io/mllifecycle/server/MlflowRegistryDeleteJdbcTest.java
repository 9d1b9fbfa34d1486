package io.mllifecycle.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/** The registry deletes of {@link MlflowRegistryDeleteTest} against the server over the JDBC store on PostgreSQL. */
@DisplayName("registry deletes through MLflow's REST API over the JDBC store on PostgreSQL")
class MlflowRegistryDeleteJdbcTest extends MlflowRegistryDeleteTest {
    private final PostgresLifecycles postgres = new PostgresLifecycles();

    @Override
    TestServer newServer() {
        return new TestServer(postgres.open(), dir, b -> { });
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
