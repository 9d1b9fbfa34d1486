package io.mllifecycle.store.tck;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.ColumnType;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small factories for the records the kits write; times are fixed so that runs compare exactly. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static String digestOf(String text) {
        return Digests.of(text.getBytes(StandardCharsets.UTF_8));
    }

    static ExperimentRecord experiment(LifecycleStore store, String name) {
        return store.tracking().createExperiment(name, "about " + name, Map.of("team", "risk"), T0);
    }

    static NewRun newRun(String experimentId, String name, long startSecond) {
        return new NewRun(experimentId, null, name, Map.of(), at(startSecond), RunSource.unknown());
    }

    static RunRecord run(LifecycleStore store, String experimentId, String name, long startSecond) {
        return store.tracking().createRun(newRun(experimentId, name, startSecond));
    }

    static RunRecord child(LifecycleStore store, RunRecord parent, String name, long startSecond) {
        return store.tracking().createRun(new NewRun(parent.experimentId(), parent.id(), name, Map.of(),
                at(startSecond), RunSource.unknown()));
    }

    static MetricPoint point(String key, double value, long step) {
        return new MetricPoint(key, value, step, at(step));
    }

    static DatasetVersion dataset(String name, String content) {
        Map<String, ColumnType> schema = new LinkedHashMap<>();
        schema.put("age", ColumnType.NUMERIC);
        schema.put("plan", ColumnType.CATEGORICAL);
        return new DatasetVersion(name, digestOf(content), schema, 100, "file:/data/" + name, null);
    }

    static NewModelVersion newVersion(String model, String content) {
        return new NewModelVersion(model, null, digestOf(content), "version of " + model, Map.of(), Map.of(),
                null, T0, "ci");
    }

    static StageChange change(Stage from, Stage to) {
        return new StageChange(from, to, at(60), "ci", "");
    }

    static AuditEntry audit(String action, String subject) {
        return new AuditEntry(T0, "ci", action, subject, Map.of("k", "v"));
    }
}
