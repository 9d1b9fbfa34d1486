package io.mllifecycle.store.file;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.spi.Ids;
import io.mllifecycle.store.tck.AuditCoverage;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.RunStatus;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A child JVM for the crash and multi-process tests. It writes runs, params, metric batches, blobs,
 * artifact paths and registry changes (versions, stage moves with gate reports, alias moves, policies,
 * requests and decisions, each with its audit events) into a store in a loop, printing one line for each
 * write <em>after</em> the call returned — an acknowledgement the parent later checks against the store.
 *
 * <p>Arguments: {@code <dir> <durability> <threads> <iterations per thread (0: until killed)> <seed>
 * [tear]}; with {@code tear}, log records are written in small pieces (see {@link TearingFileIo}).
 */
public final class StoreWorkerMain {
    static final String EXPERIMENT = "workers";
    static final String MODEL = "shared-model";
    static final String METRIC = "loss";
    static final int POINTS_PER_BATCH = 10;
    /** The artifact of versions registered without a run (their blob need not be stored). */
    static final String UNRUN_DIGEST = "sha256:" + "5a".repeat(32);

    private StoreWorkerMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.valueOf(args[1]);
        int threads = Integer.parseInt(args[2]);
        int iterations = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        FileStore.Builder builder = FileStore.builder(dir).durability(durability);
        if (args.length > 5 && args[5].equals("tear")) {
            builder.fileIo(new TearingFileIo());
        }
        try (FileStore store = builder.open()) {
            String experimentId = ensureSetUp(store);
            ack(out, "READY");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 31 + t);
                futures.add(pool.submit(() -> {
                    for (int i = 0; iterations == 0 || i < iterations; i++) {
                        oneRound(store, experimentId, random, out);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        ack(out, "DONE");
    }

    /** Creates the experiment and model if no earlier worker did; tolerates a concurrent creator. */
    static String ensureSetUp(LifecycleStore store) {
        try {
            store.registry().createModel(MODEL, "", Map.of(), Instant.now(), List.of(entry("model.create", MODEL,
                    "model " + MODEL)));
        } catch (ConflictException alreadyThere) {
            // another worker (or an earlier life of this one) created it
        }
        try {
            return store.tracking().createExperiment(EXPERIMENT, "", Map.of(), Instant.now()).id();
        } catch (ConflictException alreadyThere) {
            return store.tracking().findExperiment(EXPERIMENT).map(ExperimentRecord::id).orElseThrow();
        }
    }

    private static void oneRound(LifecycleStore store, String experimentId, Random random, PrintStream out) {
        if (random.nextBoolean()) {
            // registry work first, so that children killed early were mid-registry-write too
            registryRound(store.registry(), null, UNRUN_DIGEST, random, out);
        }
        Instant now = Instant.now();
        RunRecord run = store.tracking().createRun(new NewRun(experimentId, null, "worker", Map.of("kind", "worker"),
                now, RunSource.unknown()));
        ack(out, "RUN " + run.id());
        String value = Long.toString(random.nextLong());
        store.tracking().logParams(run.id(), Map.of("seed", value));
        ack(out, "PARAM " + run.id() + " " + value);
        List<MetricPoint> batch = new ArrayList<>();
        for (int s = 0; s < POINTS_PER_BATCH; s++) {
            batch.add(new MetricPoint(METRIC, random.nextDouble(), s, now));
        }
        store.tracking().logMetrics(run.id(), batch);
        ack(out, "METRIC " + run.id() + " " + POINTS_PER_BATCH + " " + batch.get(POINTS_PER_BATCH - 1).value());
        byte[] bytes = new byte[random.nextInt(32 * 1024)];
        random.nextBytes(bytes);
        ArtifactInfo blob = store.artifacts().put(new ByteArrayInputStream(bytes), "application/octet-stream");
        ack(out, "BLOB " + blob.digest() + " " + blob.size());
        store.tracking().recordArtifact(run.id(), "model.bin", blob.digest());
        ack(out, "ART " + run.id() + " " + blob.digest());
        registryRound(store.registry(), run.id(), blob.digest(), random, out);
        store.tracking().endRun(run.id(), RunStatus.FINISHED, Instant.now(), null);
        ack(out, "END " + run.id());
    }

    /**
     * Registry writes, each naming its changes in the audit detail {@link AuditCoverage#CHANGES_DETAIL}, so that
     * after a kill {@link AuditCoverage} can check that every change has its event and every event its change:
     * a registration, a stage move with its gate report, refused-gate evidence, an alias move, a policy
     * revision, a request and its decision (which may move the stage), plus calls the store must reject
     * without appending anything (a stale compare-and-set, an audit function that throws).
     */
    private static void registryRound(RegistryStore registry, String runId, String digest, Random random,
                                      PrintStream out) {
        String actor = "worker";
        ModelVersionRecord v = registry.createVersion(new NewModelVersion(MODEL, runId, digest, "", Map.of(),
                Map.of(), null, Instant.now(), actor), created -> List.of(entry("model.version.register",
                created.reference(), "version " + created.reference())));
        ack(out, "VERSION " + v.version() + " " + (runId == null ? "-" : runId));
        int n = v.version();
        try {
            registry.createVersion(new NewModelVersion(MODEL, runId, digest, "", Map.of(), Map.of(), null,
                    Instant.now(), actor), created -> {
                throw new IllegalStateException("audit refused");
            });
            throw new AssertionError("an audit function that throws must fail createVersion");
        } catch (IllegalStateException expected) {
            // nothing may be stored: no version, no event
        }
        Instant at = Instant.now();
        StageChange toStaging = new StageChange(Stage.DEVELOPMENT, Stage.STAGING, at, actor, "gates passed");
        GateReport passed = new GateReport(Stage.STAGING, List.of(new GateResult("auc", true, "0.9", "≥ 0.8", "ok")),
                at, actor, false);
        registry.transitionStage(MODEL, n, Stage.DEVELOPMENT, toStaging, passed, List.of(entry(
                "model.version.transition", v.reference(), AuditCoverage.stageKey(MODEL, n, toStaging) + ";"
                        + AuditCoverage.gateKey(MODEL, n, passed))));
        ack(out, "STAGE " + n + " STAGING");
        try {
            StageChange stale = new StageChange(Stage.DEVELOPMENT, Stage.STAGING, Instant.now(), actor, "stale");
            registry.transitionStage(MODEL, n, Stage.DEVELOPMENT, stale, null, List.of(entry(
                    "model.version.transition", v.reference(), AuditCoverage.stageKey(MODEL, n, stale))));
            throw new AssertionError("a stale transition must conflict");
        } catch (ConflictException expected) {
            // rejected: appends nothing
        }
        GateReport refused = new GateReport(Stage.PRODUCTION, List.of(new GateResult("auc", false, "0.7", "≥ 0.8",
                "too low")), Instant.now(), actor, false);
        registry.addGateReport(MODEL, n, refused, List.of(entry("model.version.gate", v.reference(),
                AuditCoverage.gateKey(MODEL, n, refused))));
        ack(out, "GATE " + n + " " + refused.evaluatedAt());
        Integer current = registry.getModel(MODEL).aliases().get("champion");
        Instant movedAt = Instant.now();
        AliasChange move = new AliasChange("champion", current, n, movedAt, actor);
        try {
            registry.moveAlias(MODEL, "champion", current, n, movedAt, actor, List.of(entry("model.alias.move", MODEL,
                    AuditCoverage.aliasKey(MODEL, move))));
            ack(out, "ALIAS champion " + n + " " + movedAt);
        } catch (ConflictException raced) {
            // another thread moved it since it was read: nothing was written
        }
        if (random.nextInt(4) == 0) {
            int revision = registry.findPolicy(MODEL).map(PolicyRecord::revision).orElse(0) + 1;
            PolicyRecord policy = new PolicyRecord(MODEL, revision, "application/vnd.mllifecycle.policy.v1+json",
                    "{\"approvals\":" + random.nextInt(3) + "}", Instant.now(), actor);
            try {
                registry.putPolicy(policy, List.of(entry("policy.put", MODEL, "policy " + MODEL + " " + revision)));
                ack(out, "POLICY " + revision + " " + policy.body());
            } catch (ConflictException raced) {
                // another thread stored this revision first
            }
        }
        TransitionRequest request = TransitionRequest.pending(Ids.next(Instant.now()), MODEL, n, Stage.STAGING,
                Stage.PRODUCTION, "ready", actor, Instant.now());
        registry.createRequest(request, List.of(entry("model.version.request", v.reference(), "request "
                + request.id())));
        ack(out, "REQUEST " + request.id() + " PENDING");
        Instant decidedAt = Instant.now();
        if (random.nextBoolean()) {
            StageChange toProduction = new StageChange(Stage.STAGING, Stage.PRODUCTION, decidedAt, "approver",
                    "approved");
            registry.decideRequest(request.decided(RequestStatus.APPROVED, "approver", decidedAt, "fine"),
                    toProduction, List.of(entry("model.version.approve", v.reference(), "decision " + request.id()
                            + ";" + AuditCoverage.stageKey(MODEL, n, toProduction))));
            ack(out, "REQUEST " + request.id() + " APPROVED");
            ack(out, "STAGE " + n + " PRODUCTION");
        } else {
            registry.decideRequest(request.decided(RequestStatus.REJECTED, "approver", decidedAt, "not yet"), null,
                    List.of(entry("model.version.reject", v.reference(), "decision " + request.id())));
            ack(out, "REQUEST " + request.id() + " REJECTED");
        }
        List<AuditEvent> plain = registry.appendAudit(List.of(entry("audit.note", MODEL, "")));
        ack(out, "AUDIT " + plain.get(0).sequence() + " " + plain.get(0).hash());
    }

    private static AuditEntry entry(String action, String subject, String changes) {
        return new AuditEntry(Instant.now(), "worker", action, subject, changes.isEmpty() ? Map.of()
                : Map.of(AuditCoverage.CHANGES_DETAIL, changes));
    }

    private static void ack(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
