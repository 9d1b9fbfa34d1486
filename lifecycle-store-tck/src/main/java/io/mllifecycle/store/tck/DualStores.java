package io.mllifecycle.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The state of one try of {@link StoreStatefulKit}: the store under test and the in-memory reference
 * store, driven with the same calls. Ids differ between the two, so the state keeps the reference ids of
 * what was created and maps them to the adapter's ids both ways. Adapters only see this type in the
 * signature of the property they may override; its workings are internal to the kit.
 */
public final class DualStores implements AutoCloseable {
    /** One side of the comparison: a store and how to turn a reference id into this side's id. */
    record Side(LifecycleStore store, UnaryOperator<String> id) {}

    private final Side adapter;
    private final Side reference;
    private final Map<String, String> refToAdapter = new HashMap<>();
    private final Map<String, String> adapterToRef = new HashMap<>();
    final List<String> experimentIds = new ArrayList<>();
    final List<String> runIds = new ArrayList<>();
    final List<String> models = new ArrayList<>();
    final List<String> datasetNames = List.of("churn-data");
    private long clock;

    DualStores(LifecycleStore adapter, LifecycleStore reference) {
        this.adapter = new Side(adapter, id -> refToAdapter.getOrDefault(id, id));
        this.reference = new Side(reference, UnaryOperator.identity());
    }

    /** @return a time later than every one handed out before, the same for both sides */
    Instant tick() {
        return Fixtures.at(++clock);
    }

    /** @return the reference id at {@code pick} modulo the count, or an id no store knows */
    static String pick(List<String> ids, int pick) {
        return ids.isEmpty() ? "missing-id" : ids.get(Math.floorMod(pick, ids.size()));
    }

    /**
     * Makes the same call on both stores and requires the same outcome: both throw an exception of the
     * same class, or both return equal results once adapter ids are mapped to reference ids.
     *
     * @return the reference store's result, or null if both threw
     */
    <T> T both(String what, Function<Side, T> call) {
        Object a;
        Object r;
        try {
            a = call.apply(adapter);
        } catch (RuntimeException e) {
            a = e;
        }
        try {
            r = call.apply(reference);
        } catch (RuntimeException e) {
            r = e;
        }
        if (r instanceof RuntimeException re) {
            assertThat(a).as("%s: the adapter must fail as the in-memory store did (%s)", what, re)
                    .isInstanceOf(RuntimeException.class);
            assertThat(a.getClass()).as("%s: exception type (in-memory store threw %s; adapter threw %s)", what,
                    re, a).isEqualTo(re.getClass());
            return null;
        }
        if (a instanceof RuntimeException ae) {
            throw new AssertionError(what + ": the adapter threw " + ae + " but the in-memory store returned " + r, ae);
        }
        registerIds(a, r);
        assertThat(beatless(normalize(a))).as("%s: result", what).isEqualTo(beatless(r));
        @SuppressWarnings("unchecked")
        T result = (T) r;
        return result;
    }

    private void registerIds(Object a, Object r) {
        if (a instanceof ExperimentRecord ae && r instanceof ExperimentRecord re && !refToAdapter.containsKey(re.id())) {
            map(ae.id(), re.id());
            experimentIds.add(re.id());
        } else if (a instanceof RunRecord ar && r instanceof RunRecord rr && !refToAdapter.containsKey(rr.id())) {
            map(ar.id(), rr.id());
            runIds.add(rr.id());
        }
    }

    private void map(String adapterId, String refId) {
        assertThat(adapterToRef).as("the adapter handed out id %s twice", adapterId).doesNotContainKey(adapterId);
        refToAdapter.put(refId, adapterId);
        adapterToRef.put(adapterId, refId);
    }

    private String toRef(String adapterId) {
        return adapterToRef.getOrDefault(adapterId, "unmapped adapter id " + adapterId);
    }

    private Object normalize(Object o) {
        if (o instanceof ExperimentRecord e) {
            return new ExperimentRecord(toRef(e.id()), e.name(), e.description(), e.tags(), e.createdAt(), e.archived(),
                    e.deletedAt());
        }
        if (o instanceof RunRecord r) {
            return StoreSnapshot.mapRun(r, this::toRef);
        }
        if (o instanceof ModelVersionRecord v && v.sourceRunId() != null) {
            return new ModelVersionRecord(v.modelName(), v.version(), toRef(v.sourceRunId()), v.artifactDigest(),
                    v.description(), v.stage(), v.tags(), v.card(), v.profile(), v.stageHistory(), v.gateReports(),
                    v.createdAt());
        }
        if (o instanceof List<?> list) {
            return list.stream().map(this::normalize).toList();
        }
        return o;
    }

    private static Object beatless(Object o) {
        if (o instanceof RunRecord r) {
            return StoreSnapshot.withoutHeartbeat(r);
        }
        if (o instanceof List<?> list) {
            return list.stream().map(DualStores::beatless).toList();
        }
        return o;
    }

    /** Requires that both stores show the same state, ids mapped. */
    void assertSameState() {
        StoreSnapshot expected = StoreSnapshot.take(reference.store(), datasetNames, List.of()).withoutHeartbeats();
        StoreSnapshot actual = StoreSnapshot.take(adapter.store(), datasetNames, List.of()).mapIds(this::toRef)
                .withoutHeartbeats();
        assertThat(actual).as("state of the adapter (ids mapped) against the in-memory store").isEqualTo(expected);
    }

    /** Closes both stores. */
    @Override
    public void close() {
        try {
            adapter.store().close();
        } finally {
            reference.store().close();
        }
    }

    @Override
    public String toString() {
        return "DualStores[" + experimentIds.size() + " experiments, " + runIds.size() + " runs, " + models.size()
                + " models]";
    }
}
