package io.mllifecycle.store.file;

import io.mllifecycle.store.ArtifactInfo;
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
 * artifact paths, model versions and audit events into a store in a loop, printing one line for each
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
            store.registry().createModel(MODEL, "", Map.of(), Instant.now(), List.of());
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
        ModelVersionRecord v = store.registry().createVersion(new NewModelVersion(MODEL, run.id(), blob.digest(), "",
                Map.of(), Map.of(), null, now, "worker"), created -> List.of());
        ack(out, "VERSION " + v.version() + " " + run.id());
        AuditEvent e = store.registry().appendAudit(List.of(new AuditEntry(now, "worker", "model.version.create",
                MODEL + "/" + v.version(), Map.of("run", run.id()))));
        ack(out, "AUDIT " + e.sequence() + " " + e.hash());
        store.tracking().endRun(run.id(), RunStatus.FINISHED, Instant.now(), null);
        ack(out, "END " + run.id());
    }

    private static void ack(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
