package io.mllifecycle.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.drift.Table;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.monitoring.Alert;
import io.mllifecycle.monitoring.AlertRules;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.Stage;
import io.mllifecycle.testing.TestStores;
import io.mllifecycle.tracking.Datasets;
import io.mllifecycle.tracking.Run;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The three uses on the store of this run ({@link TestStores}: in-memory, file or PostgreSQL): the report stored
 * with a training run, the gate and its stored evidence, and a monitor's "data is broken" alert.
 */
class DataQualityStoreTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private final LifecycleStore store = TestStores.newStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("dq").build();

    private static final DataQualitySuite SUITE = DataQualitySuite.builder("training data")
            .completeness("age present", "age", 1)
            .range("age range", "age", 0, 120)
            .categories("known plan", "plan", Set.of("basic", "pro"))
            .build();

    private static Map<String, Object> data(double[] age, String[] plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("age", age);
        m.put("plan", plan);
        return m;
    }

    private static final Map<String, Object> GOOD = data(new double[] {30, 40, 50}, new String[] {"pro", "basic", "pro"});
    private static final Map<String, Object> BAD = data(new double[] {30, 140, Double.NaN},
            new String[] {"pro", "gold", "pro"});

    @Test
    void run_storesReportArtifactsMetricsAndTag() throws Exception {
        try (Run run = lifecycle.experiment("train").startRun()) {
            DataQualityReport report = run.checkDataQuality(SUITE, Table.of(BAD));
            assertThat(report.failures()).extracting(ExpectationResult::name)
                    .containsExactly("age present", "age range", "known plan");
            RunRecord r = run.record();
            assertThat(r.artifacts()).containsKeys("data-quality/training_data/check-0.json",
                    "data-quality/training_data/check-0.md");
            JsonNode json;
            try (InputStream in = run.openArtifact("data-quality/training_data/check-0.json")) {
                json = new ObjectMapper().readTree(in);
            }
            assertThat(json.get("suite").asText()).isEqualTo("training data");
            assertThat(json.get("results").get(1).get("observed").asText())
                    .isEqualTo("1 of 2 values outside [0, 120] (min 30, max 140)");
            assertThat(json.get("results").get(1).get("examples").get(0).get("row").asInt()).isEqualTo(1);
            try (InputStream in = run.openArtifact("data-quality/training_data/check-0.md")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(report.toMarkdown());
            }
            assertThat(r.latestMetrics().get("data_quality.training data.failed").value()).isEqualTo(3.0);
            assertThat(r.latestMetrics().get("data_quality.training data.expectations").value()).isEqualTo(3.0);
            assertThat(r.latestMetrics().get("data_quality.training data.rows").value()).isEqualTo(3.0);
            assertThat(r.tags().get("data_quality.training data")).startsWith("failed: age present (observed 0.666667"
                    + " (2 of 3 present, 1 missing); expected share of non-missing values of 'age' ≥ 1); age range");
        }
    }

    @Test
    void run_withDatasetVersion_recordsTheInput_andRefusesDataOfAnotherShapeStoringNothing() {
        DatasetVersion dataset = Datasets.columns("customers").numeric("age", (double[]) GOOD.get("age"))
                .categorical("plan", (String[]) GOOD.get("plan")).build();
        try (Run run = lifecycle.experiment("train").startRun()) {
            assertThatThrownBy(() -> run.checkDataQuality(SUITE, dataset, DatasetRole.TRAINING,
                    Table.of(data(new double[] {1, 2}, new String[] {"pro", "pro"}))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("data must be that of dataset customers (3 rows, columns {age=NUMERIC,"
                            + " plan=CATEGORICAL}), but had 2 rows, columns {age=NUMERIC, plan=CATEGORICAL}");
            assertThat(run.record().artifacts()).isEmpty();
            assertThat(run.record().inputs()).isEmpty();
            assertThat(run.record().latestMetrics()).isEmpty();
            DataQualityReport report = run.checkDataQuality(SUITE, dataset, DatasetRole.TRAINING, Table.of(GOOD));
            assertThat(report.passed()).isTrue();
            assertThat(run.record().inputs()).singleElement()
                    .satisfies(i -> assertThat(i.datasetDigest()).isEqualTo(dataset.digest()));
            assertThat(run.record().tags()).containsEntry("data_quality.training data", "passed");
            run.checkDataQuality(SUITE, Table.of(BAD));
            assertThat(run.record().artifacts()).containsKeys("data-quality/training_data/check-0.json",
                    "data-quality/training_data/check-1.json", "data-quality/training_data/check-1.md");
            assertThat(run.metricHistory("data_quality.training data.failed"))
                    .extracting(p -> p.step() + "=" + p.value()).containsExactly("0=0.0", "1=3.0");
            assertThat(run.record().tags().get("data_quality.training data")).startsWith("failed: ");
        }
    }

    @Test
    void run_ended_refusesTheCheckStoringNothing() {
        Run run = lifecycle.experiment("train").startRun();
        run.close();
        assertThatThrownBy(() -> run.checkDataQuality(SUITE, Table.of(GOOD))).isInstanceOf(ConflictException.class);
        assertThat(run.record().artifacts()).isEmpty();
        assertThat(run.record().tags()).doesNotContainKey("data_quality.training data");
    }

    private ModelVersion register(Map<String, Object> trainingData) {
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.checkDataQuality(SUITE, Table.of(trainingData));
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            return lifecycle.models().register("churn", run.id(), "m.bin", s -> { });
        }
    }

    @Test
    void gate_onData_failsNamingEachExpectation_andTheReportIsStored() {
        ModelVersion v = register(GOOD);
        assertThatThrownBy(() -> v.promote(Stage.STAGING, Gates.dataQuality(SUITE, BAD)))
                .isInstanceOf(GateFailedException.class);
        List<GateReport> reports = v.record().gateReports();
        assertThat(reports).hasSize(1);
        GateResult r = reports.get(0).results().get(0);
        assertThat(r.gate()).isEqualTo("data quality suite 'training data'");
        assertThat(r.passed()).isFalse();
        assertThat(r.observed()).isEqualTo("3 of 3 expectations failed");
        assertThat(r.expected()).isEqualTo("all 3 expectations pass");
        assertThat(r.message()).contains("age range: observed 1 of 2 values outside [0, 120] (min 30, max 140),"
                        + " expected all values of 'age' in [0, 120], e.g. row 1: age=140")
                .contains("known plan: observed 1 of 3 values not allowed: 'gold' ×1");
        v.promote(Stage.STAGING, Gates.dataQuality(SUITE, GOOD));
        assertThat(v.stage()).isEqualTo(Stage.STAGING);
        assertThat(v.record().gateReports()).hasSize(2);
        assertThat(v.record().gateReports().get(1).results().get(0).passed()).isTrue();
    }

    @Test
    void gate_badData_isRejectedWhenTheGateIsMade() {
        assertThatThrownBy(() -> Gates.dataQuality(SUITE, data(new double[] {1, 2}, new String[] {"pro"})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data must have columns of equal length, but column 'plan' has 1 values and 'age' has 2");
        Map<String, Object> wrong = new LinkedHashMap<>();
        wrong.put("age", new int[] {1});
        assertThatThrownBy(() -> Gates.dataQuality(SUITE, wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'age' must be a double[] or a String[], but was int[]");
    }

    @Test
    void gate_onTrainingRun_readsTheStoredCheck() {
        ModelVersion bad = register(BAD);
        GateFailedException e = org.junit.jupiter.api.Assertions.assertThrows(GateFailedException.class,
                () -> bad.promote(Stage.STAGING, Gates.dataQuality(SUITE)));
        GateResult r = e.report().results().get(0);
        assertThat(r.message()).contains("failed: age present (observed 0.666667");
        ModelVersion good = register(GOOD);
        good.promote(Stage.STAGING, Gates.dataQuality(SUITE));
        assertThat(good.stage()).isEqualTo(Stage.STAGING);
        DataQualitySuite other = DataQualitySuite.builder("other").rowCount("rows", 1, 10).build();
        GateFailedException none = org.junit.jupiter.api.Assertions.assertThrows(GateFailedException.class,
                () -> good.promote(Stage.PRODUCTION, Gates.dataQuality(other)));
        assertThat(none.report().results().get(0).message()).contains("has no check with suite 'other'");
    }

    @Test
    void monitor_brokenBatch_raisesDataQualityAlert_distinctFromDrift_andIsStillCounted() {
        Random random = new Random(5);
        double[] age = new double[3_000];
        String[] plan = new String[age.length];
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
        }
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(data(age, plan));
        ModelVersion v;
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            v = lifecycle.models().register("fraud", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
        List<Alert> alerts = new ArrayList<>();
        Monitor monitor = lifecycle.monitor(v.reference()).windows(Chunker.byCount(1_000)).expect(SUITE)
                .alert(AlertRules.driftVerdict()).onAlert(alerts::add).start();
        monitor.observe(batch(0, 1_000, 0, false, random));      // healthy, no drift
        assertThat(alerts).isEmpty();
        monitor.observe(batch(1_000, 1_000, 0, true, random));   // broken (unknown plan values), not drifted in age
        Alert broken = alerts.get(0);
        assertThat(broken.rule()).isEqualTo("data quality 'training data'");
        assertThat(broken.window()).isEqualTo(1);
        assertThat(broken.at()).isEqualTo(T0.plusSeconds(1_999));
        assertThat(broken.message()).startsWith("data is broken: data quality 'training data' over 1000 rows: 1 of 3"
                + " expectations failed (known plan); known plan: observed ");
        // the quality alert comes first, before the window is processed; the broken rows also move 'plan'
        assertThat(alerts).extracting(Alert::kind).containsExactly(Alert.Kind.DATA_QUALITY, Alert.Kind.DRIFT);
        alerts.clear();
        monitor.observe(batch(2_000, 1_000, 0, false, random));  // healthy again: the drift rule re-arms
        assertThat(alerts).isEmpty();
        monitor.observe(batch(3_000, 1_000, 25, false, random)); // drifted age, every value valid
        assertThat(alerts).extracting(Alert::kind).containsExactly(Alert.Kind.DRIFT);
        assertThat(alerts.get(0).message()).contains("'age'");
        monitor.close();
        assertThat(MonitoringRuns.history(store, "fraud", 1, "window.rows"))
                .as("the broken batch was counted in its window").containsExactly(1000.0, 1000.0, 1000.0, 1000.0);
        assertThat(lifecycle.audit().eventsFor(v.reference())).filteredOn(e -> e.action().equals("monitor.alert"))
                .extracting(e -> e.details().get("kind")).containsExactly("DATA_QUALITY", "DRIFT", "DRIFT");
    }

    private static ProductionBatch batch(int first, int rows, double shift, boolean broken, Random random) {
        Instant[] t = new Instant[rows];
        double[] age = new double[rows];
        String[] plan = new String[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = T0.plusSeconds(first + i);
            age[i] = 40 + shift + 10 * random.nextGaussian();
            age[i] = Math.max(0, Math.min(120, age[i]));
            plan[i] = broken && i % 100 == 0 ? "PRO " : random.nextDouble() < 0.3 ? "pro" : "basic";
        }
        return ProductionBatch.builder(t).numeric("age", age).categorical("plan", plan).build();
    }
}
