package io.mllifecycle.tracking;

import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.spi.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dry-run plan of the permanent purge of runs and experiments deleted longer ago than a retention, from
 * {@code lifecycle.planPurge(retention)}. Nothing changes until {@link #apply()}.
 *
 * <p>A run counts as deleted since the earlier of its own deletion and its experiment's. It is kept, with the
 * reason, when a registered model version was created from it (any stage, retired ones included: the version's
 * lineage must not point at nothing), or when it has child runs that are kept. An experiment is purged only with
 * all its runs. Purging a run removes its record, params, tags, inputs, metric series and artifact paths in one
 * audited store write; afterwards the artifact blobs of the purged runs that no record refers to any more (no
 * other run, no model version of any model, no dataset, no write in flight in this JVM) are deleted, with one
 * audit event. A purge killed midway leaves every record whole: each run is purged or not, and blobs it did not
 * reach stay until the next purge or {@code lifecycle.gc()}.
 */
public final class PurgePlan {
    private static final Logger LOG = LoggerFactory.getLogger(PurgePlan.class);

    private final LifecycleContext context;
    private final Duration retention;
    private final Instant plannedAt;
    private final Instant cutoff;
    private final List<PurgeCandidate> candidates;

    private PurgePlan(LifecycleContext context, Duration retention, Instant plannedAt, List<PurgeCandidate> candidates) {
        this.context = context;
        this.retention = retention;
        this.plannedAt = plannedAt;
        this.cutoff = plannedAt.minus(retention);
        this.candidates = List.copyOf(candidates);
    }

    /**
     * Plans a purge; reads only.
     *
     * @param retention how long deleted runs and experiments stay restorable; positive
     * @throws IllegalArgumentException if {@code retention} is null, zero or negative
     */
    public static PurgePlan plan(LifecycleContext context, Duration retention) {
        Checks.notNull("retention", retention);
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be a positive duration (how long deleted runs stay"
                    + " restorable), but was " + retention);
        }
        Instant now = context.now();
        Instant cutoff = now.minus(retention);
        LifecycleStore store = context.store();
        Map<String, ExperimentRecord> experiments = new HashMap<>();
        store.tracking().listExperiments(ViewType.ALL).forEach(e -> experiments.put(e.id(), e));
        Map<String, List<String>> versionsByRun = versionsByRun(store);

        List<RunRecord> all = allRuns(store, ViewType.ALL);
        Map<String, RunRecord> due = new LinkedHashMap<>();
        for (RunRecord r : all) {
            Instant deleted = deletedAt(r, experiments.get(r.experimentId()));
            if (deleted != null && deleted.isBefore(cutoff)) {
                due.put(r.id(), r);
            }
        }
        Map<String, List<String>> children = new HashMap<>();
        for (RunRecord r : all) {
            if (r.parentRunId() != null) {
                children.computeIfAbsent(r.parentRunId(), k -> new ArrayList<>()).add(r.id());
            }
        }
        // kept: runs a model version was created from, then, to a fixpoint, parents of kept or live children
        Map<String, String> kept = new TreeMap<>();
        for (String id : due.keySet()) {
            List<String> versions = versionsByRun.get(id);
            if (versions != null) {
                kept.put(id, "model version " + String.join(", ", versions) + " was created from it");
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String id : due.keySet()) {
                if (kept.containsKey(id)) {
                    continue;
                }
                for (String child : children.getOrDefault(id, List.of())) {
                    if (!due.containsKey(child) || kept.containsKey(child)) {
                        kept.put(id, "child run " + child + " is " + (due.containsKey(child) ? "kept" : "not due for purging"));
                        changed = true;
                        break;
                    }
                }
            }
        }
        // blobs: a purged run's artifact is freed when no kept record refers to it
        Set<String> stillUsed = new HashSet<>(store.registry().referencedDigests());
        for (RunRecord r : all) {
            r.inputs().stream().map(RunInput::datasetDigest).forEach(stillUsed::add);
            if (!due.containsKey(r.id()) || kept.containsKey(r.id())) {
                stillUsed.addAll(r.artifacts().values());
            }
        }
        Set<String> counted = new HashSet<>();
        List<PurgeCandidate> out = new ArrayList<>();
        for (RunRecord r : order(due, children)) {
            Instant deleted = deletedAt(r, experiments.get(r.experimentId()));
            String reason = kept.get(r.id());
            long bytes = 0;
            if (reason == null) {
                for (String digest : new LinkedHashSet<>(r.artifacts().values())) {
                    if (!stillUsed.contains(digest) && counted.add(digest)) {
                        bytes += store.artifacts().info(digest).map(ArtifactInfo::size).orElse(0L);
                    }
                }
            }
            out.add(new PurgeCandidate(PurgeCandidate.Kind.RUN, r.id(), r.name(), r.experimentId(), deleted,
                    r.artifacts().size(), bytes, reason));
        }
        Map<String, Integer> liveRuns = new HashMap<>();
        for (RunRecord r : all) {
            if (!due.containsKey(r.id()) || kept.containsKey(r.id())) {
                liveRuns.merge(r.experimentId(), 1, Integer::sum);
            }
        }
        experiments.values().stream().filter(e -> e.deleted() && e.deletedAt().isBefore(cutoff))
                .sorted(java.util.Comparator.comparing(ExperimentRecord::id)).forEach(e -> {
                    int left = liveRuns.getOrDefault(e.id(), 0);
                    out.add(new PurgeCandidate(PurgeCandidate.Kind.EXPERIMENT, e.id(), e.name(), e.id(), e.deletedAt(),
                            0, 0, left == 0 ? null : left + " of its runs are kept"));
                });
        return new PurgePlan(context, retention, now, out);
    }

    /** @return the earlier of the run's deletion and its experiment's, or null if neither is deleted */
    private static Instant deletedAt(RunRecord r, ExperimentRecord e) {
        Instant run = r.deletedAt();
        Instant exp = e == null ? null : e.deletedAt();
        if (run == null) {
            return exp;
        }
        return exp == null || run.isBefore(exp) ? run : exp;
    }

    /** @return the due runs, every child before its parent */
    private static List<RunRecord> order(Map<String, RunRecord> due, Map<String, List<String>> children) {
        List<RunRecord> out = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String id : due.keySet()) {
            place(id, due, children, placed, out);
        }
        return out;
    }

    private static void place(String id, Map<String, RunRecord> due, Map<String, List<String>> children,
                              Set<String> placed, List<RunRecord> out) {
        if (!placed.add(id)) {
            return;
        }
        for (String child : children.getOrDefault(id, List.of())) {
            if (due.containsKey(child)) {
                place(child, due, children, placed, out);
            }
        }
        out.add(due.get(id));
    }

    private static Map<String, List<String>> versionsByRun(LifecycleStore store) {
        Map<String, List<String>> out = new HashMap<>();
        for (RegisteredModelRecord m : store.registry().listModels()) {
            for (ModelVersionRecord v : store.registry().listVersions(m.name())) {
                if (v.sourceRunId() != null) {
                    out.computeIfAbsent(v.sourceRunId(), k -> new ArrayList<>()).add(v.reference()
                            + " (" + v.stage() + ")");
                }
            }
        }
        return out;
    }

    private static List<RunRecord> allRuns(LifecycleStore store, ViewType view) {
        List<RunRecord> out = new ArrayList<>();
        RunQuery q = RunQuery.builder().viewType(view).pageSize(RunQuery.MAX_PAGE_SIZE).build();
        while (true) {
            RunPage page = store.tracking().searchRuns(q);
            out.addAll(page.runs());
            if (!page.hasNext()) {
                return out;
            }
            q = q.withPageToken(page.nextPageToken());
        }
    }

    /** @return every run and experiment found, purged or kept, in the order apply purges them */
    public List<PurgeCandidate> candidates() {
        return candidates;
    }

    /** @return the runs the plan purges */
    public List<PurgeCandidate> runs() {
        return candidates.stream().filter(c -> c.purged() && c.kind() == PurgeCandidate.Kind.RUN).toList();
    }

    /** @return the experiments the plan purges */
    public List<PurgeCandidate> experiments() {
        return candidates.stream().filter(c -> c.purged() && c.kind() == PurgeCandidate.Kind.EXPERIMENT).toList();
    }

    /** @return those found but kept, each with its reason */
    public List<PurgeCandidate> skipped() {
        return candidates.stream().filter(c -> !c.purged()).toList();
    }

    /** @return the artifact bytes the plan frees */
    public long bytes() {
        return candidates.stream().mapToLong(PurgeCandidate::bytes).sum();
    }

    /** @return when it was planned */
    public Instant plannedAt() {
        return plannedAt;
    }

    /** @return the retention it applies */
    public Duration retention() {
        return retention;
    }

    /**
     * Purges what the plan purges, checking each again first: a run restored, no longer deleted long enough, or
     * made the source of a model version since planning is kept and reported, as is an experiment that has runs
     * left. Applying twice purges nothing the second time.
     *
     * @return what was purged, what was kept and why, and the blobs freed
     */
    public PurgeResult apply() {
        return context.references().exclusively(this::applyNow);
    }

    private PurgeResult applyNow() {
        LifecycleStore store = context.store();
        Map<String, List<String>> versionsByRun = versionsByRun(store);
        List<PurgeCandidate> purged = new ArrayList<>();
        List<PurgeCandidate> skipped = new ArrayList<>(skipped());
        Set<String> released = new LinkedHashSet<>();
        for (PurgeCandidate c : runs()) {
            Optional<String> reason = recheckRun(c, versionsByRun);
            if (reason.isPresent()) {
                skipped.add(c.skipped(reason.get()));
                continue;
            }
            RunRecord r = store.tracking().getRun(c.id());
            AuditEntry entry = context.writer().entry("run.purge", c.id(), Map.of("experiment", c.experimentId(),
                    "name", c.name(), "deletedAt", c.deletedAt().toString(), "retention", retention.toString(),
                    "artifacts", Integer.toString(r.artifacts().size())));
            try {
                store.tracking().purgeRun(c.id(), List.of(entry));
            } catch (ConflictException | NotFoundException e) {
                skipped.add(c.skipped("changed since planning: " + e.getMessage()));
                continue;
            }
            released.addAll(r.artifacts().values());
            purged.add(c);
        }
        for (PurgeCandidate c : experiments()) {
            ExperimentRecord e;
            try {
                e = store.tracking().getExperiment(c.id());
            } catch (NotFoundException gone) {
                skipped.add(c.skipped("already purged"));
                continue;
            }
            if (!e.deleted() || !e.deletedAt().isBefore(cutoff)) {
                skipped.add(c.skipped(e.deleted() ? "deleted again since planning, at " + e.deletedAt()
                        : "restored since planning"));
                continue;
            }
            AuditEntry entry = context.writer().entry("experiment.purge", e.name(), Map.of("id", e.id(),
                    "deletedAt", e.deletedAt().toString(), "retention", retention.toString()));
            try {
                store.tracking().purgeExperiment(e.id(), List.of(entry));
                purged.add(c);
            } catch (ConflictException x) {
                skipped.add(c.skipped("changed since planning: " + x.getMessage()));
            }
        }
        List<String> freed = new ArrayList<>();
        long bytes = 0;
        if (!released.isEmpty()) {
            Set<String> used = context.references().all();
            Map<String, Long> sizes = new LinkedHashMap<>();
            for (String digest : released) {
                if (!used.contains(digest)) {
                    store.artifacts().info(digest).ifPresent(info -> sizes.put(digest, info.size()));
                }
            }
            if (!sizes.isEmpty()) {
                bytes = sizes.values().stream().mapToLong(Long::longValue).sum();
                // the event first: a crash after it leaves blobs no record names, which gc() removes
                store.registry().appendAudit(List.of(context.writer().entry("artifact.purge", "blobs", Map.of(
                        "count", Integer.toString(sizes.size()), "bytes", Long.toString(bytes),
                        "runs", Integer.toString(purged.stream().filter(p -> p.kind() == PurgeCandidate.Kind.RUN)
                                .mapToInt(p -> 1).sum())))));
                for (String digest : sizes.keySet()) {
                    store.artifacts().delete(digest);
                    freed.add(digest);
                }
            }
        }
        LOG.info("purge (retention {}) removed {} runs and experiments, kept {}, freed {} blobs ({} bytes)",
                retention, purged.size(), skipped.size(), freed.size(), bytes);
        return new PurgeResult(purged, skipped, freed, bytes);
    }

    private Optional<String> recheckRun(PurgeCandidate c, Map<String, List<String>> versionsByRun) {
        RunRecord r;
        ExperimentRecord e;
        try {
            r = context.store().tracking().getRun(c.id());
            e = context.store().tracking().getExperiment(r.experimentId());
        } catch (NotFoundException gone) {
            return Optional.of("already purged");
        }
        Instant deleted = deletedAt(r, e);
        if (deleted == null) {
            return Optional.of("restored since planning");
        }
        if (!deleted.isBefore(cutoff)) {
            return Optional.of("deleted again since planning, at " + deleted);
        }
        List<String> versions = versionsByRun.get(c.id());
        if (versions != null) {
            return Optional.of("model version " + String.join(", ", versions) + " was created from it");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "purge plan (retention " + retention + ", planned " + plannedAt + "): " + runs().size() + " runs, "
                + experiments().size() + " experiments, " + bytes() + " bytes; " + skipped().size() + " kept";
    }
}
