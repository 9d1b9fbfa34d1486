package io.mllifecycle.registry;

import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.TrackingStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Where a model version came from.
 *
 * @param version     the version
 * @param run         the run that produced it, or null if it has none or the run is gone
 * @param params      the run's params (empty without a run)
 * @param inputs      the run's inputs with their roles
 * @param datasets    the dataset versions behind the inputs, with digests
 * @param codeVersion the code version recorded with the run, or empty
 * @param gatesPassed names of gates of non-overridden evaluations that passed as a whole, in order, without repeats
 */
public record Lineage(ModelVersionRecord version, RunRecord run, Map<String, String> params, List<RunInput> inputs,
                      List<DatasetVersion> datasets, String codeVersion, List<String> gatesPassed) {

    static Lineage of(ModelVersionRecord v, TrackingStore tracking) {
        RunRecord run = null;
        if (v.sourceRunId() != null) {
            try {
                run = tracking.getRun(v.sourceRunId());
            } catch (NotFoundException e) {
                run = null;
            }
        }
        List<DatasetVersion> datasets = new ArrayList<>();
        if (run != null) {
            for (RunInput in : run.inputs()) {
                datasets.add(tracking.getDataset(in.datasetName(), in.datasetDigest()));
            }
        }
        LinkedHashSet<String> passed = new LinkedHashSet<>();
        for (GateReport report : v.gateReports()) {
            if (!report.overridden() && report.passed()) {
                report.results().stream().filter(GateResult::passed).forEach(r -> passed.add(r.gate()));
            }
        }
        return new Lineage(v, run, run == null ? Map.of() : run.params(), run == null ? List.of() : run.inputs(),
                List.copyOf(datasets), run == null ? "" : run.source().codeVersion(), List.copyOf(passed));
    }
}
