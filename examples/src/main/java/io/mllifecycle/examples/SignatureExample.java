package io.mllifecycle.examples;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.monitoring.Signature;
import io.mllifecycle.monitoring.SignatureCheck;
import io.mllifecycle.monitoring.SignatureMismatchException;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.tracking.Datasets;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * A version registered with a signature taken from its training data and with reference profiles (stored
 * once as a blob the version refers to by digest); a production batch with a categorical column sent as
 * numbers is refused by the monitor at {@code observe}, naming every problem.
 *
 * <p>Usage: {@code SignatureExample [store-uri]}; default {@value #DEFAULT_STORE}.
 */
public final class SignatureExample {
    /** Store used when no URI is given. */
    public static final String DEFAULT_STORE = "mem:signature-example";

    private SignatureExample() {}

    public static void main(String[] args) {
        try (LifecycleStore store = StoreProviders.open(args.length > 0 ? args[0] : DEFAULT_STORE)) {
            System.out.println(run(store));
        }
    }

    /** Runs the story on {@code store} and returns what it prints. */
    public static String run(LifecycleStore store) {
        StringBuilder out = new StringBuilder();
        Lifecycle lifecycle = Lifecycle.builder().store(store).actor("ci").build();
        Random random = new Random(7);
        double[] age = new double[2_000];
        String[] plan = new String[2_000];
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
        }
        String runId;
        try (Run run = lifecycle.experiment("churn").startRun()) {
            run.logArtifact("model.bin", "weights".getBytes(StandardCharsets.UTF_8));
            runId = run.id();
        }
        // README: signatures
        DatasetVersion training = Datasets.columns("churn-train").numeric("age", age).categorical("plan", plan).build();
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(Map.of("age", age, "plan", plan));
        ModelVersion v = lifecycle.models().register("churn", runId, "model.bin", s -> s
                .signature(Signature.from(training))          // or Signature.builder().input(…).output(…).build()
                .referenceProfiles(profiles));                // stored once as a blob; the version keeps its digest
        Signature signature = v.signature().orElseThrow();   // also on v.modelCard() (Markdown and JSON)
        ProfileRef ref = v.record().profile();               // digest, media type, size; bytes read on demand
        ProductionBatch wrong = ProductionBatch.builder(new Instant[] {Instant.EPOCH})
                .numeric("plan", new double[] {1}).numeric("tenure", new double[] {3}).build();
        SignatureCheck check = signature.check(wrong);        // missing [age], extra [tenure], wrong type [plan …]
        try (Monitor monitor = lifecycle.monitor(v).start()) {
            monitor.observe(wrong);                           // refused before anything is counted
        } catch (SignatureMismatchException e) {
            out.append(e.getMessage()).append('\n');
        }
        // README: end
        out.append("inputs: ").append(signature.inputs().size()).append('\n');
        out.append("profile: ").append(ref.size()).append(" bytes, ").append(ref.digest()).append('\n');
        out.append("check: ").append(check.summary()).append('\n');
        out.append(v.modelCard().toMarkdown());
        return out.toString();
    }
}
