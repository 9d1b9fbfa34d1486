package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.tck.AuditCoverage;
import java.time.Instant;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Checks that every write a {@link StoreWorkerMain} acknowledged is in the store, and that the store is whole. */
final class Acknowledgements {
    private Acknowledgements() {}

    /** @return how many acknowledgements were checked */
    static int verify(LifecycleStore store, List<String> lines) throws Exception {
        int checked = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "RUN" -> store.tracking().getRun(f[1]);
                case "PARAM" -> assertThat(store.tracking().getRun(f[1]).params()).containsEntry("seed", f[2]);
                case "METRIC" -> {
                    List<MetricPoint> h = store.tracking().metricHistory(f[1], StoreWorkerMain.METRIC, 0, Long.MAX_VALUE);
                    assertThat(h).as("history of %s", f[1]).hasSize(Integer.parseInt(f[2]));
                    assertThat(h.get(h.size() - 1).value()).isEqualTo(Double.parseDouble(f[3]));
                    assertThat(store.tracking().latestMetrics(f[1]).get(StoreWorkerMain.METRIC).value())
                            .isEqualTo(Double.parseDouble(f[3]));
                }
                case "BLOB" -> {
                    assertThat(store.artifacts().info(f[1])).hasValueSatisfying(i ->
                            assertThat(i.size()).isEqualTo(Long.parseLong(f[2])));
                    try (InputStream in = store.artifacts().open(f[1])) {
                        assertThat(in.readAllBytes()).hasSize(Integer.parseInt(f[2]));
                    }
                }
                case "ART" -> assertThat(store.tracking().getRun(f[1]).artifacts()).containsEntry("model.bin", f[2]);
                case "VERSION" -> assertThat(store.registry().getVersion(StoreWorkerMain.MODEL, Integer.parseInt(f[1]))
                        .sourceRunId()).isEqualTo(f[2].equals("-") ? null : f[2]);
                case "AUDIT" -> assertThat(store.registry().auditEvents(Long.parseLong(f[1]), 1).get(0).hash())
                        .isEqualTo(f[2]);
                case "STAGE" -> assertThat(store.registry().getVersion(StoreWorkerMain.MODEL, Integer.parseInt(f[1]))
                        .stageHistory()).as("stage history of version %s", f[1])
                        .anySatisfy(c -> assertThat(c.to()).isEqualTo(Stage.valueOf(f[2])));
                case "GATE" -> assertThat(store.registry().getVersion(StoreWorkerMain.MODEL, Integer.parseInt(f[1]))
                        .gateReports()).anySatisfy(r -> assertThat(r.evaluatedAt()).isEqualTo(Instant.parse(f[2])));
                case "ALIAS" -> assertThat(store.registry().aliasHistory(StoreWorkerMain.MODEL)).anySatisfy(a -> {
                    assertThat(a.alias()).isEqualTo(f[1]);
                    assertThat(a.toVersion()).isEqualTo(Integer.parseInt(f[2]));
                    assertThat(a.at()).isEqualTo(Instant.parse(f[3]));
                });
                case "POLICY" -> assertThat(store.registry().policyHistory(StoreWorkerMain.MODEL)
                        .get(Integer.parseInt(f[1]) - 1).body()).isEqualTo(f[2]);
                case "REQUEST" -> {
                    RequestStatus status = store.registry().getRequest(f[1]).status();
                    if (!f[2].equals("PENDING")) {
                        assertThat(status).as("request %s", f[1]).isEqualTo(RequestStatus.valueOf(f[2]));
                    }
                }
                case "END" -> assertThat(store.tracking().getRun(f[1]).status()).isEqualTo(RunStatus.FINISHED);
                default -> {
                    continue;
                }
            }
            checked++;
        }
        return checked;
    }

    /** Asserts what must hold of any state: gapless versions, an intact audit chain, readable runs. */
    static void assertWhole(LifecycleStore store) {
        List<ModelVersionRecord> versions = store.registry().listVersions(StoreWorkerMain.MODEL);
        for (int i = 0; i < versions.size(); i++) {
            assertThat(versions.get(i).version()).isEqualTo(i + 1);
        }
        List<AuditEvent> all = new ArrayList<>();
        for (long from = 1; ; ) {
            List<AuditEvent> page = store.registry().auditEvents(from, 1000);
            all.addAll(page);
            if (page.size() < 1000) {
                break;
            }
            from += 1000;
        }
        assertThat(AuditChain.verify(all)).isEmpty();
        AuditCoverage.assertCovered(store.registry(), AuditCoverage::fromDetail);
        String experiment = store.tracking().findExperiment(StoreWorkerMain.EXPERIMENT).orElseThrow().id();
        var query = io.mllifecycle.store.RunQuery.builder(experiment).pageSize(10_000).build();
        for (RunRecord r : store.tracking().searchRuns(query).runs()) {
            store.tracking().metricHistory(r.id(), StoreWorkerMain.METRIC, 0, Long.MAX_VALUE);
        }
    }
}
