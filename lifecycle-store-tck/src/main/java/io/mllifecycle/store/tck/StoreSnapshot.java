package io.mllifecycle.store.tck;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.TransitionRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Everything a store shows through its SPI, read back in a canonical order, so that two reads can be
 * compared with {@code equals}: before and after a rejected call (nothing may change), or an adapter
 * against the in-memory store (after mapping store-assigned ids).
 */
record StoreSnapshot(List<ExperimentRecord> experiments, Map<String, RunRecord> runs,
                     Map<String, Map<String, List<MetricPoint>>> series, Map<String, List<DatasetVersion>> datasets,
                     List<RegisteredModelRecord> models, Map<String, List<ModelVersionRecord>> versions,
                     Map<String, List<AliasChange>> aliasHistory, List<AuditEvent> audit,
                     Map<String, Optional<ArtifactInfo>> artifacts, Map<String, List<PolicyRecord>> policies,
                     Map<String, List<TransitionRequest>> requests) {

    /** Reads the whole store; datasets and blobs cannot be listed, so the caller names those to read. */
    static StoreSnapshot take(LifecycleStore store, Collection<String> datasetNames, Collection<String> digests) {
        List<ExperimentRecord> experiments = store.tracking().listExperiments();
        Map<String, RunRecord> runs = new TreeMap<>();
        Map<String, Map<String, List<MetricPoint>>> series = new TreeMap<>();
        for (ExperimentRecord e : experiments) {
            RunQuery query = RunQuery.builder(e.id()).viewType(io.mllifecycle.store.ViewType.ALL)
                    .pageSize(RunQuery.MAX_PAGE_SIZE).build();
            while (true) {
                RunPage page = store.tracking().searchRuns(query);
                for (RunRecord r : page.runs()) {
                    runs.put(r.id(), r);
                    Map<String, List<MetricPoint>> byKey = new TreeMap<>();
                    for (String key : r.latestMetrics().keySet()) {
                        byKey.put(key, store.tracking().metricHistory(r.id(), key, Long.MIN_VALUE, Long.MAX_VALUE));
                    }
                    series.put(r.id(), byKey);
                }
                if (!page.hasNext()) {
                    break;
                }
                query = query.withPageToken(page.nextPageToken());
            }
        }
        Map<String, List<DatasetVersion>> datasets = new TreeMap<>();
        for (String name : datasetNames) {
            datasets.put(name, store.tracking().listDatasetVersions(name));
        }
        List<RegisteredModelRecord> models = store.registry().listModels();
        Map<String, List<ModelVersionRecord>> versions = new TreeMap<>();
        Map<String, List<AliasChange>> aliases = new TreeMap<>();
        Map<String, List<PolicyRecord>> policies = new TreeMap<>();
        Map<String, List<TransitionRequest>> requests = new TreeMap<>();
        policies.put(PolicyRecord.DEFAULT_SCOPE, store.registry().policyHistory(PolicyRecord.DEFAULT_SCOPE));
        for (RegisteredModelRecord m : models) {
            versions.put(m.name(), store.registry().listVersions(m.name()));
            aliases.put(m.name(), store.registry().aliasHistory(m.name()));
            policies.put(m.name(), store.registry().policyHistory(m.name()));
            requests.put(m.name(), store.registry().listRequests(m.name()));
        }
        List<AuditEvent> audit = new ArrayList<>();
        while (true) {
            List<AuditEvent> chunk = store.registry().auditEvents(audit.size() + 1L, 1000);
            audit.addAll(chunk);
            if (chunk.size() < 1000) {
                break;
            }
        }
        Map<String, Optional<ArtifactInfo>> artifacts = new TreeMap<>();
        for (String d : digests) {
            artifacts.put(d, store.artifacts().info(d));
        }
        return new StoreSnapshot(experiments, runs, series, datasets, models, versions, aliases, audit, artifacts,
                policies, requests);
    }

    /** Reads tracking and registry state, no datasets or blobs. */
    static StoreSnapshot take(LifecycleStore store) {
        return take(store, List.of(), List.of());
    }

    /** @return this snapshot with every experiment and run id replaced through {@code ids} */
    StoreSnapshot mapIds(UnaryOperator<String> ids) {
        List<ExperimentRecord> exps = experiments.stream().map(e -> new ExperimentRecord(ids.apply(e.id()), e.name(),
                e.description(), e.tags(), e.createdAt(), e.archived(), e.deletedAt())).toList();
        Map<String, RunRecord> mappedRuns = new TreeMap<>();
        runs.values().forEach(r -> mappedRuns.put(ids.apply(r.id()), mapRun(r, ids)));
        Map<String, Map<String, List<MetricPoint>>> mappedSeries = new TreeMap<>();
        series.forEach((id, s) -> mappedSeries.put(ids.apply(id), s));
        Map<String, List<ModelVersionRecord>> mappedVersions = new TreeMap<>();
        versions.forEach((name, list) -> mappedVersions.put(name, list.stream().map(v -> new ModelVersionRecord(
                v.modelName(), v.version(), v.sourceRunId() == null ? null : ids.apply(v.sourceRunId()),
                v.artifactDigest(), v.description(), v.stage(), v.tags(), v.card(), v.profile(), v.stageHistory(),
                v.gateReports(), v.createdAt())).toList()));
        return new StoreSnapshot(exps, mappedRuns, mappedSeries, datasets, models, mappedVersions, aliasHistory, audit,
                artifacts, policies, requests);
    }

    static RunRecord mapRun(RunRecord r, UnaryOperator<String> ids) {
        return new RunRecord(ids.apply(r.id()), ids.apply(r.experimentId()),
                r.parentRunId() == null ? null : ids.apply(r.parentRunId()), r.name(), r.status(), r.startTime(),
                r.endTime(), r.failure(), r.params(), r.tags(), r.latestMetrics(), r.inputs(), r.artifacts(), r.source(),
                r.deletedAt(), r.lastHeartbeat());
    }

    /**
     * @return {@code r} with its heartbeat set to its start time: heartbeats are stamped by each store's own
     *     clock, so two stores given the same calls differ in them as they differ in ids
     */
    static RunRecord withoutHeartbeat(RunRecord r) {
        return r.withHeartbeat(r.startTime());
    }

    /** @return this snapshot with every run's heartbeat replaced by its start time ({@link #withoutHeartbeat}) */
    StoreSnapshot withoutHeartbeats() {
        Map<String, RunRecord> beatless = new TreeMap<>();
        runs.forEach((id, r) -> beatless.put(id, withoutHeartbeat(r)));
        return new StoreSnapshot(experiments, beatless, series, datasets, models, versions, aliasHistory, audit,
                artifacts, policies, requests);
    }
}
