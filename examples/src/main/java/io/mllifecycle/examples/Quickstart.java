package io.mllifecycle.examples;

import io.mllifecycle.tracking.Datasets;
import io.mllifecycle.tracking.Experiment;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.RunRecord;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * Trains a small logistic regression by gradient descent on a generated data set, tracks two runs with
 * different learning rates, and prints the best run by validation accuracy.
 *
 * <p>Usage: {@code Quickstart [store-uri]}; the default store is {@value #DEFAULT_STORE}.
 */
public final class Quickstart {
    /** Where runs are tracked when no URI is given. */
    public static final String DEFAULT_STORE = "file:./mlruns";

    private Quickstart() {}

    public static void main(String[] args) {
        String uri = args.length > 0 ? args[0] : DEFAULT_STORE;
        try (Lifecycle lifecycle = Lifecycle.open(uri)) {
            RunRecord best = run(lifecycle);
            System.out.println(lifecycle.compareRuns(lifecycle.experiment("quickstart").searchRuns(q -> q.orderBy("val_accuracy", false))
                    .runs().stream().map(RunRecord::id).limit(2).toArray(String[]::new)).toTable());
            System.out.printf(Locale.ROOT, "Runs tracked in experiment 'quickstart' so far: %d%n",
                    lifecycle.experiment("quickstart").searchRuns(q -> q.pageSize(10_000)).runs().size());
            System.out.printf(Locale.ROOT, "Best run: %s (learning_rate=%s) val_accuracy=%.4f, stored in %s%n",
                    best.name(), best.params().get("learning_rate"),
                    best.latestMetrics().get("val_accuracy").value(), uri);
        }
    }

    /** Tracks the two training runs and returns the best by validation accuracy. */
    public static RunRecord run(Lifecycle lifecycle) {
        Data train = Data.generate(2_000, 42);
        Data validation = Data.generate(500, 7);
        DatasetVersion trainSet = train.describe("quickstart-train");
        DatasetVersion validationSet = validation.describe("quickstart-validation");
        Experiment experiment = lifecycle.experiment("quickstart");
        for (double learningRate : new double[] {0.01, 0.5}) {
            try (Run run = experiment.startRun(r -> r.name("lr-" + learningRate).tag("model", "logistic-regression"))) {
                run.logParam("learning_rate", learningRate);
                run.logParam("epochs", 20);
                run.logInput(trainSet, DatasetRole.TRAINING);
                run.logInput(validationSet, DatasetRole.VALIDATION);
                double[] w = new double[train.features() + 1];
                for (int epoch = 1; epoch <= 20; epoch++) {
                    double loss = LogisticRegression.epoch(w, train, learningRate);
                    run.logMetric("loss", loss, epoch);
                    run.logMetric("val_accuracy", LogisticRegression.accuracy(w, validation), epoch);
                }
                run.logArtifact("model/weights.txt", LogisticRegression.describe(w).getBytes(StandardCharsets.UTF_8));
            }
        }
        return experiment.bestRun("val_accuracy", true).orElseThrow();
    }

    /** A generated binary classification set: two Gaussian features, labels from a noisy linear rule. */
    record Data(double[][] x, int[] y) {
        static Data generate(int rows, long seed) {
            Random random = new Random(seed);
            double[][] x = new double[rows][2];
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                x[i][0] = random.nextGaussian();
                x[i][1] = random.nextGaussian();
                double logit = 2.0 * x[i][0] - 1.5 * x[i][1] + 0.5 + random.nextGaussian() * 0.5;
                y[i] = logit > 0 ? 1 : 0;
            }
            return new Data(x, y);
        }

        int features() {
            return x[0].length;
        }

        DatasetVersion describe(String name) {
            double[] f0 = new double[y.length];
            double[] f1 = new double[y.length];
            String[] label = new String[y.length];
            for (int i = 0; i < y.length; i++) {
                f0[i] = x[i][0];
                f1[i] = x[i][1];
                label[i] = Integer.toString(y[i]);
            }
            return Datasets.columns(name).numeric("x0", f0).numeric("x1", f1).categorical("label", label).build();
        }
    }

    /** Batch gradient descent on the log loss. */
    static final class LogisticRegression {
        private LogisticRegression() {}

        static double epoch(double[] w, Data data, double learningRate) {
            double[] gradient = new double[w.length];
            double loss = 0;
            int n = data.y().length;
            for (int i = 0; i < n; i++) {
                double p = predict(w, data.x()[i]);
                double error = p - data.y()[i];
                for (int j = 0; j < data.features(); j++) {
                    gradient[j] += error * data.x()[i][j];
                }
                gradient[w.length - 1] += error;
                double clipped = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
                loss -= data.y()[i] == 1 ? Math.log(clipped) : Math.log(1 - clipped);
            }
            for (int j = 0; j < w.length; j++) {
                w[j] -= learningRate * gradient[j] / n;
            }
            return loss / n;
        }

        static double predict(double[] w, double[] x) {
            double z = w[w.length - 1];
            for (int j = 0; j < x.length; j++) {
                z += w[j] * x[j];
            }
            return 1 / (1 + Math.exp(-z));
        }

        static double accuracy(double[] w, Data data) {
            int correct = 0;
            for (int i = 0; i < data.y().length; i++) {
                correct += (predict(w, data.x()[i]) >= 0.5 ? 1 : 0) == data.y()[i] ? 1 : 0;
            }
            return (double) correct / data.y().length;
        }

        static String describe(double[] w) {
            return String.format(Locale.ROOT, "w0=%.6f%nw1=%.6f%nbias=%.6f%n", w[0], w[1], w[2]);
        }
    }
}
