package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.monitoring.Signature;
import io.mllifecycle.monitoring.SignatureMismatchException;
import io.mllifecycle.store.ColumnType;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.tracking.Datasets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 12, model signatures stored with the version (every store: core's test runs), on the card, in monitors. */
class SignatureRegistryTest {
    private static final Instant T = RegistryFixture.T0;
    private final RegistryFixture f = new RegistryFixture();

    private DatasetVersion trainingData() {
        return Datasets.columns("churn-train").numeric("age", new double[] {30, 40, 50})
                .categorical("plan", new String[] {"pro", "basic", "pro"}).build();
    }

    private ModelVersion register(Signature signature, Map<String, ReferenceProfile> profiles) {
        String run = f.run(Map.of("auc", 0.9), "weights");
        return f.lifecycle.models().register("churn", run, "model.bin", s -> {
            s.signature(signature);
            if (profiles != null) {
                s.referenceProfiles(profiles);
            }
        });
    }

    private static ProductionBatch batch(int first, int n, boolean planAsNumbers) {
        Random r = new Random(first);
        Instant[] t = new Instant[n];
        double[] age = new double[n];
        String[] plan = new String[n];
        double[] planCodes = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T.plusSeconds(first + i);
            age[i] = 40 + 10 * r.nextGaussian();
            plan[i] = r.nextBoolean() ? "pro" : "basic";
            planCodes[i] = plan[i].equals("pro") ? 1 : 0;
        }
        ProductionBatch.Builder b = ProductionBatch.builder(t).numeric("age", age);
        return (planAsNumbers ? b.numeric("plan", planCodes) : b.categorical("plan", plan)).build();
    }

    @Test
    void signature_fromDataset_isStoredWithTheVersionAndReadBack() {
        Signature s = Signature.from(trainingData());
        ModelVersion v = register(s, null);
        assertThat(v.signature()).contains(s);
        assertThat(f.lifecycle.models().version("churn", 1).signature()).contains(s);
        assertThat(v.record().card()).containsKey(Signature.CARD_FIELD);
        v.update(Map.of("k", "v"), Map.of("owners", "risk"), null, null);
        assertThat(v.signature()).contains(s);
    }

    @Test
    void aVersionWithoutSignature_hasNone() {
        assertThat(f.register("churn", Map.of("auc", 0.9)).signature()).isEmpty();
    }

    @Test
    void modelCard_showsTheSignatureInMarkdownAndJson_notAmongTheCardFields() {
        Signature s = Signature.builder().input("age", ColumnType.NUMERIC, false)
                .input("plan", ColumnType.CATEGORICAL, true).output("churn_probability", ColumnType.NUMERIC, false)
                .build();
        ModelCard card = register(s, null).modelCard();
        assertThat(card.signature()).contains(s);
        String md = card.toMarkdown();
        assertThat(md).contains("## Signature", "- `age`: numeric, required", "- `plan`: categorical, nullable",
                "- `churn_probability`: numeric, required").doesNotContain(Signature.CARD_FIELD);
        String json = card.toJson();
        assertThat(json).contains("\"signature\"", "\"churn_probability\"").doesNotContain(Signature.CARD_FIELD);
    }

    @Test
    void theReservedCardField_isRefusedThroughCardAndUpdate() {
        assertThatThrownBy(() -> f.lifecycle.models().register("churn", f.run(Map.of(), "w"), "model.bin",
                s -> s.card(Signature.CARD_FIELD, "{}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Signature.CARD_FIELD).hasMessageContaining("signature(");
        ModelVersion v = register(Signature.from(trainingData()), null);
        long events = f.store.registry().auditHead().orElseThrow().sequence();
        assertThatThrownBy(() -> v.update(Map.of(), Map.of(Signature.CARD_FIELD, "{}"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Signature.CARD_FIELD);
        assertThat(f.store.registry().auditHead().orElseThrow().sequence()).isEqualTo(events);
        assertThat(v.signature()).contains(Signature.from(trainingData()));
    }

    @Test
    void monitor_refusesACategoricalColumnSentAsNumeric_atObserve_withItsStateUnchanged() {
        double[] age = new double[2_000];
        String[] plan = new String[2_000];
        Random r = new Random(3);
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + 10 * r.nextGaussian();
            plan[i] = r.nextBoolean() ? "pro" : "basic";
        }
        register(Signature.from(trainingData()), ReferenceProfiles.fit(Map.of("age", age, "plan", plan)));
        try (Monitor monitor = f.lifecycle.monitor("churn/1").windows(io.mllifecycle.drift.Chunker.byCount(500))
                .start()) {
            monitor.observe(batch(0, 300, false));
            assertThatThrownBy(() -> monitor.observe(batch(300, 400, true)))
                    .isInstanceOf(SignatureMismatchException.class)
                    .hasMessageContaining("plan (expected CATEGORICAL, got NUMERIC)")
                    .hasMessageContaining("churn/1");
            assertThat(monitor.results()).isEmpty();
            monitor.observe(batch(300, 200, false)); // exactly one window: the refused rows were not kept
            assertThat(monitor.results()).singleElement().satisfies(w -> assertThat(w.rows()).isEqualTo(500));
        }
        assertThat(MonitoringRuns.history(f.store, "churn", 1, "window.rows")).containsExactly(500.0);
    }
}
