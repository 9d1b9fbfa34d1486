package io.mllifecycle.spring;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.store.jdbc.JdbcStore;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Opens a PostgreSQL store over the application's {@link DataSource}. Why a class of its own: lifecycle-store-jdbc
 * is optional, and only this class names it, so the starter loads without it.
 */
final class JdbcStores {
    private static final Set<String> OPTIONS = Set.of("maxAttempts");

    private JdbcStores() {}

    static boolean available() {
        try {
            Class.forName("io.mllifecycle.store.jdbc.JdbcStore", false, JdbcStores.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The host owns the data source: closing the store closes only the artifacts store opened here. */
    static LifecycleStore open(DataSource dataSource, String artifactsUri, Map<String, String> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new LifecyclePropertyException(MlLifecycleProperties.PREFIX + ".options", MlLifecycleProperties.PREFIX
                    + ".options has keys " + unknown + " that a store over the application's DataSource does not take;"
                    + " known are " + OPTIONS + " (pooling and schema are the DataSource's)", null);
        }
        LifecycleStore artifacts = StoreProviders.open(artifactsUri);
        try {
            JdbcStore.Builder b = JdbcStore.builder(dataSource).artifacts(artifacts.artifacts()).onClose(artifacts);
            if (options.containsKey("maxAttempts")) {
                b.maxAttempts(Integer.parseInt(options.get("maxAttempts").trim()));
            }
            return b.open();
        } catch (RuntimeException e) {
            artifacts.close();
            throw e;
        }
    }
}
