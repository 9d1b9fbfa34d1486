package io.mllifecycle.store.tck;

import static io.mllifecycle.store.tck.Fixtures.T0;
import static io.mllifecycle.store.tck.Fixtures.at;
import static io.mllifecycle.store.tck.Fixtures.child;
import static io.mllifecycle.store.tck.Fixtures.dataset;
import static io.mllifecycle.store.tck.Fixtures.digestOf;
import static io.mllifecycle.store.tck.Fixtures.experiment;
import static io.mllifecycle.store.tck.Fixtures.point;
import static io.mllifecycle.store.tck.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.MetricFilter.Comparison;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link io.mllifecycle.store.TrackingStore}: experiments, runs, write-once params,
 * tags, ordered metric series, datasets, inputs, artifact paths, ending runs and run search.
 *
 * <p>An adapter proves itself by extending this class and supplying a fresh store:
 * <pre>{@code
 * class FileTrackingStoreCompatibilityTest extends TrackingStoreCompatibilityKit {
 *     @TempDir Path dir;
 *     @Override protected LifecycleStore newStore() { return FileStore.open(dir); }
 * }
 * }</pre>
 * Override {@link #capabilities()} and {@link #reopen(io.mllifecycle.store.LifecycleStore)} for a durable
 * store. {@link LifecycleStoreCompatibilityKit} runs this kit together with the others.
 */
public abstract class TrackingStoreCompatibilityKit extends StoreCompatibilitySupport {

    private StoreSnapshot snapshot() {
        return StoreSnapshot.take(store(), List.of("churn-data"), List.of());
    }

    /** Asserts that {@code call} fails with {@code type} and leaves the whole store as it was. */
    private void assertRejected(Class<? extends Throwable> type, String messagePart, Executable call) {
        StoreSnapshot before = snapshot();
        assertThatThrownBy(call::execute).isInstanceOf(type)
                .satisfies(t -> assertThat(t.getMessage()).as("message").containsIgnoringCase(messagePart));
        assertThat(snapshot()).as("store state after a rejected call").isEqualTo(before);
    }

    private RunRecord newRunningRun() {
        return run(store(), experiment(store(), "churn").id(), "depth-6", 1);
    }

    @Nested
    @DisplayName("experiments")
    class Experiments {
        @Test
        @DisplayName("a created experiment can be read back by id, by name and in the listing")
        void createExperiment_readBack() {
            ExperimentRecord e = tracking().createExperiment("churn", "predict churn", Map.of("team", "risk"), T0);
            assertThat(e.name()).isEqualTo("churn");
            assertThat(e.description()).isEqualTo("predict churn");
            assertThat(e.tags()).isEqualTo(Map.of("team", "risk"));
            assertThat(e.createdAt()).isEqualTo(T0);
            assertThat(e.archived()).isFalse();
            assertThat(e.id()).matches("[A-Za-z0-9_-]+");
            assertThat(tracking().getExperiment(e.id())).isEqualTo(e);
            assertThat(tracking().findExperiment("churn")).contains(e);
            assertThat(tracking().listExperiments()).containsExactly(e);
        }

        @Test
        @DisplayName("experiments are listed by name and have distinct ids")
        void listExperiments_orderedByName() {
            ExperimentRecord b = experiment(store(), "beta");
            ExperimentRecord a = experiment(store(), "alpha");
            ExperimentRecord c = experiment(store(), "gamma");
            assertThat(tracking().listExperiments()).containsExactly(a, b, c);
            assertThat(Set.of(a.id(), b.id(), c.id())).hasSize(3);
        }

        @Test
        @DisplayName("a second experiment with a taken name is a conflict and changes nothing")
        void createExperiment_duplicateName() {
            experiment(store(), "churn");
            assertRejected(ConflictException.class, "churn",
                    () -> tracking().createExperiment("churn", "", Map.of(), T0));
        }

        @Test
        @DisplayName("an unknown experiment id is not found, and an unknown name finds nothing")
        void getExperiment_unknown() {
            assertThatThrownBy(() -> tracking().getExperiment("no-such-experiment"))
                    .isInstanceOf(NotFoundException.class);
            assertThat(tracking().findExperiment("nothing")).isEmpty();
            assertThatThrownBy(() -> tracking().setExperimentTags("no-such-experiment", Map.of("a", "b")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> tracking().setExperimentArchived("no-such-experiment", true))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("experiment tags are added and replaced, others kept")
        void setExperimentTags_merges() {
            ExperimentRecord e = experiment(store(), "churn");
            ExperimentRecord updated = tracking().setExperimentTags(e.id(), Map.of("team", "growth", "tier", "1"));
            assertThat(updated.tags()).isEqualTo(Map.of("team", "growth", "tier", "1"));
            assertThat(tracking().getExperiment(e.id())).isEqualTo(updated);
        }

        @Test
        @DisplayName("an experiment can be archived and restored and stays listed")
        void setExperimentArchived_roundTrip() {
            ExperimentRecord e = experiment(store(), "churn");
            assertThat(tracking().setExperimentArchived(e.id(), true).archived()).isTrue();
            assertThat(tracking().listExperiments()).singleElement().satisfies(x -> assertThat(x.archived()).isTrue());
            assertThat(tracking().setExperimentArchived(e.id(), false).archived()).isFalse();
            assertThat(tracking().getExperiment(e.id()).archived()).isFalse();
        }

        @Test
        @DisplayName("names and descriptions of the longest allowed length are accepted")
        void createExperiment_longestAllowed() {
            String name = "n".repeat(Checks.MAX_NAME);
            ExperimentRecord e = tracking().createExperiment(name, "d".repeat(Checks.MAX_DESCRIPTION),
                    Map.of("k".repeat(Checks.MAX_KEY), "v".repeat(Checks.MAX_TAG_VALUE)), T0);
            assertThat(tracking().getExperiment(e.id())).isEqualTo(e);
        }
    }

    @Nested
    @DisplayName("runs")
    class Runs {
        @Test
        @DisplayName("a created run is RUNNING, has a URL-safe id and is read back unchanged")
        void createRun_readBack() {
            ExperimentRecord e = experiment(store(), "churn");
            RunRecord r = tracking().createRun(new NewRun(e.id(), null, "depth-6", Map.of("team", "risk"), at(5),
                    new RunSource("abc123", "host-1", "Temurin 17")));
            assertThat(r.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(r.id()).matches("[A-Za-z0-9_-]+");
            assertThat(r.experimentId()).isEqualTo(e.id());
            assertThat(r.parentRunId()).isNull();
            assertThat(r.startTime()).isEqualTo(at(5));
            assertThat(r.endTime()).isNull();
            assertThat(r.tags()).isEqualTo(Map.of("team", "risk"));
            assertThat(r.params()).isEmpty();
            assertThat(r.latestMetrics()).isEmpty();
            assertThat(r.source()).isEqualTo(new RunSource("abc123", "host-1", "Temurin 17"));
            assertThat(tracking().getRun(r.id())).isEqualTo(r);
        }

        @Test
        @DisplayName("run ids are distinct and sort in start order")
        void createRun_idsTimeOrdered() {
            String exp = experiment(store(), "churn").id();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(run(store(), exp, "r" + i, i).id());
            }
            assertThat(new HashSet<>(ids)).hasSize(20);
            assertThat(ids).isSorted();
        }

        @Test
        @DisplayName("a run of an unknown experiment or with an unknown parent is not found and not stored")
        void createRun_unknownReferences() {
            String exp = experiment(store(), "churn").id();
            assertRejected(NotFoundException.class, "", () -> tracking().createRun(Fixtures.newRun("missing", "r", 1)));
            assertRejected(NotFoundException.class, "", () -> tracking().createRun(new NewRun(exp, "missing-parent",
                    "r", Map.of(), at(1), RunSource.unknown())));
        }

        @Test
        @DisplayName("a parent run from another experiment is a bad argument")
        void createRun_parentOfOtherExperiment() {
            RunRecord parent = run(store(), experiment(store(), "a").id(), "parent", 1);
            String other = experiment(store(), "b").id();
            assertRejected(IllegalArgumentException.class, "parent", () -> tracking().createRun(
                    new NewRun(other, parent.id(), "child", Map.of(), at(2), RunSource.unknown())));
        }

        @Test
        @DisplayName("child runs are listed in start order, and only those of the parent")
        void childRuns_inStartOrder() {
            String exp = experiment(store(), "churn").id();
            RunRecord parent = run(store(), exp, "sweep", 1);
            RunRecord other = run(store(), exp, "other", 2);
            RunRecord c1 = child(store(), parent, "c1", 3);
            child(store(), other, "x", 4);
            RunRecord c2 = child(store(), parent, "c2", 5);
            assertThat(tracking().childRuns(parent.id())).containsExactly(c1, c2);
            assertThat(c1.parentRunId()).isEqualTo(parent.id());
            assertThat(tracking().childRuns(c1.id())).isEmpty();
            assertThatThrownBy(() -> tracking().childRuns("missing")).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("an unknown run id is not found by every run method")
        void runMethods_unknownRun() {
            newRunningRun();
            String id = "no-such-run";
            List<Executable> calls = List.of(
                    () -> tracking().getRun(id),
                    () -> tracking().logParams(id, Map.of("a", "1")),
                    () -> tracking().setTags(id, Map.of("a", "1")),
                    () -> tracking().deleteTag(id, "a"),
                    () -> tracking().logMetrics(id, List.of(point("loss", 1, 1))),
                    () -> tracking().metricHistory(id, "loss", 0, 10),
                    () -> tracking().latestMetrics(id),
                    () -> tracking().recordArtifact(id, "model.bin", digestOf("m")),
                    () -> tracking().endRun(id, RunStatus.FINISHED, at(9), null));
            for (Executable call : calls) {
                assertRejected(NotFoundException.class, "", call);
            }
        }
    }

    @Nested
    @DisplayName("params")
    class Params {
        @Test
        @DisplayName("logged params are read back with the run")
        void logParams_readBack() {
            RunRecord r = newRunningRun();
            tracking().logParams(r.id(), Map.of("depth", "6", "lr", "0.1"));
            tracking().logParams(r.id(), Map.of("empty", ""));
            assertThat(tracking().getRun(r.id()).params()).isEqualTo(Map.of("depth", "6", "lr", "0.1", "empty", ""));
        }

        @Test
        @DisplayName("re-logging a param with the same value is a no-op")
        void logParams_sameValue() {
            RunRecord r = newRunningRun();
            tracking().logParams(r.id(), Map.of("depth", "6"));
            tracking().logParams(r.id(), Map.of("depth", "6"));
            assertThat(tracking().getRun(r.id()).params()).isEqualTo(Map.of("depth", "6"));
        }

        @Test
        @DisplayName("re-logging a param with another value is a conflict naming key, old and new value")
        void logParams_otherValue() {
            RunRecord r = newRunningRun();
            tracking().logParams(r.id(), Map.of("depth", "6"));
            StoreSnapshot before = snapshot();
            assertThatThrownBy(() -> tracking().logParams(r.id(), Map.of("depth", "7")))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("depth").hasMessageContaining("6").hasMessageContaining("7");
            assertThat(snapshot()).isEqualTo(before);
        }

        @Test
        @DisplayName("a batch with one conflicting param changes nothing")
        void logParams_batchWithConflict() {
            RunRecord r = newRunningRun();
            tracking().logParams(r.id(), Map.of("depth", "6"));
            Map<String, String> batch = new HashMap<>();
            batch.put("a", "1");
            batch.put("depth", "7");
            batch.put("z", "2");
            assertRejected(ConflictException.class, "depth", () -> tracking().logParams(r.id(), batch));
            assertThat(tracking().getRun(r.id()).params()).isEqualTo(Map.of("depth", "6"));
        }

        @Test
        @DisplayName("keys and values of the longest allowed length are accepted, one longer is rejected")
        void logParams_limits() {
            RunRecord r = newRunningRun();
            tracking().logParams(r.id(), Map.of("k".repeat(Checks.MAX_KEY), "v".repeat(Checks.MAX_PARAM_VALUE)));
            assertRejected(IllegalArgumentException.class, "param",
                    () -> tracking().logParams(r.id(), Map.of("x".repeat(Checks.MAX_KEY + 1), "1")));
            assertRejected(IllegalArgumentException.class, "param",
                    () -> tracking().logParams(r.id(), Map.of("x", "v".repeat(Checks.MAX_PARAM_VALUE + 1))));
        }

        @Test
        @DisplayName("a batch with one bad key changes nothing")
        void logParams_badKeyInBatch() {
            RunRecord r = newRunningRun();
            for (String bad : new String[] {"", " ", "a\nb", "tab\t"}) {
                Map<String, String> batch = new HashMap<>();
                batch.put("good", "1");
                batch.put(bad, "2");
                assertRejected(IllegalArgumentException.class, "param", () -> tracking().logParams(r.id(), batch));
            }
            Map<String, String> withNull = new HashMap<>();
            withNull.put("good", "1");
            withNull.put("bad", null);
            assertRejected(IllegalArgumentException.class, "bad", () -> tracking().logParams(r.id(), withNull));
            assertRejected(IllegalArgumentException.class, "params", () -> tracking().logParams(r.id(), null));
        }
    }

    @Nested
    @DisplayName("tags")
    class Tags {
        @Test
        @DisplayName("run tags are added, replaced and deleted")
        void setTags_andDelete() {
            RunRecord r = newRunningRun();
            tracking().setTags(r.id(), Map.of("a", "1", "b", "2"));
            tracking().setTags(r.id(), Map.of("a", "3"));
            assertThat(tracking().getRun(r.id()).tags()).isEqualTo(Map.of("a", "3", "b", "2"));
            assertThat(tracking().deleteTag(r.id(), "a")).isTrue();
            assertThat(tracking().deleteTag(r.id(), "a")).isFalse();
            assertThat(tracking().getRun(r.id()).tags()).isEqualTo(Map.of("b", "2"));
        }

        @Test
        @DisplayName("tags can still be set and deleted on an ended run")
        void setTags_endedRun() {
            RunRecord r = newRunningRun();
            tracking().endRun(r.id(), RunStatus.FINISHED, at(100), null);
            tracking().setTags(r.id(), Map.of("reviewed", "yes"));
            assertThat(tracking().getRun(r.id()).tags()).containsEntry("reviewed", "yes");
            assertThat(tracking().deleteTag(r.id(), "reviewed")).isTrue();
        }

        @Test
        @DisplayName("bad tag keys and values are rejected and change nothing")
        void setTags_badArguments() {
            RunRecord r = newRunningRun();
            assertRejected(IllegalArgumentException.class, "tag",
                    () -> tracking().setTags(r.id(), Map.of("k", "v".repeat(Checks.MAX_TAG_VALUE + 1))));
            assertRejected(IllegalArgumentException.class, "tag",
                    () -> tracking().setTags(r.id(), Map.of("bad\u0000key", "v")));
            assertRejected(IllegalArgumentException.class, "tag", () -> tracking().setTags(r.id(), null));
            assertRejected(IllegalArgumentException.class, "tag", () -> tracking().deleteTag(r.id(), " "));
        }
    }

    @Nested
    @DisplayName("metrics")
    class Metrics {
        @Test
        @DisplayName("points of one (run, key) are kept in append order, steps need not increase")
        void logMetrics_appendOrder() {
            RunRecord r = newRunningRun();
            List<MetricPoint> first = List.of(point("loss", 0.9, 5), point("acc", 0.1, 1), point("loss", 0.8, 2));
            List<MetricPoint> second = List.of(point("loss", 0.7, 9), point("loss", 0.6, 2));
            tracking().logMetrics(r.id(), first);
            tracking().logMetrics(r.id(), second);
            assertThat(tracking().metricHistory(r.id(), "loss", Long.MIN_VALUE, Long.MAX_VALUE)).containsExactly(
                    first.get(0), first.get(2), second.get(0), second.get(1));
            assertThat(tracking().metricHistory(r.id(), "acc", Long.MIN_VALUE, Long.MAX_VALUE))
                    .containsExactly(first.get(1));
        }

        @Test
        @DisplayName("the latest point is the one with the greatest step, on equal steps the later append")
        void latestMetrics_greatestStepThenLaterAppend() {
            RunRecord r = newRunningRun();
            tracking().logMetrics(r.id(), List.of(point("loss", 0.9, 5), point("loss", 0.8, 3)));
            assertThat(tracking().latestMetrics(r.id())).containsEntry("loss", point("loss", 0.9, 5));
            MetricPoint tie = new MetricPoint("loss", 0.5, 5, at(999));
            tracking().logMetrics(r.id(), List.of(tie));
            assertThat(tracking().latestMetrics(r.id())).isEqualTo(Map.of("loss", tie));
            assertThat(tracking().getRun(r.id()).latestMetrics()).isEqualTo(Map.of("loss", tie));
            MetricPoint tieInBatch1 = new MetricPoint("acc", 0.1, 7, at(1));
            MetricPoint tieInBatch2 = new MetricPoint("acc", 0.2, 7, at(1));
            tracking().logMetrics(r.id(), List.of(tieInBatch1, tieInBatch2));
            assertThat(tracking().latestMetrics(r.id())).containsEntry("acc", tieInBatch2);
        }

        @Test
        @DisplayName("history returns the points with fromStep ≤ step ≤ toStep in append order")
        void metricHistory_stepRange() {
            RunRecord r = newRunningRun();
            List<MetricPoint> points = new ArrayList<>();
            for (long step : new long[] {3, 1, 4, 1, 5, 9, 2, 6, -3}) {
                points.add(point("loss", step / 10.0, step));
            }
            tracking().logMetrics(r.id(), points);
            assertThat(tracking().metricHistory(r.id(), "loss", 2, 5)).extracting(MetricPoint::step)
                    .containsExactly(3L, 4L, 5L, 2L);
            assertThat(tracking().metricHistory(r.id(), "loss", 1, 1)).extracting(MetricPoint::step)
                    .containsExactly(1L, 1L);
            assertThat(tracking().metricHistory(r.id(), "loss", 10, 20)).isEmpty();
            assertThat(tracking().metricHistory(r.id(), "loss", Long.MIN_VALUE, 0)).extracting(MetricPoint::step)
                    .containsExactly(-3L);
            assertThat(tracking().metricHistory(r.id(), "unknown", 0, 10)).isEmpty();
            assertRejected(IllegalArgumentException.class, "Step", () -> tracking().metricHistory(r.id(), "loss", 5, 4));
            assertRejected(IllegalArgumentException.class, "metric",
                    () -> tracking().metricHistory(r.id(), " ", 0, 4));
        }

        @Test
        @DisplayName("a batch with a NaN point is rejected and nothing from it is stored")
        void logMetrics_nanInBatch() {
            RunRecord r = newRunningRun();
            tracking().logMetrics(r.id(), List.of(point("loss", 1, 0)));
            // NaN and ±∞ are refused when the point is made, so such a batch never reaches a store intact
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                assertRejected(IllegalArgumentException.class, "loss", () -> tracking().logMetrics(r.id(),
                        List.of(point("loss", 2, 1), point("acc", 3, 1), new MetricPoint("loss", bad, 2, T0))));
            }
            List<MetricPoint> withNull = new ArrayList<>(List.of(point("loss", 2, 1), point("acc", 3, 1)));
            withNull.add(null);
            assertRejected(IllegalArgumentException.class, "points", () -> tracking().logMetrics(r.id(), withNull));
            assertRejected(IllegalArgumentException.class, "points", () -> tracking().logMetrics(r.id(), null));
            assertThat(tracking().metricHistory(r.id(), "loss", Long.MIN_VALUE, Long.MAX_VALUE))
                    .containsExactly(point("loss", 1, 0));
            assertThat(tracking().latestMetrics(r.id())).isEqualTo(Map.of("loss", point("loss", 1, 0)));
        }

        @Test
        @DisplayName("metrics of different runs are kept apart")
        void logMetrics_perRun() {
            String exp = experiment(store(), "churn").id();
            RunRecord a = run(store(), exp, "a", 1);
            RunRecord b = run(store(), exp, "b", 2);
            tracking().logMetrics(a.id(), List.of(point("loss", 1, 1)));
            tracking().logMetrics(b.id(), List.of(point("loss", 2, 1)));
            assertThat(tracking().metricHistory(a.id(), "loss", 0, 9)).containsExactly(point("loss", 1, 1));
            assertThat(tracking().latestMetrics(b.id())).isEqualTo(Map.of("loss", point("loss", 2, 1)));
        }

        @Test
        @DisplayName("an empty batch is accepted and changes nothing")
        void logMetrics_emptyBatch() {
            RunRecord r = newRunningRun();
            StoreSnapshot before = snapshot();
            tracking().logMetrics(r.id(), List.of());
            assertThat(snapshot()).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("datasets and run inputs")
    class Datasets {
        @Test
        @DisplayName("a stored dataset version is read back; storing it again is a no-op")
        void putDataset_idempotent() {
            DatasetVersion d = dataset("churn-data", "v1");
            tracking().putDataset(d);
            tracking().putDataset(dataset("churn-data", "v1"));
            assertThat(tracking().getDataset("churn-data", d.digest())).isEqualTo(d);
            assertThat(tracking().listDatasetVersions("churn-data")).containsExactly(d);
            assertThat(List.copyOf(tracking().getDataset("churn-data", d.digest()).schema().keySet()))
                    .containsExactly("age", "plan");
        }

        @Test
        @DisplayName("versions of a dataset are listed oldest first")
        void listDatasetVersions_oldestFirst() {
            DatasetVersion v1 = dataset("churn-data", "v1");
            DatasetVersion v2 = dataset("churn-data", "v2");
            DatasetVersion v0 = dataset("churn-data", "v0");
            tracking().putDataset(v1);
            tracking().putDataset(v2);
            tracking().putDataset(v0);
            tracking().putDataset(dataset("other", "v1"));
            assertThat(tracking().listDatasetVersions("churn-data")).containsExactly(v1, v2, v0);
            assertThat(tracking().listDatasetVersions("nothing")).isEmpty();
        }

        @Test
        @DisplayName("another version with the same name and digest is a conflict and changes nothing")
        void putDataset_conflict() {
            DatasetVersion d = dataset("churn-data", "v1");
            tracking().putDataset(d);
            DatasetVersion other = new DatasetVersion(d.name(), d.digest(), d.schema(), 999, d.sourceUri(), null);
            assertRejected(ConflictException.class, "churn-data", () -> tracking().putDataset(other));
            assertThat(tracking().getDataset("churn-data", d.digest())).isEqualTo(d);
            assertRejected(IllegalArgumentException.class, "dataset", () -> tracking().putDataset(null));
        }

        @Test
        @DisplayName("an unknown dataset version is not found")
        void getDataset_unknown() {
            tracking().putDataset(dataset("churn-data", "v1"));
            assertThatThrownBy(() -> tracking().getDataset("churn-data", digestOf("v2")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> tracking().getDataset("nothing", digestOf("v1")))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("inputs are recorded in order, a repeated input is a no-op")
        void logInputs_readBack() {
            RunRecord r = newRunningRun();
            DatasetVersion train = dataset("churn-data", "train");
            DatasetVersion test = dataset("churn-data", "test");
            tracking().putDataset(train);
            tracking().putDataset(test);
            RunInput a = new RunInput(train.name(), train.digest(), DatasetRole.TRAINING);
            RunInput b = new RunInput(test.name(), test.digest(), DatasetRole.TEST);
            tracking().logInputs(r.id(), List.of(a, b));
            tracking().logInputs(r.id(), List.of(a));
            assertThat(tracking().getRun(r.id()).inputs()).containsExactly(a, b);
        }

        @Test
        @DisplayName("an input naming a dataset version that was not stored is not found, and the batch is not recorded")
        void logInputs_requireStoredDataset() {
            RunRecord r = newRunningRun();
            DatasetVersion train = dataset("churn-data", "train");
            tracking().putDataset(train);
            RunInput ok = new RunInput(train.name(), train.digest(), DatasetRole.TRAINING);
            RunInput missing = new RunInput("churn-data", digestOf("missing"), DatasetRole.TEST);
            assertRejected(NotFoundException.class, "", () -> tracking().logInputs(r.id(), List.of(ok, missing)));
            assertThat(tracking().getRun(r.id()).inputs()).isEmpty();
            assertRejected(IllegalArgumentException.class, "inputs", () -> tracking().logInputs(r.id(), null));
        }
    }

    @Nested
    @DisplayName("artifact paths")
    class ArtifactPaths {
        @Test
        @DisplayName("a recorded artifact path is read back; the same digest again is a no-op")
        void recordArtifact_writeOnceSameDigest() {
            RunRecord r = newRunningRun();
            tracking().recordArtifact(r.id(), "model/model.bin", digestOf("m"));
            tracking().recordArtifact(r.id(), "model/model.bin", digestOf("m"));
            tracking().recordArtifact(r.id(), "report.html", digestOf("r"));
            assertThat(tracking().getRun(r.id()).artifacts())
                    .isEqualTo(Map.of("model/model.bin", digestOf("m"), "report.html", digestOf("r")));
        }

        @Test
        @DisplayName("an artifact path already naming another digest is a conflict")
        void recordArtifact_otherDigest() {
            RunRecord r = newRunningRun();
            tracking().recordArtifact(r.id(), "model.bin", digestOf("m"));
            assertRejected(ConflictException.class, "model.bin",
                    () -> tracking().recordArtifact(r.id(), "model.bin", digestOf("other")));
        }

        @ParameterizedTest(name = "path \"{0}\"")
        @ValueSource(strings = {"../x", "a/../../x", "/abs", "a//b", "a\\b", "./a", "a/.", "a/", "", " ", "c:x",
                "a\u0001b"})
        @DisplayName("a path that is not a plain relative path is a bad argument")
        void recordArtifact_badPath(String path) {
            RunRecord r = newRunningRun();
            assertRejected(IllegalArgumentException.class, "path",
                    () -> tracking().recordArtifact(r.id(), path, digestOf("m")));
        }

        @Test
        @DisplayName("a path of the longest allowed length is accepted, a longer one and a bad digest are rejected")
        void recordArtifact_limits() {
            RunRecord r = newRunningRun();
            String longest = "a/".repeat(Checks.MAX_PATH / 2 - 1) + "bb";
            assertThat(longest).hasSize(Checks.MAX_PATH);
            tracking().recordArtifact(r.id(), longest, digestOf("m"));
            assertRejected(IllegalArgumentException.class, "path",
                    () -> tracking().recordArtifact(r.id(), longest + "c", digestOf("m")));
            assertRejected(IllegalArgumentException.class, "digest",
                    () -> tracking().recordArtifact(r.id(), "x.bin", "sha256:XYZ"));
            assertRejected(IllegalArgumentException.class, "path",
                    () -> tracking().recordArtifact(r.id(), null, digestOf("m")));
        }
    }

    @Nested
    @DisplayName("ending runs")
    class Ending {
        @Test
        @DisplayName("an ended run has its status and end time; a failed one its failure")
        void endRun_readBack() {
            String exp = experiment(store(), "churn").id();
            RunRecord ok = run(store(), exp, "ok", 1);
            RunRecord bad = run(store(), exp, "bad", 2);
            RunRecord killed = run(store(), exp, "killed", 3);
            RunRecord ended = tracking().endRun(ok.id(), RunStatus.FINISHED, at(10), null);
            assertThat(ended.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(ended.endTime()).isEqualTo(at(10));
            assertThat(ended.failure()).isNull();
            assertThat(tracking().getRun(ok.id())).isEqualTo(ended);
            RunRecord failed = tracking().endRun(bad.id(), RunStatus.FAILED, at(11), "java.io.IOException: disk");
            assertThat(tracking().getRun(bad.id())).isEqualTo(failed);
            assertThat(failed.failure()).isEqualTo("java.io.IOException: disk");
            assertThat(tracking().endRun(killed.id(), RunStatus.KILLED, at(12), null).status())
                    .isEqualTo(RunStatus.KILLED);
        }

        @Test
        @DisplayName("ending a run twice is a conflict")
        void endRun_twice() {
            RunRecord r = newRunningRun();
            tracking().endRun(r.id(), RunStatus.FINISHED, at(10), null);
            assertRejected(ConflictException.class, r.id(),
                    () -> tracking().endRun(r.id(), RunStatus.FAILED, at(11), "x"));
        }

        @Test
        @DisplayName("RUNNING as end status, a missing time or a failure on a non-FAILED run is a bad argument")
        void endRun_badArguments() {
            RunRecord r = newRunningRun();
            assertRejected(IllegalArgumentException.class, "status",
                    () -> tracking().endRun(r.id(), RunStatus.RUNNING, at(10), null));
            assertRejected(IllegalArgumentException.class, "status",
                    () -> tracking().endRun(r.id(), null, at(10), null));
            assertRejected(IllegalArgumentException.class, "endTime",
                    () -> tracking().endRun(r.id(), RunStatus.FINISHED, null, null));
            assertRejected(IllegalArgumentException.class, "failure",
                    () -> tracking().endRun(r.id(), RunStatus.FINISHED, at(10), "boom"));
            assertRejected(IllegalArgumentException.class, "failure", () -> tracking().endRun(r.id(),
                    RunStatus.FAILED, at(10), "x".repeat(Checks.MAX_DESCRIPTION + 1)));
            assertThat(tracking().getRun(r.id()).status()).isEqualTo(RunStatus.RUNNING);
        }

        @Test
        @DisplayName("an ended run accepts no params, metrics, inputs or artifacts, and nothing changes")
        void writes_toEndedRun() {
            RunRecord r = newRunningRun();
            DatasetVersion d = dataset("churn-data", "v1");
            tracking().putDataset(d);
            tracking().endRun(r.id(), RunStatus.FINISHED, at(10), null);
            assertRejected(ConflictException.class, r.id(), () -> tracking().logParams(r.id(), Map.of("a", "1")));
            assertRejected(ConflictException.class, r.id(),
                    () -> tracking().logMetrics(r.id(), List.of(point("loss", 1, 1))));
            assertRejected(ConflictException.class, r.id(), () -> tracking().logInputs(r.id(),
                    List.of(new RunInput(d.name(), d.digest(), DatasetRole.TRAINING))));
            assertRejected(ConflictException.class, r.id(),
                    () -> tracking().recordArtifact(r.id(), "model.bin", digestOf("m")));
        }
    }

    @Nested
    @DisplayName("run search")
    class Search {
        private String exp;
        private final List<RunRecord> runs = new ArrayList<>();

        /** Seven runs: param depth, tag team, metric auc (missing on two), statuses mixed. */
        private void seed() {
            exp = experiment(store(), "churn").id();
            String other = experiment(store(), "other").id();
            double[] auc = {0.7, 0.9, Double.NaN, 0.8, 0.9, Double.NaN, 0.6};
            for (int i = 0; i < auc.length; i++) {
                RunRecord r = run(store(), exp, "r" + i, i);
                tracking().logParams(r.id(), Map.of("depth", Integer.toString(i % 3)));
                tracking().setTags(r.id(), Map.of("team", i % 2 == 0 ? "risk" : "growth"));
                if (!Double.isNaN(auc[i])) {
                    tracking().logMetrics(r.id(), List.of(point("auc", 0.1, 0), point("auc", auc[i], 1)));
                }
                if (i % 3 == 0) {
                    tracking().endRun(r.id(), RunStatus.FINISHED, at(100 + i), null);
                }
                runs.add(tracking().getRun(r.id()));
            }
            RunRecord foreign = run(store(), other, "foreign", 50);
            tracking().logParams(foreign.id(), Map.of("depth", "0"));
            tracking().logMetrics(foreign.id(), List.of(point("auc", 0.99, 1)));
        }

        private List<RunRecord> all(RunQuery query) {
            RunPage page = tracking().searchRuns(query);
            List<RunRecord> out = new ArrayList<>(page.runs());
            while (page.hasNext()) {
                page = tracking().searchRuns(query.withPageToken(page.nextPageToken()));
                out.addAll(page.runs());
            }
            return out;
        }

        private List<String> names(RunQuery query) {
            return all(query).stream().map(RunRecord::name).toList();
        }

        @Test
        @DisplayName("without filters every run of the experiment is found, in start order")
        void searchRuns_noFilter() {
            seed();
            assertThat(all(RunQuery.builder(exp).build())).containsExactlyElementsOf(runs);
        }

        @Test
        @DisplayName("param and tag filters require equal values")
        void searchRuns_paramAndTagEquality() {
            seed();
            assertThat(names(RunQuery.builder(exp).param("depth", "0").build())).containsExactly("r0", "r3", "r6");
            assertThat(names(RunQuery.builder(exp).tag("team", "growth").build())).containsExactly("r1", "r3", "r5");
            assertThat(names(RunQuery.builder(exp).param("depth", "0").tag("team", "risk").build()))
                    .containsExactly("r0", "r6");
            assertThat(names(RunQuery.builder(exp).param("depth", "9").build())).isEmpty();
            assertThat(names(RunQuery.builder(exp).param("missing", "0").build())).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Comparison.class)
        @DisplayName("a metric threshold compares the latest value, and runs without the metric never match")
        void searchRuns_metricThreshold(Comparison op) {
            seed();
            List<String> expected = runs.stream().filter(r -> r.latestMetrics().containsKey("auc"))
                    .filter(r -> op.test(r.latestMetrics().get("auc").value(), 0.8)).map(RunRecord::name).toList();
            assertThat(names(RunQuery.builder(exp).metric("auc", op, 0.8).build())).isEqualTo(expected);
            assertThat(expected).isNotEmpty();
        }

        @Test
        @DisplayName("several metric thresholds must all hold")
        void searchRuns_severalThresholds() {
            seed();
            assertThat(names(RunQuery.builder(exp).metric("auc", Comparison.GREATER_THAN, 0.6)
                    .metric("auc", Comparison.LESS_THAN, 0.9).build())).containsExactly("r0", "r3");
        }

        @Test
        @DisplayName("a status filter returns only runs in that status")
        void searchRuns_status() {
            seed();
            assertThat(names(RunQuery.builder(exp).status(RunStatus.FINISHED).build()))
                    .containsExactly("r0", "r3", "r6");
            assertThat(names(RunQuery.builder(exp).status(RunStatus.RUNNING).build()))
                    .containsExactly("r1", "r2", "r4", "r5");
            assertThat(names(RunQuery.builder(exp).status(RunStatus.KILLED).build())).isEmpty();
        }

        @Test
        @DisplayName("ordering by a metric ascending or descending puts runs without it last, ties by start order")
        void searchRuns_orderByMetric() {
            seed();
            assertThat(names(RunQuery.builder(exp).orderBy("auc", true).build()))
                    .containsExactly("r6", "r0", "r3", "r1", "r4", "r2", "r5");
            assertThat(names(RunQuery.builder(exp).orderBy("auc", false).build()))
                    .containsExactly("r1", "r4", "r3", "r0", "r6", "r2", "r5");
            assertThat(names(RunQuery.builder(exp).orderBy("missing", false).build()))
                    .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
        }

        @ParameterizedTest(name = "page size {0}")
        @ValueSource(ints = {1, 2, 3, 6, 7, 100})
        @DisplayName("paging visits every matching run once, without repeats or gaps, in every order")
        void searchRuns_paging(int pageSize) {
            seed();
            for (RunQuery q : List.of(RunQuery.builder(exp).pageSize(pageSize).build(),
                    RunQuery.builder(exp).orderBy("auc", true).pageSize(pageSize).build(),
                    RunQuery.builder(exp).orderBy("auc", false).pageSize(pageSize).build(),
                    RunQuery.builder(exp).tag("team", "risk").orderBy("auc", false).pageSize(pageSize).build())) {
                RunQuery unpaged = new RunQuery(q.experimentIds(), q.filter(), q.orderBy(), RunQuery.MAX_PAGE_SIZE,
                        null);
                List<RunRecord> expected = tracking().searchRuns(unpaged).runs();
                RunPage page = tracking().searchRuns(q);
                List<RunRecord> seen = new ArrayList<>(page.runs());
                int pages = 1;
                while (page.hasNext()) {
                    assertThat(page.runs()).hasSize(pageSize);
                    page = tracking().searchRuns(q.withPageToken(page.nextPageToken()));
                    seen.addAll(page.runs());
                    pages++;
                }
                assertThat(seen).as("runs over all pages of %s", q).containsExactlyElementsOf(expected);
                assertThat(pages).isEqualTo(Math.max(1, (expected.size() + pageSize - 1) / pageSize));
            }
        }

        @Test
        @DisplayName("a run started between two pages causes no repeat and no gap among the runs already there")
        void searchRuns_pagingWhileWriting() {
            seed();
            RunQuery q = RunQuery.builder(exp).pageSize(3).build();
            RunPage first = tracking().searchRuns(q);
            RunRecord late = run(store(), exp, "late", 1000);
            List<RunRecord> seen = new ArrayList<>(first.runs());
            RunPage page = first;
            while (page.hasNext()) {
                page = tracking().searchRuns(q.withPageToken(page.nextPageToken()));
                seen.addAll(page.runs());
            }
            List<RunRecord> expected = new ArrayList<>(runs);
            expected.add(late);
            assertThat(seen).containsExactlyElementsOf(expected);
        }

        @Test
        @DisplayName("a page token used for another query or a made-up token is a bad argument")
        void searchRuns_foreignToken() {
            seed();
            RunPage byId = tracking().searchRuns(RunQuery.builder(exp).pageSize(2).build());
            RunPage byAuc = tracking().searchRuns(RunQuery.builder(exp).orderBy("auc", true).pageSize(2).build());
            assertThatThrownBy(() -> tracking().searchRuns(RunQuery.builder(exp).orderBy("auc", true).pageSize(2)
                    .pageToken(byId.nextPageToken()).build())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pageToken");
            assertThatThrownBy(() -> tracking().searchRuns(RunQuery.builder(exp).pageSize(2)
                    .pageToken(byAuc.nextPageToken()).build())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pageToken");
            assertThatThrownBy(() -> tracking().searchRuns(RunQuery.builder(exp).orderBy("auc", false).pageSize(2)
                    .pageToken(byAuc.nextPageToken()).build())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pageToken");
            assertThatThrownBy(() -> tracking().searchRuns(RunQuery.builder(exp).tag("team", "risk").pageSize(2)
                    .pageToken(byId.nextPageToken()).build())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pageToken");
            assertThatThrownBy(() -> tracking().searchRuns(RunQuery.builder(exp).pageSize(2)
                    .pageToken("not-a-token!").build())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pageToken");
        }

        @Test
        @DisplayName("searching an unknown experiment is not found")
        void searchRuns_unknownExperiment() {
            seed();
            assertThatThrownBy(() -> tracking().searchRuns(RunQuery.builder("missing").build()))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> tracking().searchRuns(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("query");
        }
    }

    @Nested
    @DisplayName("bad arguments")
    class BadArguments {
        @TestFactory
        @DisplayName("null, blank, control characters and over-long strings are rejected naming the argument")
        Stream<DynamicTest> badArguments_rejectedAndNothingChanges() {
            RunRecord r = newRunningRun();
            String exp = r.experimentId();
            tracking().logParams(r.id(), Map.of("depth", "6"));
            tracking().logMetrics(r.id(), List.of(point("loss", 1, 1)));
            String tooLongName = "n".repeat(Checks.MAX_NAME + 1);
            Map<String, Executable> calls = new java.util.LinkedHashMap<>();
            calls.put("createExperiment null name", () -> tracking().createExperiment(null, "", Map.of(), T0));
            calls.put("createExperiment blank name", () -> tracking().createExperiment("  ", "", Map.of(), T0));
            calls.put("createExperiment control character",
                    () -> tracking().createExperiment("a\u0007b", "", Map.of(), T0));
            calls.put("createExperiment over-long name",
                    () -> tracking().createExperiment(tooLongName, "", Map.of(), T0));
            calls.put("createExperiment over-long description", () -> tracking().createExperiment("x",
                    "d".repeat(Checks.MAX_DESCRIPTION + 1), Map.of(), T0));
            calls.put("createExperiment null description", () -> tracking().createExperiment("x", null, Map.of(), T0));
            calls.put("createExperiment null tags", () -> tracking().createExperiment("x", "", null, T0));
            calls.put("createExperiment null createdAt", () -> tracking().createExperiment("x", "", Map.of(), null));
            calls.put("createExperiment over-long tag key", () -> tracking().createExperiment("x", "",
                    Map.of("k".repeat(Checks.MAX_KEY + 1), "v"), T0));
            calls.put("getExperiment null", () -> tracking().getExperiment(null));
            calls.put("findExperiment null", () -> tracking().findExperiment(null));
            calls.put("setExperimentTags null tags", () -> tracking().setExperimentTags(exp, null));
            calls.put("setExperimentTags blank key", () -> tracking().setExperimentTags(exp, Map.of(" ", "v")));
            calls.put("createRun null", () -> tracking().createRun(null));
            calls.put("getRun null", () -> tracking().getRun(null));
            calls.put("logParams control character in key",
                    () -> tracking().logParams(r.id(), Map.of("a\u001bb", "1")));
            calls.put("logMetrics null", () -> tracking().logMetrics(r.id(), null));
            calls.put("metricHistory null key", () -> tracking().metricHistory(r.id(), null, 0, 1));
            calls.put("putDataset null", () -> tracking().putDataset(null));
            calls.put("logInputs null", () -> tracking().logInputs(r.id(), null));
            calls.put("recordArtifact null digest", () -> tracking().recordArtifact(r.id(), "a.bin", null));
            calls.put("deleteTag null key", () -> tracking().deleteTag(r.id(), null));
            calls.put("childRuns null", () -> tracking().childRuns(null));
            Map<String, String> expectedWord = Map.ofEntries(
                    Map.entry("createExperiment null description", "description"),
                    Map.entry("createExperiment over-long description", "description"),
                    Map.entry("createExperiment null tags", "tags"),
                    Map.entry("createExperiment null createdAt", "createdAt"),
                    Map.entry("createExperiment over-long tag key", "tags"),
                    Map.entry("getExperiment null", "experimentId"),
                    Map.entry("findExperiment null", "name"),
                    Map.entry("setExperimentTags null tags", "tags"),
                    Map.entry("setExperimentTags blank key", "tags"),
                    Map.entry("createRun null", "run"),
                    Map.entry("getRun null", "runId"),
                    Map.entry("logParams control character in key", "param"),
                    Map.entry("logMetrics null", "points"),
                    Map.entry("metricHistory null key", "metric"),
                    Map.entry("putDataset null", "dataset"),
                    Map.entry("logInputs null", "inputs"),
                    Map.entry("recordArtifact null digest", "digest"),
                    Map.entry("deleteTag null key", "tag"),
                    Map.entry("childRuns null", "Run"));
            return calls.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> assertRejected(
                    IllegalArgumentException.class, expectedWord.getOrDefault(e.getKey(), "name"), e.getValue())));
        }
    }

    @Nested
    @DisplayName("after the store is closed and reopened")
    class Reopen {
        @Test
        @DisplayName("experiments, runs, params, tags, metric series, datasets and inputs are all still there")
        void reopen_keepsEverything() {
            assumeDurable();
            RunRecord r = newRunningRun();
            RunRecord c = child(store(), r, "child", 2);
            DatasetVersion d = dataset("churn-data", "v1");
            tracking().putDataset(d);
            tracking().logParams(r.id(), Map.of("depth", "6"));
            tracking().setTags(r.id(), Map.of("team", "risk"));
            tracking().logMetrics(r.id(), List.of(point("loss", 0.5, 2), point("loss", 0.4, 1)));
            tracking().logInputs(r.id(), List.of(new RunInput(d.name(), d.digest(), DatasetRole.TRAINING)));
            tracking().recordArtifact(r.id(), "model.bin", digestOf("m"));
            tracking().endRun(c.id(), RunStatus.FAILED, at(30), "boom");
            tracking().setExperimentArchived(r.experimentId(), true);
            StoreSnapshot before = snapshot();
            closeAndReopen();
            assertThat(snapshot()).isEqualTo(before);
            assertThat(tracking().childRuns(r.id())).extracting(RunRecord::id).containsExactly(c.id());
            tracking().logMetrics(r.id(), List.of(point("loss", 0.3, 3)));
            assertThat(tracking().metricHistory(r.id(), "loss", 0, 9)).extracting(MetricPoint::value)
                    .containsExactly(0.5, 0.4, 0.3);
            assertThatThrownBy(() -> tracking().logParams(r.id(), Map.of("depth", "7")))
                    .isInstanceOf(ConflictException.class);
            assertThat(tracking().getRun(c.id()).status()).isEqualTo(RunStatus.FAILED);
        }
    }
}
