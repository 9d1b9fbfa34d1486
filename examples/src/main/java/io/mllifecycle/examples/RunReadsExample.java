package io.mllifecycle.examples;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.tracking.RunArtifact;
import io.mllifecycle.tracking.StoredRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Resuming a run and reading a stored run, as in the README's "Resuming and reading runs" section: the
 * code between the {@code README} markers is the README's snippet ({@code SearchExampleTest} checks).
 */
public final class RunReadsExample {
    private RunReadsExample() {}

    /** What the snippet read, for the test to check. */
    public record Read(List<MetricPoint> loss, List<StoredRun> trials, List<RunArtifact> artifacts, byte[] weights,
                       String user) {}

    /** Starts a run that a "crashed worker" leaves RUNNING, then runs the README's snippet on it. */
    public static Read run(Lifecycle lifecycle) {
        Run crashed = lifecycle.experiment("train").startRun(r -> r.name("long-job"));
        crashed.logMetric("loss", 0.9, 1);
        String runId = crashed.id();
        try {
            // README:reads:begin
            try (Run run = lifecycle.experiment("train").resumeRun(runId)) {   // RUNNING, from any process
                run.logMetric("loss", 0.7, 2);
                run.logArtifact("model/weights.bin", new byte[] {1, 2, 3});
                run.startChild(r -> r.name("eval")).close();
            }
            StoredRun stored = lifecycle.storedRun(runId);                     // any run, by id
            List<MetricPoint> loss = stored.metricHistory("loss");             // append order
            List<StoredRun> trials = stored.children();                        // start order
            List<RunArtifact> artifacts = stored.artifacts();                  // path, digest, size
            byte[] weights;
            try (InputStream in = stored.openArtifact("model/weights.bin")) {
                weights = in.readAllBytes();
            }
            String user = stored.record().tags().get("mllifecycle.user");     // the actor; also host, jvm, ...
            // README:reads:end
            return new Read(loss, trials, artifacts, weights, user);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
