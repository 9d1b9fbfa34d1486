package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import io.mllifecycle.store.spi.Ids;
import io.mllifecycle.store.tck.AuditCoverage;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child JVM of {@link JdbcCrashHarnessTest}: opens the JDBC store on the schema given and writes registry
 * changes from several threads until it is killed, each audit event naming its changes in
 * {@link AuditCoverage#CHANGES_DETAIL}; prints {@code READY} once writing, then one line per acknowledged
 * registration ({@code VERSION <n>}).
 */
public final class JdbcWorkerMain {
    static final String MODEL = "churn";
    private static final String DIGEST = "sha256:" + "5a".repeat(32);

    private JdbcWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        String schema = args[0];
        int threads = Integer.parseInt(args[1]);
        PrintStream out = System.out;
        JdbcStore store = TestDatabase.open(schema, new InMemoryArtifactStore());
        ack(out, "READY");
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            Random random = new Random(Long.parseLong(args[2]) + t);
            workers[t] = new Thread(() -> {
                while (true) {
                    round(store.registry(), random, out);
                }
            }, "worker-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    private static void round(RegistryStore registry, Random random, PrintStream out) {
        String actor = "worker";
        ModelVersionRecord v = registry.createVersion(new NewModelVersion(MODEL, null, DIGEST, "", Map.of(), Map.of(),
                null, Instant.now(), actor).withRequestId(Ids.next(Instant.now())), created -> List.of(
                entry("model.version.register", created.reference(), "version " + created.reference())));
        ack(out, "VERSION " + v.version());
        int n = v.version();
        Instant at = Instant.now();
        StageChange toStaging = new StageChange(Stage.DEVELOPMENT, Stage.STAGING, at, actor, "gates passed");
        GateReport passed = new GateReport(Stage.STAGING, List.of(new GateResult("auc", true, "0.9", ">= 0.8", "ok")),
                at, actor, false);
        registry.transitionStage(MODEL, n, Stage.DEVELOPMENT, toStaging, passed, List.of(entry(
                "model.version.transition", v.reference(), AuditCoverage.stageKey(MODEL, n, toStaging) + ";"
                        + AuditCoverage.gateKey(MODEL, n, passed))));
        GateReport refused = new GateReport(Stage.PRODUCTION, List.of(new GateResult("auc", false, "0.7", ">= 0.8",
                "too low")), Instant.now(), actor, false);
        registry.addGateReport(MODEL, n, refused, List.of(entry("model.version.gate", v.reference(),
                AuditCoverage.gateKey(MODEL, n, refused))));
        Integer current = registry.getModel(MODEL).aliases().get("champion");
        Instant movedAt = Instant.now();
        try {
            registry.moveAlias(MODEL, "champion", current, n, movedAt, actor, List.of(entry("model.alias.move", MODEL,
                    AuditCoverage.aliasKey(MODEL, new AliasChange("champion", current, n, movedAt, actor)))));
        } catch (ConflictException raced) {
            // another thread moved it since it was read: nothing was written
        }
        if (random.nextInt(3) == 0) {
            int revision = registry.findPolicy(MODEL).map(PolicyRecord::revision).orElse(0) + 1;
            try {
                registry.putPolicy(new PolicyRecord(MODEL, revision, "text/plain", "approvals " + random.nextInt(3),
                        Instant.now(), actor), List.of(entry("policy.put", MODEL, "policy " + MODEL + " " + revision)));
            } catch (ConflictException raced) {
                // another thread stored this revision first
            }
        }
        TransitionRequest request = TransitionRequest.pending(Ids.next(Instant.now()), MODEL, n, Stage.STAGING,
                Stage.PRODUCTION, "ready", actor, Instant.now());
        registry.createRequest(request, List.of(entry("model.version.request", v.reference(), "request "
                + request.id())));
        Instant decidedAt = Instant.now();
        if (random.nextBoolean()) {
            StageChange toProduction = new StageChange(Stage.STAGING, Stage.PRODUCTION, decidedAt, "approver",
                    "approved");
            registry.decideRequest(request.decided(RequestStatus.APPROVED, "approver", decidedAt, "fine"),
                    toProduction, List.of(entry("model.version.approve", v.reference(), "decision " + request.id()
                            + ";" + AuditCoverage.stageKey(MODEL, n, toProduction))));
        } else {
            registry.decideRequest(request.decided(RequestStatus.REJECTED, "approver", decidedAt, "not yet"), null,
                    List.of(entry("model.version.reject", v.reference(), "decision " + request.id())));
        }
    }

    private static AuditEntry entry(String action, String subject, String changes) {
        return new AuditEntry(Instant.now(), "worker", action, subject, Map.of(AuditCoverage.CHANGES_DETAIL, changes));
    }

    private static void ack(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
