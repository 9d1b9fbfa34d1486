package io.mllifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;

/**
 * A {@code jdbc:} store uses the application's DataSource (Boot's own pool from {@code spring.datasource.*}), on the
 * PostgreSQL test server of {@code .ci/postgres.sh start} ({@code LIFECYCLE_TEST_JDBC_URL} overrides); an
 * unreachable server is a failure, never a skip.
 */
class DataSourceReuseTest {
    private static final String URL = System.getenv().getOrDefault("LIFECYCLE_TEST_JDBC_URL",
            "jdbc:postgresql://127.0.0.1:54329/postgres");
    private static final String USER = System.getenv().getOrDefault("LIFECYCLE_TEST_JDBC_USER", "postgres");
    private final String schema = "lc_spring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(URL, p);
    }

    @BeforeEach
    void createSchema() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void jdbcStore_usesTheApplicationsDataSource_andItsSchema() {
        Starter.runner(DataSourceAutoConfiguration.class)
                .withPropertyValues("spring.datasource.url=" + URL + "?currentSchema=" + schema,
                        "spring.datasource.username=" + USER, "mllifecycle.store=jdbc:",
                        "mllifecycle.artifacts=mem:")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    Lifecycle lifecycle = ctx.getBean(Lifecycle.class);
                    assertThat(lifecycle.store()).isInstanceOf(JdbcStore.class);
                    MlLifecycleAutoConfigurationTest.register(lifecycle, "churn");
                    try (Connection c = connect(); Statement s = c.createStatement();
                         ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables"
                                 + " WHERE table_schema = '" + schema + "'")) {
                        r.next();
                        assertThat(r.getInt(1)).as("tables the store made in the DataSource's schema").isPositive();
                    }
                    assertThat(lifecycle.models().model("churn").record().name()).isEqualTo("churn");
                });
    }

    @Test
    void jdbcStore_withADataSourceButNoArtifactsStore_failsNamingTheMissingProperty() {
        Starter.runner(DataSourceAutoConfiguration.class)
                .withPropertyValues("spring.datasource.url=" + URL + "?currentSchema=" + schema,
                        "spring.datasource.username=" + USER, "mllifecycle.store=jdbc:")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    Throwable t = ctx.getStartupFailure();
                    while (t.getCause() != null) {
                        t = t.getCause();
                    }
                    assertThat(t).isInstanceOf(LifecyclePropertyException.class)
                            .hasMessageContaining("mllifecycle.artifacts must name the store for artifact bytes")
                            .hasMessageContaining("but it is missing");
                });
    }
}
